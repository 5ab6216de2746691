//! Runs: their lifecycle, what creating one takes, and how they are listed.

use std::collections::HashSet;

use agentbase_platform::error::{FieldViolation, RecordViolation as _, all_ok, check_required_text, check_text};
use agentbase_platform::idempotency::RequestKey;
use agentbase_platform::mask::{unknown_path, update_paths};
use uuid::Uuid;

use super::{Refusal, Totals, redact};

/// Most tasks one run may have.
pub const MAX_TASKS: usize = 10_000;
/// Concurrency bounds and default.
pub const CONCURRENCY: (i32, i32, i32) = (1, 25, 2);
/// Timeout bounds and default, in minutes.
pub const TIMEOUT_MINUTES: (i32, i32, i32) = (1, 120, 5);
/// Longest model, run name or exercise name, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Longest run description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4096;
/// Largest run settings, as JSON bytes.
pub const MAX_SETTINGS_BYTES: usize = 256 * 1024;

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunStatus {
    Pending,
    /// A task started.
    Running,
    Finished,
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

    /// Whether a worker may claim tasks of the run.
    pub fn claim(self) -> Result<(), Refusal> {
        match self {
            Self::Pending | Self::Running => Ok(()),
            Self::Finished => Err(Refusal::RunFinished),
            Self::Cancelled => Err(Refusal::RunCancelled),
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
    Go,
    Java,
    JavaScript,
    Python,
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

/// Highest price per million tokens (a dollar a token): with
/// [`super::MAX_METRIC`] tokens of each kind, a computed cost stays a finite
/// number far from overflow even summed over a run's tasks.
pub const MAX_PRICE: f64 = 1_000_000.0;

/// Price snapshot per million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prices {
    pub input: Option<f64>,
    pub output: Option<f64>,
    pub cache_writes: Option<f64>,
    pub cache_reads: Option<f64>,
    pub reasoning: Option<f64>,
}

/// A validated CreateRun.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    pub model: String,
    pub name: String,
    pub description: String,
    /// Settings, already redacted.
    pub settings: serde_json::Value,
    pub concurrency: i32,
    pub timeout_minutes: i32,
    pub prices: Prices,
    pub context_window: Option<i64>,
    /// (language, exercise, iteration) of every task, unique.
    pub tasks: Vec<(Language, String, i32)>,
    /// Attempts of a leased task.
    pub max_attempts: i32,
}

/// CreateRun as the caller sent it, wire enums already decoded.
#[derive(Debug, Clone, Default)]
pub struct CreateRunInput {
    pub model: String,
    pub name: String,
    pub description: String,
    pub settings: serde_json::Value,
    /// 0 means the default.
    pub concurrency: i32,
    /// 0 means the default.
    pub timeout_minutes: i32,
    /// 0 means 1.
    pub iterations: i32,
    /// 0 means unknown.
    pub context_window: i64,
    pub prices: Prices,
    /// Each exercise's field prefix (`exercises[i]`), language and name; a
    /// language that did not decode is `None` and already reported.
    pub exercises: Vec<(String, Option<Language>, String)>,
    /// 0 means the default.
    pub max_attempts: i32,
}

impl NewRun {
    /// Checks every rule of a new run and lays out its tasks; one violation per problem.
    pub fn parse(input: CreateRunInput) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        violations.extend(check_required_text("model", &input.model, MAX_NAME_CHARS).err());
        violations.extend(check_text("name", &input.name, MAX_NAME_CHARS).err());
        violations.extend(check_text("description", &input.description, MAX_DESCRIPTION_CHARS).err());
        let concurrency = bounded("concurrency", input.concurrency, CONCURRENCY).or_record(&mut violations);
        let timeout = bounded("timeout_minutes", input.timeout_minutes, TIMEOUT_MINUTES).or_record(&mut violations);
        let max_attempts = bounded(
            "max_attempts",
            input.max_attempts,
            (1, super::MAX_ATTEMPTS, super::DEFAULT_MAX_ATTEMPTS),
        )
        .or_record(&mut violations);
        let iterations = match input.iterations {
            0 => 1,
            n if n > 0 => n,
            _ => {
                violations.push(FieldViolation::new("iterations", "must not be negative"));
                1
            }
        };
        if input.context_window < 0 {
            violations.push(FieldViolation::new("context_window", "must not be negative"));
        }
        violations.extend(input.prices.check());
        let mut settings = input.settings;
        redact(&mut settings);
        if settings.to_string().len() > MAX_SETTINGS_BYTES {
            violations.push(FieldViolation::new(
                "settings",
                format!("must be at most {} KiB as JSON", MAX_SETTINGS_BYTES / 1024),
            ));
        }
        if input.exercises.is_empty() {
            violations.push(FieldViolation::new("exercises", "at least one exercise is required"));
        }
        if input.exercises.len().saturating_mul(iterations as usize) > MAX_TASKS {
            violations.push(FieldViolation::new(
                "exercises",
                format!("exercises × iterations must be at most {MAX_TASKS}"),
            ));
        }
        let mut tasks = Vec::new();
        if violations.is_empty() {
            tasks = lay_out_tasks(&input.exercises, iterations, &mut violations);
        }
        let run = concurrency
            .zip(timeout)
            .zip(max_attempts)
            .map(|((concurrency, timeout_minutes), max_attempts)| Self {
                model: input.model,
                name: input.name,
                description: input.description,
                settings,
                concurrency,
                timeout_minutes,
                prices: input.prices,
                context_window: (input.context_window > 0).then_some(input.context_window),
                tasks,
                max_attempts,
            });
        match run {
            Some(run) if violations.is_empty() => Ok(run),
            _ => Err(violations),
        }
    }
}

/// Every (language, exercise, iteration), refusing an exercise listed twice.
fn lay_out_tasks(
    exercises: &[(String, Option<Language>, String)],
    iterations: i32,
    violations: &mut Vec<FieldViolation>,
) -> Vec<(Language, String, i32)> {
    let mut tasks = Vec::new();
    let mut seen = HashSet::new();
    for (field, language, exercise) in exercises {
        if let Err(v) = check_required_text(&format!("{field}.exercise"), exercise, MAX_NAME_CHARS) {
            violations.push(v);
            continue;
        }
        let Some(language) = *language else { continue };
        if !seen.insert((language, exercise.clone())) {
            violations.push(FieldViolation::new(
                field.clone(),
                format!(
                    "{} / {exercise} is listed twice: its (language, exercise, iteration) tasks would repeat",
                    language.as_str(),
                ),
            ));
            continue;
        }
        for iteration in 1..=iterations {
            tasks.push((language, exercise.clone(), iteration));
        }
    }
    tasks
}

/// `raw` within `(min, max, default)`, 0 meaning the default.
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

impl Prices {
    /// Each price is absent or a number from 0 to [`MAX_PRICE`].
    pub fn check(&self) -> Vec<FieldViolation> {
        [
            ("prices.input", self.input),
            ("prices.output", self.output),
            ("prices.cache_writes", self.cache_writes),
            ("prices.cache_reads", self.cache_reads),
            ("prices.reasoning", self.reasoning),
        ]
        .into_iter()
        .filter(|(_, price)| price.is_some_and(|p| !(0.0..=MAX_PRICE).contains(&p)))
        .map(|(field, _)| FieldViolation::new(field, format!("must be a number from 0 to {MAX_PRICE}")))
        .collect()
    }

    /// The cost of `metrics` at these prices when the runner reported tokens
    /// but no cost: each kind of token × its price per million, kinds without
    /// a price counting 0, rounded to the nearest millionth (half away from
    /// zero). None when a cost was reported, no tokens were, or the run has
    /// no prices.
    pub fn cost_of(&self, metrics: &super::Metrics) -> Option<f64> {
        let priced = [
            (metrics.tokens_in, self.input),
            (metrics.tokens_out, self.output),
            (metrics.cache_writes, self.cache_writes),
            (metrics.cache_reads, self.cache_reads),
            (metrics.tokens_reasoning, self.reasoning),
        ];
        let any_tokens = priced.iter().any(|(tokens, _)| *tokens > 0);
        let any_price = priced.iter().any(|(_, price)| price.is_some());
        if metrics.cost != 0.0 || !any_tokens || !any_price {
            return None;
        }
        let dollars: f64 = priced
            .iter()
            .map(|(tokens, price)| *tokens as f64 * price.unwrap_or(0.0) / 1_000_000.0)
            .sum();
        Some((dollars * 1_000_000.0).round() / 1_000_000.0)
    }
}

/// CreateRun: a valid new run and the caller's request key.
#[derive(Debug, Clone)]
pub struct CreateRun {
    pub run: NewRun,
    pub request: Option<RequestKey>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl CreateRun {
    pub fn new(run: NewRun, request_id: Option<Uuid>) -> Self {
        let request = RequestKey::of(
            request_id,
            &[
                &run.model,
                &run.name,
                &run.description,
                &run.settings.to_string(),
                &format!(
                    "{}/{}/{:?}/{:?}",
                    run.concurrency, run.timeout_minutes, run.prices, run.context_window
                ),
                &run.tasks
                    .iter()
                    .map(|(l, e, i)| format!("{}:{e}:{i}", l.as_str()))
                    .collect::<Vec<_>>()
                    .join("\u{1f}"),
                // Only when not the default, so that requests recorded before
                // runs had attempts keep their fingerprint.
                &(if run.max_attempts == super::DEFAULT_MAX_ATTEMPTS {
                    String::new()
                } else {
                    format!("attempts:{}", run.max_attempts)
                }),
            ],
        );
        Self {
            _parsed: crate::domain::Parsed,
            run,
            request,
        }
    }
}

/// UpdateRun: `None` keeps a field.
#[derive(Debug, Clone)]
pub struct UpdateRun {
    pub id: Uuid,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl UpdateRun {
    /// Applies AIP-134 mask rules (no mask: the non-empty fields) and checks each masked field.
    pub fn parse(
        id: Option<Uuid>,
        mask: Vec<String>,
        name: String,
        description: String,
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let present = [("name", !name.is_empty()), ("description", !description.is_empty())];
        let paths = update_paths(mask, &present)
            .or_record(&mut violations)
            .unwrap_or_default();
        let mut update = (None, None);
        for path in paths {
            match path.as_str() {
                "name" => {
                    violations.extend(check_text("name", &name, MAX_NAME_CHARS).err());
                    update.0 = Some(name.clone());
                }
                "description" => {
                    violations.extend(check_text("description", &description, MAX_DESCRIPTION_CHARS).err());
                    update.1 = Some(description.clone());
                }
                other => violations.push(unknown_path(other, &["name", "description"])),
            }
        }
        all_ok(id, violations).map(|id| Self {
            _parsed: crate::domain::Parsed,
            id,
            name: update.0,
            description: update.1,
        })
    }
}

/// DeleteRuns: at least one condition, so no call deletes every run by accident.
#[derive(Debug, Clone, Copy)]
pub struct DeleteRuns {
    pub created_before: Option<chrono::DateTime<chrono::Utc>>,
    pub unfinished_only: bool,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

impl DeleteRuns {
    pub fn parse(
        created_before: Option<chrono::DateTime<chrono::Utc>>,
        unfinished_only: bool,
    ) -> Result<Self, FieldViolation> {
        if created_before.is_none() && !unfinished_only {
            return Err(FieldViolation::new(
                "created_before",
                "give created_before and/or unfinished_only; deleting every run needs one of them",
            ));
        }
        Ok(Self {
            _parsed: crate::domain::Parsed,
            created_before,
            unfinished_only,
        })
    }
}

/// A stored run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: uuid::Uuid,
    pub model: String,
    pub name: String,
    pub description: String,
    /// Settings (redacted).
    pub settings: serde_json::Value,
    pub concurrency: i32,
    pub timeout_minutes: i32,
    pub prices: Prices,
    pub context_window: Option<i64>,
    pub status: RunStatus,
    pub totals: Totals,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub started_at: Option<chrono::DateTime<chrono::Utc>>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub max_attempts: i32,
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
