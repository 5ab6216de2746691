//! The `sessions` table.

use sea_orm::entity::prelude::*;

/// `sessions.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "session_status")]
pub enum Status {
    /// `active`
    #[sea_orm(string_value = "active")]
    Active,
    /// `paused`
    #[sea_orm(string_value = "paused")]
    Paused,
    /// `completed`
    #[sea_orm(string_value = "completed")]
    Completed,
    /// `failed`
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// `sessions.execution_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "execution_status")]
pub enum ExecutionStatus {
    /// `running`
    #[sea_orm(string_value = "running")]
    Running,
    /// `waiting_input`
    #[sea_orm(string_value = "waiting_input")]
    WaitingInput,
    /// `paused`
    #[sea_orm(string_value = "paused")]
    Paused,
    /// `completed`
    #[sea_orm(string_value = "completed")]
    Completed,
    /// `error`
    #[sea_orm(string_value = "error")]
    Error,
}

/// One session.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: String,
    pub script_id: Uuid,
    /// Pinned revision.
    pub script_revision: i32,
    /// Pinned project version.
    pub project_version_id: Option<Uuid>,
    pub status: Status,
    /// Execution status.
    pub execution_status: ExecutionStatus,
    /// Phase index.
    pub phase_index: i32,
    /// Topic index.
    pub topic_index: i32,
    /// Action index.
    pub action_index: i32,
    /// Action id.
    pub action_id: String,
    /// Metadata object.
    pub metadata: Json,
    /// Messages so far.
    pub message_count: i64,
    /// Last message time.
    pub last_message_at: Option<DateTimeUtc>,
    /// Concurrency token.
    pub etag: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
