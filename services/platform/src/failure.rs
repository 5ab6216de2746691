//! What a database error means to a caller, without its text: the outage,
//! the exhausted pool, the violated constraint, the deadline. A leaf: the
//! error module maps these to status codes, and the storage modules below
//! the call path classify with them.

use std::sync::{Arc, atomic::AtomicBool};

use sea_orm::{DbErr, RuntimeErr, sqlx};

/// What kind of failure a database error is, as far as callers care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbFailure {
    /// The database cannot be reached or is shutting down: retry later.
    Unavailable,
    /// No pooled connection became free in time while the database answers
    /// its health probe: the process is overloaded; retry later.
    PoolExhausted,
    /// A unique constraint was violated; carries the constraint or index name when known.
    UniqueViolation(String),
    /// A foreign key constraint was violated.
    ForeignKeyViolation,
    /// The database cancelled the statement when it ran out of time
    /// (`statement_timeout`, SQLSTATE 57014; SQLite interrupted): the call's
    /// deadline passed.
    TimedOut,
    /// Anything else: a bug or a corrupt state, reported as INTERNAL.
    Other,
}

/// Classifies a database error without exposing its text to callers.
pub fn classify(err: &DbErr) -> DbFailure {
    match err {
        DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout) if database_reachable() => DbFailure::PoolExhausted,
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => DbFailure::Unavailable,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) if is_unavailable(e) => {
            DbFailure::Unavailable
        }
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) if is_timed_out(e) => {
            DbFailure::TimedOut
        }
        _ => match err.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(detail)) => DbFailure::UniqueViolation(detail),
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => DbFailure::ForeignKeyViolation,
            _ => DbFailure::Other,
        },
    }
}

/// Whether the same statement may succeed shortly: the database is away or
/// every pooled connection is busy.
pub fn is_transient(err: &DbErr) -> bool {
    matches!(classify(err), DbFailure::Unavailable | DbFailure::PoolExhausted)
}

fn is_timed_out(err: &sqlx::Error) -> bool {
    // SQLITE_INTERRUPT (9): the progress handler stopped it (`bound`).
    matches!(err, sqlx::Error::Database(db) if db.code().is_some_and(|code| code == "57014" || code == "9"))
}

fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // Class 08 is connection exceptions; 57P0x are shutdown / cannot connect now;
            // 25006 is a write on a read-only server or session (a standby after
            // a failover, until the pool reaches the new primary);
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes
            // (BUSY_RECOVERY 261, BUSY_SNAPSHOT 517 — a read transaction that
            // can no longer write —, BUSY_TIMEOUT 773, LOCKED_SHAREDCACHE 262,
            // LOCKED_VTAB 518), are contention that a retry resolves (SQLite codes
            // are numbers below 5 digits, SQLSTATEs five characters).
            code.starts_with("08")
                || code.starts_with("57P")
                || code == "25006"
                || (code.len() < 5 && code.parse::<i32>().is_ok_and(|code| matches!(code & 0xff, 5 | 6)))
        }),
        _ => false,
    }
}

tokio::task_local! {
    static REACHABLE: Arc<AtomicBool>;
}

/// Runs `call` knowing whether its context's database answers health probes
/// (`reachable`), which tells pool exhaustion from an outage in [`classify`].
pub async fn with_reachability<F: std::future::Future>(reachable: Arc<AtomicBool>, call: F) -> F::Output {
    REACHABLE.scope(reachable, call).await
}

/// Whether the current call's database answered its last health probe
/// (true outside a call).
pub fn database_reachable() -> bool {
    REACHABLE
        .try_with(|reachable| reachable.load(std::sync::atomic::Ordering::Relaxed))
        .unwrap_or(true)
}

/// `text` with the credentials of every URL in it replaced by `***`
/// (`postgres://user:secret@host` → `postgres://***@host`): what the driver
/// says of a connection string may quote it whole.
pub fn without_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let (before, after) = rest.split_at(scheme_end + 3);
        out.push_str(before);
        // The authority ends at the first '/', '?', '#', quote or blank; its
        // credentials, if any, end at its last '@'.
        let authority_len = after
            .find(|c: char| matches!(c, '/' | '?' | '#' | '\'' | '"' | '`') || c.is_whitespace())
            .unwrap_or(after.len());
        match after[..authority_len].rfind('@') {
            Some(at) => {
                out.push_str("***");
                rest = &after[at..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::without_credentials;

    #[test]
    fn credentials_of_every_url_are_masked() {
        assert_eq!(
            without_credentials("The connection string 'postgres://u:pw@h1:1,h2:2/db?x=1' cannot be parsed."),
            "The connection string 'postgres://***@h1:1,h2:2/db?x=1' cannot be parsed."
        );
        assert_eq!(
            without_credentials("a postgresql://u:p@ss@h/db and postgres://h/db"),
            "a postgresql://***@h/db and postgres://h/db"
        );
        assert_eq!(without_credentials("no url here"), "no url here");
        assert_eq!(without_credentials("postgres://u:pw@"), "postgres://***@");
    }
}
