//! Tasks: starting, finishing, metrics reports and tool errors, each keeping
//! its run's totals true and its run's events in order.

use crate::store::events::{NewEvent, record_events, start_run};
use crate::{
    domain::{Language, Metrics, RecordToolError, Task, TaskStatus, ToolError},
    entity::{run, task, task_attempt, task_metrics, tool_error},
    error::Error,
    store::{EvaluationStore, rows::*},
};
use agentbase_platform::db::{DbFailure, classify, lock_by_id};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect, sea_query::OnConflict,
};
use uuid::Uuid;

mod attempts;
mod leases;

use crate::domain::{FinishTask, RecordMetrics, Refusal, TaskHold, Writer, check_writer};
use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;

/// The operations whose request ids a task write records.
const FINISH_TASK: &str = "FinishTask";
const RECORD_TASK_METRICS: &str = "RecordTaskMetrics";

impl EvaluationStore {
    /// Starts a task (idempotent while running) and marks its run running.
    pub async fn start_task(&self, id: Uuid) -> Result<Task, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let (run_row, row) = lock_run_and_task(txn, id).await?;
        let task_run = row.run_id;
        let status = task_status_from_entity(row.status);
        let refused = |refusal| Error::Refused {
            subject: format!("tasks/{id}"),
            refusal,
        };
        run_status_from_entity(run_row.status).claim().map_err(refused)?;
        let next = status.start().map_err(refused)?;
        if next != status {
            let now = agentbase_platform::time::now();
            let mut events = vec![NewEvent::task(id, task_status_to_entity(next), row.attempt)];
            let mut active: task::ActiveModel = row.into();
            active.status = Set(task_status_to_entity(next));
            active.started_at = Set(Some(now));
            active.update(txn).await?;
            // Pending and running both count as unfinished: the totals stay.
            events.extend(start_run(txn, run_row, now).await?);
            record_events(&write, &self.events, task_run, events, now).await?;
        }
        self.commit_task(write, id, task_run).await
    }

    /// Finishes a running task with an outcome; a leased task only by the
    /// worker holding the lease of the attempt it names. A retry of an
    /// accepted call (same request id) is answered with the task at that
    /// attempt, whatever happened since.
    pub async fn finish_task(&self, command: FinishTask) -> Result<Task, Error> {
        let FinishTask {
            task_id: id,
            outcome,
            writer,
            request,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let (run_row, row) = lock_run_and_task(txn, id).await?;
        if let Some(replay) = once_per_request(txn, FINISH_TASK, request.as_ref(), id, writer.attempt).await? {
            write.rollback().await?;
            return Ok(replay);
        }
        let now = agentbase_platform::time::now();
        let refused = |refusal| Error::Refused {
            subject: format!("tasks/{id}"),
            refusal,
        };
        check_writer(&hold_for(txn, &run_row, &row, &writer).await?, &writer, now).map_err(refused)?;
        let status = task_status_from_entity(row.status);
        let next = status.finish(outcome).map_err(refused)?;
        let task_run = row.run_id;
        let event = NewEvent::task(id, task_status_to_entity(next), row.attempt);
        let mut active: task::ActiveModel = row.into();
        active.status = Set(task_status_to_entity(next));
        active.finished_at = Set(Some(now));
        active.lease_owner = Set(None);
        active.lease_expires_at = Set(None);
        active.update(txn).await?;
        record_events(&write, &self.events, task_run, vec![event], now).await?;
        let mut totals = totals_of(&run_row);
        totals.task_moved(status, next);
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        active.update(txn).await?;
        self.commit_task(write, id, task_run).await
    }

    /// Upserts a task's cumulative metrics (the latest report wins); a
    /// leased task's only from the worker holding the lease of the attempt
    /// it names. A retry of an accepted call is answered as in FinishTask.
    pub async fn record_metrics(&self, command: RecordMetrics) -> Result<Task, Error> {
        let RecordMetrics {
            task_id: id,
            metrics,
            writer,
            request,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let (run_row, row) = lock_run_and_task(txn, id).await?;
        if let Some(replay) = once_per_request(txn, RECORD_TASK_METRICS, request.as_ref(), id, writer.attempt).await? {
            write.rollback().await?;
            return Ok(replay);
        }
        let refused = |refusal| Error::Refused {
            subject: format!("tasks/{id}"),
            refusal,
        };
        check_writer(
            &hold_for(txn, &run_row, &row, &writer).await?,
            &writer,
            agentbase_platform::time::now(),
        )
        .map_err(refused)?;
        if row.invalidated_at.is_some() {
            // Its numbers are out of the totals; they must stay out.
            return Err(refused(Refusal::TaskInvalidated));
        }
        let reported = task_metrics::Entity::find_by_id(id)
            .filter(agentbase_platform::tenant::confined::<task_metrics::Entity>())
            .one(txn)
            .await?
            .map(|m| to_metrics(&m))
            .unwrap_or_default();
        let mut metrics = metrics;
        if let Some(cost) = prices_of(&run_row).cost_of(&metrics) {
            metrics.cost = cost;
            metrics.cost_computed = true;
        }
        let mut totals = totals_of(&run_row);
        totals.metrics_replaced(&reported, &metrics);
        task_metrics::Entity::insert(task_metrics::ActiveModel {
            task_id: Set(id),
            tokens_in: Set(metrics.tokens_in),
            tokens_out: Set(metrics.tokens_out),
            tokens_context: Set(metrics.tokens_context),
            cache_writes: Set(metrics.cache_writes),
            cache_reads: Set(metrics.cache_reads),
            cost: Set(metrics.cost),
            duration_ms: Set(metrics.duration_ms),
            tool_usage: Set(Metrics::tool_usage_json(&metrics.tool_usage)),
            updated_at: Set(agentbase_platform::time::now()),
            tokens_reasoning: Set(metrics.tokens_reasoning),
            cost_computed: Set(metrics.cost_computed),
            tenant_id: Set(agentbase_platform::tenant::current()),
        })
        .on_conflict(
            OnConflict::column(task_metrics::Column::TaskId)
                .update_columns([
                    task_metrics::Column::TokensIn,
                    task_metrics::Column::TokensOut,
                    task_metrics::Column::TokensContext,
                    task_metrics::Column::CacheWrites,
                    task_metrics::Column::CacheReads,
                    task_metrics::Column::Cost,
                    task_metrics::Column::DurationMs,
                    task_metrics::Column::ToolUsage,
                    task_metrics::Column::UpdatedAt,
                    task_metrics::Column::TokensReasoning,
                    task_metrics::Column::CostComputed,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        active.update(txn).await?;
        let read = read_task(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// One task with its metrics (one query).
    pub async fn get_task(&self, id: Uuid) -> Result<Task, Error> {
        read_task(&self.db, id).await
    }

    /// One task by its place in a run.
    pub async fn find_task(
        &self,
        run_id: Uuid,
        language: Language,
        exercise: &str,
        iteration: i32,
    ) -> Result<Task, Error> {
        let (row, metrics) = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .filter(task::Column::RunId.eq(run_id))
            .filter(task::Column::Language.eq(language_to_entity(language)))
            .filter(task::Column::Exercise.eq(exercise))
            .filter(task::Column::Iteration.eq(iteration))
            .find_also_related(task_metrics::Entity)
            .one(&self.db)
            .await?
            .ok_or_else(|| Error::TaskNotFound(format!("{run_id}/{}/{exercise}/{iteration}", language.as_str())))?;
        Ok(to_task(row, metrics))
    }

    /// One page of a run's tasks with metrics: one query (a second only to tell
    /// an empty page of an existing run from a missing run).
    pub async fn list_tasks(
        &self,
        run_id: Uuid,
        status: Option<TaskStatus>,
        language: Option<Language>,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Task>, Option<Uuid>), Error> {
        let mut query = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .filter(task::Column::RunId.eq(run_id))
            .keyset(task::Column::Id, Direction::Ascending, after, limit);
        if let Some(status) = status {
            query = query.filter(task::Column::Status.eq(task_status_to_entity(status)));
        }
        if let Some(language) = language {
            query = query.filter(task::Column::Language.eq(language_to_entity(language)));
        }
        let mut rows = query.find_also_related(task_metrics::Entity).all(&self.db).await?;
        if rows.is_empty() && after.is_none() {
            self.get_run(run_id).await?;
        }
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |(t, _)| t.id);
        Ok((rows.into_iter().map(|(t, m)| to_task(t, m)).collect(), next))
    }

    /// Records a tool failure; the run comes from the task when one is given,
    /// and a leased task's failures only from the worker holding its lease.
    pub async fn record_tool_error(&self, command: RecordToolError) -> Result<ToolError, Error> {
        let RecordToolError {
            run_id,
            task_id,
            tool_name,
            error,
            writer,
            ..
        } = command;
        let run_id = match task_id {
            Some(task_id) => {
                let (task, run_row) = task::Entity::find_by_id(task_id)
                    .filter(agentbase_platform::tenant::confined::<task::Entity>())
                    .find_also_related(run::Entity)
                    .one(&self.db)
                    .await?
                    .ok_or_else(|| Error::TaskNotFound(task_id.to_string()))?;
                let run_row = run_row.ok_or_else(|| Error::TaskNotFound(task_id.to_string()))?;
                check_writer(
                    &hold_for(&self.db, &run_row, &task, &writer).await?,
                    &writer,
                    agentbase_platform::time::now(),
                )
                .map_err(|refusal| Error::Refused {
                    subject: format!("tasks/{task_id}"),
                    refusal,
                })?;
                if run_id.is_some_and(|given| given != task.run_id) {
                    return Err(agentbase_platform::error::FieldViolation::new(
                        "run_id",
                        "does not match the task's run",
                    )
                    .into());
                }
                task.run_id
            }
            None => run_id.ok_or_else(|| {
                Error::from(agentbase_platform::error::FieldViolation::new(
                    "run_id",
                    "is required without a task_id",
                ))
            })?,
        };
        let model = tool_error::ActiveModel {
            id: Set(Uuid::now_v7()),
            run_id: Set(run_id),
            task_id: Set(task_id),
            tool_name: Set(tool_name),
            error: Set(error),
            created_at: Set(agentbase_platform::time::now()),
            tenant_id: Set(agentbase_platform::tenant::current()),
        };
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = model.insert(txn).await.map_err(|err| match classify(&err) {
            DbFailure::ForeignKeyViolation => Error::RunNotFound(run_id.to_string()),
            _ => Error::from(err),
        })?;
        write.commit(run_id).await?;
        Ok(to_tool_error(row))
    }

    /// One page of a run's tool errors, oldest first.
    pub async fn list_tool_errors(
        &self,
        run_id: Uuid,
        task_id: Option<Uuid>,
        tool_name: Option<String>,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<ToolError>, Option<Uuid>), Error> {
        let mut query = tool_error::Entity::find()
            .filter(agentbase_platform::tenant::confined::<tool_error::Entity>())
            .filter(tool_error::Column::RunId.eq(run_id))
            .keyset(tool_error::Column::Id, Direction::Ascending, after, limit);
        if let Some(task_id) = task_id {
            query = query.filter(tool_error::Column::TaskId.eq(task_id));
        }
        if let Some(tool_name) = tool_name {
            query = query.filter(tool_error::Column::ToolName.eq(tool_name));
        }
        let mut rows = query.all(&self.db).await?;
        if rows.is_empty() && after.is_none() {
            self.get_run(run_id).await?;
        }
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |r| r.id);
        Ok((rows.into_iter().map(to_tool_error).collect(), next))
    }
}

/// Locks a task's run, then the task. Every write takes a run before its
/// tasks (CancelRun locks the run and then updates its tasks), so two writes
/// never wait on each other in a cycle on PostgreSQL. SQLite has one writer
/// at a time; there the task's no-op write takes the write lock first, so the
/// transaction never has to upgrade a read lock.
async fn lock_run_and_task(txn: &DatabaseTransaction, id: Uuid) -> Result<(run::Model, task::Model), Error> {
    let missing = || Error::TaskNotFound(id.to_string());
    let lock_task = || async {
        lock_by_id::<task::Entity>(txn, task::Column::Id, id)
            .await?
            .ok_or_else(missing)
    };
    let lock_run = |run_id| async move {
        lock_by_id::<run::Entity>(txn, run::Column::Id, run_id)
            .await?
            .ok_or_else(missing)
    };
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        let task = lock_task().await?;
        let run = lock_run(task.run_id).await?;
        return Ok((run, task));
    }
    let run_id: Uuid = task::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<task::Entity>())
        .select_only()
        .column(task::Column::RunId)
        .into_tuple()
        .one(txn)
        .await?
        .ok_or_else(missing)?;
    let run = lock_run(run_id).await?;
    let task = lock_task().await?;
    Ok((run, task))
}

/// What a write about `task` of `run_row` meets.
fn hold_of(run_row: &run::Model, task: &task::Model) -> TaskHold {
    TaskHold {
        run: run_status_from_entity(run_row.status),
        status: task_status_from_entity(task.status),
        attempt: task.attempt,
        lease: lease_of(task),
        error_reason: task.error_reason.clone(),
        earlier_finished: false,
    }
}

/// What a write of `writer` about `task` meets, with the ending of the
/// earlier attempt it names read from the task's history where that decides
/// its refusal (one more query, on that refusal's path only).
async fn hold_for(
    db: &impl ConnectionTrait,
    run_row: &run::Model,
    task: &task::Model,
    writer: &Writer,
) -> Result<TaskHold, Error> {
    let mut hold = hold_of(run_row, task);
    if let Some(attempt) = hold.earlier_ending_needed(writer) {
        hold.earlier_finished = !finished_attempts(db, &[(task.id, attempt)]).await?.is_empty();
    }
    Ok(hold)
}

/// Which of the earlier attempts `named` ended with a result of their own
/// (finished, then retried) rather than by their lease running out (one query).
async fn finished_attempts(
    db: &impl ConnectionTrait,
    named: &[(Uuid, i32)],
) -> Result<std::collections::HashSet<(Uuid, i32)>, Error> {
    if named.is_empty() {
        return Ok(Default::default());
    }
    let mut any = sea_orm::Condition::any();
    for (id, attempt) in named {
        any = any.add(
            sea_orm::Condition::all()
                .add(task_attempt::Column::TaskId.eq(*id))
                .add(task_attempt::Column::Attempt.eq(*attempt)),
        );
    }
    let ended: Vec<(Uuid, i32, Option<String>)> = task_attempt::Entity::find()
        .filter(agentbase_platform::tenant::confined::<task_attempt::Entity>())
        .select_only()
        .column(task_attempt::Column::TaskId)
        .column(task_attempt::Column::Attempt)
        .column(task_attempt::Column::ErrorReason)
        .filter(any)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ended
        .into_iter()
        .filter(|(.., reason)| reason.as_deref() != Some(crate::domain::LEASE_EXPIRED))
        .map(|(id, attempt, _)| (id, attempt))
        .collect())
}

/// Makes a task write happen once per request id: the answer to a retry,
/// if `request` was recorded by an earlier call of `operation` (this call
/// then rolls back), else `None` with the id recorded in this transaction.
/// The write holds its run's row lock, so a retry of the same request waits
/// for the first call's commit; a request id reused at the same moment for
/// another task (another run, another lock) meets the first one's record
/// when it inserts its own, and is answered or refused from it.
async fn once_per_request(
    txn: &DatabaseTransaction,
    operation: &str,
    request: Option<&agentbase_platform::idempotency::RequestKey>,
    id: Uuid,
    attempt: Option<i32>,
) -> Result<Option<Task>, Error> {
    use agentbase_platform::idempotency::{remember, replayed};
    let Some(key) = request else {
        return Ok(None);
    };
    if replayed::<Error>(txn, operation, key).await?.is_none() {
        if remember(txn, operation, key.id, &key.fingerprint, id).await? {
            return Ok(None);
        }
        if replayed::<Error>(txn, operation, key).await?.is_none() {
            return Err(Error::corrupt("a request id was recorded and is gone"));
        }
    }
    read_task_at(txn, id, attempt).await.map(Some)
}

/// A task as it stands at `attempt`: the current one, or an earlier one as
/// it ended (its attempt history), over the task's place in the run.
async fn read_task_at(txn: &DatabaseTransaction, id: Uuid, attempt: Option<i32>) -> Result<Task, Error> {
    let task = read_task(txn, id).await?;
    let Some(attempt) = attempt.filter(|attempt| *attempt != task.attempt) else {
        return Ok(task);
    };
    match task_attempt::Entity::find_by_id((id, attempt))
        .filter(agentbase_platform::tenant::confined::<task_attempt::Entity>())
        .one(txn)
        .await?
    {
        Some(ended) => Ok(task.as_of(attempts::to_attempt(ended)?)),
        None => Ok(task),
    }
}

impl EvaluationStore {
    /// Reads the task back, records the call's audit event, commits and wakes
    /// this process's watchers of its run: the answer of every task write
    /// comes from inside its transaction.
    async fn commit_task(&self, write: Write, id: Uuid, run_id: Uuid) -> Result<Task, Error> {
        let read = read_task(write.txn(), id).await?;
        write.announce_at_commit(&self.events, run_id);
        write.commit(id).await?;
        Ok(read)
    }
}
