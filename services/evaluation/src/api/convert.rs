//! Conversions between the wire types of `agentbase.evaluation.v1` and the domain.

use std::collections::{BTreeMap, HashSet};

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::error::all_ok;
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
        CONCURRENCY, Language, MAX_TASKS, Metrics, NewRun, Outcome, Prices, Run, RunFilter, RunStatus, Summary,
        TIMEOUT_MINUTES, Task, TaskStatus, ToolError, Totals, redact,
    },
    error::Error,
};

/// The platform's text rule (length, no control characters), plus `required`.
fn check_text(field: &str, raw: &str, max_chars: usize, required: bool) -> Option<FieldViolation> {
    if required && raw.trim().is_empty() {
        return Some(FieldViolation::new(field, "is required"));
    }
    agentbase_platform::error::check_text(field, raw, max_chars).err()
}

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

fn time(field: &str, t: &prost_types::Timestamp) -> Result<chrono::DateTime<chrono::Utc>, FieldViolation> {
    chrono::DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).unwrap_or(u32::MAX))
        .ok_or_else(|| FieldViolation::new(field, "is not a valid time"))
}

fn bounded(field: &str, raw: i32, (min, max, default): (i32, i32, i32)) -> Result<i32, FieldViolation> {
    match raw {
        0 => Ok(default),
        n if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldViolation::new(
            field,
            format!("must be from {min} to {max} (0 means {default})"),
        )),
    }
}

/// A validated CreateRun with its idempotency key and fingerprint.
pub fn create_run(request: pb::CreateRunRequest) -> Result<(NewRun, Option<(Uuid, String)>), Error> {
    let mut violations: Vec<FieldViolation> = Vec::new();
    violations.extend(check_text("model", &request.model, 255, true));
    violations.extend(check_text("name", &request.name, 255, false));
    violations.extend(check_text("description", &request.description, 4096, false));
    let concurrency = bounded("concurrency", request.concurrency, CONCURRENCY).or_record(&mut violations);
    let timeout = bounded("timeout_minutes", request.timeout_minutes, TIMEOUT_MINUTES).or_record(&mut violations);
    let iterations = match request.iterations {
        0 => Some(1),
        n if n > 0 => Some(n),
        _ => {
            violations.push(FieldViolation::new("iterations", "must not be negative"));
            None
        }
    };
    if request.context_window < 0 {
        violations.push(FieldViolation::new("context_window", "must not be negative"));
    }
    let prices = request.prices.unwrap_or_default();
    for (field, price) in [
        ("prices.input", prices.input),
        ("prices.output", prices.output),
        ("prices.cache_writes", prices.cache_writes),
        ("prices.cache_reads", prices.cache_reads),
    ] {
        if price.is_some_and(|p| !p.is_finite() || p < 0.0) {
            violations.push(FieldViolation::new(field, "must be a non-negative number"));
        }
    }
    let mut settings = request
        .settings
        .map_or_else(|| serde_json::json!({}), |s| json::from_struct(&s));
    redact(&mut settings);
    if settings.to_string().len() > 256 * 1024 {
        violations.push(FieldViolation::new("settings", "must be at most 256 KiB as JSON"));
    }
    if request.exercises.is_empty() {
        violations.push(FieldViolation::new("exercises", "at least one exercise is required"));
    }
    let iterations_count = iterations.unwrap_or(1).max(1) as usize;
    if request.exercises.len().saturating_mul(iterations_count) > MAX_TASKS {
        violations.push(FieldViolation::new(
            "exercises",
            format!("exercises × iterations must be at most {MAX_TASKS}"),
        ));
    }
    let mut tasks = Vec::new();
    let mut seen = HashSet::new();
    if violations.is_empty() {
        for (i, exercise) in request.exercises.iter().enumerate() {
            let lang = language(&format!("exercises[{i}].language"), exercise.language, true)
                .or_record(&mut violations)
                .flatten();
            if let Some(v) = check_text(&format!("exercises[{i}].exercise"), &exercise.exercise, 255, true) {
                violations.push(v);
                continue;
            }
            let Some(lang) = lang else { continue };
            if !seen.insert((lang, exercise.exercise.clone())) {
                violations.push(FieldViolation::new(
                    format!("exercises[{i}]"),
                    format!(
                        "{} / {} is listed twice: its (language, exercise, iteration) tasks would repeat",
                        lang.as_str(),
                        exercise.exercise
                    ),
                ));
                continue;
            }
            for iteration in 1..=iterations.unwrap_or(1) {
                tasks.push((lang, exercise.exercise.clone(), iteration));
            }
        }
    }
    let request_id = parse_request_id(&request.request_id)
        .or_record(&mut violations)
        .flatten();
    let new = concurrency.zip(timeout).map(|(concurrency, timeout_minutes)| NewRun {
        model: request.model,
        name: request.name,
        description: request.description,
        settings,
        concurrency,
        timeout_minutes,
        prices: Prices {
            input: prices.input,
            output: prices.output,
            cache_writes: prices.cache_writes,
            cache_reads: prices.cache_reads,
        },
        context_window: (request.context_window > 0).then_some(request.context_window),
        tasks,
    });
    let new = all_ok(new, violations)?;
    let fingerprint = agentbase_platform::paging::fingerprint(&[
        &new.model,
        &new.name,
        &new.description,
        &new.settings.to_string(),
        &format!(
            "{}/{}/{:?}/{:?}",
            new.concurrency, new.timeout_minutes, new.prices, new.context_window
        ),
        &new.tasks
            .iter()
            .map(|(l, e, i)| format!("{}:{e}:{i}", l.as_str()))
            .collect::<Vec<_>>()
            .join("\u{1f}"),
    ]);
    Ok((new, request_id.map(|id| (id, fingerprint))))
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
    violations.extend(check_text("model", &request.model, 255, false));
    violations.extend(check_text("name_contains", &request.name_contains, 255, false));
    let created_after = request
        .created_after
        .as_ref()
        .and_then(|t| time("created_after", t).or_record(&mut violations));
    let created_before = request
        .created_before
        .as_ref()
        .and_then(|t| time("created_before", t).or_record(&mut violations));
    let filter = RunFilter {
        model: (!request.model.is_empty()).then(|| request.model.clone()),
        status,
        created_after,
        created_before,
        name_contains: (!request.name_contains.is_empty()).then(|| request.name_contains.to_lowercase()),
    };
    all_ok(Some(filter), violations).map_err(Error::from)
}

/// A validated UpdateRun: id, name, description.
pub fn update_run(request: pb::UpdateRunRequest) -> Result<(Uuid, Option<String>, Option<String>), Error> {
    let mut violations = Vec::new();
    let id = parse_id("id", &request.id).or_record(&mut violations);
    let paths: Vec<String> = match request.update_mask {
        Some(mask) if !mask.paths.is_empty() => mask.paths,
        _ => [
            ("name", !request.name.is_empty()),
            ("description", !request.description.is_empty()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(p, _)| (*p).to_owned())
        .collect(),
    };
    if paths.is_empty() {
        violations.push(FieldViolation::new("update_mask", "names no field to update"));
    }
    let (mut name, mut description) = (None, None);
    for path in paths {
        match path.as_str() {
            "name" => {
                violations.extend(check_text("name", &request.name, 255, false));
                name = Some(request.name.clone());
            }
            "description" => {
                violations.extend(check_text("description", &request.description, 4096, false));
                description = Some(request.description.clone());
            }
            other => violations.push(FieldViolation::new(
                "update_mask",
                format!("`{other}` is not one of name, description"),
            )),
        }
    }
    all_ok(id, violations)
        .map(|id| (id, name, description))
        .map_err(Error::from)
}

/// Validated DeleteRuns conditions.
pub fn delete_runs(request: &pb::DeleteRunsRequest) -> Result<(Option<chrono::DateTime<chrono::Utc>>, bool), Error> {
    let before = request
        .created_before
        .as_ref()
        .map(|t| time("created_before", t))
        .transpose()?;
    if before.is_none() && !request.unfinished_only {
        return Err(FieldViolation::new(
            "created_before",
            "give created_before and/or unfinished_only; deleting every run needs one of them",
        )
        .into());
    }
    Ok((before, request.unfinished_only))
}

/// Validated metrics.
pub fn metrics(raw: Option<pb::TaskMetrics>) -> Result<Metrics, Error> {
    let raw = raw.ok_or_else(|| Error::from(FieldViolation::new("metrics", "is required")))?;
    let metrics = Metrics {
        tokens_in: raw.tokens_in,
        tokens_out: raw.tokens_out,
        tokens_context: raw.tokens_context,
        cache_writes: raw.cache_writes,
        cache_reads: raw.cache_reads,
        cost: raw.cost,
        duration_ms: raw.duration_ms,
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
        Err(Error::InvalidArgument(violations))
    }
}

/// A validated RecordToolError: run, task, tool, error.
pub fn tool_error(request: pb::RecordToolErrorRequest) -> Result<(Option<Uuid>, Option<Uuid>, String, String), Error> {
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
    violations.extend(check_text("tool_name", &request.tool_name, 255, true));
    if request.error.len() > 64 * 1024 {
        violations.push(FieldViolation::new("error", "must be at most 64 KiB"));
    } else if request.error.contains('\0') {
        violations.push(FieldViolation::new("error", "must not contain NUL characters"));
    }
    all_ok(Some(()), violations)
        .map(|()| (run_id, task_id, request.tool_name, request.error))
        .map_err(Error::from)
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

fn totals_to_pb(totals: Totals) -> pb::Totals {
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
        }),
        context_window: run.context_window.unwrap_or_default(),
        status: match run.status {
            RunStatus::Pending => pb::RunStatus::Pending,
            RunStatus::Running => pb::RunStatus::Running,
            RunStatus::Finished => pb::RunStatus::Finished,
            RunStatus::Cancelled => pb::RunStatus::Cancelled,
        } as i32,
        totals: Some(totals_to_pb(run.totals)),
        create_time: Some(to_timestamp(run.created_at)),
        start_time: run.started_at.map(to_timestamp),
        finish_time: run.finished_at.map(to_timestamp),
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
        status: match task.status {
            TaskStatus::Pending => pb::TaskStatus::Pending,
            TaskStatus::Running => pb::TaskStatus::Running,
            TaskStatus::Passed => pb::TaskStatus::Passed,
            TaskStatus::Failed => pb::TaskStatus::Failed,
            TaskStatus::Errored => pb::TaskStatus::Errored,
            TaskStatus::TimedOut => pb::TaskStatus::TimedOut,
            TaskStatus::Cancelled => pb::TaskStatus::Cancelled,
        } as i32,
        start_time: task.started_at.map(to_timestamp),
        finish_time: task.finished_at.map(to_timestamp),
        create_time: Some(to_timestamp(task.created_at)),
        metrics: task.metrics.map(|(m, updated)| pb::TaskMetrics {
            tokens_in: m.tokens_in,
            tokens_out: m.tokens_out,
            tokens_context: m.tokens_context,
            cache_writes: m.cache_writes,
            cache_reads: m.cache_reads,
            cost: m.cost,
            duration_ms: m.duration_ms,
            tool_usage: usage_to_pb(&m.tool_usage),
            update_time: Some(to_timestamp(updated)),
        }),
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
