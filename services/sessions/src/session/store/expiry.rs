//! Expired sessions: already hidden from every read, deleted here in bounded
//! batches, soonest expiry first, each batch one short transaction.

use agentbase_platform::tenant;
use agentbase_platform::write::Write;
use std::time::{Duration, Instant};

use super::{
    ColumnTrait, EntityTrait, Error, Expr, ExprTrait, QueryFilter, QueryOrder, QuerySelect, SessionStore, Uuid,
    expired, message, session,
};
use crate::domain::Purged;

/// Sessions one batch deletes at most.
const SESSIONS_PER_BATCH: u64 = 100;
/// Messages one batch deletes at most: a batch takes sessions while their
/// messages fit, and a session with more loses them this many at a time
/// (it is expired, so nobody sees it shrink) before it goes itself.
const MESSAGES_PER_BATCH: i64 = 10_000;

impl SessionStore {
    /// The sessions expired now and their messages, deleting nothing.
    pub async fn count_expired(&self) -> Result<Purged, Error> {
        let expired = expired(agentbase_platform::time::now());
        let (sessions, messages): (i64, Option<i64>) = session::Entity::find()
            .filter(expired)
            .filter(tenant::confined::<session::Entity>())
            .select_only()
            .column_as(session::Column::Id.count(), "sessions")
            // SUM of a bigint is numeric on PostgreSQL.
            .column_as(
                Expr::col(session::Column::MessageCount).sum().cast_as("bigint"),
                "messages",
            )
            .into_tuple()
            .one(&self.db)
            .await?
            .unwrap_or_default();
        Ok(Purged {
            sessions: u64::try_from(sessions).unwrap_or(0),
            messages: u64::try_from(messages.unwrap_or(0)).unwrap_or(0),
            ..Purged::default()
        })
    }

    /// [`Self::purge_expired`] for every tenant in turn, adding up.
    async fn purge_every_tenants_expired(&self) -> Result<Purged, Error> {
        let mut total = Purged::default();
        for purged in tenant::in_each(&self.db, || self.purge_expired()).await? {
            total.sessions += purged.sessions;
            total.messages += purged.messages;
            total.batches += purged.batches;
            total.longest_batch = total.longest_batch.max(purged.longest_batch);
        }
        Ok(total)
    }

    /// Deletes the running tenant's sessions expired when it starts, with its messages,
    /// variables and memories, batch after batch. Within a call, its audit
    /// event commits with the first batch (or alone when there is none).
    /// A batch that fails after others committed ends the purge with what
    /// they deleted: nothing is answered as failed once written, and the
    /// next purge or sweep picks up the rest.
    pub async fn purge_expired(&self) -> Result<Purged, Error> {
        let now = agentbase_platform::time::now();
        let mut purged = Purged::default();
        loop {
            let started = Instant::now();
            let audited = purged.batches == 0;
            let batch = match self.purge_batch(now, audited, None).await {
                Ok(batch) => batch,
                Err(err) if purged.batches > 0 => {
                    tracing::warn!(error = %err, batches = purged.batches, "a batch of the session purge failed; the rest waits for the next one");
                    return Ok(purged);
                }
                Err(err) => return Err(err),
            };
            let Some((sessions, messages)) = batch else {
                if audited {
                    let txn = agentbase_platform::db::begin(&self.db).await?;
                    agentbase_platform::audit::commit(txn, "").await?;
                }
                return Ok(purged);
            };
            purged.sessions += sessions;
            purged.messages += messages;
            purged.batches += 1;
            purged.longest_batch = purged.longest_batch.max(started.elapsed());
        }
    }

    /// One batch in one transaction: the expired sessions (of `erased_user`
    /// only, when one is named) whose messages fit together, or the newest
    /// messages of one that has too many. `None` when nothing expired is
    /// left.
    pub(super) async fn purge_batch(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        audited: bool,
        erased_user: Option<&str>,
    ) -> Result<Option<(u64, u64)>, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let mut due = expired(now);
        if let Some(user_id) = erased_user {
            due = due.add(session::Column::UserId.eq(user_id));
        }
        let due: Vec<(Uuid, i64)> = session::Entity::find()
            .filter(due)
            .filter(tenant::confined::<session::Entity>())
            .select_only()
            .column(session::Column::Id)
            .column(session::Column::MessageCount)
            .order_by_asc(session::Column::ExpireAt)
            .order_by_asc(session::Column::Id)
            .limit(SESSIONS_PER_BATCH)
            .into_tuple()
            .all(txn)
            .await?;
        let Some(&(first, first_messages)) = due.first() else {
            write.rollback().await?;
            return Ok(None);
        };
        let deleted = if first_messages > MESSAGES_PER_BATCH {
            let keep = first_messages - MESSAGES_PER_BATCH;
            let deleted = message::Entity::delete_many()
                .filter(message::Column::SessionId.eq(first))
                .filter(tenant::confined::<message::Entity>())
                .filter(message::Column::Seq.gt(keep))
                .exec(txn)
                .await?
                .rows_affected;
            session::Entity::update_many()
                .col_expr(session::Column::MessageCount, Expr::value(keep))
                .filter(session::Column::Id.eq(first))
                .filter(tenant::confined::<session::Entity>())
                .exec(txn)
                .await?;
            (0, deleted)
        } else {
            let (mut ids, mut messages) = (Vec::new(), 0);
            for &(id, count) in &due {
                if messages + count > MESSAGES_PER_BATCH {
                    break;
                }
                messages += count;
                ids.push(id);
            }
            // Messages, variables and memories (with their index entries and
            // history) go with their session: foreign keys, ON DELETE CASCADE.
            // What another sweeper deleted first is not returned, nor counted.
            let deleted = session::Entity::delete_many()
                .filter(session::Column::Id.is_in(ids))
                .filter(tenant::confined::<session::Entity>())
                .filter(expired(now))
                .exec_with_returning(txn)
                .await?;
            let messages: i64 = deleted.iter().map(|row| row.message_count).sum();
            (deleted.len() as u64, u64::try_from(messages).unwrap_or(0))
        };
        if audited {
            write.commit("").await?;
        } else {
            write.commit_recorded().await?;
        }
        Ok(Some(deleted))
    }
}

/// Purges expired sessions every `interval`, for as long as the process
/// runs: every tenant's, one tenant at a time.
pub fn spawn_sweep(store: SessionStore, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            match store.purge_every_tenants_expired().await {
                Ok(purged) if purged.batches == 0 => {}
                Ok(purged) => tracing::info!(
                    sessions = purged.sessions,
                    messages = purged.messages,
                    batches = purged.batches,
                    longest_batch_ms = purged.longest_batch.as_millis() as u64,
                    "deleted expired sessions"
                ),
                Err(err) => tracing::warn!(error = %err, "deleting expired sessions failed"),
            }
        }
    })
}
