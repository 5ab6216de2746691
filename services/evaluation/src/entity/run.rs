//! The `runs` table.

use sea_orm::entity::prelude::*;

/// `runs.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "run_status")]
pub enum Status {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "running")]
    Running,
    #[sea_orm(string_value = "finished")]
    Finished,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub model: String,
    pub name: String,
    pub description: String,
    /// Lower-cased name, for contains search.
    pub search_text: String,
    /// Settings (redacted).
    pub settings: Json,
    pub concurrency: i32,
    pub timeout_minutes: i32,
    /// Price per million input tokens.
    pub price_input: Option<f64>,
    /// Price per million output tokens.
    pub price_output: Option<f64>,
    /// Price per million cache writes.
    pub price_cache_writes: Option<f64>,
    /// Price per million cache reads.
    pub price_cache_reads: Option<f64>,
    /// Price per million reasoning tokens.
    pub price_reasoning: Option<f64>,
    pub tokens_reasoning: i64,
    pub context_window: Option<i64>,
    pub status: Status,
    pub total_tasks: i64,
    pub total_passed: i64,
    pub total_failed: i64,
    pub total_errored: i64,
    pub total_timed_out: i64,
    pub total_cancelled: i64,
    pub total_unfinished: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens_context: i64,
    pub cache_writes: i64,
    pub cache_reads: i64,
    pub cost: f64,
    pub duration_ms: i64,
    /// Merged tool usage.
    pub tool_usage: Json,
    pub created_at: DateTimeUtc,
    /// First task started.
    pub started_at: Option<DateTimeUtc>,
    /// Finished or cancelled.
    pub finished_at: Option<DateTimeUtc>,
    /// Attempts of a leased task before an expired lease errors it.
    pub max_attempts: i32,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
