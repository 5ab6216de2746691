//! Tasks: their lifecycle, metrics and tool errors.

use std::collections::BTreeMap;

use agentbase_platform::error::FieldViolation;

use super::Language;

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    Pending,
    Running,
    Passed,
    Failed,
    Errored,
    TimedOut,
    Cancelled,
}

/// How a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Passed,
    Failed,
    Errored,
    TimedOut,
}

/// Why a lifecycle step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The task has not started.
    TaskNotStarted,
    /// The task already finished.
    TaskFinished,
    /// The task (or its run) was cancelled.
    TaskCancelled,
    /// The run is finished.
    RunFinished,
    /// The run was cancelled.
    RunCancelled,
    /// Another attempt (or another worker) holds or finished the task: the
    /// caller's result is not written.
    LeaseLost,
    /// The caller's lease ran out and no other attempt holds the task: its
    /// result is not written.
    LeaseExpired,
    /// FinishRun without `force` while tasks are running.
    TasksInFlight,
    /// Only a finished task can be invalidated.
    TaskUnfinished,
    /// The task's result was invalidated: nothing more is recorded on it
    /// until a retry starts its next attempt.
    TaskInvalidated,
}

impl Refusal {
    /// The UPPER_SNAKE reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::TaskNotStarted => "TASK_NOT_STARTED",
            Self::TaskFinished => "TASK_FINISHED",
            Self::TaskCancelled => "TASK_CANCELLED",
            Self::RunFinished => "RUN_FINISHED",
            Self::RunCancelled => "RUN_CANCELLED",
            Self::LeaseLost => "LEASE_LOST",
            Self::LeaseExpired => "LEASE_EXPIRED",
            Self::TasksInFlight => "TASKS_IN_FLIGHT",
            Self::TaskUnfinished => "TASK_UNFINISHED",
            Self::TaskInvalidated => "TASK_INVALIDATED",
        }
    }

    /// What is wrong, for callers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::TaskNotStarted => "the task has not started; start it first",
            Self::TaskFinished => "the task has already finished",
            Self::TaskCancelled => "the task was cancelled",
            Self::RunFinished => "the run is finished",
            Self::RunCancelled => "the run was cancelled",
            Self::LeaseLost => {
                "another attempt holds or finished the task; this worker's result is not written: stop working on it"
            }
            Self::LeaseExpired => {
                "this attempt's lease ran out (no heartbeat in time); its result is not written: stop working on it"
            }
            Self::TasksInFlight => {
                "tasks of the run are still running: finish them first, or pass force to cancel them as the run finishes"
            }
            Self::TaskUnfinished => "the task has not finished; only a finished task's result can be invalidated",
            Self::TaskInvalidated => "the task's result was invalidated; retry it to record a new attempt",
        }
    }
}

impl TaskStatus {
    /// Every status, for queries that filter by a rule below.
    pub const ALL: [Self; 7] = [
        Self::Pending,
        Self::Running,
        Self::Passed,
        Self::Failed,
        Self::Errored,
        Self::TimedOut,
        Self::Cancelled,
    ];

    /// Pending or running: counted as unfinished, cancelled with its run.
    pub fn is_unfinished(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }

    /// After StartTask: pending → running; running stays running.
    pub fn start(self) -> Result<Self, Refusal> {
        match self {
            Self::Pending | Self::Running => Ok(Self::Running),
            Self::Cancelled => Err(Refusal::TaskCancelled),
            _ => Err(Refusal::TaskFinished),
        }
    }

    /// After FinishTask: running → the outcome.
    pub fn finish(self, outcome: Outcome) -> Result<Self, Refusal> {
        match self {
            Self::Running => Ok(outcome.status()),
            Self::Pending => Err(Refusal::TaskNotStarted),
            Self::Cancelled => Err(Refusal::TaskCancelled),
            _ => Err(Refusal::TaskFinished),
        }
    }
}

/// Tool usage as reported: `{tool: (attempts, failures)}`.
pub type ToolUsage = BTreeMap<String, (i64, i64)>;

/// A task's cumulative metrics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metrics {
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub tokens_context: i64,
    pub cache_writes: i64,
    pub cache_reads: i64,
    pub cost: f64,
    pub duration_ms: i64,
    pub tool_usage: ToolUsage,
    pub tokens_reasoning: i64,
    /// The cost was computed from tokens × the run's prices (`Prices::cost_of`).
    pub cost_computed: bool,
}

impl Metrics {
    /// Refuses negative or oversized numbers and odd tool names; one
    /// violation per problem.
    pub fn check(&self) -> Vec<FieldViolation> {
        let mut violations = Vec::new();
        let bounded = |value: i64| (0..=MAX_METRIC).contains(&value);
        for (field, value) in [
            ("metrics.tokens_in", self.tokens_in),
            ("metrics.tokens_out", self.tokens_out),
            ("metrics.tokens_context", self.tokens_context),
            ("metrics.tokens_reasoning", self.tokens_reasoning),
            ("metrics.cache_writes", self.cache_writes),
            ("metrics.cache_reads", self.cache_reads),
            ("metrics.duration_ms", self.duration_ms),
        ] {
            if !bounded(value) {
                violations.push(FieldViolation::new(field, format!("must be from 0 to {MAX_METRIC}")));
            }
        }
        if !(0.0..=MAX_COST).contains(&self.cost) {
            violations.push(FieldViolation::new(
                "metrics.cost",
                format!("must be a number from 0 to {MAX_COST}"),
            ));
        }
        for (tool, (attempts, failures)) in &self.tool_usage {
            let field = format!("metrics.tool_usage[{tool}]");
            if tool.is_empty() || tool.chars().count() > MAX_TOOL_NAME_CHARS || tool.chars().any(char::is_control) {
                violations.push(FieldViolation::new(
                    &field,
                    format!("tool names are 1–{MAX_TOOL_NAME_CHARS} printable characters"),
                ));
            }
            if !bounded(*attempts) || !bounded(*failures) {
                violations.push(FieldViolation::new(
                    &field,
                    format!("attempts and failures must be from 0 to {MAX_METRIC}"),
                ));
            }
        }
        violations
    }

    /// Tool usage as stored: `{"tool": {"attempts": n, "failures": m}}`.
    pub fn tool_usage_json(usage: &ToolUsage) -> serde_json::Value {
        serde_json::Value::Object(
            usage
                .iter()
                .map(|(tool, (attempts, failures))| {
                    (
                        tool.clone(),
                        serde_json::json!({"attempts": attempts, "failures": failures}),
                    )
                })
                .collect(),
        )
    }

    /// Reads stored tool usage; malformed entries count as zero.
    pub fn tool_usage_from_json(value: &serde_json::Value) -> ToolUsage {
        let number = |v: Option<&serde_json::Value>| {
            v.and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)))
                .unwrap_or(0)
        };
        value
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(tool, usage)| {
                        (
                            tool.clone(),
                            (number(usage.get("attempts")), number(usage.get("failures"))),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A checked FinishTask.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishTask {
    pub task_id: uuid::Uuid,
    pub outcome: Outcome,
    pub writer: super::Writer,
    /// Makes the call idempotent.
    pub request: Option<agentbase_platform::idempotency::RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl FinishTask {
    /// A FinishTask with its request id, fingerprinted over what it asks.
    pub fn new(task_id: uuid::Uuid, outcome: Outcome, writer: super::Writer, request_id: Option<uuid::Uuid>) -> Self {
        let request = agentbase_platform::idempotency::RequestKey::of(
            request_id,
            &[&task_id.to_string(), &format!("{outcome:?}"), &writer.fingerprint()],
        );
        Self {
            _parsed: crate::domain::Parsed,
            task_id,
            outcome,
            writer,
            request,
        }
    }
}

/// A checked RecordTaskMetrics.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordMetrics {
    pub task_id: uuid::Uuid,
    pub metrics: Metrics,
    pub writer: super::Writer,
    /// Makes the call idempotent.
    pub request: Option<agentbase_platform::idempotency::RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl RecordMetrics {
    /// A RecordTaskMetrics with its request id, fingerprinted over what it asks.
    pub fn new(task_id: uuid::Uuid, metrics: Metrics, writer: super::Writer, request_id: Option<uuid::Uuid>) -> Self {
        let request = agentbase_platform::idempotency::RequestKey::of(
            request_id,
            &[&task_id.to_string(), &metrics.fingerprint(), &writer.fingerprint()],
        );
        Self {
            _parsed: crate::domain::Parsed,
            task_id,
            metrics,
            writer,
            request,
        }
    }
}

impl Metrics {
    /// Every reported value, written out the same way whatever the build, for
    /// a request fingerprint.
    fn fingerprint(&self) -> String {
        let usage = Self::tool_usage_json(&self.tool_usage);
        format!(
            "{} {} {} {} {} {} {} {} {usage}",
            self.tokens_in,
            self.tokens_out,
            self.tokens_context,
            self.cache_writes,
            self.cache_reads,
            self.cost.to_bits(),
            self.duration_ms,
            self.tokens_reasoning,
        )
    }
}

/// Largest count a task may report (tokens, milliseconds, tool attempts):
/// 10^14, so that a run's sums over its at most 10,000 tasks stay below
/// 10^18, inside a 64-bit integer, in the service and in SQL alike.
pub const MAX_METRIC: i64 = 100_000_000_000_000;
/// Largest cost a task may report.
pub const MAX_COST: f64 = 1_000_000_000.0;

/// Longest tool name, in characters.
pub const MAX_TOOL_NAME_CHARS: usize = 255;
/// Largest tool error text, in bytes.
pub const MAX_TOOL_ERROR_BYTES: usize = 64 * 1024;

/// RecordToolError: against a run, or a task (whose run it then is).
#[derive(Debug, Clone)]
pub struct RecordToolError {
    pub run_id: Option<uuid::Uuid>,
    pub task_id: Option<uuid::Uuid>,
    pub tool_name: String,
    pub error: String,
    /// The worker recording it and its attempt, for a task it claimed.
    pub writer: super::Writer,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl RecordToolError {
    /// A tool error as reported: the error text is redacted before its size
    /// is checked (what is stored is what counts); the ids (one of them
    /// required) were parsed by the caller.
    pub fn parse(
        run_id: Option<uuid::Uuid>,
        task_id: Option<uuid::Uuid>,
        tool_name: String,
        error: &str,
        writer: super::Writer,
    ) -> Result<Self, Vec<FieldViolation>> {
        let command = Self {
            run_id,
            task_id,
            tool_name,
            error: super::secrets::redact_free_text(error),
            writer,
            _parsed: crate::domain::Parsed,
        };
        let violations = command.check();
        if violations.is_empty() {
            Ok(command)
        } else {
            Err(violations)
        }
    }

    /// Checks the text fields.
    fn check(&self) -> Vec<FieldViolation> {
        let mut violations = Vec::new();
        violations.extend(
            agentbase_platform::error::check_required_text("tool_name", &self.tool_name, MAX_TOOL_NAME_CHARS).err(),
        );
        if self.error.len() > MAX_TOOL_ERROR_BYTES {
            violations.push(FieldViolation::new(
                "error",
                format!("must be at most {} KiB", MAX_TOOL_ERROR_BYTES / 1024),
            ));
        } else if self.error.contains('\0') {
            violations.push(FieldViolation::new("error", "must not contain NUL characters"));
        }
        violations
    }
}

/// A stored task with its metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: uuid::Uuid,
    pub run_id: uuid::Uuid,
    pub language: Language,
    pub exercise: String,
    pub iteration: i32,
    pub status: TaskStatus,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Metrics and when they were reported.
    pub metrics: Option<(Metrics, chrono::DateTime<chrono::Utc>)>,
    /// From 1.
    pub attempt: i32,
    /// The lease of a claimed running task.
    pub lease: Option<super::Lease>,
    /// Why it errored without a result (`LEASE_EXPIRED`).
    pub error_reason: Option<String>,
    /// When and why its result was invalidated, if it was.
    pub invalidated: Option<(chrono::DateTime<chrono::Utc>, String)>,
}

impl Task {
    /// The task as it stood when `ended`, one of its earlier attempts, ended.
    pub fn as_of(self, ended: TaskAttempt) -> Self {
        let when = ended.finished_at.or(ended.ended_at).unwrap_or(self.created_at);
        Self {
            status: ended.status,
            started_at: ended.started_at,
            finished_at: ended.finished_at,
            metrics: ended.metrics.map(|metrics| (metrics, when)),
            attempt: ended.attempt,
            lease: None,
            error_reason: ended.error_reason,
            invalidated: ended.invalid_reason.map(|reason| (when, reason)),
            ..self
        }
    }
}

/// A stored tool error.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    pub id: uuid::Uuid,
    pub run_id: uuid::Uuid,
    pub task_id: Option<uuid::Uuid>,
    pub tool_name: String,
    pub error: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One transition of a run or of one of its tasks (WatchRun).
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
    pub sequence: i64,
    pub run_id: uuid::Uuid,
    pub change: RunChange,
    /// The task's attempt after the transition; 0 for the run's own.
    pub attempt: i32,
    /// The worker that claimed the task (claims).
    pub worker_id: String,
    /// Why the service made the transition itself (`LEASE_EXPIRED`).
    pub reason: String,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// What changed.
#[derive(Debug, Clone, PartialEq)]
pub enum RunChange {
    /// A task, named by its place in the run, moved to `status`.
    Task {
        id: uuid::Uuid,
        language: Language,
        exercise: String,
        iteration: i32,
        status: TaskStatus,
    },
    /// The run moved to this status.
    Run(super::RunStatus),
}

impl RunChange {
    /// Whether the run ended with it: nothing follows.
    pub fn ends_run(&self) -> bool {
        matches!(
            self,
            Self::Run(super::RunStatus::Finished | super::RunStatus::Cancelled)
        )
    }
}

/// Longest reason for invalidating a task, in characters.
pub const MAX_INVALID_REASON_CHARS: usize = 1024;

/// A checked InvalidateTask.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidateTask {
    pub task_id: uuid::Uuid,
    pub reason: String,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl TaskStatus {
    /// Whether the task ended with a result (passed, failed, errored, timed out).
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Passed | Self::Failed | Self::Errored | Self::TimedOut)
    }
}

/// A checked RetryTasks: the run, and which tasks to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryTasks {
    pub run_id: uuid::Uuid,
    /// The endings retried: failed, errored and/or timed out, and passed too
    /// when only invalidated tasks are retried.
    pub statuses: Vec<TaskStatus>,
    /// Only tasks whose result was invalidated.
    pub invalidated_only: bool,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl InvalidateTask {
    /// Invalidates `task_id` for `reason`, which is required and redacted
    /// before its length is checked.
    pub fn parse(task_id: uuid::Uuid, reason: &str) -> Result<Self, FieldViolation> {
        let reason = super::secrets::redact_free_text(reason);
        if reason.trim().is_empty() {
            return Err(FieldViolation::new("reason", "is required"));
        }
        agentbase_platform::error::check_text("reason", &reason, MAX_INVALID_REASON_CHARS)?;
        Ok(Self {
            task_id,
            reason,
            _parsed: crate::domain::Parsed,
        })
    }
}

impl RetryTasks {
    /// Retries the tasks of `run_id` that ended with one of `outcomes` (every
    /// failed outcome when none), or only the invalidated ones.
    pub fn parse(run_id: uuid::Uuid, outcomes: &[Outcome], invalidated_only: bool) -> Result<Self, FieldViolation> {
        Ok(Self {
            run_id,
            statuses: Self::statuses_for(outcomes, invalidated_only)?,
            invalidated_only,
            _parsed: crate::domain::Parsed,
        })
    }

    /// The statuses retried for the outcomes asked: none asked means every
    /// failure, or every ending for invalidated tasks, whose passes are worth
    /// re-running too (their result does not count).
    pub fn statuses_for(outcomes: &[Outcome], invalidated_only: bool) -> Result<Vec<TaskStatus>, FieldViolation> {
        if outcomes.contains(&Outcome::Passed) && !invalidated_only {
            return Err(FieldViolation::new(
                "outcomes",
                "only failed, errored and timed-out tasks are retried, unless invalidated is set",
            ));
        }
        let mut statuses: Vec<TaskStatus> = match (outcomes.is_empty(), invalidated_only) {
            (true, false) => vec![TaskStatus::Failed, TaskStatus::Errored, TaskStatus::TimedOut],
            (true, true) => TaskStatus::ALL.into_iter().filter(|s| s.is_finished()).collect(),
            (false, _) => outcomes.iter().map(|outcome| outcome.status()).collect(),
        };
        statuses.sort_by_key(|s| *s as u8);
        statuses.dedup();
        Ok(statuses)
    }
}

impl Outcome {
    /// The status a task ends in with this outcome.
    pub fn status(self) -> TaskStatus {
        match self {
            Self::Passed => TaskStatus::Passed,
            Self::Failed => TaskStatus::Failed,
            Self::Errored => TaskStatus::Errored,
            Self::TimedOut => TaskStatus::TimedOut,
        }
    }
}

/// One attempt of a task: an earlier one as it ended, or the current one.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskAttempt {
    pub attempt: i32,
    pub status: TaskStatus,
    pub error_reason: Option<String>,
    pub invalid_reason: Option<String>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub metrics: Option<Metrics>,
    /// When the next attempt began; None for the current one.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
}
