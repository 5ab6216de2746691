//! Totals, pass rates and pass@k of a run.

use super::{Language, Metrics, Run, TaskStatus};

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

/// Totals of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    pub tasks: i64,
    pub passed: i64,
    pub failed: i64,
    pub errored: i64,
    pub timed_out: i64,
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
        sums.tokens_reasoning += new.tokens_reasoning - old.tokens_reasoning;
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

/// Per-language results.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageSummary {
    pub language: Language,
    pub total: i64,
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
    pub language: Language,
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
    pub languages: Vec<LanguageSummary>,
    /// Tool errors per tool, most first.
    pub tool_errors: Vec<(String, i64)>,
    /// pass@k per exercise.
    pub exercises: Vec<ExercisePassAtK>,
    /// Mean pass@k per k.
    pub mean_pass_at_k: Vec<f64>,
}
