//! Finishing a run and its summary: the aggregates over its tasks.

use super::*;
use agentbase_platform::write::Write;

/// Why FinishRun with `force` cancelled a running task (its event's reason).
const RUN_FINISHED: &str = "RUN_FINISHED";

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
    running: i64,
    tokens_in: i64,
    tokens_out: i64,
    tokens_context: i64,
    tokens_reasoning: i64,
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
/// counting as zero (LEFT JOIN), plus tool usage merged across tasks;
/// invalidated tasks do not count.
fn aggregates_sql(backend: DatabaseBackend) -> String {
    let tool_usage = match backend {
        DatabaseBackend::Postgres => {
            r#"(SELECT CAST(COALESCE(jsonb_object_agg(u.tool, jsonb_build_object('attempts', u.attempts, 'failures', u.failures)), '{}'::jsonb) AS TEXT)
                FROM (SELECT e.key AS tool,
                             CAST(SUM(COALESCE((e.value->>'attempts')::bigint, 0)) AS BIGINT) AS attempts,
                             CAST(SUM(COALESCE((e.value->>'failures')::bigint, 0)) AS BIGINT) AS failures
                      FROM task_metrics m2 JOIN tasks t2 ON t2.id = m2.task_id, jsonb_each(m2.tool_usage) e
                      WHERE t2.run_id = $1 AND t2.invalidated_at IS NULL GROUP BY e.key) u)"#
        }
        _ => {
            r#"(SELECT COALESCE(json_group_object(u.tool, json_object('attempts', u.attempts, 'failures', u.failures)), '{}')
                FROM (SELECT e.key AS tool,
                             SUM(COALESCE(json_extract(e.value, '$.attempts'), 0)) AS attempts,
                             SUM(COALESCE(json_extract(e.value, '$.failures'), 0)) AS failures
                      FROM task_metrics m2 JOIN tasks t2 ON t2.id = m2.task_id, json_each(m2.tool_usage) e
                      WHERE t2.run_id = $1 AND t2.invalidated_at IS NULL GROUP BY e.key) u)"#
        }
    };
    let count = |condition: &str| format!("CAST(COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS BIGINT)");
    let sum = |column: &str| format!("CAST(COALESCE(SUM(m.{column}), 0) AS BIGINT)");
    format!(
        "SELECT CAST(COUNT(t.id) AS BIGINT) AS tasks, {passed} AS passed, {failed} AS failed, {errored} AS errored, \
         {timed_out} AS timed_out, {cancelled} AS cancelled, {unfinished} AS unfinished, {running} AS running, \
         {tokens_in} AS tokens_in, {tokens_out} AS tokens_out, {tokens_context} AS tokens_context, {tokens_reasoning} AS tokens_reasoning, \
         {cache_writes} AS cache_writes, {cache_reads} AS cache_reads, \
         CAST(COALESCE(SUM(m.cost), 0) AS DOUBLE PRECISION) AS cost, {duration} AS duration_ms, \
         {tool_usage} AS tool_usage \
         FROM tasks t LEFT JOIN task_metrics m ON m.task_id = t.id WHERE t.run_id = $1 AND t.invalidated_at IS NULL",
        passed = count("t.status = 'passed'"),
        failed = count("t.status = 'failed'"),
        errored = count("t.status = 'errored'"),
        timed_out = count("t.status = 'timed_out'"),
        cancelled = count("t.status = 'cancelled'"),
        unfinished = count("t.status IN ('pending', 'running')"),
        running = count("t.status = 'running'"),
        tokens_in = sum("tokens_in"),
        tokens_out = sum("tokens_out"),
        tokens_context = sum("tokens_context"),
        tokens_reasoning = sum("tokens_reasoning"),
        cache_writes = sum("cache_writes"),
        cache_reads = sum("cache_reads"),
        duration = sum("duration_ms"),
    )
}

pub(super) async fn aggregates(db: &impl ConnectionTrait, id: Uuid) -> Result<Totals, Error> {
    Ok(aggregates_and_running(db, id).await?.0)
}

/// The run's totals, and how many of its tasks are running (one statement).
async fn aggregates_and_running(db: &impl ConnectionTrait, id: Uuid) -> Result<(Totals, i64), Error> {
    let backend = db.get_database_backend();
    let row = Aggregates::find_by_statement(sql(backend, &aggregates_sql(backend), id))
        .one(db)
        .await?
        .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
    let tool_usage = row
        .tool_usage
        .as_deref()
        .map(|text| serde_json::from_str(text).map_err(|e| Error::corrupt(format!("tool usage: {e}"))))
        .transpose()?
        .unwrap_or(serde_json::Value::Null);
    let totals = Totals {
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
            tokens_reasoning: row.tokens_reasoning,
            cost_computed: false,
        },
    };
    Ok((totals, row.running))
}

impl EvaluationStore {
    /// Computes the totals in SQL and stores them: two statements (aggregate,
    /// update) in one transaction. Calling it again recomputes the same totals.
    /// Running tasks refuse it (`TASKS_IN_FLIGHT`) unless `force`, which
    /// cancels them first, in the same transaction: a finished run's totals
    /// cannot change under it afterwards.
    pub async fn finish_run(&self, id: Uuid, force: bool) -> Result<Run, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_by_id::<run::Entity>(txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let (mut totals, running) = aggregates_and_running(txn, id).await?;
        let now = agentbase_platform::time::now();
        if running > 0 {
            if !force {
                return Err(Error::Refused {
                    subject: format!("runs/{id}"),
                    refusal: crate::domain::Refusal::TasksInFlight,
                });
            }
            let cancelled = super::events::Cancelled::Running { reason: RUN_FINISHED };
            super::events::record_cancellations(txn, id, cancelled, now).await?;
            super::cancel_tasks(txn, id, cancelled, now).await?;
            totals = aggregates(txn, id).await?;
        }
        let status = run_status_from_entity(row.status);
        let next = status.finish();
        let finished_at = row.finished_at.unwrap_or(now);
        let mut active: run::ActiveModel = row.into();
        set_totals(&mut active, &totals);
        active.status = Set(run_status_to_entity(next));
        active.finished_at = Set(Some(finished_at));
        active.update(txn).await?;
        if next != status {
            let event = super::events::NewEvent::run(run_status_to_entity(next));
            super::events::record_events(&write, &self.events, id, vec![event], now).await?;
        } else if running > 0 {
            write.notify(&self.events, id).await?;
        }
        let read = read_run(txn, id).await?;
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
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
             FROM tasks t WHERE t.run_id = $1 AND t.invalidated_at IS NULL GROUP BY t.language",
            id,
        ))
        .all(&self.db)
        .await?;
        let exercises = ExerciseRow::find_by_statement(sql(
            backend,
            &format!(
                "SELECT CAST(t.language AS TEXT) AS language, t.exercise AS exercise, CAST(COUNT(*) AS BIGINT) AS samples, \
                 CAST(SUM(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) AS BIGINT) AS passed \
                 FROM tasks t WHERE t.run_id = $1 AND t.invalidated_at IS NULL AND {finished} GROUP BY t.language, t.exercise"
            ),
            id,
        ))
        .all(&self.db)
        .await?;
        let tools = ToolRow::find_by_statement(sql(
            backend,
            "SELECT e.tool_name AS tool_name, CAST(COUNT(*) AS BIGINT) AS count FROM tool_errors e \
             LEFT JOIN tasks t ON t.id = e.task_id WHERE e.run_id = $1 AND t.invalidated_at IS NULL \
             GROUP BY e.tool_name ORDER BY COUNT(*) DESC, e.tool_name",
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
