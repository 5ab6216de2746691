//! The `tasks` table.

use sea_orm::entity::prelude::*;

/// `tasks.language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "task_language")]
pub enum Language {
    #[sea_orm(string_value = "go")]
    Go,
    #[sea_orm(string_value = "java")]
    Java,
    #[sea_orm(string_value = "javascript")]
    JavaScript,
    #[sea_orm(string_value = "python")]
    Python,
    #[sea_orm(string_value = "rust")]
    Rust,
}

/// `tasks.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "task_status")]
pub enum Status {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "passed")]
    Passed,
    #[sea_orm(string_value = "failed")]
    Failed,
    #[sea_orm(string_value = "errored")]
    Errored,
    #[sea_orm(string_value = "timed_out")]
    TimedOut,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub run_id: Uuid,
    pub language: Language,
    pub exercise: String,
    pub iteration: i32,
    pub status: Status,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// From 1; an expired lease starts the next.
    pub attempt: i32,
    /// The worker holding the lease (leased running tasks).
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    /// The fair order claims take (`domain::claim_order`).
    pub claim_order: i32,
    /// Why it errored without a result (`LEASE_EXPIRED`).
    pub error_reason: Option<String>,
    /// Set when its result is not to be counted.
    pub invalidated_at: Option<DateTimeUtc>,
    pub invalid_reason: Option<String>,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `tasks`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_one = "super::task_metrics::Entity")]
    Metrics,
    #[sea_orm(
        belongs_to = "super::run::Entity",
        from = "Column::RunId",
        to = "super::run::Column::Id"
    )]
    Run,
}

impl Related<super::run::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl Related<super::task_metrics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Metrics.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
