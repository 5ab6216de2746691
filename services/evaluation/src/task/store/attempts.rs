//! Invalidating a task's result, retrying failed tasks as new attempts, and
//! the attempts a task leaves behind.

use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
use sea_orm::ActiveEnum as _;

use super::lock_run_and_task;
use crate::domain::{InvalidateTask, RetryTasks, TaskAttempt};
use crate::store::{
    events::{NewEvent, record_events},
    totals::aggregates,
};
use crate::{
    domain::{Metrics, Task},
    entity::{run, task, task_attempt, task_metrics},
    error::Error,
    store::{EvaluationStore, rows::*},
};
use agentbase_platform::db::lock_by_id;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait, Func, Query},
};
use uuid::Uuid;

/// Ids per statement when copying attempts (one bind parameter each, below
/// SQLite's limit).
const ARCHIVE_CHUNK: usize = 1_000;

/// Why a retry moved a task (its event's reason).
const RETRY: &str = "RETRY";

impl EvaluationStore {
    /// Flags a finished task's result as not to be counted: the run's totals
    /// drop it at once; summaries and comparisons skip it. Invalidating again
    /// changes nothing.
    pub async fn invalidate_task(&self, command: InvalidateTask) -> Result<Task, Error> {
        let InvalidateTask { task_id, reason, .. } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let (run_row, row) = lock_run_and_task(txn, task_id).await?;
        if row.invalidated_at.is_some() {
            let read = read_task(txn, task_id).await?;
            write.rollback().await?;
            return Ok(read);
        }
        let status = task_status_from_entity(row.status);
        if !status.is_finished() {
            return Err(Error::Refused {
                subject: format!("tasks/{task_id}"),
                refusal: crate::domain::Refusal::TaskUnfinished,
            });
        }
        let mut active: task::ActiveModel = row.into();
        active.invalidated_at = Set(Some(agentbase_platform::time::now()));
        active.invalid_reason = Set(Some(reason));
        active.update(txn).await?;
        let totals = aggregates(txn, run_row.id).await?;
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        active.update(txn).await?;
        let read = read_task(txn, task_id).await?;
        write.commit(task_id).await?;
        Ok(read)
    }

    /// Puts a run's tasks that ended in `statuses` back to pending as their
    /// next attempt, keeping each one's ending and metrics as an attempt;
    /// a finished run is running again. Returns how many were retried.
    pub async fn retry_tasks(&self, command: RetryTasks) -> Result<u64, Error> {
        let RetryTasks {
            run_id,
            statuses,
            invalidated_only,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let run_row = lock_by_id::<run::Entity>(txn, run::Column::Id, run_id)
            .await?
            .ok_or_else(|| Error::RunNotFound(run_id.to_string()))?;
        if run_row.status == run::Status::Cancelled {
            return Err(Error::Refused {
                subject: format!("runs/{run_id}"),
                refusal: crate::domain::Refusal::RunCancelled,
            });
        }
        let mut query = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .column(task::Column::Id)
            .column(task::Column::Attempt)
            .filter(task::Column::RunId.eq(run_id))
            .filter(task::Column::Status.is_in(statuses.into_iter().map(task_status_to_entity)));
        if invalidated_only {
            query = query.filter(task::Column::InvalidatedAt.is_not_null());
        }
        let retried: Vec<(Uuid, i32)> = query
            .order_by_asc(task::Column::ClaimOrder)
            .order_by_asc(task::Column::Id)
            .into_tuple()
            .all(txn)
            .await?;
        if retried.is_empty() {
            write.rollback().await?;
            return Ok(0);
        }
        let now = agentbase_platform::time::now();
        let ids: Vec<Uuid> = retried.iter().map(|(id, _)| *id).collect();
        begin_next_attempts(txn, &ids, now).await?;
        let mut events: Vec<NewEvent> = retried
            .iter()
            .map(|(id, attempt)| NewEvent::task(*id, task::Status::Pending, attempt + 1).because(RETRY))
            .collect();
        let totals = aggregates(txn, run_id).await?;
        let reopened = run_row.status == run::Status::Finished;
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        if reopened {
            active.status = Set(run::Status::Running);
            active.finished_at = Set(None);
            events.push(NewEvent::run(run::Status::Running));
        }
        active.update(txn).await?;
        record_events(&write, &self.events, run_id, events, now).await?;
        write.announce_at_commit(&self.events, run_id);
        write.commit(run_id).await?;
        Ok(ids.len() as u64)
    }

    /// One page of a task's attempts after attempt `after`, oldest first: the
    /// earlier ones as they ended, then the current one (two queries).
    pub async fn task_attempts(
        &self,
        task_id: Uuid,
        after: Option<i64>,
        limit: u64,
    ) -> Result<(Vec<TaskAttempt>, Option<i64>), Error> {
        let current = read_task(&self.db, task_id).await?;
        let after = after.unwrap_or(0);
        let mut attempts: Vec<TaskAttempt> = task_attempt::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task_attempt::Entity>())
            .filter(task_attempt::Column::TaskId.eq(task_id))
            .keyset(task_attempt::Column::Attempt, Direction::Ascending, Some(after), limit)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_attempt)
            .collect::<Result<_, _>>()?;
        if i64::from(current.attempt) > after {
            attempts.push(TaskAttempt {
                attempt: current.attempt,
                status: current.status,
                error_reason: current.error_reason,
                invalid_reason: current.invalidated.map(|(_, reason)| reason),
                started_at: current.started_at,
                finished_at: current.finished_at,
                metrics: current.metrics.map(|(metrics, _)| metrics),
                ended_at: None,
            });
        }
        let next = agentbase_platform::paging::trim_page(&mut attempts, limit, |a| i64::from(a.attempt));
        Ok((attempts, next))
    }
}

/// Starts the next attempt of each of `ids`: copies the attempt that ends
/// into `task_attempts` (one `INSERT … SELECT` per thousand tasks), drops its
/// metrics, and makes the task pending again with a clean slate.
pub(super) async fn begin_next_attempts(
    txn: &DatabaseTransaction,
    ids: &[Uuid],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    // A task without metrics archives zeros and an empty tool usage.
    let empty_usage = match txn.get_database_backend() {
        DatabaseBackend::Postgres => Expr::cust("'{}'::jsonb"),
        _ => Expr::cust("'{}'"),
    };
    for chunk in ids.chunks(ARCHIVE_CHUNK) {
        let metric = |column: task_metrics::Column, none: Expr| {
            Expr::expr(Func::coalesce([Expr::col((task_metrics::Entity, column)), none]))
        };
        let ending = Query::select()
            .column((task::Entity, task::Column::Id))
            .column((task::Entity, task::Column::Attempt))
            .expr(Expr::col((task::Entity, task::Column::Status)).cast_as("text"))
            .column((task::Entity, task::Column::ErrorReason))
            .column((task::Entity, task::Column::InvalidReason))
            .column((task::Entity, task::Column::StartedAt))
            .column((task::Entity, task::Column::FinishedAt))
            .expr(Expr::col((task_metrics::Entity, task_metrics::Column::TaskId)).is_not_null())
            .expr(metric(task_metrics::Column::TokensIn, Expr::val(0)))
            .expr(metric(task_metrics::Column::TokensOut, Expr::val(0)))
            .expr(metric(task_metrics::Column::TokensContext, Expr::val(0)))
            .expr(metric(task_metrics::Column::CacheWrites, Expr::val(0)))
            .expr(metric(task_metrics::Column::CacheReads, Expr::val(0)))
            .expr(metric(task_metrics::Column::Cost, Expr::val(0)))
            .expr(metric(task_metrics::Column::DurationMs, Expr::val(0)))
            .expr(metric(task_metrics::Column::ToolUsage, empty_usage.clone()))
            .expr(Expr::val(now))
            .expr(metric(task_metrics::Column::TokensReasoning, Expr::val(0)))
            .expr(metric(task_metrics::Column::CostComputed, Expr::val(false)))
            .column((task::Entity, task::Column::TenantId))
            .from(task::Entity)
            .left_join(
                task_metrics::Entity,
                Expr::col((task_metrics::Entity, task_metrics::Column::TaskId))
                    .equals((task::Entity, task::Column::Id)),
            )
            .and_where(Expr::col((task::Entity, task::Column::Id)).is_in(chunk.iter().copied()))
            .cond_where(agentbase_platform::tenant::confined::<task::Entity>())
            .to_owned();
        let copy = Query::insert()
            .into_table(task_attempt::Entity)
            .columns([
                task_attempt::Column::TaskId,
                task_attempt::Column::Attempt,
                task_attempt::Column::Status,
                task_attempt::Column::ErrorReason,
                task_attempt::Column::InvalidReason,
                task_attempt::Column::StartedAt,
                task_attempt::Column::FinishedAt,
                task_attempt::Column::HasMetrics,
                task_attempt::Column::TokensIn,
                task_attempt::Column::TokensOut,
                task_attempt::Column::TokensContext,
                task_attempt::Column::CacheWrites,
                task_attempt::Column::CacheReads,
                task_attempt::Column::Cost,
                task_attempt::Column::DurationMs,
                task_attempt::Column::ToolUsage,
                task_attempt::Column::EndedAt,
                task_attempt::Column::TokensReasoning,
                task_attempt::Column::CostComputed,
                task_attempt::Column::TenantId,
            ])
            .select_from(ending)
            .map_err(|err| Error::corrupt(err.to_string()))?
            .to_owned();
        txn.execute(&copy).await?;
        task_metrics::Entity::delete_many()
            .filter(agentbase_platform::tenant::confined::<task_metrics::Entity>())
            .filter(task_metrics::Column::TaskId.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
        task::Entity::update_many()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .col_expr(
                task::Column::Status,
                sea_orm::ActiveEnum::as_enum(&task::Status::Pending),
            )
            .col_expr(
                task::Column::Attempt,
                sea_orm::sea_query::ExprTrait::add(Expr::col(task::Column::Attempt), 1),
            )
            .col_expr(task::Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(
                task::Column::LeaseExpiresAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(
                task::Column::StartedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(
                task::Column::FinishedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(task::Column::ErrorReason, Expr::value(Option::<String>::None))
            .col_expr(
                task::Column::InvalidatedAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .col_expr(task::Column::InvalidReason, Expr::value(Option::<String>::None))
            .filter(task::Column::Id.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
    }
    Ok(())
}

pub(super) fn to_attempt(row: task_attempt::Model) -> Result<TaskAttempt, Error> {
    let status =
        task::Status::try_from_value(&row.status).map_err(|_| Error::corrupt("an attempt names an unknown status"))?;
    Ok(TaskAttempt {
        attempt: row.attempt,
        status: task_status_from_entity(status),
        error_reason: row.error_reason,
        invalid_reason: row.invalid_reason,
        started_at: row.started_at,
        finished_at: row.finished_at,
        metrics: row.has_metrics.then(|| Metrics {
            tokens_in: row.tokens_in,
            tokens_out: row.tokens_out,
            tokens_context: row.tokens_context,
            cache_writes: row.cache_writes,
            cache_reads: row.cache_reads,
            cost: row.cost,
            duration_ms: row.duration_ms,
            tool_usage: Metrics::tool_usage_from_json(&row.tool_usage),
            tokens_reasoning: row.tokens_reasoning,
            cost_computed: row.cost_computed,
        }),
        ended_at: Some(row.ended_at),
    })
}
