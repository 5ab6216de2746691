//! Persistence of the evaluation context; the only user of its entities.

use agentbase_platform::{
    db::{DbFailure, classify, lock_by_id},
    idempotency::Once,
};
use sea_orm::{
    ActiveEnum, ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use crate::{
    domain::{
        ExercisePassAtK, Language, LanguageSummary, Metrics, NewRun, Outcome, Prices, Run, RunFilter, RunStatus,
        Summary, Task, TaskStatus, ToolError, Totals, mean_pass_at_k,
    },
    entity::{run, task, task_metrics, tool_error},
    error::Error,
};

const CREATE_RUN: &str = "CreateRun";
/// 9 bind parameters a task row; 1,000 rows stay below every backend's parameter limit.
const TASK_INSERT_CHUNK: usize = 1_000;

/// Reads and writes runs, tasks, metrics and tool errors.
#[derive(Clone)]
pub struct EvaluationStore {
    db: DatabaseConnection,
}

/// Aggregates of one run's tasks and metrics, computed in SQL.
#[derive(Debug, FromQueryResult)]
struct Aggregates {
    tasks: i64,
    passed: i64,
    failed: i64,
    errored: i64,
    timed_out: i64,
    cancelled: i64,
    unfinished: i64,
    tokens_in: i64,
    tokens_out: i64,
    tokens_context: i64,
    cache_writes: i64,
    cache_reads: i64,
    cost: f64,
    duration_ms: i64,
    tool_usage: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct LanguageRow {
    language: String,
    total: i64,
    passed: i64,
    failed: i64,
}

#[derive(Debug, FromQueryResult)]
struct ExerciseRow {
    language: String,
    exercise: String,
    samples: i64,
    passed: i64,
}

#[derive(Debug, FromQueryResult)]
struct ToolRow {
    tool_name: String,
    count: i64,
}

/// One statement's SQL for both backends: `$1` on PostgreSQL, `?1` on SQLite.
fn sql(backend: DatabaseBackend, text: &str, run_id: Uuid) -> Statement {
    let text = if backend == DatabaseBackend::Postgres {
        text.to_owned()
    } else {
        text.replace("$1", "?1")
    };
    Statement::from_sql_and_values(backend, text, [run_id.into()])
}

/// Counts by status and 64-bit sums of metrics, tasks without metrics
/// counting as zero (LEFT JOIN), plus tool usage merged across tasks.
fn aggregates_sql(backend: DatabaseBackend) -> String {
    let tool_usage = match backend {
        DatabaseBackend::Postgres => {
            r#"(SELECT CAST(COALESCE(jsonb_object_agg(u.tool, jsonb_build_object('attempts', u.attempts, 'failures', u.failures)), '{}'::jsonb) AS TEXT)
                FROM (SELECT e.key AS tool,
                             CAST(SUM(COALESCE((e.value->>'attempts')::bigint, 0)) AS BIGINT) AS attempts,
                             CAST(SUM(COALESCE((e.value->>'failures')::bigint, 0)) AS BIGINT) AS failures
                      FROM task_metrics m2 JOIN tasks t2 ON t2.id = m2.task_id, jsonb_each(m2.tool_usage) e
                      WHERE t2.run_id = $1 GROUP BY e.key) u)"#
        }
        _ => {
            r#"(SELECT COALESCE(json_group_object(u.tool, json_object('attempts', u.attempts, 'failures', u.failures)), '{}')
                FROM (SELECT e.key AS tool,
                             SUM(COALESCE(json_extract(e.value, '$.attempts'), 0)) AS attempts,
                             SUM(COALESCE(json_extract(e.value, '$.failures'), 0)) AS failures
                      FROM task_metrics m2 JOIN tasks t2 ON t2.id = m2.task_id, json_each(m2.tool_usage) e
                      WHERE t2.run_id = $1 GROUP BY e.key) u)"#
        }
    };
    let count = |condition: &str| format!("CAST(COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS BIGINT)");
    let sum = |column: &str| format!("CAST(COALESCE(SUM(m.{column}), 0) AS BIGINT)");
    format!(
        "SELECT CAST(COUNT(t.id) AS BIGINT) AS tasks, {passed} AS passed, {failed} AS failed, {errored} AS errored, \
         {timed_out} AS timed_out, {cancelled} AS cancelled, {unfinished} AS unfinished, \
         {tokens_in} AS tokens_in, {tokens_out} AS tokens_out, {tokens_context} AS tokens_context, \
         {cache_writes} AS cache_writes, {cache_reads} AS cache_reads, \
         CAST(COALESCE(SUM(m.cost), 0) AS DOUBLE PRECISION) AS cost, {duration} AS duration_ms, \
         {tool_usage} AS tool_usage \
         FROM tasks t LEFT JOIN task_metrics m ON m.task_id = t.id WHERE t.run_id = $1",
        passed = count("t.status = 'passed'"),
        failed = count("t.status = 'failed'"),
        errored = count("t.status = 'errored'"),
        timed_out = count("t.status = 'timed_out'"),
        cancelled = count("t.status = 'cancelled'"),
        unfinished = count("t.status IN ('pending', 'running')"),
        tokens_in = sum("tokens_in"),
        tokens_out = sum("tokens_out"),
        tokens_context = sum("tokens_context"),
        cache_writes = sum("cache_writes"),
        cache_reads = sum("cache_reads"),
        duration = sum("duration_ms"),
    )
}

impl EvaluationStore {
    /// A store over the evaluation database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// One page of the context's audit trail.
    pub async fn audit_events(
        &self,
        query: &agentbase_platform::audit::AuditQuery,
    ) -> Result<agentbase_proto::audit::v1::ListAuditEventsResponse, Error> {
        Ok(agentbase_platform::audit::list(&self.db, query).await?)
    }

    /// Creates a run and all its tasks in one transaction, with multi-row inserts.
    pub async fn create_run(&self, new: NewRun, request_id: Option<(Uuid, String)>) -> Result<Run, Error> {
        let once = Once {
            operation: CREATE_RUN,
            request: request_id.as_ref().map(|(id, fingerprint)| (*id, fingerprint.as_str())),
        };
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let read = |id| read_run(&self.db, id);
        once.replay_or_create(&self.db, id, read, |txn| async move {
            run::Entity::insert(run::ActiveModel {
                id: Set(id),
                model: Set(new.model),
                search_text: Set(new.name.to_lowercase()),
                name: Set(new.name),
                description: Set(new.description),
                settings: Set(new.settings),
                concurrency: Set(new.concurrency),
                timeout_minutes: Set(new.timeout_minutes),
                price_input: Set(new.prices.input),
                price_output: Set(new.prices.output),
                price_cache_writes: Set(new.prices.cache_writes),
                price_cache_reads: Set(new.prices.cache_reads),
                context_window: Set(new.context_window),
                status: Set(run::Status::Pending),
                total_tasks: Set(new.tasks.len() as i64),
                total_passed: Set(0),
                total_failed: Set(0),
                total_errored: Set(0),
                total_timed_out: Set(0),
                total_cancelled: Set(0),
                total_unfinished: Set(new.tasks.len() as i64),
                tokens_in: Set(0),
                tokens_out: Set(0),
                tokens_context: Set(0),
                cache_writes: Set(0),
                cache_reads: Set(0),
                cost: Set(0.0),
                duration_ms: Set(0),
                tool_usage: Set(serde_json::json!({})),
                created_at: Set(now),
                started_at: Set(None),
                finished_at: Set(None),
            })
            .exec_without_returning(&txn)
            .await?;
            for chunk in new.tasks.chunks(TASK_INSERT_CHUNK) {
                let rows = chunk.iter().map(|(language, exercise, iteration)| task::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    run_id: Set(id),
                    language: Set(language_to_entity(*language)),
                    exercise: Set(exercise.clone()),
                    iteration: Set(*iteration),
                    status: Set(task::Status::Pending),
                    started_at: Set(None),
                    finished_at: Set(None),
                    created_at: Set(now),
                });
                task::Entity::insert_many(rows).exec_without_returning(&txn).await?;
            }
            let read = read_run(&txn, id).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// One run with its stored totals.
    pub async fn get_run(&self, id: Uuid) -> Result<Run, Error> {
        read_run(&self.db, id).await
    }

    /// One page of runs, newest first.
    pub async fn list_runs(
        &self,
        filter: &RunFilter,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Run>, Option<Uuid>), Error> {
        let backend = self.db.get_database_backend();
        let mut query = run::Entity::find().order_by_desc(run::Column::Id).limit(limit + 1);
        if let Some(before) = before {
            query = query.filter(run::Column::Id.lt(before));
        }
        if let Some(model) = &filter.model {
            query = query.filter(run::Column::Model.eq(model.as_str()));
        }
        if let Some(status) = filter.status {
            query = query.filter(run::Column::Status.eq(run_status_to_entity(status)));
        }
        if let Some(after) = filter.created_after {
            query = query.filter(run::Column::CreatedAt.gte(after));
        }
        if let Some(before) = filter.created_before {
            query = query.filter(run::Column::CreatedAt.lt(before));
        }
        if let Some(text) = &filter.name_contains {
            query = query.filter(agentbase_platform::db::search_text_contains(backend, "runs", text));
        }
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |r| r.id);
        Ok((rows.into_iter().map(to_run).collect(), next))
    }

    /// Changes a run's name and/or description.
    pub async fn update_run(&self, id: Uuid, name: Option<String>, description: Option<String>) -> Result<Run, Error> {
        let txn = self.db.begin().await?;
        let row = lock_by_id::<run::Entity>(&txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let mut active: run::ActiveModel = row.into();
        if let Some(name) = name {
            active.search_text = Set(name.to_lowercase());
            active.name = Set(name);
        }
        if let Some(description) = description {
            active.description = Set(description);
        }
        active.update(&txn).await?;
        let read = read_run(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Deletes a run; tasks, metrics and tool errors cascade.
    pub async fn delete_run(&self, id: Uuid) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let deleted = run::Entity::delete_by_id(id).exec(&txn).await?;
        if deleted.rows_affected == 0 {
            return Err(Error::RunNotFound(id.to_string()));
        }
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes the runs matching the conditions in one statement; returns how many.
    pub async fn delete_runs(
        &self,
        created_before: Option<chrono::DateTime<chrono::Utc>>,
        unfinished_only: bool,
    ) -> Result<u64, Error> {
        let mut query = run::Entity::delete_many();
        if let Some(before) = created_before {
            query = query.filter(run::Column::CreatedAt.lt(before));
        }
        if unfinished_only {
            query = query.filter(run::Column::Status.is_in([run::Status::Pending, run::Status::Running]));
        }
        let txn = self.db.begin().await?;
        let deleted = query.exec(&txn).await?.rows_affected;
        agentbase_platform::audit::record(&txn, "").await?;
        txn.commit().await?;
        Ok(deleted)
    }

    /// Cancels a run and its pending and running tasks, in one transaction.
    pub async fn cancel_run(&self, id: Uuid) -> Result<Run, Error> {
        let txn = self.db.begin().await?;
        let row = lock_by_id::<run::Entity>(&txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let status = run_status_from_entity(row.status);
        let next = status.cancel().map_err(|refusal| Error::Refused {
            subject: format!("runs/{id}"),
            refusal,
        })?;
        let now = agentbase_platform::time::now();
        let cancelled = task::Entity::update_many()
            .col_expr(task::Column::Status, task::Status::Cancelled.as_enum())
            .col_expr(task::Column::FinishedAt, Expr::value(now))
            .filter(task::Column::RunId.eq(id))
            .filter(task::Column::Status.is_in([task::Status::Pending, task::Status::Running]))
            .exec(&txn)
            .await?
            .rows_affected;
        if next != status || cancelled > 0 {
            let mut totals = totals_of(&row);
            totals.unfinished_cancelled(i64::try_from(cancelled).unwrap_or(i64::MAX));
            let mut active: run::ActiveModel = row.into();
            set_totals(&mut active, &totals);
            if next != status {
                active.status = Set(run_status_to_entity(next));
                active.finished_at = Set(Some(now));
            }
            active.update(&txn).await?;
        }
        let read = read_run(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Starts a task (idempotent while running) and marks its run running.
    pub async fn start_task(&self, id: Uuid) -> Result<Task, Error> {
        let txn = self.db.begin().await?;
        let (run_row, row) = lock_run_and_task(&txn, id).await?;
        let status = task_status_from_entity(row.status);
        let next = status.start().map_err(|refusal| Error::Refused {
            subject: format!("tasks/{id}"),
            refusal,
        })?;
        if next != status {
            let now = agentbase_platform::time::now();
            let mut active: task::ActiveModel = row.into();
            active.status = Set(task_status_to_entity(next));
            active.started_at = Set(Some(now));
            active.update(&txn).await?;
            // Pending and running both count as unfinished: the totals stay.
            if run_row.status == run::Status::Pending {
                let mut active: run::ActiveModel = run_row.into();
                active.status = Set(run::Status::Running);
                active.started_at = Set(Some(now));
                active.update(&txn).await?;
            }
        }
        let read = read_task(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Finishes a running task with an outcome.
    pub async fn finish_task(&self, id: Uuid, outcome: Outcome) -> Result<Task, Error> {
        let txn = self.db.begin().await?;
        let (run_row, row) = lock_run_and_task(&txn, id).await?;
        let status = task_status_from_entity(row.status);
        let next = status.finish(outcome).map_err(|refusal| Error::Refused {
            subject: format!("tasks/{id}"),
            refusal,
        })?;
        let mut active: task::ActiveModel = row.into();
        active.status = Set(task_status_to_entity(next));
        active.finished_at = Set(Some(agentbase_platform::time::now()));
        active.update(&txn).await?;
        let mut totals = totals_of(&run_row);
        totals.task_moved(status, next);
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        active.update(&txn).await?;
        let read = read_task(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// Upserts a task's cumulative metrics (the latest report wins).
    pub async fn record_metrics(&self, id: Uuid, metrics: Metrics) -> Result<Task, Error> {
        let txn = self.db.begin().await?;
        let (run_row, _) = lock_run_and_task(&txn, id).await?;
        let reported = task_metrics::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .map(|m| to_metrics(&m))
            .unwrap_or_default();
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
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        let mut active: run::ActiveModel = run_row.into();
        set_totals(&mut active, &totals);
        active.update(&txn).await?;
        let read = read_task(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
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
            .filter(task::Column::RunId.eq(run_id))
            .order_by_asc(task::Column::Id)
            .limit(limit + 1);
        if let Some(after) = after {
            query = query.filter(task::Column::Id.gt(after));
        }
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

    /// Records a tool failure; the run comes from the task when one is given.
    pub async fn record_tool_error(
        &self,
        run_id: Option<Uuid>,
        task_id: Option<Uuid>,
        tool_name: String,
        error: String,
    ) -> Result<ToolError, Error> {
        let run_id = match task_id {
            Some(task_id) => {
                let task = task::Entity::find_by_id(task_id)
                    .one(&self.db)
                    .await?
                    .ok_or_else(|| Error::TaskNotFound(task_id.to_string()))?;
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
        };
        let txn = self.db.begin().await?;
        let row = model.insert(&txn).await.map_err(|err| match classify(&err) {
            DbFailure::ForeignKeyViolation => Error::RunNotFound(run_id.to_string()),
            _ => Error::Database(err),
        })?;
        agentbase_platform::audit::record(&txn, run_id).await?;
        txn.commit().await?;
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
            .filter(tool_error::Column::RunId.eq(run_id))
            .order_by_asc(tool_error::Column::Id)
            .limit(limit + 1);
        if let Some(after) = after {
            query = query.filter(tool_error::Column::Id.gt(after));
        }
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

    /// Computes the totals in SQL and stores them: two statements (aggregate,
    /// update) in one transaction. Calling it again recomputes the same totals.
    pub async fn finish_run(&self, id: Uuid) -> Result<Run, Error> {
        let txn = self.db.begin().await?;
        let totals = aggregates(&txn, id).await?;
        let now = agentbase_platform::time::now();
        let updated = run::Entity::update_many()
            .col_expr(run::Column::TotalTasks, Expr::value(totals.tasks))
            .col_expr(run::Column::TotalPassed, Expr::value(totals.passed))
            .col_expr(run::Column::TotalFailed, Expr::value(totals.failed))
            .col_expr(run::Column::TotalErrored, Expr::value(totals.errored))
            .col_expr(run::Column::TotalTimedOut, Expr::value(totals.timed_out))
            .col_expr(run::Column::TotalCancelled, Expr::value(totals.cancelled))
            .col_expr(run::Column::TotalUnfinished, Expr::value(totals.unfinished))
            .col_expr(run::Column::TokensIn, Expr::value(totals.metrics.tokens_in))
            .col_expr(run::Column::TokensOut, Expr::value(totals.metrics.tokens_out))
            .col_expr(run::Column::TokensContext, Expr::value(totals.metrics.tokens_context))
            .col_expr(run::Column::CacheWrites, Expr::value(totals.metrics.cache_writes))
            .col_expr(run::Column::CacheReads, Expr::value(totals.metrics.cache_reads))
            .col_expr(run::Column::Cost, Expr::value(totals.metrics.cost))
            .col_expr(run::Column::DurationMs, Expr::value(totals.metrics.duration_ms))
            .col_expr(
                run::Column::ToolUsage,
                Expr::value(Metrics::tool_usage_json(&totals.metrics.tool_usage)),
            )
            .col_expr(
                run::Column::Status,
                Expr::cust(match txn.get_database_backend() {
                    DatabaseBackend::Postgres => {
                        "CASE WHEN \"status\" = 'cancelled' THEN \"status\" ELSE CAST('finished' AS run_status) END"
                    }
                    _ => "CASE WHEN \"status\" = 'cancelled' THEN \"status\" ELSE 'finished' END",
                }),
            )
            .col_expr(
                run::Column::FinishedAt,
                Expr::cust_with_values(
                    match txn.get_database_backend() {
                        DatabaseBackend::Postgres => "COALESCE(\"finished_at\", $1)",
                        _ => "COALESCE(\"finished_at\", ?)",
                    },
                    [now],
                ),
            )
            .filter(run::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(Error::RunNotFound(id.to_string()));
        }
        let read = read_run(&txn, id).await?;
        agentbase_platform::audit::record(&txn, id).await?;
        txn.commit().await?;
        Ok(read)
    }

    /// The run with live totals, per-language results, tool errors per tool and pass@k.
    pub async fn summary(&self, id: Uuid) -> Result<Summary, Error> {
        let mut run = self.get_run(id).await?;
        run.totals = aggregates(&self.db, id).await?;
        let backend = self.db.get_database_backend();
        let finished = "t.status IN ('passed', 'failed', 'errored', 'timed_out')";
        let languages = LanguageRow::find_by_statement(sql(
            backend,
            "SELECT CAST(t.language AS TEXT) AS language, CAST(COUNT(*) AS BIGINT) AS total, \
             CAST(SUM(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) AS BIGINT) AS passed, \
             CAST(SUM(CASE WHEN t.status IN ('failed', 'errored', 'timed_out') THEN 1 ELSE 0 END) AS BIGINT) AS failed \
             FROM tasks t WHERE t.run_id = $1 GROUP BY t.language",
            id,
        ))
        .all(&self.db)
        .await?;
        let exercises = ExerciseRow::find_by_statement(sql(
            backend,
            &format!(
                "SELECT CAST(t.language AS TEXT) AS language, t.exercise AS exercise, CAST(COUNT(*) AS BIGINT) AS samples, \
                 CAST(SUM(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) AS BIGINT) AS passed \
                 FROM tasks t WHERE t.run_id = $1 AND {finished} GROUP BY t.language, t.exercise"
            ),
            id,
        ))
        .all(&self.db)
        .await?;
        let tools = ToolRow::find_by_statement(sql(
            backend,
            "SELECT tool_name, CAST(COUNT(*) AS BIGINT) AS count FROM tool_errors WHERE run_id = $1 \
             GROUP BY tool_name ORDER BY COUNT(*) DESC, tool_name",
            id,
        ))
        .all(&self.db)
        .await?;

        let mut languages: Vec<LanguageSummary> = languages
            .into_iter()
            .filter_map(|row| {
                Language::parse(&row.language).map(|language| LanguageSummary {
                    language,
                    total: row.total,
                    passed: row.passed,
                    failed: row.failed,
                })
            })
            .collect();
        languages.sort_by_key(|l| l.language);
        let mut exercises: Vec<ExercisePassAtK> = exercises
            .into_iter()
            .filter_map(|row| {
                let language = Language::parse(&row.language)?;
                let samples = u32::try_from(row.samples).ok()?;
                let passed = u32::try_from(row.passed).ok()?;
                Some(ExercisePassAtK::new(language, row.exercise, samples, passed))
            })
            .collect();
        exercises.sort_by(|a, b| (a.language, &a.exercise).cmp(&(b.language, &b.exercise)));
        Ok(Summary {
            mean_pass_at_k: mean_pass_at_k(&exercises),
            run,
            languages,
            tool_errors: tools.into_iter().map(|t| (t.tool_name, t.count)).collect(),
            exercises,
        })
    }
}

async fn aggregates(db: &impl ConnectionTrait, id: Uuid) -> Result<Totals, Error> {
    let backend = db.get_database_backend();
    let row = Aggregates::find_by_statement(sql(backend, &aggregates_sql(backend), id))
        .one(db)
        .await?
        .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
    let tool_usage = row
        .tool_usage
        .as_deref()
        .map(|text| serde_json::from_str(text).map_err(|e| Error::Corrupt(format!("tool usage: {e}"))))
        .transpose()?
        .unwrap_or(serde_json::Value::Null);
    Ok(Totals {
        tasks: row.tasks,
        passed: row.passed,
        failed: row.failed,
        errored: row.errored,
        timed_out: row.timed_out,
        cancelled: row.cancelled,
        unfinished: row.unfinished,
        metrics: Metrics {
            tokens_in: row.tokens_in,
            tokens_out: row.tokens_out,
            tokens_context: row.tokens_context,
            cache_writes: row.cache_writes,
            cache_reads: row.cache_reads,
            cost: row.cost,
            duration_ms: row.duration_ms,
            tool_usage: Metrics::tool_usage_from_json(&tool_usage),
        },
    })
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

/// The totals stored on a run row.
fn totals_of(row: &run::Model) -> Totals {
    Totals {
        tasks: row.total_tasks,
        passed: row.total_passed,
        failed: row.total_failed,
        errored: row.total_errored,
        timed_out: row.total_timed_out,
        cancelled: row.total_cancelled,
        unfinished: row.total_unfinished,
        metrics: Metrics {
            tokens_in: row.tokens_in,
            tokens_out: row.tokens_out,
            tokens_context: row.tokens_context,
            cache_writes: row.cache_writes,
            cache_reads: row.cache_reads,
            cost: row.cost,
            duration_ms: row.duration_ms,
            tool_usage: Metrics::tool_usage_from_json(&row.tool_usage),
        },
    }
}

/// Sets every totals column of `active` to `totals`.
fn set_totals(active: &mut run::ActiveModel, totals: &Totals) {
    active.total_tasks = Set(totals.tasks);
    active.total_passed = Set(totals.passed);
    active.total_failed = Set(totals.failed);
    active.total_errored = Set(totals.errored);
    active.total_timed_out = Set(totals.timed_out);
    active.total_cancelled = Set(totals.cancelled);
    active.total_unfinished = Set(totals.unfinished);
    active.tokens_in = Set(totals.metrics.tokens_in);
    active.tokens_out = Set(totals.metrics.tokens_out);
    active.tokens_context = Set(totals.metrics.tokens_context);
    active.cache_writes = Set(totals.metrics.cache_writes);
    active.cache_reads = Set(totals.metrics.cache_reads);
    active.cost = Set(totals.metrics.cost);
    active.duration_ms = Set(totals.metrics.duration_ms);
    active.tool_usage = Set(Metrics::tool_usage_json(&totals.metrics.tool_usage));
}

fn to_run(row: run::Model) -> Run {
    let totals = totals_of(&row);
    Run {
        id: row.id,
        model: row.model,
        name: row.name,
        description: row.description,
        settings: row.settings,
        concurrency: row.concurrency,
        timeout_minutes: row.timeout_minutes,
        prices: Prices {
            input: row.price_input,
            output: row.price_output,
            cache_writes: row.price_cache_writes,
            cache_reads: row.price_cache_reads,
        },
        context_window: row.context_window,
        status: run_status_from_entity(row.status),
        totals,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
    }
}

fn to_task(row: task::Model, metrics: Option<task_metrics::Model>) -> Task {
    Task {
        id: row.id,
        run_id: row.run_id,
        language: language_from_entity(row.language),
        exercise: row.exercise,
        iteration: row.iteration,
        status: task_status_from_entity(row.status),
        started_at: row.started_at,
        finished_at: row.finished_at,
        created_at: row.created_at,
        metrics: metrics.map(|m| (to_metrics(&m), m.updated_at)),
    }
}

fn to_metrics(m: &task_metrics::Model) -> Metrics {
    Metrics {
        tokens_in: m.tokens_in,
        tokens_out: m.tokens_out,
        tokens_context: m.tokens_context,
        cache_writes: m.cache_writes,
        cache_reads: m.cache_reads,
        cost: m.cost,
        duration_ms: m.duration_ms,
        tool_usage: Metrics::tool_usage_from_json(&m.tool_usage),
    }
}

fn to_tool_error(row: tool_error::Model) -> ToolError {
    ToolError {
        id: row.id,
        run_id: row.run_id,
        task_id: row.task_id,
        tool_name: row.tool_name,
        error: row.error,
        created_at: row.created_at,
    }
}

fn run_status_from_entity(status: run::Status) -> RunStatus {
    match status {
        run::Status::Pending => RunStatus::Pending,
        run::Status::Running => RunStatus::Running,
        run::Status::Finished => RunStatus::Finished,
        run::Status::Cancelled => RunStatus::Cancelled,
    }
}

fn run_status_to_entity(status: RunStatus) -> run::Status {
    match status {
        RunStatus::Pending => run::Status::Pending,
        RunStatus::Running => run::Status::Running,
        RunStatus::Finished => run::Status::Finished,
        RunStatus::Cancelled => run::Status::Cancelled,
    }
}

fn task_status_from_entity(status: task::Status) -> TaskStatus {
    match status {
        task::Status::Pending => TaskStatus::Pending,
        task::Status::Running => TaskStatus::Running,
        task::Status::Passed => TaskStatus::Passed,
        task::Status::Failed => TaskStatus::Failed,
        task::Status::Errored => TaskStatus::Errored,
        task::Status::TimedOut => TaskStatus::TimedOut,
        task::Status::Cancelled => TaskStatus::Cancelled,
    }
}

fn task_status_to_entity(status: TaskStatus) -> task::Status {
    match status {
        TaskStatus::Pending => task::Status::Pending,
        TaskStatus::Running => task::Status::Running,
        TaskStatus::Passed => task::Status::Passed,
        TaskStatus::Failed => task::Status::Failed,
        TaskStatus::Errored => task::Status::Errored,
        TaskStatus::TimedOut => task::Status::TimedOut,
        TaskStatus::Cancelled => task::Status::Cancelled,
    }
}

fn language_from_entity(language: task::Language) -> Language {
    match language {
        task::Language::Go => Language::Go,
        task::Language::Java => Language::Java,
        task::Language::JavaScript => Language::JavaScript,
        task::Language::Python => Language::Python,
        task::Language::Rust => Language::Rust,
    }
}

fn language_to_entity(language: Language) -> task::Language {
    match language {
        Language::Go => task::Language::Go,
        Language::Java => task::Language::Java,
        Language::JavaScript => task::Language::JavaScript,
        Language::Python => task::Language::Python,
        Language::Rust => task::Language::Rust,
    }
}

/// One run with its stored totals.
async fn read_run<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Run, Error> {
    let row = run::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
    Ok(to_run(row))
}

/// One task with its metrics (one query).
async fn read_task<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Task, Error> {
    let (row, metrics) = task::Entity::find_by_id(id)
        .find_also_related(task_metrics::Entity)
        .one(conn)
        .await?
        .ok_or_else(|| Error::TaskNotFound(id.to_string()))?;
    Ok(to_task(row, metrics))
}
