use super::*;

#[test]
fn totals_follow_tasks_and_metrics() {
    let mut totals = Totals {
        tasks: 3,
        unfinished: 3,
        ..Totals::default()
    };
    totals.task_moved(TaskStatus::Pending, TaskStatus::Running);
    totals.task_moved(TaskStatus::Running, TaskStatus::Passed);
    assert_eq!((totals.unfinished, totals.passed, totals.finished()), (2, 1, 1));
    totals.unfinished_cancelled(2);
    assert_eq!((totals.unfinished, totals.cancelled, totals.finished()), (0, 2, 1));

    let first = Metrics {
        tokens_in: 10,
        cost: 0.5,
        tool_usage: [("read".to_owned(), (2, 1))].into(),
        ..Metrics::default()
    };
    let later = Metrics {
        tokens_in: 25,
        cost: 0.75,
        tool_usage: [("write".to_owned(), (1, 0))].into(),
        ..Metrics::default()
    };
    totals.metrics_replaced(&Metrics::default(), &first);
    totals.metrics_replaced(&first, &later);
    assert_eq!(totals.metrics.tokens_in, 25);
    assert!((totals.metrics.cost - 0.75).abs() < 1e-12);
    assert_eq!(totals.metrics.tool_usage, later.tool_usage);
    assert_eq!(pass_rate(1, 2), 0.5);
    assert_eq!(pass_rate(0, 0), 0.0);
}

#[test]
fn pass_at_k_matches_the_binomial_formula() {
    fn binomial(n: u64, k: u64) -> f64 {
        if k > n {
            return 0.0;
        }
        (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
    }
    for n in 1..=6u32 {
        for c in 0..=n {
            for k in 1..=n {
                let expected = 1.0 - binomial(u64::from(n - c), u64::from(k)) / binomial(u64::from(n), u64::from(k));
                assert!((pass_at_k(n, c, k) - expected).abs() < 1e-12, "n={n} c={c} k={k}");
            }
        }
    }
    assert_eq!(pass_at_k(3, 0, 1), 0.0);
    assert!((pass_at_k(3, 1, 1) - 1.0 / 3.0).abs() < 1e-12);
    assert!((pass_at_k(3, 1, 2) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(pass_at_k(3, 1, 3), 1.0);
}

#[test]
fn task_lifecycle() {
    assert_eq!(TaskStatus::Pending.start(), Ok(TaskStatus::Running));
    assert_eq!(TaskStatus::Running.start(), Ok(TaskStatus::Running));
    assert_eq!(TaskStatus::Passed.start(), Err(Refusal::TaskFinished));
    assert_eq!(TaskStatus::Running.finish(Outcome::TimedOut), Ok(TaskStatus::TimedOut));
    assert_eq!(
        TaskStatus::Pending.finish(Outcome::Passed),
        Err(Refusal::TaskNotStarted)
    );
    assert_eq!(TaskStatus::Failed.finish(Outcome::Passed), Err(Refusal::TaskFinished));
    assert_eq!(RunStatus::Finished.cancel(), Err(Refusal::RunFinished));
    assert_eq!(RunStatus::Cancelled.finish(), RunStatus::Cancelled);
}

#[test]
fn costs_are_computed_from_tokens_only_when_none_was_reported() {
    let prices = Prices {
        input: Some(3.0),
        output: Some(15.0),
        cache_writes: Some(3.75),
        cache_reads: Some(0.3),
        reasoning: None,
    };
    let metrics = Metrics {
        tokens_in: 1_234,
        tokens_out: 567,
        cache_writes: 1_000,
        cache_reads: 10_000,
        tokens_reasoning: 999,
        ..Default::default()
    };
    // 1234×3 + 567×15 + 1000×3.75 + 10000×0.3 = 3702 + 8505 + 3750 + 3000 = 18957 per million.
    assert_eq!(prices.cost_of(&metrics), Some(0.018957));
    let reported = Metrics {
        cost: 0.5,
        ..metrics.clone()
    };
    assert_eq!(prices.cost_of(&reported), None, "a reported cost stands");
    assert_eq!(Prices::default().cost_of(&metrics), None, "no prices, no cost");
    assert_eq!(prices.cost_of(&Metrics::default()), None, "no tokens, no cost");
    let tiny = Metrics {
        tokens_in: 1,
        ..Default::default()
    };
    let rounding = Prices {
        input: Some(0.5),
        ..Default::default()
    };
    assert_eq!(
        rounding.cost_of(&tiny),
        Some(0.000001),
        "half a millionth rounds away from zero"
    );
}
