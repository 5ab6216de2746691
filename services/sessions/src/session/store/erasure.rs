//! EraseUserData: everything of one end user becomes NOT_FOUND in one
//! transaction that records the receipt, then goes from the database in
//! the purge's bounded batches.
//!
//! The first transaction stamps the user's sessions and memories as expired
//! at the Unix epoch, so the one expiry rule every read and write already
//! applies hides them, whatever clock a concurrent call compared with; an
//! append waiting on a session's row lock re-checks it and finds the session
//! gone. What that transaction condemned is what the receipt counts.

use super::{
    Announcer, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, Error, Expr,
    ExprTrait, Query, QueryFilter, QuerySelect, SessionStore, Uuid, session, variable,
};
use crate::{
    domain::{EraseUserData, ErasedCounts, ErasureReceipt},
    entity::{memory, memory_history},
};
use agentbase_platform::tenant;
use agentbase_platform::write::Write;
use agentbase_platform::{audit, idempotency::Once};
use sea_orm::sea_query::{Alias, Func, IntoTableRef, QueryStatementBuilder};

const ERASE_USER_DATA: &str = "EraseUserData";

/// Memories one batch deletes at most (with their revisions and index entries).
const MEMORIES_PER_BATCH: u64 = 1_000;

/// The time erased data is stamped as having expired at.
fn erased_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::UNIX_EPOCH
}

impl SessionStore {
    /// Erases (or, for a dry run, counts) everything of the user `erase`
    /// names, and answers the receipt. A retry with the same request id
    /// answers the first receipt and finishes what deletion is left.
    pub async fn erase_user(&self, erase: &EraseUserData) -> Result<ErasureReceipt, Error> {
        let user_id = erase.user_id();
        if erase.dry_run() {
            if let Some(request) = erase.request()
                && agentbase_platform::idempotency::lookup(&self.db, ERASE_USER_DATA, request.id)
                    .await?
                    .is_some()
            {
                return Err(<Error as agentbase_platform::idempotency::CreateErrors>::request_id_reused());
            }
            let txn = agentbase_platform::db::begin_snapshot(&self.db).await?;
            let counts = count_user_data(&txn, user_id).await?;
            txn.commit().await?;
            return Ok(ErasureReceipt {
                user_id: user_id.to_owned(),
                counts,
                recorded: None,
                request_id: None,
            });
        }
        let once = Once {
            operation: ERASE_USER_DATA,
            request: erase.request(),
        };
        let request_id = erase.request().map(|key| key.id);
        let event_id = audit::new_event_id();
        let read = |id| async move { Ok::<_, Error>((self.receipt(id).await?, Vec::new())) };
        let (receipt, erased) = once
            .replay_or_create(&self.db, event_id, read, |txn| async move {
                let erased = condemn(&txn, user_id).await?;
                let counts = count_user_data(&txn, user_id).await?;
                forget_requests(&txn, user_id).await?;
                if txn.get_database_backend() == DatabaseBackend::Postgres {
                    notify_watchers(&txn, &self.events, user_id).await?;
                }
                let recorded = audit::record_counts(&txn, event_id, user_id, &counts.by_kind()).await?;
                let receipt = ErasureReceipt {
                    user_id: user_id.to_owned(),
                    counts,
                    recorded,
                    request_id,
                };
                Ok((txn, (receipt, erased)))
            })
            .await?;
        for id in erased {
            self.events.announce(id);
        }
        // Everything is NOT_FOUND already: a deletion that fails part way is
        // finished by a retry of this request or by the expiry sweeper, and
        // the call answers what it committed.
        if let Err(err) = self.delete_erased(user_id).await {
            tracing::warn!(error = %err, "deleting erased data failed part way; the sweeper deletes the rest");
        }
        Ok(receipt)
    }

    /// The receipt an erasure recorded as audit event `id`.
    async fn receipt(&self, id: Uuid) -> Result<ErasureReceipt, Error> {
        let event = audit::find(&self.db, id).await?.ok_or_else(|| {
            <Error as agentbase_platform::idempotency::CreateErrors>::recorded_without_resource(ERASE_USER_DATA)
        })?;
        let counts = ErasedCounts::from_kinds(|kind| {
            event
                .counts
                .get(kind)
                .and_then(|count| u64::try_from(*count).ok())
                .unwrap_or(0)
        });
        Ok(ErasureReceipt {
            counts,
            recorded: Some(audit::Recorded {
                id,
                occurred_at: event
                    .occurred_at
                    .and_then(|at| agentbase_platform::time::from_timestamp("occurred_at", &at).ok())
                    .unwrap_or_else(erased_at),
                principal: event.principal,
            }),
            request_id: Uuid::parse_str(&event.request_id).ok(),
            user_id: event.resource_id,
        })
    }

    /// Deletes the user's condemned sessions, then their condemned memories
    /// elsewhere, batch after batch, each batch one short transaction.
    async fn delete_erased(&self, user_id: &str) -> Result<(), Error> {
        let now = agentbase_platform::time::now();
        while self.purge_batch(now, false, Some(user_id)).await?.is_some() {}
        while self.delete_memory_batch(user_id, now).await? > 0 {}
        if self.db.get_database_backend() == DatabaseBackend::Sqlite {
            // FTS5 deletes by marking: the erased terms stay in the index's
            // segments until they are merged. Erasures are rare; merging the
            // whole index is what removes them. FTS5's own command, which
            // sea-query has no form for.
            let write = Write::begin(&self.db).await?;
            write
                .txn()
                .execute_unprepared("INSERT INTO memory_search(memory_search) VALUES ('optimize')")
                .await?;
            write.commit_recorded().await?;
        }
        Ok(())
    }

    /// Deletes one batch of the user's expired memories outside their
    /// sessions; how many.
    async fn delete_memory_batch(&self, user_id: &str, now: chrono::DateTime<chrono::Utc>) -> Result<u64, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let ids: Vec<Uuid> = memory::Entity::find()
            .filter(memory::Column::UserId.eq(user_id))
            .filter(tenant::confined::<memory::Entity>())
            .filter(memory::Column::ExpiresAt.lte(now))
            .select_only()
            .column(memory::Column::Id)
            .limit(MEMORIES_PER_BATCH)
            .into_tuple()
            .all(txn)
            .await?;
        if ids.is_empty() {
            write.rollback().await?;
            return Ok(0);
        }
        let deleted = memory::Entity::delete_many()
            .filter(memory::Column::Id.is_in(ids))
            .filter(tenant::confined::<memory::Entity>())
            .exec(txn)
            .await?
            .rows_affected;
        write.commit_recorded().await?;
        Ok(deleted)
    }
}

/// Stamps every session and memory of `user_id` as expired at the epoch;
/// the ids of the sessions, whose watchers must hear of it.
async fn condemn(txn: &DatabaseTransaction, user_id: &str) -> Result<Vec<Uuid>, Error> {
    // The sessions first: their row locks make appends in flight either
    // commit before the counts are read or find the session gone.
    let sessions = Query::update()
        .table(session::Entity)
        .value(session::Column::ExpireAt, erased_at())
        .and_where(session::Column::UserId.eq(user_id))
        .cond_where(tenant::confined::<session::Entity>())
        .returning_col(session::Column::Id)
        .to_owned();
    let erased = txn
        .query_all(&sessions)
        .await?
        .iter()
        .map(|row| row.try_get_by_index::<Uuid>(0))
        .collect::<Result<Vec<_>, _>>()?;
    memory::Entity::update_many()
        .col_expr(memory::Column::ExpiresAt, Expr::value(erased_at()))
        .filter(memory::Column::UserId.eq(user_id))
        .filter(tenant::confined::<memory::Entity>())
        .exec(txn)
        .await?;
    Ok(erased)
}

/// Sessions of `user_id`, as a subquery.
fn sessions_of(user_id: &str) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(session::Column::Id)
        .from(session::Entity)
        .and_where(session::Column::UserId.eq(user_id))
        .cond_where(tenant::confined::<session::Entity>())
        .to_owned()
}

/// Memories of `user_id`: their own, and any in their sessions.
fn memories_of(user_id: &str) -> Condition {
    Condition::all().add(tenant::confined::<memory::Entity>()).add(
        Condition::any()
            .add(memory::Column::UserId.eq(user_id))
            .add(memory::Column::SessionId.in_subquery(sessions_of(user_id))),
    )
}

/// Everything of `user_id` the context holds, counted in one statement.
async fn count_user_data(db: &impl ConnectionTrait, user_id: &str) -> Result<ErasedCounts, Error> {
    let of = |expr: Expr, table: sea_orm::sea_query::TableRef, filter: Condition| {
        let query = Query::select().expr(expr).from(table).cond_where(filter).to_owned();
        Expr::SubQuery(None, Box::new(query.into_sub_query_statement()))
    };
    let by_user = || {
        Condition::all()
            .add(session::Column::UserId.eq(user_id))
            .add(tenant::confined::<session::Entity>())
    };
    // SUM of a bigint is numeric on PostgreSQL.
    let message_sum = Func::cast_as(
        Func::sum(Expr::col(session::Column::MessageCount)),
        Alias::new("bigint"),
    );
    let in_memories = Query::select()
        .column(memory::Column::Id)
        .from(memory::Entity)
        .cond_where(memories_of(user_id))
        .to_owned();
    let select = Query::select()
        .expr_as(
            of(
                Func::count(Expr::col(session::Column::Id)).into(),
                session::Entity.into_table_ref(),
                by_user(),
            ),
            "sessions",
        )
        .expr_as(
            of(message_sum.into(), session::Entity.into_table_ref(), by_user()),
            "messages",
        )
        .expr_as(
            of(
                Func::count(Expr::col(variable::Column::SessionId)).into(),
                variable::Entity.into_table_ref(),
                Condition::all()
                    .add(variable::Column::SessionId.in_subquery(sessions_of(user_id)))
                    .add(tenant::confined::<variable::Entity>()),
            ),
            "variables",
        )
        .expr_as(
            of(
                Func::count(Expr::col(memory::Column::Id)).into(),
                memory::Entity.into_table_ref(),
                memories_of(user_id),
            ),
            "memories",
        )
        .expr_as(
            of(
                Func::count(Expr::col(memory_history::Column::MemoryId)).into(),
                memory_history::Entity.into_table_ref(),
                Condition::all()
                    .add(memory_history::Column::MemoryId.in_subquery(in_memories))
                    .add(tenant::confined::<memory_history::Entity>()),
            ),
            "memory_revisions",
        )
        .to_owned();
    let row = db.query_one(&select).await?;
    let get = |name: &str| -> Result<u64, Error> {
        let value: Option<i64> = match &row {
            Some(row) => row.try_get("", name)?,
            None => None,
        };
        Ok(u64::try_from(value.unwrap_or(0)).unwrap_or(0))
    };
    Ok(ErasedCounts {
        sessions: get("sessions")?,
        messages: get("messages")?,
        variables: get("variables")?,
        memories: get("memories")?,
        memory_revisions: get("memory_revisions")?,
    })
}

/// Wakes the watchers of the user's sessions on every replica (delivered
/// at commit, with the change): their next read finds the session gone.
async fn notify_watchers(txn: &DatabaseTransaction, events: &Announcer, user_id: &str) -> Result<(), Error> {
    let notify = Query::select()
        .expr(events.notify_expr(Expr::cust("CAST(id AS text)")))
        .from(session::Entity)
        .and_where(session::Column::UserId.eq(user_id))
        .cond_where(tenant::confined::<session::Entity>())
        .to_owned();
    txn.execute(&notify).await?;
    Ok(())
}

/// Deletes the request ids that recorded the creation of the user's
/// sessions and memories (one statement, in the erasure's transaction, so a
/// sweeper deleting the rows first leaves none behind): erased data keeps
/// no trace of the calls that made it.
async fn forget_requests(txn: &DatabaseTransaction, user_id: &str) -> Result<(), Error> {
    let memories = Query::select()
        .column(memory::Column::Id)
        .from(memory::Entity)
        .cond_where(memories_of(user_id))
        .to_owned();
    let resource_id = || Expr::col(Alias::new("resource_id"));
    let delete = Query::delete()
        .from_table(Alias::new(agentbase_platform::idempotency::TABLE))
        .and_where(tenant::is_current(Alias::new("tenant_id")))
        .cond_where(
            Condition::any()
                .add(resource_id().in_subquery(sessions_of(user_id)))
                .add(resource_id().in_subquery(memories)),
        )
        .to_owned();
    txn.execute(&delete).await?;
    Ok(())
}
