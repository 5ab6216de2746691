//! The `run_events` table: every transition of a run and of its tasks, for WatchRun.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "run_events")]
pub struct Model {
    /// Increasing across runs (identity / AUTOINCREMENT).
    #[sea_orm(primary_key)]
    pub sequence: i64,
    pub run_id: Uuid,
    /// None for the run's own transitions.
    pub task_id: Option<Uuid>,
    /// The task's (or, without a task, the run's) new status, as stored in its table.
    pub status: String,
    pub attempt: i32,
    pub worker_id: String,
    pub reason: String,
    pub occurred_at: DateTimeUtc,
    /// The tenant the row belongs to (`agentbase_platform::tenant`).
    pub tenant_id: String,
}

/// Relations (declared in SQL).
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
