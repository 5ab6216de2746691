//! The `task_metrics` table.

use sea_orm::entity::prelude::*;

/// Cumulative metrics of one task.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_metrics")]
pub struct Model {
    /// The task.
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: Uuid,
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
    /// Context tokens.
    pub tokens_context: i64,
    /// Cache writes.
    pub cache_writes: i64,
    /// Cache reads.
    pub cache_reads: i64,
    pub cost: f64,
    pub duration_ms: i64,
    /// Tool usage.
    pub tool_usage: Json,
    /// Last report.
    pub updated_at: DateTimeUtc,
}

/// Relations of `task_metrics`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The task.
    #[sea_orm(
        belongs_to = "super::task::Entity",
        from = "Column::TaskId",
        to = "super::task::Column::Id"
    )]
    Task,
}

impl Related<super::task::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Task.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
