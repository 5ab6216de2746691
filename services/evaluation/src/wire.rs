//! The wire forms the evaluation aggregates share: languages, statuses,
//! totals, metrics and tool usage, to and from `agentbase.evaluation.v1`.
use std::collections::BTreeMap;

use agentbase_platform::{error::FieldViolation, ids::parse_id, time::to_timestamp};
use agentbase_proto::evaluation::v1 as pb;
use uuid::Uuid;

use crate::{
    domain::{Language, Metrics, RunStatus, TaskStatus, Totals},
    error::Error,
};

/// Parses a language; unspecified is refused when `required`.
pub(crate) fn language(field: &str, raw: i32, required: bool) -> Result<Option<Language>, FieldViolation> {
    match pb::Language::try_from(raw) {
        Ok(pb::Language::Unspecified) if required => Err(FieldViolation::new(field, "is required")),
        Ok(pb::Language::Unspecified) => Ok(None),
        Ok(pb::Language::Go) => Ok(Some(Language::Go)),
        Ok(pb::Language::Java) => Ok(Some(Language::Java)),
        Ok(pb::Language::Javascript) => Ok(Some(Language::JavaScript)),
        Ok(pb::Language::Python) => Ok(Some(Language::Python)),
        Ok(pb::Language::Rust) => Ok(Some(Language::Rust)),
        Err(_) => Err(FieldViolation::new(field, "is not a known Language")),
    }
}

/// Parses a task status filter.
pub(crate) fn task_status(field: &str, raw: i32) -> Result<Option<TaskStatus>, FieldViolation> {
    match pb::TaskStatus::try_from(raw) {
        Ok(pb::TaskStatus::Unspecified) => Ok(None),
        Ok(pb::TaskStatus::Pending) => Ok(Some(TaskStatus::Pending)),
        Ok(pb::TaskStatus::Running) => Ok(Some(TaskStatus::Running)),
        Ok(pb::TaskStatus::Passed) => Ok(Some(TaskStatus::Passed)),
        Ok(pb::TaskStatus::Failed) => Ok(Some(TaskStatus::Failed)),
        Ok(pb::TaskStatus::Errored) => Ok(Some(TaskStatus::Errored)),
        Ok(pb::TaskStatus::TimedOut) => Ok(Some(TaskStatus::TimedOut)),
        Ok(pb::TaskStatus::Cancelled) => Ok(Some(TaskStatus::Cancelled)),
        Err(_) => Err(FieldViolation::new(field, "is not a known TaskStatus")),
    }
}

pub(crate) fn usage_to_pb(usage: &BTreeMap<String, (i64, i64)>) -> std::collections::HashMap<String, pb::ToolUsage> {
    usage
        .iter()
        .map(|(tool, (attempts, failures))| {
            (
                tool.clone(),
                pb::ToolUsage {
                    attempts: *attempts,
                    failures: *failures,
                },
            )
        })
        .collect()
}

pub(crate) fn language_to_pb(language: Language) -> pb::Language {
    match language {
        Language::Go => pb::Language::Go,
        Language::Java => pb::Language::Java,
        Language::JavaScript => pb::Language::Javascript,
        Language::Python => pb::Language::Python,
        Language::Rust => pb::Language::Rust,
    }
}

/// A run's totals on the wire.
pub(crate) fn totals_to_pb(totals: Totals) -> pb::Totals {
    pb::Totals {
        tasks: totals.tasks,
        passed: totals.passed,
        failed: totals.failed,
        errored: totals.errored,
        timed_out: totals.timed_out,
        cancelled: totals.cancelled,
        unfinished: totals.unfinished,
        tokens_in: totals.metrics.tokens_in,
        tokens_out: totals.metrics.tokens_out,
        tokens_context: totals.metrics.tokens_context,
        tokens_reasoning: totals.metrics.tokens_reasoning,
        cache_writes: totals.metrics.cache_writes,
        cache_reads: totals.metrics.cache_reads,
        cost: totals.metrics.cost,
        duration_ms: totals.metrics.duration_ms,
        tool_usage: usage_to_pb(&totals.metrics.tool_usage),
    }
}

pub(crate) fn task_status_to_pb(status: TaskStatus) -> pb::TaskStatus {
    match status {
        TaskStatus::Pending => pb::TaskStatus::Pending,
        TaskStatus::Running => pb::TaskStatus::Running,
        TaskStatus::Passed => pb::TaskStatus::Passed,
        TaskStatus::Failed => pb::TaskStatus::Failed,
        TaskStatus::Errored => pb::TaskStatus::Errored,
        TaskStatus::TimedOut => pb::TaskStatus::TimedOut,
        TaskStatus::Cancelled => pb::TaskStatus::Cancelled,
    }
}

pub(crate) fn run_status_to_pb(status: RunStatus) -> pb::RunStatus {
    match status {
        RunStatus::Pending => pb::RunStatus::Pending,
        RunStatus::Running => pb::RunStatus::Running,
        RunStatus::Finished => pb::RunStatus::Finished,
        RunStatus::Cancelled => pb::RunStatus::Cancelled,
    }
}

pub(crate) fn metrics_to_pb(m: Metrics, updated: Option<chrono::DateTime<chrono::Utc>>) -> pb::TaskMetrics {
    pb::TaskMetrics {
        tokens_in: m.tokens_in,
        tokens_out: m.tokens_out,
        tokens_context: m.tokens_context,
        cache_writes: m.cache_writes,
        cache_reads: m.cache_reads,
        cost: m.cost,
        duration_ms: m.duration_ms,
        tool_usage: usage_to_pb(&m.tool_usage),
        update_time: updated.map(to_timestamp),
        tokens_reasoning: m.tokens_reasoning,
        cost_computed: m.cost_computed,
    }
}

/// What a handler answers.
pub(crate) type RpcResult<T> = Result<tonic::Response<T>, tonic::Status>;

/// A required id field of a request.
pub(crate) fn id(field: &str, raw: &str) -> Result<Uuid, Error> {
    parse_id(field, raw).map_err(Error::from)
}
