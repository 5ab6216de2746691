//! Conversions between the task, lease and attempt messages of
//! `agentbase.evaluation.v1` and the domain.

use agentbase_platform::error::{RecordViolation as _, all_ok};
use agentbase_platform::{
    error::FieldViolation,
    idempotency::parse_request_id,
    ids::{parse_id, parse_optional_id},
    time::to_timestamp,
};
use agentbase_proto::evaluation::v1 as pb;
use uuid::Uuid;

use crate::wire::{language_to_pb, metrics_to_pb, task_status_to_pb};
use crate::{
    domain::{
        ClaimTasks, FinishTask, HeartbeatTasks, InvalidateTask, LeaseState, MAX_HEARTBEAT, Metrics, Outcome,
        RecordMetrics, RecordToolError, RetryTasks, Task, TaskAttempt, ToolError, WorkerId, Writer,
    },
    error::Error,
};

/// Parses a required outcome.
pub fn outcome(raw: i32) -> Result<Outcome, FieldViolation> {
    match pb::TaskOutcome::try_from(raw) {
        Ok(pb::TaskOutcome::Passed) => Ok(Outcome::Passed),
        Ok(pb::TaskOutcome::Failed) => Ok(Outcome::Failed),
        Ok(pb::TaskOutcome::Errored) => Ok(Outcome::Errored),
        Ok(pb::TaskOutcome::TimedOut) => Ok(Outcome::TimedOut),
        Ok(pb::TaskOutcome::Unspecified) => Err(FieldViolation::new("outcome", "is required")),
        Err(_) => Err(FieldViolation::new("outcome", "is not a known TaskOutcome")),
    }
}

/// A checked RecordTaskMetrics.
pub fn record_metrics(request: pb::RecordTaskMetricsRequest) -> Result<RecordMetrics, Error> {
    let mut violations = Vec::new();
    let task_id = parse_id("task_id", &request.task_id).or_record(&mut violations);
    let writer = Writer::parse(&request.worker_id, request.attempt).or_record(&mut violations);
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let metrics = metrics(request.metrics).map_err(|more| violations.extend(more)).ok();
    match (task_id, writer, metrics) {
        (Some(task_id), Some(writer), Some(metrics)) if violations.is_empty() => {
            Ok(RecordMetrics::new(task_id, metrics, writer, request_id))
        }
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A checked FinishTask.
pub fn finish_task(request: &pb::FinishTaskRequest) -> Result<FinishTask, Error> {
    let mut violations = Vec::new();
    let task_id = parse_id("task_id", &request.task_id).or_record(&mut violations);
    let outcome = outcome(request.outcome).or_record(&mut violations);
    let writer = Writer::parse(&request.worker_id, request.attempt).or_record(&mut violations);
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    match (task_id, outcome, writer) {
        (Some(task_id), Some(outcome), Some(writer)) if violations.is_empty() => {
            Ok(FinishTask::new(task_id, outcome, writer, request_id))
        }
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// Validated metrics.
fn metrics(raw: Option<pb::TaskMetrics>) -> Result<Metrics, Vec<FieldViolation>> {
    let raw = raw.ok_or_else(|| vec![FieldViolation::new("metrics", "is required")])?;
    let metrics = Metrics {
        tokens_in: raw.tokens_in,
        tokens_out: raw.tokens_out,
        tokens_context: raw.tokens_context,
        cache_writes: raw.cache_writes,
        cache_reads: raw.cache_reads,
        cost: raw.cost,
        duration_ms: raw.duration_ms,
        tokens_reasoning: raw.tokens_reasoning,
        // The service decides that, not the caller.
        cost_computed: false,
        tool_usage: raw
            .tool_usage
            .into_iter()
            .map(|(tool, usage)| (tool, (usage.attempts, usage.failures)))
            .collect(),
    };
    let violations = metrics.check();
    if violations.is_empty() {
        Ok(metrics)
    } else {
        Err(violations)
    }
}

/// A validated RecordToolError.
pub fn tool_error(request: pb::RecordToolErrorRequest) -> Result<RecordToolError, Error> {
    let mut violations = Vec::new();
    let run_id = parse_optional_id("run_id", &request.run_id)
        .or_record(&mut violations)
        .flatten();
    let task_id = parse_optional_id("task_id", &request.task_id)
        .or_record(&mut violations)
        .flatten();
    if request.run_id.is_empty() && request.task_id.is_empty() {
        violations.push(FieldViolation::new("run_id", "give run_id or task_id"));
    }
    let writer = Writer::parse(&request.worker_id, request.attempt)
        .or_record(&mut violations)
        .unwrap_or_default();
    let command = RecordToolError::parse(run_id, task_id, request.tool_name, &request.error, writer)
        .map_err(|found| violations.extend(found))
        .ok();
    all_ok(command, violations).map_err(Error::from)
}

/// A task on the wire.
pub fn task_to_pb(task: Task) -> pb::Task {
    pb::Task {
        id: task.id.to_string(),
        run_id: task.run_id.to_string(),
        language: language_to_pb(task.language) as i32,
        exercise: task.exercise,
        iteration: task.iteration,
        status: task_status_to_pb(task.status) as i32,
        start_time: task.started_at.map(to_timestamp),
        finish_time: task.finished_at.map(to_timestamp),
        create_time: Some(to_timestamp(task.created_at)),
        metrics: task.metrics.map(|(m, updated)| metrics_to_pb(m, Some(updated))),
        attempt: task.attempt,
        lease_owner: task.lease.as_ref().map(|lease| lease.owner.clone()).unwrap_or_default(),
        lease_expire_time: task.lease.map(|lease| to_timestamp(lease.expires_at)),
        error_reason: task.error_reason.unwrap_or_default(),
        invalidate_time: task.invalidated.as_ref().map(|(at, _)| to_timestamp(*at)),
        invalid_reason: task.invalidated.map(|(_, reason)| reason).unwrap_or_default(),
    }
}

/// A tool error on the wire.
pub fn tool_error_to_pb(error: ToolError) -> pb::ToolError {
    pb::ToolError {
        id: error.id.to_string(),
        run_id: error.run_id.to_string(),
        task_id: error.task_id.map(|t| t.to_string()).unwrap_or_default(),
        tool_name: error.tool_name,
        error: error.error,
        create_time: Some(to_timestamp(error.created_at)),
    }
}

/// A checked ClaimTasks.
pub fn claim_tasks(request: &pb::ClaimTasksRequest) -> Result<ClaimTasks, Error> {
    let mut violations = Vec::new();
    let run_id = parse_id("run_id", &request.run_id).or_record(&mut violations);
    let worker = WorkerId::parse("worker_id", &request.worker_id).or_record(&mut violations);
    ClaimTasks::parse(run_id, worker, request.max_tasks, request.lease_seconds, violations)
        .map_err(Error::invalid_argument)
}

/// A checked HeartbeatTasks.
pub fn heartbeat_tasks(request: &pb::HeartbeatTasksRequest) -> Result<HeartbeatTasks, Error> {
    let mut violations = Vec::new();
    let worker = WorkerId::parse("worker_id", &request.worker_id).or_record(&mut violations);
    let named = request.task_ids.len() + request.tasks.len();
    if named == 0 || named > MAX_HEARTBEAT {
        violations.push(FieldViolation::new(
            if request.task_ids.is_empty() {
                "tasks"
            } else {
                "task_ids"
            },
            format!("tasks and task_ids must name 1 to {MAX_HEARTBEAT} tasks together"),
        ));
    }
    // Each parsed task with the field that named it, so a repeat is named
    // by its own field even when other ids did not parse.
    let mut named: Vec<(String, Uuid, Option<i32>)> = Vec::with_capacity(request.task_ids.len() + request.tasks.len());
    for (i, raw) in request.task_ids.iter().enumerate() {
        let field = format!("task_ids[{i}]");
        if let Some(id) = parse_id(&field, raw).or_record(&mut violations) {
            named.push((field, id, None));
        }
    }
    for (i, held) in request.tasks.iter().enumerate() {
        let field = format!("tasks[{i}].task_id");
        let id = parse_id(&field, &held.task_id).or_record(&mut violations);
        if held.attempt < 1 {
            violations.push(FieldViolation::new(
                format!("tasks[{i}].attempt"),
                "is required: the task's attempt as ClaimTasks returned it",
            ));
        }
        if let Some(id) = id {
            named.push((field, id, Some(held.attempt)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some((field, _, _)) = named.iter().find(|(_, id, _)| !seen.insert(*id)) {
        violations.push(FieldViolation::new(
            field.clone(),
            "names a task already named: each task once",
        ));
    }
    let tasks = named.into_iter().map(|(_, id, attempt)| (id, attempt)).collect();
    HeartbeatTasks::parse(worker, tasks, request.lease_seconds, violations).map_err(Error::invalid_argument)
}

/// A heartbeat's answer on the wire: the old lists, and each task's state in
/// the order asked.
pub fn heartbeat_to_pb(
    states: Vec<(Uuid, LeaseState)>,
    expires_at: chrono::DateTime<chrono::Utc>,
    lease: std::time::Duration,
) -> pb::HeartbeatTasksResponse {
    let mut response = pb::HeartbeatTasksResponse {
        lease_expire_time: Some(to_timestamp(expires_at)),
        ..Default::default()
    };
    for (id, state) in states {
        let task_id = id.to_string();
        let wire = match state {
            LeaseState::Renewed { attempt } => {
                response.renewed_task_ids.push(task_id.clone());
                pb::TaskLeaseState {
                    task_id,
                    attempt,
                    status: pb::TaskStatus::Running as i32,
                    lease_remaining: prost_types::Duration::try_from(lease).ok(),
                    reason: String::new(),
                }
            }
            LeaseState::Lost {
                attempt,
                status,
                refusal,
            } => {
                response.lost_task_ids.push(task_id.clone());
                pb::TaskLeaseState {
                    task_id,
                    attempt,
                    status: task_status_to_pb(status) as i32,
                    lease_remaining: Some(prost_types::Duration::default()),
                    reason: refusal.reason().to_owned(),
                }
            }
            LeaseState::Missing => {
                response.lost_task_ids.push(task_id.clone());
                pb::TaskLeaseState {
                    task_id,
                    lease_remaining: Some(prost_types::Duration::default()),
                    reason: "TASK_NOT_FOUND".to_owned(),
                    ..Default::default()
                }
            }
        };
        response.tasks.push(wire);
    }
    response
}

/// A checked InvalidateTask.
pub fn invalidate_task(request: &pb::InvalidateTaskRequest) -> Result<InvalidateTask, Error> {
    let mut violations = Vec::new();
    let task_id = parse_id("task_id", &request.task_id).or_record(&mut violations);
    // The reason is checked even when the id is not, so both are named at once.
    let placeholder = task_id.unwrap_or_else(Uuid::nil);
    let command = InvalidateTask::parse(placeholder, &request.reason).or_record(&mut violations);
    match (task_id, command) {
        (Some(_), Some(command)) if violations.is_empty() => Ok(command),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// A checked RetryTasks.
pub fn retry_tasks(request: &pb::RetryTasksRequest) -> Result<RetryTasks, Error> {
    let mut violations = Vec::new();
    let run_id = parse_id("run_id", &request.run_id).or_record(&mut violations);
    let outcomes: Vec<Outcome> = request
        .outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            outcome(*raw)
                .map_err(|_| FieldViolation::new(format!("outcomes[{i}]"), "is not a known outcome"))
                .or_record(&mut violations)
        })
        .collect();
    let command =
        RetryTasks::parse(run_id.unwrap_or_else(Uuid::nil), &outcomes, request.invalidated).or_record(&mut violations);
    match (run_id, command) {
        (Some(_), Some(command)) if violations.is_empty() => Ok(command),
        _ => Err(Error::invalid_argument(violations)),
    }
}

/// An attempt on the wire.
pub fn attempt_to_pb(attempt: TaskAttempt) -> pb::TaskAttempt {
    pb::TaskAttempt {
        attempt: attempt.attempt,
        status: task_status_to_pb(attempt.status) as i32,
        error_reason: attempt.error_reason.unwrap_or_default(),
        invalid_reason: attempt.invalid_reason.unwrap_or_default(),
        start_time: attempt.started_at.map(to_timestamp),
        finish_time: attempt.finished_at.map(to_timestamp),
        metrics: attempt.metrics.map(|m| metrics_to_pb(m, None)),
        end_time: attempt.ended_at.map(to_timestamp),
    }
}
