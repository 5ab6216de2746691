//! The `sessions` table.

use sea_orm::entity::prelude::*;

/// `sessions.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "session_status")]
pub enum Status {
    #[sea_orm(string_value = "active")]
    Active,
    #[sea_orm(string_value = "paused")]
    Paused,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// `sessions.execution_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "execution_status")]
pub enum ExecutionStatus {
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "waiting_input")]
    WaitingInput,
    #[sea_orm(string_value = "paused")]
    Paused,
    #[sea_orm(string_value = "completed")]
    Completed,
    #[sea_orm(string_value = "error")]
    Error,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: String,
    pub script_id: Uuid,
    pub script_revision: i32,
    /// Pinned project version.
    pub project_version_id: Option<Uuid>,
    pub status: Status,
    pub execution_status: ExecutionStatus,
    pub phase_index: i32,
    pub topic_index: i32,
    pub action_index: i32,
    pub action_id: String,
    pub metadata: Json,
    /// Messages so far.
    pub message_count: i64,
    /// Last message time.
    pub last_message_at: Option<DateTimeUtc>,
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
    /// The session this one was forked from (no foreign key: kept after it is deleted).
    pub parent_session_id: Option<Uuid>,
    /// The parent's last message this one started with.
    pub forked_at_seq: Option<i64>,
    /// When the session expires (hidden at once, deleted by the sweeper).
    pub expire_at: Option<DateTimeUtc>,
    /// The release label the session was pinned by, if any.
    pub script_label: Option<String>,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// The foreign keys are declared in SQL; this one is named here so a
/// session and its variables load in one statement.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::variable::Entity")]
    Variable,
}

impl Related<super::variable::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Variable.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Sessions that have not expired at `now` (expired ones wait for the
/// sweeper): the one condition every store reads a session through.
pub fn live(now: chrono::DateTime<chrono::Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(Column::ExpireAt.is_null())
        .add(Column::ExpireAt.gt(now))
}
