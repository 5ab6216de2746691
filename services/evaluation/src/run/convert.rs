//! Conversions between the run messages of `agentbase.evaluation.v1` and the domain.

use agentbase_platform::error::{RecordViolation as _, check_text, combine};
use agentbase_platform::{
    error::FieldViolation, idempotency::parse_request_id, ids::parse_id, json, time::to_timestamp,
};
use agentbase_proto::evaluation::v1 as pb;

use crate::wire::{language, language_to_pb, run_status_to_pb, task_status_to_pb, totals_to_pb};
use crate::{
    domain::{
        CreateRun, CreateRunInput, DeleteRuns, MAX_NAME_CHARS, NewRun, Prices, Run, RunChange, RunEvent, RunFilter,
        RunStatus, Summary, UpdateRun,
    },
    error::Error,
};

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
pub fn run_filter(request: &pb::ListRunsRequest) -> Result<RunFilter, Vec<FieldViolation>> {
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
    if violations.is_empty() {
        Ok(filter)
    } else {
        Err(violations)
    }
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
