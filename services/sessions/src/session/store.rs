//! Persistence of the sessions context; the only user of its entities.

use agentbase_platform::ids::{check_etag, new_etag};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::tenant;
use agentbase_platform::write::Write;
use std::{collections::HashMap, sync::Arc};

use agentbase_platform::{
    db::{Coalescer, ReadLane, StatementText, lock_by_id},
    idempotency::{Once, RequestKey},
};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, IdenStatic, QueryFilter, QueryOrder, QueryResult, QuerySelect, QueryTrait, SelectA, SelectB,
    Statement,
    sea_query::{Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use crate::{
    domain::{
        AppendMessages, ExecutionStatus, ForkPoint, Message, NewSession, Position, Retention, Role, Scope, Session,
        SessionFilter, SessionStatus, SetVariables, UpdateSession, Variable, is_expired, value_type,
    },
    entity::{message, session, variable},
    error::Error,
};

use crate::entity::session::live;
use agentbase_platform::events::Announcer;

mod erasure;
mod expiry;
mod forks;
mod messages;
mod reads;

pub use expiry::spawn_sweep;
use messages::PageQuery;
use reads::{read_session, read_sessions, read_variables};

const CREATE_SESSION: &str = "CreateSession";

/// Reads and writes sessions, messages and variables.
#[derive(Clone)]
pub struct SessionStore {
    db: DatabaseConnection,
    /// Where the one-statement reads of the hot paths go.
    reads: ReadLane,
    /// GetSession calls that wait for the lane together share one statement
    /// (PostgreSQL; none on SQLite, whose reads do not wait on each other).
    batched_reads: Option<Arc<Coalescer<Uuid, Session>>>,
    /// ListMessages pages, the same way.
    batched_pages: Option<Arc<Coalescer<PageQuery, Vec<Message>>>>,
    events: Announcer,
    /// How long ended sessions are kept, if not for ever.
    retention: Option<Retention>,
    /// Where the one-statement append goes on PostgreSQL: connections held
    /// between appends (a lane of their own, so appends that wait on a
    /// session's row never hold a reader's connection), each already
    /// confined to the tenant that used it last. None: the pool.
    appends: Option<ReadLane>,
}

/// Sessions one batched read asks for at most. Batched reads run one at a
/// time: whoever arrives while one runs joins the next, so the batches grow
/// with the load and the database sees one statement per batch. On
/// GetSession @16 one batch at a time served 1.7× the calls of one batch per
/// lane connection (4), at half the p99 (docs/ARCHITECTURE.md).
const MAX_BATCHED_READS: usize = 64;

impl SessionStore {
    /// A store over the sessions database, reading through `reads` and
    /// announcing changes on `events`.
    pub fn new(reads: ReadLane, events: Announcer, retention: Option<Retention>) -> Self {
        let batched = reads.connections() > 0;
        Self {
            db: reads.pool().clone(),
            batched_reads: batched.then(|| Arc::new(Coalescer::new(1, MAX_BATCHED_READS))),
            batched_pages: batched.then(|| Arc::new(Coalescer::new(1, MAX_BATCHED_READS))),
            reads,
            events,
            retention,
            appends: None,
        }
    }

    /// The same store, appending through `appends` ([`SessionStore::append`]).
    pub fn with_append_lane(self, appends: ReadLane) -> Self {
        Self {
            appends: Some(appends),
            ..self
        }
    }

    /// One page of the context's audit trail.
    pub async fn audit_events(
        &self,
        query: &agentbase_platform::audit::AuditQuery,
    ) -> Result<agentbase_proto::audit::v1::ListAuditEventsResponse, Error> {
        Ok(agentbase_platform::audit::list(&self.db, query).await?)
    }

    /// A previous CreateSession with this request id, if any.
    pub async fn replay_create(&self, request: Option<&RequestKey>) -> Result<Option<Session>, Error> {
        let once = Once {
            operation: CREATE_SESSION,
            request,
        };
        once.replay(&self.db, |id| read_session(&self.db, id, false)).await
    }

    /// Creates a session (the script was checked by the caller).
    pub async fn create(&self, new: NewSession, request: Option<&RequestKey>) -> Result<Session, Error> {
        let once = Once {
            operation: CREATE_SESSION,
            request,
        };
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let read = |id| read_session(&self.db, id, false);
        once.create(&self.db, id, read, |txn| async move {
            session::Entity::insert(session::ActiveModel {
                id: Set(id),
                user_id: Set(new.user_id),
                script_id: Set(new.script_id),
                script_revision: Set(new.script_revision),
                project_version_id: Set(new.project_version_id),
                status: Set(session::Status::Active),
                execution_status: Set(session::ExecutionStatus::Running),
                phase_index: Set(0),
                topic_index: Set(0),
                action_index: Set(0),
                action_id: Set(String::new()),
                metadata: Set(new.metadata),
                message_count: Set(0),
                last_message_at: Set(None),
                etag: Set(new_etag()),
                created_at: Set(now),
                updated_at: Set(now),
                completed_at: Set(None),
                parent_session_id: Set(None),
                forked_at_seq: Set(None),
                expire_at: Set(new.expire_at),
                script_label: Set(new.script_label),
                tenant_id: Set(tenant::current()),
            })
            .exec_without_returning(&txn)
            .await?;
            let read = read_session(&txn, id, false).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// One session; with `with_variables`, its variables too (one statement either way).
    pub async fn get(&self, id: Uuid, with_variables: bool) -> Result<Session, Error> {
        match &self.batched_reads {
            Some(batched) if with_variables => batched
                .get(
                    id,
                    |ids| read_sessions(&self.reads, ids),
                    |id| async move { read_session(&self.reads, id, true).await.map(Some) },
                )
                .await?
                .ok_or_else(|| Error::SessionNotFound(id.to_string())),
            _ => read_session(&self.reads, id, with_variables).await,
        }
    }

    /// One page of sessions, newest first (UUIDv7 order), message counts included.
    pub async fn list(
        &self,
        filter: &SessionFilter,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Session>, Option<Uuid>), Error> {
        let mut query = session::Entity::find()
            .filter(tenant::confined::<session::Entity>())
            .filter(live(agentbase_platform::time::now()))
            .keyset(session::Column::Id, Direction::Descending, before, limit);
        if let Some(user_id) = &filter.user_id {
            query = query.filter(session::Column::UserId.eq(user_id.as_str()));
        }
        if let Some(status) = filter.status {
            query = query.filter(session::Column::Status.eq(status_to_entity(status)));
        }
        if let Some(script_id) = filter.script_id {
            query = query.filter(session::Column::ScriptId.eq(script_id));
        }
        if let Some(after) = filter.created_after {
            query = query.filter(session::Column::CreatedAt.gte(after));
        }
        if let Some(before) = filter.created_before {
            query = query.filter(session::Column::CreatedAt.lt(before));
        }
        if let Some(parent) = filter.parent_session_id {
            query = query.filter(session::Column::ParentSessionId.eq(parent));
        }
        let mut rows = query.all(&self.reads).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |r| r.id);
        Ok((rows.into_iter().map(to_session).collect(), next))
    }

    /// Applies a patch: terminal statuses are final, completing sets
    /// completed_at, and a move clears phase/topic variables — one transaction.
    pub async fn update(&self, command: UpdateSession) -> Result<Session, Error> {
        let UpdateSession { id, patch, etag, .. } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_session(txn, id).await?;
        check_etag(&row.etag, etag.as_deref())?;
        let current = to_session(row.clone());
        let mut active: session::ActiveModel = row.into();
        let now = agentbase_platform::time::now();
        if current.status.is_terminal() && !patch.only_expiry() {
            return Err(Error::SessionEnded(id.to_string()));
        }
        let ended = |_| Error::SessionEnded(id.to_string());
        let mut execution = current.execution_status;
        let mut expire_at = patch.expire_at.unwrap_or(current.expire_at);
        if let Some(status) = patch.status {
            let next = current.status.transition(status).map_err(ended)?;
            active.status = Set(status_to_entity(next));
            if next == SessionStatus::Completed {
                active.completed_at = Set(Some(now));
            }
            if next.is_terminal() {
                expire_at = Retention::expiry_on_end(self.retention, expire_at, now);
            }
            if let Some(implied) = ExecutionStatus::implied_by(next) {
                execution = execution.transition(implied).map_err(ended)?;
            }
        }
        if let Some(execution_status) = patch.execution_status {
            execution = execution.transition(execution_status).map_err(ended)?;
        }
        active.execution_status = Set(execution_to_entity(execution));
        if let Some(position) = patch.position {
            let cleared = current.position.scopes_cleared_by_move(&position);
            if !cleared.is_empty() {
                variable::Entity::delete_many()
                    .filter(variable::Column::SessionId.eq(id))
                    .filter(tenant::confined::<variable::Entity>())
                    .filter(variable::Column::Scope.is_in(cleared.into_iter().map(scope_to_entity)))
                    .exec(txn)
                    .await?;
            }
            active.phase_index = Set(position.phase_index);
            active.topic_index = Set(position.topic_index);
            active.action_index = Set(position.action_index);
            active.action_id = Set(position.action_id);
        }
        if let Some(metadata) = patch.metadata {
            active.metadata = Set(metadata);
        }
        active.expire_at = Set(expire_at);
        active.etag = Set(new_etag());
        active.updated_at = Set(now);
        active.update(txn).await?;
        let read = read_session(txn, id, true).await?;
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
        Ok(read)
    }

    /// Deletes a session; messages, variables and memories cascade.
    pub async fn delete(&self, id: Uuid, etag: Option<&str>) -> Result<(), Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_session(txn, id).await?;
        check_etag(&row.etag, etag)?;
        session::Entity::delete_by_id(id)
            .filter(tenant::confined::<session::Entity>())
            .exec(txn)
            .await?;
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
        Ok(())
    }

    /// The session's status and expiry while it is live, for watchers
    /// deciding whether (and when) to end; `None` once it is gone or expired.
    pub async fn status(
        &self,
        id: Uuid,
    ) -> Result<Option<(SessionStatus, Option<chrono::DateTime<chrono::Utc>>)>, Error> {
        let status = session::Entity::find_by_id(id)
            .filter(tenant::confined::<session::Entity>())
            .filter(live(agentbase_platform::time::now()))
            .select_only()
            .column(session::Column::Status)
            .column(session::Column::ExpireAt)
            .into_tuple::<(session::Status, Option<chrono::DateTime<chrono::Utc>>)>()
            .one(&self.reads)
            .await?;
        Ok(status.map(|(status, expire_at)| (status_from_entity(status), expire_at)))
    }

    /// Upserts variables atomically (value_type derived).
    pub async fn set_variables(&self, command: SetVariables) -> Result<Vec<Variable>, Error> {
        let SetVariables {
            session_id: id,
            variables: inputs,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_session(txn, id).await?;
        to_session(row)
            .status
            .check_open()
            .map_err(|_| Error::SessionEnded(id.to_string()))?;
        let now = agentbase_platform::time::now();
        // 8 bind parameters a row; 200 rows stay below every backend's limit.
        for chunk in inputs.chunks(200) {
            let models = chunk.iter().map(|input| variable::ActiveModel {
                session_id: Set(id),
                scope: Set(scope_to_entity(input.scope)),
                name: Set(input.name.clone()),
                value_type: Set(value_type(&input.value).to_owned()),
                value: Set(input.value.clone()),
                source: Set(input.source.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                tenant_id: Set(tenant::current()),
            });
            variable::Entity::insert_many(models)
                .on_conflict(
                    OnConflict::columns([
                        variable::Column::SessionId,
                        variable::Column::Scope,
                        variable::Column::Name,
                    ])
                    .update_columns([
                        variable::Column::Value,
                        variable::Column::ValueType,
                        variable::Column::Source,
                        variable::Column::UpdatedAt,
                    ])
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        }
        let mut stored = read_variables(txn, id, None).await?;
        write.commit(id).await?;
        stored.retain(|v| inputs.iter().any(|i| i.scope == v.scope && i.name == v.name));
        Ok(stored)
    }

    /// A session's variables by scope then name.
    pub async fn variables(&self, id: Uuid, scope: Option<Scope>) -> Result<Vec<Variable>, Error> {
        read_variables(&self.reads, id, scope).await
    }

    /// Lists variables of an existing session.
    pub async fn list_variables(&self, id: Uuid, scope: Option<Scope>) -> Result<Vec<Variable>, Error> {
        self.ensure_session(id).await?;
        self.variables(id, scope).await
    }

    /// Deletes one variable.
    pub async fn delete_variable(&self, id: Uuid, scope: Scope, name: &str) -> Result<(), Error> {
        self.ensure_session(id).await?;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let deleted = variable::Entity::delete_many()
            .filter(variable::Column::SessionId.eq(id))
            .filter(tenant::confined::<variable::Entity>())
            .filter(variable::Column::Scope.eq(scope_to_entity(scope)))
            .filter(variable::Column::Name.eq(name))
            .exec(txn)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(Error::VariableNotFound);
        }
        write.commit(id).await?;
        Ok(())
    }

    /// Fails with NOT_FOUND unless the session exists.
    pub async fn ensure_session(&self, id: Uuid) -> Result<(), Error> {
        self.status(id)
            .await?
            .map(|_| ())
            .ok_or_else(|| Error::SessionNotFound(id.to_string()))
    }
}

async fn lock_session(txn: &DatabaseTransaction, id: Uuid) -> Result<session::Model, Error> {
    lock_by_id::<session::Entity>(txn, session::Column::Id, id)
        .await?
        .filter(|row| !is_expired(row.expire_at, agentbase_platform::time::now()))
        .ok_or_else(|| Error::SessionNotFound(id.to_string()))
}

fn to_session(row: session::Model) -> Session {
    Session {
        id: row.id,
        user_id: row.user_id,
        script_id: row.script_id,
        script_revision: row.script_revision,
        project_version_id: row.project_version_id,
        status: status_from_entity(row.status),
        execution_status: match row.execution_status {
            session::ExecutionStatus::Running => ExecutionStatus::Running,
            session::ExecutionStatus::WaitingInput => ExecutionStatus::WaitingInput,
            session::ExecutionStatus::Paused => ExecutionStatus::Paused,
            session::ExecutionStatus::Completed => ExecutionStatus::Completed,
            session::ExecutionStatus::Error => ExecutionStatus::Error,
        },
        position: Position {
            phase_index: row.phase_index,
            topic_index: row.topic_index,
            action_index: row.action_index,
            action_id: row.action_id,
        },
        metadata: row.metadata,
        message_count: row.message_count,
        last_message_at: row.last_message_at,
        etag: row.etag,
        created_at: row.created_at,
        updated_at: row.updated_at,
        completed_at: row.completed_at,
        fork: row
            .parent_session_id
            .zip(row.forked_at_seq)
            .map(|(parent_session_id, at_seq)| ForkPoint {
                parent_session_id,
                at_seq,
            }),
        expire_at: row.expire_at,
        script_label: row.script_label,
        variables: Vec::new(),
    }
}

/// Sessions whose expiry has passed at `now`.
fn expired(now: chrono::DateTime<chrono::Utc>) -> Condition {
    Condition::all().add(session::Column::ExpireAt.lte(now))
}

fn to_message(row: message::Model) -> Message {
    Message {
        session_id: row.session_id,
        seq: row.seq,
        role: match row.role {
            message::Role::User => Role::User,
            message::Role::Assistant => Role::Assistant,
            message::Role::System => Role::System,
        },
        content: row.content,
        action_id: row.action_id,
        metadata: row.metadata,
        created_at: row.created_at,
    }
}

fn to_variable(row: variable::Model) -> Variable {
    Variable {
        scope: match row.scope {
            variable::Scope::Global => Scope::Global,
            variable::Scope::Session => Scope::Session,
            variable::Scope::Phase => Scope::Phase,
            variable::Scope::Topic => Scope::Topic,
        },
        name: row.name,
        value: row.value,
        value_type: row.value_type,
        source: row.source,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

fn status_from_entity(status: session::Status) -> SessionStatus {
    match status {
        session::Status::Active => SessionStatus::Active,
        session::Status::Paused => SessionStatus::Paused,
        session::Status::Completed => SessionStatus::Completed,
        session::Status::Failed => SessionStatus::Failed,
    }
}

fn status_to_entity(status: SessionStatus) -> session::Status {
    match status {
        SessionStatus::Active => session::Status::Active,
        SessionStatus::Paused => session::Status::Paused,
        SessionStatus::Completed => session::Status::Completed,
        SessionStatus::Failed => session::Status::Failed,
    }
}

fn execution_to_entity(status: ExecutionStatus) -> session::ExecutionStatus {
    match status {
        ExecutionStatus::Running => session::ExecutionStatus::Running,
        ExecutionStatus::WaitingInput => session::ExecutionStatus::WaitingInput,
        ExecutionStatus::Paused => session::ExecutionStatus::Paused,
        ExecutionStatus::Completed => session::ExecutionStatus::Completed,
        ExecutionStatus::Error => session::ExecutionStatus::Error,
    }
}

fn role_to_entity(role: Role) -> message::Role {
    match role {
        Role::User => message::Role::User,
        Role::Assistant => message::Role::Assistant,
        Role::System => message::Role::System,
    }
}

fn scope_to_entity(scope: Scope) -> variable::Scope {
    match scope {
        Scope::Global => variable::Scope::Global,
        Scope::Session => variable::Scope::Session,
        Scope::Phase => variable::Scope::Phase,
        Scope::Topic => variable::Scope::Topic,
    }
}
