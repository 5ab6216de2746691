//! Read-your-writes across a read replica (docs/OPERATIONS.md, "Read replicas").
//!
//! Where a context has a read replica, every write it answers carries a
//! consistency token in its response metadata ([`HEADER`]): the primary's WAL
//! position once the write committed. A read that sends the token back is
//! served by the replica only once the replica has replayed past it
//! (`db::Replica`), else by the primary, so a caller never reads older than
//! its own write. A read without a token accepts the replica's lag.

use std::fmt;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

/// The metadata key of the token, in a write's response and a read's request.
pub const HEADER: &str = "agentbase-consistency-token";

/// A position in PostgreSQL's write-ahead log (`pg_lsn`, written `X/Y` in hex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lsn(pub u64);

impl Lsn {
    /// Parses `X/Y` (each up to 8 hex digits), as PostgreSQL writes a `pg_lsn`.
    pub fn parse(text: &str) -> Option<Self> {
        let (high, low) = text.split_once('/')?;
        let part = |digits: &str| {
            (!digits.is_empty() && digits.len() <= 8)
                .then(|| u32::from_str_radix(digits, 16).ok())
                .flatten()
        };
        Some(Self((u64::from(part(high)?) << 32) | u64::from(part(low)?)))
    }
}

impl fmt::Display for Lsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

tokio::task_local! {
    static READ_AFTER: Option<Lsn>;
}

/// Runs `call`, a read that must see what was written up to `token`.
pub async fn within<F: std::future::Future>(token: Option<Lsn>, call: F) -> F::Output {
    READ_AFTER.scope(token, call).await
}

/// The position the running call must read after, if it sent a token.
pub fn read_after() -> Option<Lsn> {
    READ_AFTER.try_with(|token| *token).ok().flatten()
}

/// Where the primary behind `db` has written its WAL up to now: after a
/// commit, a position at or past it.
pub async fn primary_position(db: &DatabaseConnection) -> Result<Lsn, DbErr> {
    position(db, "SELECT pg_current_wal_lsn()::text AS lsn").await
}

/// How far the standby behind `db` has replayed its primary's WAL.
pub async fn replayed_position(db: &DatabaseConnection) -> Result<Lsn, DbErr> {
    position(db, "SELECT COALESCE(pg_last_wal_replay_lsn(), '0/0')::text AS lsn").await
}

async fn position(db: &DatabaseConnection, sql: &str) -> Result<Lsn, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("a WAL position".into()))?;
    let text: String = row.try_get("", "lsn")?;
    Lsn::parse(&text).ok_or_else(|| DbErr::Type(format!("not a WAL position: {text}")))
}

#[cfg(test)]
mod tests {
    use super::Lsn;

    #[test]
    fn positions_read_and_write_as_postgresql_does() {
        for text in ["0/0", "0/3000060", "16/B374D848", "FFFFFFFF/FFFFFFFF"] {
            assert_eq!(Lsn::parse(text).unwrap().to_string(), text);
        }
        assert!(Lsn::parse("0/3000060").unwrap() < Lsn::parse("1/0").unwrap());
        for bad in ["", "0", "/1", "1/", "x/1", "123456789/0", "0/1/2", "-1/0"] {
            assert_eq!(Lsn::parse(bad), None, "{bad}");
        }
    }
}
