//! The `runs` table.

use sea_orm::entity::prelude::*;

/// `runs.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "run_status")]
pub enum Status {
    /// `pending`
    #[sea_orm(string_value = "pending")]
    Pending,
    /// `running`
    #[sea_orm(string_value = "running")]
    Running,
    /// `finished`
    #[sea_orm(string_value = "finished")]
    Finished,
    /// `cancelled`
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
}

/// One run.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "runs")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Model.
    pub model: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Lower-cased name, for contains search.
    pub search_text: String,
    /// Settings (redacted).
    pub settings: Json,
    /// Concurrency.
    pub concurrency: i32,
    /// Timeout.
    pub timeout_minutes: i32,
    /// Price per million input tokens.
    pub price_input: Option<f64>,
    /// Price per million output tokens.
    pub price_output: Option<f64>,
    /// Price per million cache writes.
    pub price_cache_writes: Option<f64>,
    /// Price per million cache reads.
    pub price_cache_reads: Option<f64>,
    /// Context window.
    pub context_window: Option<i64>,
    /// Status.
    pub status: Status,
    /// Totals.
    pub total_tasks: i64,
    /// Totals.
    pub total_passed: i64,
    /// Totals.
    pub total_failed: i64,
    /// Totals.
    pub total_errored: i64,
    /// Totals.
    pub total_timed_out: i64,
    /// Totals.
    pub total_cancelled: i64,
    /// Totals.
    pub total_unfinished: i64,
    /// Totals.
    pub tokens_in: i64,
    /// Totals.
    pub tokens_out: i64,
    /// Totals.
    pub tokens_context: i64,
    /// Totals.
    pub cache_writes: i64,
    /// Totals.
    pub cache_reads: i64,
    /// Totals.
    pub cost: f64,
    /// Totals.
    pub duration_ms: i64,
    /// Merged tool usage.
    pub tool_usage: Json,
    /// Created.
    pub created_at: DateTimeUtc,
    /// First task started.
    pub started_at: Option<DateTimeUtc>,
    /// Finished or cancelled.
    pub finished_at: Option<DateTimeUtc>,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
