//! The `task_metrics` table.

use sea_orm::entity::prelude::*;

/// Cumulative metrics of one task.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "task_metrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: Uuid,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens_context: i64,
    pub cache_writes: i64,
    pub cache_reads: i64,
    pub cost: f64,
    pub duration_ms: i64,
    pub tool_usage: Json,
    pub updated_at: DateTimeUtc,
    pub tokens_reasoning: i64,
    /// The cost was computed from tokens × the run's prices.
    pub cost_computed: bool,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations of `task_metrics`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
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
