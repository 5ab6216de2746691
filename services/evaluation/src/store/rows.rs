//! Rows to domain values and back, and the reads a write answers with.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    domain::{Language, Lease, Metrics, Prices, Run, RunStatus, Task, TaskStatus, ToolError, Totals},
    entity::{run, task, task_metrics, tool_error},
    error::Error,
};

/// The totals stored on a run row.
pub(crate) fn totals_of(row: &run::Model) -> Totals {
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
            tokens_reasoning: row.tokens_reasoning,
            cost_computed: false,
        },
    }
}

/// Sets every totals column of `active` to `totals`.
pub(crate) fn set_totals(active: &mut run::ActiveModel, totals: &Totals) {
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
    active.tokens_reasoning = Set(totals.metrics.tokens_reasoning);
    active.cache_writes = Set(totals.metrics.cache_writes);
    active.cache_reads = Set(totals.metrics.cache_reads);
    active.cost = Set(totals.metrics.cost);
    active.duration_ms = Set(totals.metrics.duration_ms);
    active.tool_usage = Set(Metrics::tool_usage_json(&totals.metrics.tool_usage));
}

/// The price snapshot stored on a run row.
pub(crate) fn prices_of(row: &run::Model) -> Prices {
    Prices {
        input: row.price_input,
        output: row.price_output,
        cache_writes: row.price_cache_writes,
        cache_reads: row.price_cache_reads,
        reasoning: row.price_reasoning,
    }
}

pub(crate) fn to_run(row: run::Model) -> Run {
    let totals = totals_of(&row);
    let prices = prices_of(&row);
    Run {
        id: row.id,
        model: row.model,
        name: row.name,
        description: row.description,
        settings: row.settings,
        concurrency: row.concurrency,
        timeout_minutes: row.timeout_minutes,
        prices,
        context_window: row.context_window,
        status: run_status_from_entity(row.status),
        totals,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
        max_attempts: row.max_attempts,
    }
}

pub(crate) fn to_task(row: task::Model, metrics: Option<task_metrics::Model>) -> Task {
    let lease = lease_of(&row);
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
        attempt: row.attempt,
        lease,
        error_reason: row.error_reason,
        invalidated: row.invalidated_at.zip(row.invalid_reason),
    }
}

/// A task row's lease, if it holds one.
pub(crate) fn lease_of(row: &task::Model) -> Option<Lease> {
    row.lease_owner
        .clone()
        .zip(row.lease_expires_at)
        .map(|(owner, expires_at)| Lease { owner, expires_at })
}

pub(crate) fn to_metrics(m: &task_metrics::Model) -> Metrics {
    Metrics {
        tokens_in: m.tokens_in,
        tokens_out: m.tokens_out,
        tokens_context: m.tokens_context,
        cache_writes: m.cache_writes,
        cache_reads: m.cache_reads,
        cost: m.cost,
        duration_ms: m.duration_ms,
        tool_usage: Metrics::tool_usage_from_json(&m.tool_usage),
        tokens_reasoning: m.tokens_reasoning,
        cost_computed: m.cost_computed,
    }
}

pub(crate) fn to_tool_error(row: tool_error::Model) -> ToolError {
    ToolError {
        id: row.id,
        run_id: row.run_id,
        task_id: row.task_id,
        tool_name: row.tool_name,
        error: row.error,
        created_at: row.created_at,
    }
}

pub(crate) fn run_status_from_entity(status: run::Status) -> RunStatus {
    match status {
        run::Status::Pending => RunStatus::Pending,
        run::Status::Running => RunStatus::Running,
        run::Status::Finished => RunStatus::Finished,
        run::Status::Cancelled => RunStatus::Cancelled,
    }
}

pub(crate) fn run_status_to_entity(status: RunStatus) -> run::Status {
    match status {
        RunStatus::Pending => run::Status::Pending,
        RunStatus::Running => run::Status::Running,
        RunStatus::Finished => run::Status::Finished,
        RunStatus::Cancelled => run::Status::Cancelled,
    }
}

pub(crate) fn task_status_from_entity(status: task::Status) -> TaskStatus {
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

pub(crate) fn task_status_to_entity(status: TaskStatus) -> task::Status {
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

pub(crate) fn language_from_entity(language: task::Language) -> Language {
    match language {
        task::Language::Go => Language::Go,
        task::Language::Java => Language::Java,
        task::Language::JavaScript => Language::JavaScript,
        task::Language::Python => Language::Python,
        task::Language::Rust => Language::Rust,
    }
}

pub(crate) fn language_to_entity(language: Language) -> task::Language {
    match language {
        Language::Go => task::Language::Go,
        Language::Java => task::Language::Java,
        Language::JavaScript => task::Language::JavaScript,
        Language::Python => task::Language::Python,
        Language::Rust => task::Language::Rust,
    }
}

/// One run with its stored totals.
pub(crate) async fn read_run<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Run, Error> {
    let row = run::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<run::Entity>())
        .one(conn)
        .await?
        .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
    Ok(to_run(row))
}

/// One task with its metrics (one query).
pub(crate) async fn read_task<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Task, Error> {
    let (row, metrics) = task::Entity::find_by_id(id)
        .filter(agentbase_platform::tenant::confined::<task::Entity>())
        .find_also_related(task_metrics::Entity)
        .one(conn)
        .await?
        .ok_or_else(|| Error::TaskNotFound(id.to_string()))?;
    Ok(to_task(row, metrics))
}
