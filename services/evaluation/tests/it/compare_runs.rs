//! CompareRuns through the generated client against PostgreSQL and SQLite,
//! checked against a reference computed here from the outcomes and metrics
//! the test gave each task.

use std::collections::BTreeMap;

use agentbase_proto::evaluation::v1::{
    ClaimTasksRequest, CompareRunsRequest, CompareRunsResponse, ComparisonVerdict, CreateRunRequest, Exercise,
    FinishTaskRequest, Language, MetricDelta, RecordTaskMetricsRequest, TaskMetrics, TaskOutcome,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, errors::violated_fields, spawn_app};

use TaskOutcome::{Failed as F, Passed as P};

/// One task of a test run: exercise, outcome (None: left running), and the
/// number its metrics are made of.
type Planned = (&'static str, Option<TaskOutcome>, i64);

fn language_of(exercise: &str) -> Language {
    if exercise.starts_with('g') {
        Language::Go
    } else {
        Language::Python
    }
}

fn metrics_of(n: i64) -> (i64, i64, f64, i64) {
    // tokens in, tokens out, cost, duration
    (100 * n, 10 * n, 0.25 * n as f64, 1_000 * n + 7)
}

/// Creates a run of `plan`, claims every task, records its metrics and
/// finishes it as planned.
async fn run_of(app: &mut TestApp, plan: &[Planned]) -> String {
    let run_id = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "compared".into(),
            exercises: plan
                .iter()
                .map(|(exercise, _, _)| Exercise {
                    language: language_of(exercise) as i32,
                    exercise: (*exercise).into(),
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id;
    let tasks = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.clone(),
            worker_id: "w".into(),
            max_tasks: 100,
            lease_seconds: 600,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(tasks.len(), plan.len());
    for task in tasks {
        let (_, outcome, n) = plan.iter().find(|(e, _, _)| *e == task.exercise).unwrap();
        let (tokens_in, tokens_out, cost, duration_ms) = metrics_of(*n);
        app.evaluation
            .record_task_metrics(RecordTaskMetricsRequest {
                task_id: task.id.clone(),
                metrics: Some(TaskMetrics {
                    tokens_in,
                    tokens_out,
                    cost,
                    duration_ms,
                    ..Default::default()
                }),
                worker_id: "w".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        if let Some(outcome) = outcome {
            app.evaluation
                .finish_task(FinishTaskRequest {
                    task_id: task.id,
                    outcome: *outcome as i32,
                    worker_id: "w".into(),
                    ..Default::default()
                })
                .await
                .unwrap();
        }
    }
    run_id
}

async fn compare(
    app: &mut TestApp,
    baseline: &str,
    candidate: &str,
    alpha: f64,
    page_size: i32,
    token: &str,
) -> CompareRunsResponse {
    app.evaluation
        .compare_runs(CompareRunsRequest {
            baseline_run_id: baseline.into(),
            candidate_run_id: candidate.into(),
            alpha,
            page_size,
            page_token: token.into(),
        })
        .await
        .unwrap()
        .into_inner()
}

/// McNemar's exact two-sided p-value by exact integer binomial sums, a
/// different computation from the service's (log space).
pub(crate) fn reference_p(b: u32, c: u32) -> f64 {
    let n = b + c;
    if n == 0 {
        return 1.0;
    }
    let choose = |n: u32, k: u32| (0..k).fold(1_u128, |acc, i| acc * u128::from(n - i) / u128::from(i + 1));
    let tail: u128 = (0..=b.min(c)).map(|k| choose(n, k)).sum();
    (2.0 * tail as f64 / 2_f64.powi(n as i32)).min(1.0)
}

/// What the service should answer about `baseline` → `candidate`, computed
/// from the plans: (regressions, fixes, both passed, both failed) overall and
/// per language, the unpaired and unfinished counts, and the metric deltas.
struct Reference {
    overall: (i64, i64, i64, i64),
    languages: BTreeMap<i32, (i64, i64, i64, i64)>,
    baseline_only: i64,
    candidate_only: i64,
    unfinished: i64,
    tokens: [f64; 4],
    cost: [f64; 4],
    duration: [f64; 4],
    regressed: Vec<&'static str>,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn reference(baseline: &[Planned], candidate: &[Planned]) -> Reference {
    let mut overall = (0, 0, 0, 0);
    let mut languages = BTreeMap::new();
    let (mut unfinished, mut baseline_only) = (0, 0);
    let mut sides: [Vec<f64>; 6] = Default::default();
    let mut regressed = Vec::new();
    for (exercise, before, n) in baseline {
        let Some((_, after, m)) = candidate.iter().find(|(e, _, _)| e == exercise) else {
            baseline_only += 1;
            continue;
        };
        let (Some(before), Some(after)) = (before, after) else {
            unfinished += 1;
            continue;
        };
        let counts = languages.entry(language_of(exercise) as i32).or_insert((0, 0, 0, 0));
        for tally in [&mut overall, counts] {
            match (*before == P, *after == P) {
                (true, false) => tally.0 += 1,
                (false, true) => tally.1 += 1,
                (true, true) => tally.2 += 1,
                (false, false) => tally.3 += 1,
            }
        }
        if *before == P && *after != P {
            regressed.push(*exercise);
        }
        let (bi, bo, bc, bd) = metrics_of(*n);
        let (ci, co, cc, cd) = metrics_of(*m);
        for (i, (b, c)) in [((bi + bo) as f64, (ci + co) as f64), (bc, cc), (bd as f64, cd as f64)]
            .into_iter()
            .enumerate()
        {
            sides[2 * i].push(b);
            sides[2 * i + 1].push(c);
        }
    }
    let candidate_only = candidate
        .iter()
        .filter(|(e, _, _)| !baseline.iter().any(|(b, _, _)| b == e))
        .count() as i64;
    let [mut tb, mut tc, mut cb, mut cc, mut db, mut dc] = sides;
    let delta = |b: &mut Vec<f64>, c: &mut Vec<f64>| [b.iter().sum(), c.iter().sum(), median(b), median(c)];
    Reference {
        overall,
        languages,
        baseline_only,
        candidate_only,
        unfinished,
        tokens: delta(&mut tb, &mut tc),
        cost: delta(&mut cb, &mut cc),
        duration: delta(&mut db, &mut dc),
        regressed,
    }
}

fn check_delta(delta: Option<MetricDelta>, expected: [f64; 4], what: &str) {
    let d = delta.unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(
        close(d.baseline_total, expected[0])
            && close(d.candidate_total, expected[1])
            && close(d.baseline_median, expected[2])
            && close(d.candidate_median, expected[3])
            && close(d.total_delta, expected[1] - expected[0])
            && close(d.median_delta, expected[3] - expected[2]),
        "{what}: {d:?} vs {expected:?}"
    );
}

fn check(answer: &CompareRunsResponse, expected: &Reference, alpha: f64, verdict: ComparisonVerdict) {
    let overall = answer.overall.unwrap();
    assert_eq!(
        (
            overall.regressions,
            overall.fixes,
            overall.both_passed,
            overall.both_failed
        ),
        expected.overall
    );
    let languages: BTreeMap<i32, (i64, i64, i64, i64)> = answer
        .languages
        .iter()
        .map(|l| {
            let c = l.counts.unwrap();
            (l.language, (c.regressions, c.fixes, c.both_passed, c.both_failed))
        })
        .collect();
    assert_eq!(languages, expected.languages);
    assert_eq!(
        (answer.baseline_only, answer.candidate_only, answer.unfinished_pairs),
        (expected.baseline_only, expected.candidate_only, expected.unfinished)
    );
    check_delta(answer.tokens, expected.tokens, "tokens");
    check_delta(answer.cost, expected.cost, "cost");
    check_delta(answer.duration_ms, expected.duration, "duration");
    let p = reference_p(expected.overall.0 as u32, expected.overall.1 as u32);
    assert!((answer.p_value - p).abs() <= 1e-12, "p {} vs {p}", answer.p_value);
    assert_eq!((answer.alpha, answer.verdict), (alpha, verdict as i32));
}

const BASELINE: &[Planned] = &[
    ("p0", Some(P), 1),
    ("p1", Some(P), 2),
    ("p2", Some(P), 3),
    ("p3", Some(P), 4),
    ("p4", Some(F), 5),
    ("p5", Some(F), 6),
    ("g0", Some(P), 7),
    ("g1", Some(P), 8),
    ("g2", Some(P), 9),
    ("g3", Some(P), 10),
    ("g4", Some(P), 11),
    ("g5", Some(F), 12),
    ("open", Some(P), 13),
    ("gone", Some(P), 14),
];

/// Eight regressions and one fix against the baseline.
const WORSE: &[Planned] = &[
    ("p0", Some(F), 2),
    ("p1", Some(F), 2),
    ("p2", Some(F), 5),
    ("p3", Some(F), 1),
    ("p4", Some(P), 9),
    ("p5", Some(F), 6),
    ("g0", Some(F), 3),
    ("g1", Some(F), 30),
    ("g2", Some(F), 4),
    ("g3", Some(F), 4),
    ("g4", Some(P), 11),
    ("g5", Some(F), 20),
    ("open", None, 1),
    ("extra", Some(P), 99),
];

/// Three regressions, no fix.
const SLIGHTLY_WORSE: &[Planned] = &[
    ("p0", Some(F), 1),
    ("p1", Some(F), 2),
    ("p2", Some(P), 3),
    ("p3", Some(P), 4),
    ("p4", Some(F), 5),
    ("p5", Some(F), 6),
    ("g0", Some(F), 7),
    ("g1", Some(P), 8),
    ("g2", Some(P), 9),
    ("g3", Some(P), 10),
    ("g4", Some(P), 11),
    ("g5", Some(F), 12),
    ("open", Some(P), 13),
    ("gone", Some(P), 14),
];

/// Two runs built with known flips compare as the reference says: a
/// significant regression (8 against 1), the same read the other way round
/// (an improvement), all ties (a run against itself), and one-sided flips (3
/// against 0) that are significant only at a looser level; the regressed
/// pairs page to the end in the baseline's order.
async fn comparisons_match_the_reference(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let baseline = run_of(&mut app, BASELINE).await;
    let worse = run_of(&mut app, WORSE).await;
    let slightly = run_of(&mut app, SLIGHTLY_WORSE).await;

    let expected = reference(BASELINE, WORSE);
    let first = compare(&mut app, &baseline, &worse, 0.0, 3, "").await;
    check(&first, &expected, 0.05, ComparisonVerdict::Regressed);
    let mut regressed: Vec<String> = first.regressed_pairs.iter().map(|p| p.exercise.clone()).collect();
    let mut token = first.next_page_token.clone();
    let mut pages = 1;
    while !token.is_empty() {
        let page = compare(&mut app, &baseline, &worse, 0.0, 3, &token).await;
        regressed.extend(page.regressed_pairs.iter().map(|p| p.exercise.clone()));
        token = page.next_page_token;
        pages += 1;
    }
    assert_eq!(pages, 3, "8 pairs in pages of 3");
    assert_eq!(
        regressed, expected.regressed,
        "each regressed pair once, in the baseline's order"
    );

    let improved = compare(&mut app, &worse, &baseline, 0.0, 50, "").await;
    check(
        &improved,
        &reference(WORSE, BASELINE),
        0.05,
        ComparisonVerdict::Improved,
    );
    assert_eq!(
        improved.regressed_pairs.len(),
        1,
        "the one fix, seen from the other side"
    );

    // A second run with the same outcomes: a run is never compared with itself.
    let twin = run_of(&mut app, BASELINE).await;
    let ties = compare(&mut app, &baseline, &twin, 0.0, 50, "").await;
    check(
        &ties,
        &reference(BASELINE, BASELINE),
        0.05,
        ComparisonVerdict::NoSignificantChange,
    );
    assert_eq!(ties.p_value, 1.0);

    let one_sided = compare(&mut app, &baseline, &slightly, 0.0, 50, "").await;
    check(
        &one_sided,
        &reference(BASELINE, SLIGHTLY_WORSE),
        0.05,
        ComparisonVerdict::NoSignificantChange,
    );
    assert!((one_sided.p_value - 0.25).abs() < 1e-12, "2 × ½³");
    let loose = compare(&mut app, &baseline, &slightly, 0.3, 50, "").await;
    check(
        &loose,
        &reference(BASELINE, SLIGHTLY_WORSE),
        0.3,
        ComparisonVerdict::Regressed,
    );

    let bad = app
        .evaluation
        .compare_runs(CompareRunsRequest {
            baseline_run_id: "x".into(),
            candidate_run_id: worse.clone(),
            alpha: 0.9,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["baseline_run_id", "alpha"]);
    let missing = app
        .evaluation
        .compare_runs(CompareRunsRequest {
            baseline_run_id: uuid::Uuid::now_v7().to_string(),
            candidate_run_id: worse,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound);
    // Issue 33: the same run twice is refused, not "no significant change".
    let itself = app
        .evaluation
        .compare_runs(CompareRunsRequest {
            baseline_run_id: baseline.clone(),
            candidate_run_id: baseline,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(itself.code(), tonic::Code::InvalidArgument);
    assert_eq!(violated_fields(&itself), ["candidate_run_id"]);
}

backend_tests!(comparisons_match_the_reference);
