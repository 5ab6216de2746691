//! A run's totals, computed in SQL over its tasks and metrics: what every
//! write that changes a task keeps on the run, and what FinishRun and
//! GetRunSummary read.
//!
//! Raw SQL, not sea-query: the tool usage is merged with each backend's own
//! JSON functions (`jsonb_object_agg` and `jsonb_each` on PostgreSQL,
//! `json_group_object` and `json_each` on SQLite), which sea-query does not
//! build, inside one statement with the counts and sums.

use sea_orm::{ConnectionTrait, DatabaseBackend, FromQueryResult, Statement};
use uuid::Uuid;

use crate::{
    domain::{Metrics, Totals},
    error::Error,
};

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

/// One statement's SQL for both backends, about run `$1` of tenant `$2` (the
/// running call's): `$n` on PostgreSQL, `?n` on SQLite.
pub(crate) fn sql(backend: DatabaseBackend, text: &str, run_id: Uuid) -> Statement {
    let text = if backend == DatabaseBackend::Postgres {
        text.to_owned()
    } else {
        text.replace("$1", "?1").replace("$2", "?2")
    };
    Statement::from_sql_and_values(
        backend,
        text,
        [run_id.into(), agentbase_platform::tenant::current().into()],
    )
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
                      WHERE t2.run_id = $1 AND t2.tenant_id = $2 AND t2.invalidated_at IS NULL GROUP BY e.key) u)"#
        }
        _ => {
            r#"(SELECT COALESCE(json_group_object(u.tool, json_object('attempts', u.attempts, 'failures', u.failures)), '{}')
                FROM (SELECT e.key AS tool,
                             SUM(COALESCE(json_extract(e.value, '$.attempts'), 0)) AS attempts,
                             SUM(COALESCE(json_extract(e.value, '$.failures'), 0)) AS failures
                      FROM task_metrics m2 JOIN tasks t2 ON t2.id = m2.task_id, json_each(m2.tool_usage) e
                      WHERE t2.run_id = $1 AND t2.tenant_id = $2 AND t2.invalidated_at IS NULL GROUP BY e.key) u)"#
        }
    };
    // A sum of floating-point costs depends on the order it adds them in,
    // which PostgreSQL does not fix (a parallel plan splits it), so two
    // FinishRuns of one run could answer totals a last digit apart. Summed
    // as NUMERIC (each cost at float8's 15 significant digits), the sum is
    // exact and the same in any order. SQLite adds in its one scan order.
    let cost = match backend {
        DatabaseBackend::Postgres => "CAST(COALESCE(SUM(CAST(m.cost AS NUMERIC)), 0) AS DOUBLE PRECISION)",
        _ => "CAST(COALESCE(SUM(m.cost), 0) AS DOUBLE PRECISION)",
    };
    let count = |condition: &str| format!("CAST(COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0) AS BIGINT)");
    let sum = |column: &str| format!("CAST(COALESCE(SUM(m.{column}), 0) AS BIGINT)");
    format!(
        "SELECT CAST(COUNT(t.id) AS BIGINT) AS tasks, {passed} AS passed, {failed} AS failed, {errored} AS errored, \
         {timed_out} AS timed_out, {cancelled} AS cancelled, {unfinished} AS unfinished, {running} AS running, \
         {tokens_in} AS tokens_in, {tokens_out} AS tokens_out, {tokens_context} AS tokens_context, {tokens_reasoning} AS tokens_reasoning, \
         {cache_writes} AS cache_writes, {cache_reads} AS cache_reads, \
         {cost} AS cost, {duration} AS duration_ms, \
         {tool_usage} AS tool_usage \
         FROM tasks t LEFT JOIN task_metrics m ON m.task_id = t.id WHERE t.run_id = $1 AND t.tenant_id = $2 AND t.invalidated_at IS NULL",
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

/// The run's totals (one statement).
pub(crate) async fn aggregates(db: &impl ConnectionTrait, id: Uuid) -> Result<Totals, Error> {
    Ok(aggregates_and_running(db, id).await?.0)
}

/// The run's totals, and how many of its tasks are running (one statement).
pub(crate) async fn aggregates_and_running(db: &impl ConnectionTrait, id: Uuid) -> Result<(Totals, i64), Error> {
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
