//! CompareRuns' request and answer, to and from the domain.

use agentbase_platform::error::{FieldViolation, RecordViolation as _};
use agentbase_platform::ids::parse_id;
use agentbase_proto::evaluation::v1 as pb;
use uuid::Uuid;

use crate::domain::{Comparison, Delta, PairCounts, Verdict};
use crate::wire::{language_to_pb, task_status_to_pb};

/// A checked CompareRuns: baseline, candidate and significance level.
pub fn compare_runs(request: &pb::CompareRunsRequest) -> Result<(Uuid, Uuid, f64), Vec<FieldViolation>> {
    let mut violations = Vec::new();
    let baseline = parse_id("baseline_run_id", &request.baseline_run_id).or_record(&mut violations);
    let candidate = parse_id("candidate_run_id", &request.candidate_run_id).or_record(&mut violations);
    let alpha = crate::domain::alpha("alpha", request.alpha).or_record(&mut violations);
    let runs = baseline
        .zip(candidate)
        .and_then(|(baseline, candidate)| crate::domain::distinct_runs(baseline, candidate).or_record(&mut violations));
    match (runs, alpha) {
        (Some((baseline, candidate)), Some(alpha)) if violations.is_empty() => Ok((baseline, candidate, alpha)),
        _ => Err(violations),
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
