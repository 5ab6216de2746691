//! The `task_attempts` table: earlier attempts of a task, as each ended.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub attempt: i32,
    /// The task's status when the attempt ended, as stored in `tasks`.
    pub status: String,
    pub error_reason: Option<String>,
    pub invalid_reason: Option<String>,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// Whether the attempt reported metrics (else the numbers are 0).
    pub has_metrics: bool,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens_context: i64,
    pub cache_writes: i64,
    pub cache_reads: i64,
    pub cost: f64,
    pub duration_ms: i64,
    pub tool_usage: Json,
    /// When the next attempt began.
    pub ended_at: DateTimeUtc,
    pub tokens_reasoning: i64,
    pub cost_computed: bool,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
