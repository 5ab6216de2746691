//! Conversions between the wire types of `agentbase.evaluation.v1` and the domain.

use std::collections::BTreeMap;

use agentbase_platform::error::{RecordViolation as _, all_ok, check_text, combine};
use agentbase_platform::{
    error::FieldViolation,
    idempotency::parse_request_id,
    ids::{parse_id, parse_optional_id},
    json,
    time::to_timestamp,
};
use agentbase_proto::evaluation::v1 as pb;
use uuid::Uuid;

use crate::{
    domain::{
        ClaimTasks, Comparison, CreateRun, CreateRunInput, DeleteRuns, Delta, FinishTask, HeartbeatTasks,
        InvalidateTask, Language, LeaseState, MAX_CLAIM, MAX_HEARTBEAT, MAX_INVALID_REASON_CHARS, MAX_NAME_CHARS,
        Metrics, NewRun, Outcome, PairCounts, Prices, RecordMetrics, RecordToolError, RetryTasks, Run, RunChange,
        RunEvent, RunFilter, RunStatus, Summary, Task, TaskAttempt, TaskStatus, ToolError, Totals, UpdateRun, Verdict,
        WorkerId, Writer, lease_duration,
    },
    error::Error,
};

/// Parses a language; unspecified is refused when `required`.
pub fn language(field: &str, raw: i32, required: bool) -> Result<Option<Language>, FieldViolation> {
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
pub fn task_status(field: &str, raw: i32) -> Result<Option<TaskStatus>, FieldViolation> {
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

/// A validated CreateRun.
pub fn create_run(request: pb::CreateRunRequest) -> Result<CreateRun, Error> {
    let mut violations = Vec::new();
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let prices = request.prices.unwrap_or_default();
    let exercises = request
        .exercises
        .into_iter()
        .enumerate()
        .map(|(i, exercise)| {
            let field = format!("exercises[{i}]");
            let language = language(&format!("{field}.language"), exercise.language, true)
                .or_record(&mut violations)
                .flatten();
            (field, language, exercise.exercise)
        })
        .collect();
    let input = CreateRunInput {
        model: request.model,
        name: request.name,
        description: request.description,
        settings: request
            .settings
            .map_or_else(|| serde_json::json!({}), |s| json::from_struct(&s)),
        concurrency: request.concurrency,
        timeout_minutes: request.timeout_minutes,
        iterations: request.iterations,
        max_attempts: request.max_attempts,
        context_window: request.context_window,
        prices: Prices {
            input: prices.input,
            output: prices.output,
            cache_writes: prices.cache_writes,
            cache_reads: prices.cache_reads,
            reasoning: prices.reasoning,
        },
        exercises,
    };
    combine(violations, NewRun::parse(input))
        .map(|run| CreateRun::new(run, request_id))
        .map_err(Error::invalid_argument)
}

/// Validated ListRuns filters.
pub fn run_filter(request: &pb::ListRunsRequest) -> Result<RunFilter, Error> {
    let mut violations = Vec::new();
    let status = match pb::RunStatus::try_from(request.status) {
        Ok(pb::RunStatus::Unspecified) => None,
        Ok(pb::RunStatus::Pending) => Some(RunStatus::Pending),
        Ok(pb::RunStatus::Running) => Some(RunStatus::Running),
        Ok(pb::RunStatus::Finished) => Some(RunStatus::Finished),
        Ok(pb::RunStatus::Cancelled) => Some(RunStatus::Cancelled),
        Err(_) => {
            violations.push(FieldViolation::new("status", "is not a known RunStatus"));
            None
        }
    };
    violations.extend(check_text("model", &request.model, MAX_NAME_CHARS).err());
    violations.extend(check_text("name_contains", &request.name_contains, MAX_NAME_CHARS).err());
    let created_after = request
        .created_after
        .as_ref()
        .and_then(|t| agentbase_platform::time::from_timestamp("created_after", t).or_record(&mut violations));
    let created_before = request
        .created_before
        .as_ref()
        .and_then(|t| agentbase_platform::time::from_timestamp("created_before", t).or_record(&mut violations));
    let filter = RunFilter {
        model: (!request.model.is_empty()).then(|| request.model.clone()),
        status,
        created_after,
        created_before,
        name_contains: (!request.name_contains.is_empty()).then(|| request.name_contains.to_lowercase()),
    };
    all_ok(Some(filter), violations).map_err(Error::from)
}

/// A validated UpdateRun.
pub fn update_run(request: pb::UpdateRunRequest) -> Result<UpdateRun, Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let mask = request.update_mask.map(|mask| mask.paths).unwrap_or_default();
    let parsed = UpdateRun::parse(id, mask, request.name, request.description);
    combine(violations, parsed).map_err(Error::invalid_argument)
}

/// Validated DeleteRuns conditions.
pub fn delete_runs(request: &pb::DeleteRunsRequest) -> Result<DeleteRuns, Error> {
    let before = request
        .created_before
        .as_ref()
        .map(|t| agentbase_platform::time::from_timestamp("created_before", t))
        .transpose()?;
    Ok(DeleteRuns::parse(before, request.unfinished_only)?)
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
    let command = RecordToolError {
        run_id,
        task_id,
        tool_name: request.tool_name,
        // Redacted before its size is checked: what is stored is what counts.
        error: crate::domain::secrets::redact_free_text(&request.error),
        writer,
    };
    violations.extend(command.check());
    all_ok(Some(command), violations).map_err(Error::from)
}

fn usage_to_pb(usage: &BTreeMap<String, (i64, i64)>) -> std::collections::HashMap<String, pb::ToolUsage> {
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

fn language_to_pb(language: Language) -> pb::Language {
    match language {
        Language::Go => pb::Language::Go,
        Language::Java => pb::Language::Java,
        Language::JavaScript => pb::Language::Javascript,
        Language::Python => pb::Language::Python,
        Language::Rust => pb::Language::Rust,
    }
}

/// A run's totals on the wire.
pub fn totals_to_pb(totals: Totals) -> pb::Totals {
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

/// A run on the wire.
pub fn run_to_pb(run: Run) -> pb::Run {
    pb::Run {
        id: run.id.to_string(),
        model: run.model,
        name: run.name,
        description: run.description,
        settings: match run.settings {
            serde_json::Value::Object(map) => Some(json::to_struct(&map)),
            _ => None,
        },
        concurrency: run.concurrency,
        timeout_minutes: run.timeout_minutes,
        prices: Some(pb::Prices {
            input: run.prices.input,
            output: run.prices.output,
            cache_writes: run.prices.cache_writes,
            cache_reads: run.prices.cache_reads,
            reasoning: run.prices.reasoning,
        }),
        context_window: run.context_window.unwrap_or_default(),
        status: run_status_to_pb(run.status) as i32,
        totals: Some(totals_to_pb(run.totals)),
        create_time: Some(to_timestamp(run.created_at)),
        start_time: run.started_at.map(to_timestamp),
        finish_time: run.finished_at.map(to_timestamp),
        max_attempts: run.max_attempts,
    }
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

/// A summary on the wire.
pub fn summary_to_pb(summary: Summary) -> pb::RunSummary {
    pb::RunSummary {
        run: Some(run_to_pb(summary.run)),
        languages: summary
            .languages
            .into_iter()
            .map(|l| pb::LanguageSummary {
                language: language_to_pb(l.language) as i32,
                total: l.total,
                passed: l.passed,
                failed: l.failed,
                finished: l.finished(),
                pass_rate: l.pass_rate(),
            })
            .collect(),
        tool_errors: summary
            .tool_errors
            .into_iter()
            .map(|(tool_name, count)| pb::ToolErrorCount { tool_name, count })
            .collect(),
        exercises: summary
            .exercises
            .into_iter()
            .map(|e| pb::ExercisePassAtK {
                language: language_to_pb(e.language) as i32,
                exercise: e.exercise,
                samples: i32::try_from(e.samples).unwrap_or(i32::MAX),
                passed: i32::try_from(e.passed).unwrap_or(i32::MAX),
                pass_at_k: e.pass_at_k,
            })
            .collect(),
        mean_pass_at_k: summary.mean_pass_at_k,
    }
}

fn task_status_to_pb(status: TaskStatus) -> pb::TaskStatus {
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

fn run_status_to_pb(status: RunStatus) -> pb::RunStatus {
    match status {
        RunStatus::Pending => pb::RunStatus::Pending,
        RunStatus::Running => pb::RunStatus::Running,
        RunStatus::Finished => pb::RunStatus::Finished,
        RunStatus::Cancelled => pb::RunStatus::Cancelled,
    }
}

/// A checked ClaimTasks.
pub fn claim_tasks(request: &pb::ClaimTasksRequest) -> Result<ClaimTasks, Error> {
    let mut violations = Vec::new();
    let run_id = parse_id("run_id", &request.run_id).or_record(&mut violations);
    let worker = WorkerId::parse("worker_id", &request.worker_id).or_record(&mut violations);
    let max_tasks = match request.max_tasks {
        0 => Some(1),
        n if (1..=MAX_CLAIM as i32).contains(&n) => Some(u64::from(n.unsigned_abs())),
        _ => {
            violations.push(FieldViolation::new(
                "max_tasks",
                format!("must be from 1 to {MAX_CLAIM} (0 means 1)"),
            ));
            None
        }
    };
    let lease = lease_or_default(request.lease_seconds).or_record(&mut violations);
    match (run_id, worker, max_tasks, lease) {
        (Some(run_id), Some(worker), Some(max_tasks), Some(lease)) if violations.is_empty() => Ok(ClaimTasks {
            run_id,
            worker,
            max_tasks,
            lease,
        }),
        _ => Err(Error::invalid_argument(violations)),
    }
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
    let mut tasks: Vec<(Uuid, Option<i32>)> = request
        .task_ids
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| parse_id(&format!("task_ids[{i}]"), raw).or_record(&mut violations))
        .map(|id| (id, None))
        .collect();
    for (i, held) in request.tasks.iter().enumerate() {
        let id = parse_id(&format!("tasks[{i}].task_id"), &held.task_id).or_record(&mut violations);
        if held.attempt < 1 {
            violations.push(FieldViolation::new(
                format!("tasks[{i}].attempt"),
                "is required: the task's attempt as ClaimTasks returned it",
            ));
        }
        tasks.extend(id.map(|id| (id, Some(held.attempt))));
    }
    let mut named = std::collections::HashSet::new();
    let repeated = tasks.iter().position(|(id, _)| !named.insert(*id));
    if let Some(again) = repeated.filter(|_| violations.is_empty()) {
        let field = match again.checked_sub(request.task_ids.len()) {
            Some(i) => format!("tasks[{i}].task_id"),
            None => format!("task_ids[{again}]"),
        };
        violations.push(FieldViolation::new(field, "names a task already named: each task once"));
    }
    let lease = lease_or_default(request.lease_seconds).or_record(&mut violations);
    match (worker, lease) {
        (Some(worker), Some(lease)) if violations.is_empty() => Ok(HeartbeatTasks { worker, tasks, lease }),
        _ => Err(Error::invalid_argument(violations)),
    }
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

/// `lease_seconds`, 0 meaning a minute.
fn lease_or_default(seconds: i32) -> Result<std::time::Duration, FieldViolation> {
    if seconds == 0 {
        Ok(std::time::Duration::from_secs(60))
    } else {
        lease_duration("lease_seconds", seconds)
    }
}

/// An event on the wire.
pub fn event_to_pb(event: RunEvent) -> pb::RunEvent {
    let mut wire = pb::RunEvent {
        sequence: event.sequence,
        run_id: event.run_id.to_string(),
        attempt: event.attempt,
        worker_id: event.worker_id,
        reason: event.reason,
        event_time: Some(to_timestamp(event.occurred_at)),
        ..Default::default()
    };
    match event.change {
        RunChange::Task {
            id,
            language,
            exercise,
            iteration,
            status,
        } => {
            wire.task_id = id.to_string();
            wire.language = language_to_pb(language) as i32;
            wire.exercise = exercise;
            wire.iteration = iteration;
            wire.task_status = task_status_to_pb(status) as i32;
        }
        RunChange::Run(status) => wire.run_status = run_status_to_pb(status) as i32,
    }
    wire
}

/// A checked CompareRuns: baseline, candidate and significance level.
pub fn compare_runs(request: &pb::CompareRunsRequest) -> Result<(Uuid, Uuid, f64), Error> {
    let mut violations = Vec::new();
    let baseline = parse_id("baseline_run_id", &request.baseline_run_id).or_record(&mut violations);
    let candidate = parse_id("candidate_run_id", &request.candidate_run_id).or_record(&mut violations);
    let alpha = crate::domain::alpha("alpha", request.alpha).or_record(&mut violations);
    let runs = baseline
        .zip(candidate)
        .and_then(|(baseline, candidate)| crate::domain::distinct_runs(baseline, candidate).or_record(&mut violations));
    match (runs, alpha) {
        (Some((baseline, candidate)), Some(alpha)) if violations.is_empty() => Ok((baseline, candidate, alpha)),
        _ => Err(Error::invalid_argument(violations)),
    }
}

fn counts_to_pb(counts: PairCounts) -> pb::PairCounts {
    pb::PairCounts {
        pairs: counts.pairs,
        both_passed: counts.both_passed,
        both_failed: counts.both_failed,
        regressions: counts.regressions,
        fixes: counts.fixes,
    }
}

fn delta_to_pb(delta: Delta) -> pb::MetricDelta {
    pb::MetricDelta {
        baseline_total: delta.baseline_total,
        candidate_total: delta.candidate_total,
        total_delta: delta.candidate_total - delta.baseline_total,
        baseline_median: delta.baseline_median,
        candidate_median: delta.candidate_median,
        median_delta: delta.candidate_median - delta.baseline_median,
    }
}

/// A comparison on the wire, with one page of its regressed pairs (`after`
/// the baseline task id of the previous page's last, at most `limit`);
/// returns the next page's cursor.
pub fn comparison_to_pb(
    comparison: Comparison,
    after: Option<Uuid>,
    limit: u64,
) -> (pb::CompareRunsResponse, Option<Uuid>) {
    let mut page: Vec<_> = comparison
        .regressed
        .into_iter()
        .filter(|pair| after.is_none_or(|after| pair.baseline_task_id > after))
        .take(usize::try_from(limit).unwrap_or(usize::MAX).saturating_add(1))
        .collect();
    let next = agentbase_platform::paging::trim_page(&mut page, limit, |pair| pair.baseline_task_id);
    let response = pb::CompareRunsResponse {
        overall: Some(counts_to_pb(comparison.overall)),
        languages: comparison
            .languages
            .into_iter()
            .map(|(language, counts)| pb::LanguageComparison {
                language: language_to_pb(language) as i32,
                counts: Some(counts_to_pb(counts)),
            })
            .collect(),
        baseline_only: comparison.baseline_only,
        candidate_only: comparison.candidate_only,
        unfinished_pairs: comparison.unfinished_pairs,
        tokens: Some(delta_to_pb(comparison.tokens)),
        cost: Some(delta_to_pb(comparison.cost)),
        duration_ms: Some(delta_to_pb(comparison.duration_ms)),
        p_value: comparison.p_value,
        alpha: comparison.alpha,
        verdict: match comparison.verdict {
            Verdict::Regressed => pb::ComparisonVerdict::Regressed,
            Verdict::Improved => pb::ComparisonVerdict::Improved,
            Verdict::NoSignificantChange => pb::ComparisonVerdict::NoSignificantChange,
        } as i32,
        regressed_pairs: page
            .into_iter()
            .map(|pair| pb::TaskPair {
                language: language_to_pb(pair.language) as i32,
                exercise: pair.exercise,
                iteration: pair.iteration,
                baseline_task_id: pair.baseline_task_id.to_string(),
                candidate_task_id: pair.candidate_task_id.to_string(),
                baseline_status: task_status_to_pb(pair.baseline_status) as i32,
                candidate_status: task_status_to_pb(pair.candidate_status) as i32,
            })
            .collect(),
        next_page_token: String::new(),
        invalidated_pairs: comparison.invalidated_pairs,
    };
    (response, next)
}

fn metrics_to_pb(m: Metrics, updated: Option<chrono::DateTime<chrono::Utc>>) -> pb::TaskMetrics {
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

/// A checked InvalidateTask.
pub fn invalidate_task(request: &pb::InvalidateTaskRequest) -> Result<InvalidateTask, Error> {
    let mut violations = Vec::new();
    let task_id = parse_id("task_id", &request.task_id).or_record(&mut violations);
    let reason = crate::domain::secrets::redact_free_text(&request.reason);
    if reason.trim().is_empty() {
        violations.push(FieldViolation::new("reason", "is required"));
    } else {
        check_text("reason", &reason, MAX_INVALID_REASON_CHARS).or_record(&mut violations);
    }
    match task_id {
        Some(task_id) if violations.is_empty() => Ok(InvalidateTask { task_id, reason }),
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
    let statuses = RetryTasks::statuses_for(&outcomes, request.invalidated).or_record(&mut violations);
    match (run_id, statuses) {
        (Some(run_id), Some(statuses)) if violations.is_empty() => Ok(RetryTasks {
            run_id,
            statuses,
            invalidated_only: request.invalidated,
        }),
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
