//! Rules of the evaluation context: run and task lifecycles, input bounds,
//! secret redaction and pass@k. No tonic, no sea-orm.

use std::collections::BTreeMap;

use agentbase_platform::error::FieldViolation;

pub mod secrets;

pub use secrets::{REDACTED, redact};

/// Most tasks one run may have.
pub const MAX_TASKS: usize = 10_000;
/// Concurrency bounds and default.
pub const CONCURRENCY: (i32, i32, i32) = (1, 25, 2);
/// Timeout bounds and default, in minutes.
pub const TIMEOUT_MINUTES: (i32, i32, i32) = (1, 120, 5);
/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunStatus {
    /// Created.
    Pending,
    /// A task started.
    Running,
    /// Totals computed.
    Finished,
    /// Cancelled.
    Cancelled,
}

impl RunStatus {
    /// Every status, for queries that filter by a rule below.
    pub const ALL: [Self; 4] = [Self::Pending, Self::Running, Self::Finished, Self::Cancelled];

    /// After CancelRun: a finished run stays finished (refused), cancelling twice is harmless.
    pub fn cancel(self) -> Result<Self, Refusal> {
        match self {
            Self::Finished => Err(Refusal::RunFinished),
            _ => Ok(Self::Cancelled),
        }
    }

    /// After FinishRun: cancelled runs keep their status, others become finished.
    pub fn finish(self) -> Self {
        match self {
            Self::Cancelled => Self::Cancelled,
            _ => Self::Finished,
        }
    }

    /// Whether tasks may still start.
    pub fn accepts_work(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// An exercise language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// Go.
    Go,
    /// Java.
    Java,
    /// JavaScript.
    JavaScript,
    /// Python.
    Python,
    /// Rust.
    Rust,
}

impl Language {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Go => "go",
            Self::Java => "java",
            Self::JavaScript => "javascript",
            Self::Python => "python",
            Self::Rust => "rust",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Go, Self::Java, Self::JavaScript, Self::Python, Self::Rust]
            .into_iter()
            .find(|l| l.as_str() == raw)
    }
}

/// Where a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskStatus {
    /// Waiting.
    Pending,
    /// Running.
    Running,
    /// Passed.
    Passed,
    /// Failed.
    Failed,
    /// Errored.
    Errored,
    /// Timed out.
    TimedOut,
    /// Cancelled.
    Cancelled,
}

/// How a task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Passed.
    Passed,
    /// Failed.
    Failed,
    /// Errored.
    Errored,
    /// Timed out.
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
}

impl Refusal {
    /// The UPPER_SNAKE reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::TaskNotStarted => "TASK_NOT_STARTED",
            Self::TaskFinished => "TASK_FINISHED",
            Self::TaskCancelled => "TASK_CANCELLED",
            Self::RunFinished => "RUN_FINISHED",
        }
    }

    /// What is wrong, for callers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::TaskNotStarted => "the task has not started; start it first",
            Self::TaskFinished => "the task has already finished",
            Self::TaskCancelled => "the task was cancelled",
            Self::RunFinished => "the run is finished",
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
            Self::Running => Ok(match outcome {
                Outcome::Passed => Self::Passed,
                Outcome::Failed => Self::Failed,
                Outcome::Errored => Self::Errored,
                Outcome::TimedOut => Self::TimedOut,
            }),
            Self::Pending => Err(Refusal::TaskNotStarted),
            Self::Cancelled => Err(Refusal::TaskCancelled),
            _ => Err(Refusal::TaskFinished),
        }
    }
}

/// Unbiased pass@k: 1 − C(n−c, k) / C(n, k), computed as a product so large n stays exact enough.
pub fn pass_at_k(n: u32, c: u32, k: u32) -> f64 {
    if k == 0 || k > n {
        return 0.0;
    }
    if n - c < k {
        return 1.0;
    }
    let ratio: f64 = ((n - c + 1)..=n).map(|i| 1.0 - f64::from(k) / f64::from(i)).product();
    1.0 - ratio
}

/// Tool usage as reported: `{tool: (attempts, failures)}`.
pub type ToolUsage = BTreeMap<String, (i64, i64)>;

/// A task's cumulative metrics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metrics {
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
    /// Context tokens.
    pub tokens_context: i64,
    /// Cache writes.
    pub cache_writes: i64,
    /// Cache reads.
    pub cache_reads: i64,
    /// Cost.
    pub cost: f64,
    /// Duration.
    pub duration_ms: i64,
    /// Tool usage.
    pub tool_usage: ToolUsage,
}

impl Metrics {
    /// Refuses negative numbers and odd tool names; one violation per problem.
    pub fn check(&self) -> Vec<FieldViolation> {
        let mut violations = Vec::new();
        for (field, value) in [
            ("metrics.tokens_in", self.tokens_in),
            ("metrics.tokens_out", self.tokens_out),
            ("metrics.tokens_context", self.tokens_context),
            ("metrics.cache_writes", self.cache_writes),
            ("metrics.cache_reads", self.cache_reads),
            ("metrics.duration_ms", self.duration_ms),
        ] {
            if value < 0 {
                violations.push(FieldViolation::new(field, "must not be negative"));
            }
        }
        if !self.cost.is_finite() || self.cost < 0.0 {
            violations.push(FieldViolation::new("metrics.cost", "must be a non-negative number"));
        }
        for (tool, (attempts, failures)) in &self.tool_usage {
            let field = format!("metrics.tool_usage[{tool}]");
            if tool.is_empty() || tool.chars().count() > 255 || tool.chars().any(char::is_control) {
                violations.push(FieldViolation::new(&field, "tool names are 1–255 printable characters"));
            }
            if *attempts < 0 || *failures < 0 {
                violations.push(FieldViolation::new(
                    &field,
                    "attempts and failures must not be negative",
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

/// Totals of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    /// Tasks.
    pub tasks: i64,
    /// Passed.
    pub passed: i64,
    /// Failed.
    pub failed: i64,
    /// Errored.
    pub errored: i64,
    /// Timed out.
    pub timed_out: i64,
    /// Cancelled.
    pub cancelled: i64,
    /// Pending or running.
    pub unfinished: i64,
    /// Sums of task metrics (tasks without metrics count as zero).
    pub metrics: Metrics,
}

impl Totals {
    /// The count of tasks in `status`.
    fn count_mut(&mut self, status: TaskStatus) -> &mut i64 {
        match status {
            TaskStatus::Pending | TaskStatus::Running => &mut self.unfinished,
            TaskStatus::Passed => &mut self.passed,
            TaskStatus::Failed => &mut self.failed,
            TaskStatus::Errored => &mut self.errored,
            TaskStatus::TimedOut => &mut self.timed_out,
            TaskStatus::Cancelled => &mut self.cancelled,
        }
    }

    /// One task moved from `from` to `to`.
    pub fn task_moved(&mut self, from: TaskStatus, to: TaskStatus) {
        *self.count_mut(from) -= 1;
        *self.count_mut(to) += 1;
    }

    /// `count` unfinished tasks were cancelled.
    pub fn unfinished_cancelled(&mut self, count: i64) {
        self.unfinished -= count;
        self.cancelled += count;
    }

    /// Finished tasks: passed, failed, errored or timed out (not cancelled).
    pub fn finished(&self) -> i64 {
        self.passed + self.failed + self.errored + self.timed_out
    }

    /// A task's cumulative metrics changed from `old` (none reported: zero) to `new`.
    pub fn metrics_replaced(&mut self, old: &Metrics, new: &Metrics) {
        let sums = &mut self.metrics;
        sums.tokens_in += new.tokens_in - old.tokens_in;
        sums.tokens_out += new.tokens_out - old.tokens_out;
        sums.tokens_context += new.tokens_context - old.tokens_context;
        sums.cache_writes += new.cache_writes - old.cache_writes;
        sums.cache_reads += new.cache_reads - old.cache_reads;
        sums.cost += new.cost - old.cost;
        sums.duration_ms += new.duration_ms - old.duration_ms;
        for (tool, (attempts, failures)) in &old.tool_usage {
            if let Some(entry) = sums.tool_usage.get_mut(tool) {
                entry.0 -= attempts;
                entry.1 -= failures;
            }
        }
        for (tool, (attempts, failures)) in &new.tool_usage {
            let entry = sums.tool_usage.entry(tool.clone()).or_default();
            entry.0 += attempts;
            entry.1 += failures;
        }
        // A tool no task reports any more is dropped, as a recount would.
        let reported: std::collections::BTreeSet<&String> = new.tool_usage.keys().collect();
        sums.tool_usage
            .retain(|tool, usage| *usage != (0, 0) || reported.contains(tool));
    }
}

/// The share of finished tasks that passed (0 when none finished): what a
/// runner reads while a run is still going, so pending tasks do not lower it.
pub fn pass_rate(passed: i64, finished: i64) -> f64 {
    if finished == 0 {
        0.0
    } else {
        passed as f64 / finished as f64
    }
}

/// Price snapshot per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prices {
    /// Input.
    pub input: Option<f64>,
    /// Output.
    pub output: Option<f64>,
    /// Cache writes.
    pub cache_writes: Option<f64>,
    /// Cache reads.
    pub cache_reads: Option<f64>,
}

/// A validated CreateRun.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    /// Model.
    pub model: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Settings, already redacted.
    pub settings: serde_json::Value,
    /// Concurrency.
    pub concurrency: i32,
    /// Timeout.
    pub timeout_minutes: i32,
    /// Prices.
    pub prices: Prices,
    /// Context window.
    pub context_window: Option<i64>,
    /// (language, exercise, iteration) of every task, unique.
    pub tasks: Vec<(Language, String, i32)>,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// Model.
    pub model: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Settings (redacted).
    pub settings: serde_json::Value,
    /// Concurrency.
    pub concurrency: i32,
    /// Timeout.
    pub timeout_minutes: i32,
    /// Prices.
    pub prices: Prices,
    /// Context window.
    pub context_window: Option<i64>,
    /// Status.
    pub status: RunStatus,
    /// Totals.
    pub totals: Totals,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Started.
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Finished.
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A stored task with its metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// Run.
    pub run_id: uuid::Uuid,
    /// Language.
    pub language: Language,
    /// Exercise.
    pub exercise: String,
    /// Iteration.
    pub iteration: i32,
    /// Status.
    pub status: TaskStatus,
    /// Started.
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Finished.
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Created.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Metrics and when they were reported.
    pub metrics: Option<(Metrics, chrono::DateTime<chrono::Utc>)>,
}

/// A stored tool error.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    /// UUIDv7.
    pub id: uuid::Uuid,
    /// Run.
    pub run_id: uuid::Uuid,
    /// Task.
    pub task_id: Option<uuid::Uuid>,
    /// Tool.
    pub tool_name: String,
    /// Error.
    pub error: String,
    /// Recorded.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Per-language results.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSummary {
    /// Language.
    pub language: Language,
    /// Tasks.
    pub total: i64,
    /// Passed.
    pub passed: i64,
    /// Failed, errored or timed out.
    pub failed: i64,
}

impl LanguageSummary {
    /// Tasks that finished: passed, failed, errored or timed out.
    pub fn finished(&self) -> i64 {
        self.passed + self.failed
    }

    /// passed / finished (see [`pass_rate`]).
    pub fn pass_rate(&self) -> f64 {
        pass_rate(self.passed, self.finished())
    }
}

/// pass@k of one exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct ExercisePassAtK {
    /// Language.
    pub language: Language,
    /// Exercise.
    pub exercise: String,
    /// Finished samples (n).
    pub samples: u32,
    /// Passed samples (c).
    pub passed: u32,
    /// pass@k for k = 1..n.
    pub pass_at_k: Vec<f64>,
}

impl ExercisePassAtK {
    /// pass@1..n for `samples` finished iterations of which `passed` passed.
    pub fn new(language: Language, exercise: String, samples: u32, passed: u32) -> Self {
        let pass_at_k = (1..=samples).map(|k| pass_at_k(samples, passed, k)).collect();
        Self {
            language,
            exercise,
            samples,
            passed,
            pass_at_k,
        }
    }
}

/// The mean pass@k over exercises with at least k samples, for k = 1, 2, ….
pub fn mean_pass_at_k(exercises: &[ExercisePassAtK]) -> Vec<f64> {
    let max = exercises.iter().map(|e| e.pass_at_k.len()).max().unwrap_or(0);
    (0..max)
        .map(|k| {
            let values: Vec<f64> = exercises.iter().filter_map(|e| e.pass_at_k.get(k).copied()).collect();
            values.iter().sum::<f64>() / values.len() as f64
        })
        .collect()
}

/// A live summary of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The run with live totals.
    pub run: Run,
    /// Per language.
    pub languages: Vec<LanguageSummary>,
    /// Tool errors per tool, most first.
    pub tool_errors: Vec<(String, i64)>,
    /// pass@k per exercise.
    pub exercises: Vec<ExercisePassAtK>,
    /// Mean pass@k per k.
    pub mean_pass_at_k: Vec<f64>,
}

/// Filters of ListRuns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// Only this model.
    pub model: Option<String>,
    /// Only this status.
    pub status: Option<RunStatus>,
    /// Created at or after.
    pub created_after: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before.
    pub created_before: Option<chrono::DateTime<chrono::Utc>>,
    /// Lower-cased text the name contains.
    pub name_contains: Option<String>,
}

impl RunFilter {
    /// The parts a page token is bound to.
    pub fn fingerprint(&self) -> String {
        agentbase_platform::paging::fingerprint(&[
            "runs",
            self.model.as_deref().unwrap_or(""),
            &format!("{:?}", self.status),
            &self.created_after.map(|t| t.to_rfc3339()).unwrap_or_default(),
            &self.created_before.map(|t| t.to_rfc3339()).unwrap_or_default(),
            self.name_contains.as_deref().unwrap_or(""),
        ])
    }
}

#[cfg(test)]
mod tests;
