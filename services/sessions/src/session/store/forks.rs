//! Forks: a new session starting from another's first messages.

use sea_orm::{Iterable, sea_query::InsertStatement};

use super::{
    ColumnTrait, ConnectionTrait, EntityTrait, Error, Expr, ForkPoint, Once, Query, QueryFilter, QuerySelect, Session,
    SessionStore, Set, Uuid, lock_session, message, new_etag, read_session, session, variable,
};
use crate::domain::ForkSession;

const FORK_SESSION: &str = "ForkSession";

impl SessionStore {
    /// Creates the fork in one transaction, idempotent by request id. The
    /// parent's row is locked, so its message count is settled while its
    /// messages 1..at_seq and its variables are copied, each with one
    /// INSERT … SELECT whatever their number.
    pub async fn fork(&self, command: ForkSession) -> Result<Session, Error> {
        let ForkSession { at, request, .. } = command;
        let once = Once {
            operation: FORK_SESSION,
            request: request.as_ref(),
        };
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let read = |id| read_session(&self.db, id, true);
        once.replay_or_create(&self.db, id, read, |txn| async move {
            let parent = lock_session(&txn, at.parent_session_id).await?;
            at.check_within(parent.message_count)?;
            let last_message_at = if at.at_seq == parent.message_count {
                parent.last_message_at
            } else {
                message::Entity::find_by_id((parent.id, at.at_seq))
                    .filter(agentbase_platform::tenant::confined::<message::Entity>())
                    .select_only()
                    .column(message::Column::CreatedAt)
                    .into_tuple::<chrono::DateTime<chrono::Utc>>()
                    .one(&txn)
                    .await?
            };
            session::Entity::insert(session::ActiveModel {
                id: Set(id),
                user_id: Set(parent.user_id),
                script_id: Set(parent.script_id),
                script_revision: Set(parent.script_revision),
                project_version_id: Set(parent.project_version_id),
                // A fork continues the conversation, whatever became of the parent's.
                status: Set(session::Status::Active),
                execution_status: Set(session::ExecutionStatus::Running),
                phase_index: Set(parent.phase_index),
                topic_index: Set(parent.topic_index),
                action_index: Set(parent.action_index),
                action_id: Set(parent.action_id),
                metadata: Set(parent.metadata),
                message_count: Set(at.at_seq),
                last_message_at: Set(last_message_at),
                etag: Set(new_etag()),
                created_at: Set(now),
                updated_at: Set(now),
                completed_at: Set(None),
                parent_session_id: Set(Some(at.parent_session_id)),
                forked_at_seq: Set(Some(at.at_seq)),
                // A fork keeps no expiry of its parent's: it is a session of its own.
                expire_at: Set(None),
                // Pinned as the parent is, by the same label.
                script_label: Set(parent.script_label),
                tenant_id: Set(parent.tenant_id),
            })
            .exec_without_returning(&txn)
            .await?;
            // The copies carry no request ids: those calls were made to the parent.
            let messages = message::Column::iter()
                .filter(|c| !matches!(c, message::Column::SessionId | message::Column::RequestId));
            let up_to = message::Column::Seq.lte(at.at_seq);
            let copy = copy_rows(
                message::Entity,
                message::Column::SessionId,
                messages,
                at,
                id,
                Some(up_to),
            )?;
            txn.execute(&copy).await?;
            let variables = variable::Column::iter().filter(|c| !matches!(c, variable::Column::SessionId));
            let copy = copy_rows(variable::Entity, variable::Column::SessionId, variables, at, id, None)?;
            txn.execute(&copy).await?;
            let read = read_session(&txn, id, true).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }
}

/// `INSERT INTO table (session_id, columns…) SELECT fork, columns… FROM
/// table WHERE session_id = parent [AND condition]`.
fn copy_rows<E: EntityTrait>(
    entity: E,
    session_column: E::Column,
    columns: impl Iterator<Item = E::Column>,
    from: ForkPoint,
    fork: Uuid,
    condition: Option<Expr>,
) -> Result<InsertStatement, Error> {
    let columns: Vec<E::Column> = columns.collect();
    let mut select = Query::select();
    select
        .expr(Expr::val(fork))
        .columns(columns.iter().copied())
        .from(entity)
        .and_where(session_column.eq(from.parent_session_id))
        .cond_where(agentbase_platform::tenant::confined::<E>());
    if let Some(condition) = condition {
        select.and_where(condition);
    }
    let mut insert = Query::insert();
    insert
        .into_table(entity)
        .columns(std::iter::once(session_column).chain(columns))
        .select_from(select)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    Ok(insert)
}
