//! The guarded write every context makes, in one place: the writer's turn
//! (SQLite), one transaction, the row lock, the etag check, the
//! notification other replicas' watchers wake on (sent inside the
//! transaction, so it is delivered at commit or never), the audit event, the
//! commit, and the announcement to this process's watchers after it.
//!
//! ```text
//! let write = Write::begin(&db).await?;
//! let row = lock_by_id::<run::Entity>(write.txn(), run::Column::Id, id).await?.ok_or(NotFound)?;
//! check_etag(&row.etag, etag)?;   // ids::check_etag, or Guarded::check
//! … change rows through write.txn() …
//! write.notify(&events, id).await?;
//! write.commit(id).await?;   // audit event + COMMIT + local announcement
//! ```
//!
//! Dropping a `Write` without committing rolls the transaction back, then
//! gives the turn to the next writer. Rows are locked with
//! [`crate::db::lock_by_id`] on [`Write::txn`]: the same helpers lock inside
//! the creates that `idempotency::Once` runs in its own transaction.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr};
use uuid::Uuid;

use crate::events::Announcer;

/// One write transaction in its writer's turn. Fields drop in order: the
/// transaction ends before the turn is given back.
pub struct Write {
    txn: DatabaseTransaction,
    /// Told to this process's watchers once the transaction commits. Behind
    /// a (never contended) lock so that a change can notify through the
    /// same shared borrow its statements use.
    announcements: std::sync::Mutex<Vec<(Announcer, Uuid)>>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Write {
    /// Waits for the writer's turn (SQLite; PostgreSQL has row locks and
    /// needs none) and begins the transaction.
    pub async fn begin(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let turn = crate::db::write_turn(db).await;
        let txn = crate::db::begin(db).await?;
        Ok(Self {
            txn,
            announcements: std::sync::Mutex::default(),
            _turn: turn,
        })
    }

    /// The transaction, for the statements of the change.
    pub fn txn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Tells watchers of `id` on `announcer`'s topic that it has news: on
    /// PostgreSQL a notification sent inside the transaction (other
    /// replicas hear it at commit), and in this process once it commits.
    pub async fn notify(&self, announcer: &Announcer, id: Uuid) -> Result<(), DbErr> {
        if self.txn.get_database_backend() == DbBackend::Postgres {
            let notify = sea_orm::sea_query::Query::select()
                .expr(announcer.notify_expr(sea_orm::sea_query::Expr::val(id.to_string())))
                .to_owned();
            self.txn.execute(&notify).await?;
        }
        self.announce_at_commit(announcer, id);
        Ok(())
    }

    /// Tells this process's watchers of `id` once the transaction commits,
    /// for a change whose own statement carries the notification
    /// ([`Announcer::notify_expr`]). An id is announced once per topic,
    /// however often the change names it.
    pub fn announce_at_commit(&self, announcer: &Announcer, id: Uuid) {
        let mut announcements = self
            .announcements
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !announcements
            .iter()
            .any(|(known, known_id)| *known_id == id && known.channel() == announcer.channel())
        {
            announcements.push((announcer.clone(), id));
        }
    }

    /// Records the call's audit event about `resource_id` in the
    /// transaction, commits, and announces.
    pub async fn commit(self, resource_id: impl ToString) -> Result<(), DbErr> {
        crate::audit::record(&self.txn, resource_id).await?;
        self.commit_recorded().await
    }

    /// Commits a change whose audit event the caller recorded itself (a
    /// bulk deletion's counts), or that no call made (a sweep), and announces.
    pub async fn commit_recorded(self) -> Result<(), DbErr> {
        let Self {
            txn,
            announcements,
            _turn,
        } = self;
        txn.commit().await?;
        drop(_turn);
        let announcements = announcements
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (announcer, id) in announcements {
            announcer.announce(id);
        }
        Ok(())
    }

    /// Ends the transaction without a change.
    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

/// The condition of a single-statement change (a DELETE … WHERE) that
/// applies only while the row still carries `expected` in `column`.
pub fn etag_condition<C: ColumnTrait>(column: C, expected: Option<&str>) -> Condition {
    match expected {
        Some(expected) => Condition::all().add(column.eq(expected)),
        None => Condition::all(),
    }
}
