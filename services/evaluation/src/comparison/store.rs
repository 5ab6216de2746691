//! CompareRuns' reads: each run's tasks with the metrics a comparison uses.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::domain::TaskResult;
use crate::{
    entity::{task, task_metrics},
    error::Error,
    store::{
        EvaluationStore,
        rows::{language_from_entity, task_status_from_entity},
    },
};

impl EvaluationStore {
    /// Every task of a run as a comparison sees it (one query; a run always
    /// has tasks, so none means no run).
    pub async fn task_results(&self, run_id: Uuid) -> Result<Vec<TaskResult>, Error> {
        let rows = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .filter(task::Column::RunId.eq(run_id))
            .find_also_related(task_metrics::Entity)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Err(Error::RunNotFound(run_id.to_string()));
        }
        Ok(rows
            .into_iter()
            .map(|(task, metrics)| {
                let (tokens, cost, duration_ms) = metrics
                    .map(|m| (m.tokens_in + m.tokens_out, m.cost, m.duration_ms))
                    .unwrap_or_default();
                TaskResult {
                    task_id: task.id,
                    language: language_from_entity(task.language),
                    exercise: task.exercise,
                    iteration: task.iteration,
                    status: task_status_from_entity(task.status),
                    tokens,
                    cost,
                    duration_ms,
                    counts: task.invalidated_at.is_none(),
                }
            })
            .collect())
    }
}
