//! Comparing two runs task by task: tasks paired by (language, exercise,
//! iteration), outcome flips counted, metric deltas, and McNemar's exact test
//! on the discordant pairs.

use std::collections::{BTreeMap, HashMap};

use agentbase_platform::error::FieldViolation;
use uuid::Uuid;

use super::{Language, TaskStatus};

/// The significance level when the caller gives none.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// The significance level of a comparison: 0 means 0.05; otherwise above 0
/// and at most 0.5.
pub fn alpha(field: &str, raw: f64) -> Result<f64, FieldViolation> {
    if raw == 0.0 {
        Ok(DEFAULT_ALPHA)
    } else if raw.is_finite() && raw > 0.0 && raw <= 0.5 {
        Ok(raw)
    } else {
        Err(FieldViolation::new(
            field,
            "must be above 0 and at most 0.5 (0 means 0.05)",
        ))
    }
}

/// The two runs a comparison reads: they must differ, since a run compared
/// with itself reports "no significant change" whatever it holds — a CI
/// gate given the same id twice would pass silently (issue 33).
pub fn distinct_runs(baseline: Uuid, candidate: Uuid) -> Result<(Uuid, Uuid), FieldViolation> {
    if baseline == candidate {
        Err(FieldViolation::new(
            "candidate_run_id",
            "must name another run than baseline_run_id",
        ))
    } else {
        Ok((baseline, candidate))
    }
}

/// One task as a comparison sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskResult {
    pub task_id: Uuid,
    pub language: Language,
    pub exercise: String,
    pub iteration: i32,
    pub status: TaskStatus,
    /// Tokens in + out (tasks without metrics: 0).
    pub tokens: i64,
    pub cost: f64,
    pub duration_ms: i64,
    /// False when its result was invalidated.
    pub counts: bool,
}

impl TaskResult {
    /// Passed, failed (failed, errored or timed out), or neither (pending,
    /// running, cancelled): only finished pairs are compared.
    fn outcome(&self) -> Option<bool> {
        match self.status {
            TaskStatus::Passed => Some(true),
            TaskStatus::Failed | TaskStatus::Errored | TaskStatus::TimedOut => Some(false),
            TaskStatus::Pending | TaskStatus::Running | TaskStatus::Cancelled => None,
        }
    }
}

/// Outcome pairs of finished tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairCounts {
    pub pairs: i64,
    pub both_passed: i64,
    pub both_failed: i64,
    /// Passed in the baseline, failed in the candidate.
    pub regressions: i64,
    /// Failed in the baseline, passed in the candidate.
    pub fixes: i64,
}

impl PairCounts {
    fn add(&mut self, baseline: bool, candidate: bool) {
        self.pairs += 1;
        match (baseline, candidate) {
            (true, true) => self.both_passed += 1,
            (false, false) => self.both_failed += 1,
            (true, false) => self.regressions += 1,
            (false, true) => self.fixes += 1,
        }
    }
}

/// A metric on both sides of the compared pairs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Delta {
    pub baseline_total: f64,
    pub candidate_total: f64,
    pub baseline_median: f64,
    pub candidate_median: f64,
}

impl Delta {
    fn of(baseline: &mut [f64], candidate: &mut [f64]) -> Self {
        Self {
            baseline_total: baseline.iter().sum(),
            candidate_total: candidate.iter().sum(),
            baseline_median: median(baseline),
            candidate_median: median(candidate),
        }
    }
}

/// The median of `values` (mean of the middle two for an even count; 0 for none).
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    }
}

/// The conclusion at the caller's significance level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Regressed,
    Improved,
    NoSignificantChange,
}

/// One pair of tasks, as a regression lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub language: Language,
    pub exercise: String,
    pub iteration: i32,
    pub baseline_task_id: Uuid,
    pub candidate_task_id: Uuid,
    pub baseline_status: TaskStatus,
    pub candidate_status: TaskStatus,
}

/// Two runs compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub overall: PairCounts,
    pub languages: BTreeMap<Language, PairCounts>,
    /// Tasks with no counterpart in the other run.
    pub baseline_only: i64,
    pub candidate_only: i64,
    /// Pairs where either task has not finished (pending, running, cancelled).
    pub unfinished_pairs: i64,
    /// Pairs where either task's result was invalidated.
    pub invalidated_pairs: i64,
    /// Over the compared (finished) pairs.
    pub tokens: Delta,
    pub cost: Delta,
    pub duration_ms: Delta,
    pub alpha: f64,
    pub p_value: f64,
    pub verdict: Verdict,
    /// The regressed pairs, in the baseline's task order.
    pub regressed: Vec<Pair>,
}

/// Compares `candidate` with `baseline` at significance level `alpha`.
pub fn compare(baseline: Vec<TaskResult>, candidate: Vec<TaskResult>, alpha: f64) -> Comparison {
    let mut by_key: HashMap<(Language, String, i32), TaskResult> = candidate
        .into_iter()
        .map(|task| ((task.language, task.exercise.clone(), task.iteration), task))
        .collect();
    let mut overall = PairCounts::default();
    let mut languages: BTreeMap<Language, PairCounts> = BTreeMap::new();
    let (mut baseline_only, mut unfinished_pairs, mut invalidated_pairs) = (0, 0, 0);
    let mut sides: [Vec<f64>; 6] = Default::default();
    let mut regressed = Vec::new();
    let mut baseline = baseline;
    baseline.sort_by_key(|task| task.task_id);
    for task in baseline {
        let Some(other) = by_key.remove(&(task.language, task.exercise.clone(), task.iteration)) else {
            baseline_only += 1;
            continue;
        };
        if !(task.counts && other.counts) {
            invalidated_pairs += 1;
            continue;
        }
        let (Some(before), Some(after)) = (task.outcome(), other.outcome()) else {
            unfinished_pairs += 1;
            continue;
        };
        overall.add(before, after);
        languages.entry(task.language).or_default().add(before, after);
        for (i, (b, c)) in [
            (task.tokens as f64, other.tokens as f64),
            (task.cost, other.cost),
            (task.duration_ms as f64, other.duration_ms as f64),
        ]
        .into_iter()
        .enumerate()
        {
            sides[2 * i].push(b);
            sides[2 * i + 1].push(c);
        }
        if before && !after {
            regressed.push(Pair {
                language: task.language,
                exercise: task.exercise,
                iteration: task.iteration,
                baseline_task_id: task.task_id,
                candidate_task_id: other.task_id,
                baseline_status: task.status,
                candidate_status: other.status,
            });
        }
    }
    let [
        mut tokens_b,
        mut tokens_c,
        mut cost_b,
        mut cost_c,
        mut duration_b,
        mut duration_c,
    ] = sides;
    let p_value = mcnemar_exact(overall.regressions.unsigned_abs(), overall.fixes.unsigned_abs());
    let verdict = if p_value >= alpha || overall.regressions == overall.fixes {
        Verdict::NoSignificantChange
    } else if overall.regressions > overall.fixes {
        Verdict::Regressed
    } else {
        Verdict::Improved
    };
    Comparison {
        overall,
        languages,
        baseline_only,
        candidate_only: by_key.len() as i64,
        unfinished_pairs,
        invalidated_pairs,
        tokens: Delta::of(&mut tokens_b, &mut tokens_c),
        cost: Delta::of(&mut cost_b, &mut cost_c),
        duration_ms: Delta::of(&mut duration_b, &mut duration_c),
        alpha,
        p_value,
        verdict,
        regressed,
    }
}

/// McNemar's exact test, two-sided, on `b` and `c` discordant pairs: twice
/// the probability of a split at least as uneven under Binomial(b + c, ½),
/// at most 1; 1 when there are none. Summed in log space, so thousands of
/// pairs neither overflow nor underflow to a wrong answer.
pub fn mcnemar_exact(b: u64, c: u64) -> f64 {
    let n = b + c;
    if n == 0 {
        return 1.0;
    }
    let low = b.min(c);
    // ln P(X = k) for k = 0..=low, from ln P(X = 0) = −n ln 2.
    let mut log_pmf = -(n as f64) * std::f64::consts::LN_2;
    let mut terms = Vec::with_capacity(usize::try_from(low).unwrap_or(0) + 1);
    for k in 0..=low {
        terms.push(log_pmf);
        log_pmf += ((n - k) as f64).ln() - ((k + 1) as f64).ln();
    }
    let peak = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let tail = peak.exp() * terms.iter().map(|t| (t - peak).exp()).sum::<f64>();
    (2.0 * tail).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    #[test]
    fn mcnemar_matches_small_cases_by_hand() {
        assert_eq!(mcnemar_exact(0, 0), 1.0, "all ties");
        assert!(close(mcnemar_exact(3, 0), 0.25), "one-sided: 2 × ½³");
        assert!(close(mcnemar_exact(0, 3), 0.25));
        assert!(close(mcnemar_exact(8, 1), 2.0 * 10.0 / 512.0));
        assert_eq!(mcnemar_exact(5, 5), 1.0, "an even split is capped at 1");
        assert!(close(mcnemar_exact(1, 2), 1.0));
    }

    #[test]
    fn mcnemar_stays_finite_for_thousands_of_pairs() {
        let p = mcnemar_exact(5_000, 4_000);
        assert!(p > 0.0 && p < 1e-20, "{p}");
        let even = mcnemar_exact(5_000, 5_000);
        assert!(close(even, 1.0));
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), 0.0);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn alpha_defaults_and_bounds() {
        assert_eq!(alpha("alpha", 0.0).unwrap(), DEFAULT_ALPHA);
        assert!(alpha("alpha", 0.6).is_err() && alpha("alpha", -0.1).is_err() && alpha("alpha", f64::NAN).is_err());
    }
}
