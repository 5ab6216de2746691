//! InvalidateTask, RetryTasks and ListTaskAttempts through the generated
//! client against PostgreSQL and SQLite: totals, summaries, pass@k and
//! comparisons computed here from the attempt history match the service's.

use std::collections::BTreeMap;

use agentbase_proto::evaluation::v1::{
    ClaimTasksRequest, CompareRunsRequest, CreateRunRequest, Exercise, FinishRunRequest, FinishTaskRequest,
    GetRunSummaryRequest, InvalidateTaskRequest, Language, ListTaskAttemptsRequest, RecordTaskMetricsRequest,
    RecordToolErrorRequest, RetryTasksRequest, RunStatus, Task, TaskAttempt, TaskMetrics, TaskOutcome, TaskStatus,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};

use super::compare_runs::reference_p;

use super::support::reason;

async fn create_run(app: &mut TestApp) -> String {
    let exercise = |language: Language, name: &str| Exercise {
        language: language as i32,
        exercise: name.into(),
    };
    app.evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "retried".into(),
            exercises: vec![
                exercise(Language::Python, "a"),
                exercise(Language::Python, "b"),
                exercise(Language::Python, "c"),
                exercise(Language::Go, "x"),
            ],
            iterations: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

/// Claims every pending task and finishes each as `plan` says for its
/// (exercise, iteration), with tokens `n × 100` where `n` is also planned.
async fn work(app: &mut TestApp, run_id: &str, plan: &[(&str, i32, TaskOutcome, i64)]) -> Vec<Task> {
    let tasks = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.into(),
            worker_id: "w".into(),
            max_tasks: 100,
            lease_seconds: 600,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    assert_eq!(tasks.len(), plan.len(), "{tasks:?}");
    for task in &tasks {
        let (_, _, outcome, n) = plan
            .iter()
            .find(|(e, i, _, _)| *e == task.exercise && *i == task.iteration)
            .unwrap();
        app.evaluation
            .record_task_metrics(RecordTaskMetricsRequest {
                task_id: task.id.clone(),
                metrics: Some(TaskMetrics {
                    tokens_in: n * 100,
                    cost: *n as f64 / 4.0,
                    ..Default::default()
                }),
                worker_id: "w".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        app.evaluation
            .finish_task(FinishTaskRequest {
                task_id: task.id.clone(),
                outcome: *outcome as i32,
                worker_id: "w".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    tasks
}

async fn attempts(app: &mut TestApp, task_id: &str, page_size: i32) -> Vec<TaskAttempt> {
    let mut all = Vec::new();
    let mut token = String::new();
    loop {
        let page = app
            .evaluation
            .list_task_attempts(ListTaskAttemptsRequest {
                task_id: task_id.into(),
                page_size,
                page_token: token,
            })
            .await
            .unwrap()
            .into_inner();
        all.extend(page.attempts);
        if page.next_page_token.is_empty() {
            return all;
        }
        token = page.next_page_token;
    }
}

fn pass_at_k(n: u32, c: u32, k: u32) -> f64 {
    // 1 − C(n−c, k) / C(n, k), by the definition.
    let choose = |n: u32, k: u32| -> f64 {
        if k > n {
            0.0
        } else {
            (0..k).map(|i| f64::from(n - i) / f64::from(i + 1)).product()
        }
    };
    1.0 - choose(n - c, k) / choose(n, k)
}

/// A run whose tasks end in every way; one passed result is invalidated;
/// failures are retried twice (the run reopened once); every attempt is kept.
/// The totals, the summary's per-language counts and pass@k, and a
/// comparison with an all-passing run are then computed from ListTaskAttempts
/// (each task's latest attempt, unless invalidated) and must equal the
/// service's answers.
async fn totals_follow_the_latest_valid_attempts(backend: Backend) {
    use TaskOutcome::{Errored as E, Failed as F, Passed as P, TimedOut as T};
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app).await;
    let tasks = work(
        &mut app,
        &run_id,
        &[
            ("a", 1, P, 1),
            ("a", 2, F, 2),
            ("b", 1, F, 3),
            ("b", 2, E, 4),
            ("c", 1, T, 5),
            ("c", 2, P, 6),
            ("x", 1, P, 7),
            ("x", 2, F, 8),
        ],
    )
    .await;
    let c2 = tasks.iter().find(|t| t.exercise == "c" && t.iteration == 2).unwrap();
    let x1 = tasks.iter().find(|t| t.exercise == "x" && t.iteration == 1).unwrap();
    for (task, tool) in [(c2, "grader"), (x1, "bash")] {
        app.evaluation
            .record_tool_error(RecordToolErrorRequest {
                task_id: task.id.clone(),
                tool_name: tool.into(),
                error: "exit 1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let flagged = app
        .evaluation
        .invalidate_task(InvalidateTaskRequest {
            task_id: c2.id.clone(),
            reason: "flaky grader".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(flagged.invalid_reason, "flaky grader");
    assert!(flagged.invalidate_time.is_some());
    let refused = app
        .evaluation
        .record_task_metrics(RecordTaskMetricsRequest {
            task_id: c2.id.clone(),
            metrics: Some(TaskMetrics::default()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&refused), "TASK_INVALIDATED");

    let retried = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            outcomes: vec![F as i32, T as i32],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .retried;
    assert_eq!(retried, 4, "a2, b1, c1, x2; the errored b2 stays");
    work(
        &mut app,
        &run_id,
        &[("a", 2, P, 9), ("b", 1, F, 10), ("c", 1, P, 11), ("x", 2, P, 12)],
    )
    .await;
    let finished = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(finished.status, RunStatus::Finished as i32);
    let retried = app
        .evaluation
        .retry_tasks(RetryTasksRequest {
            run_id: run_id.clone(),
            outcomes: Vec::new(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .retried;
    assert_eq!(retried, 2, "b1 (failed again) and b2 (errored)");
    work(&mut app, &run_id, &[("b", 1, P, 13), ("b", 2, F, 14)]).await;

    // From the attempt history: each task's latest attempt, unless invalidated.
    let mut histories = Vec::new();
    for task in &tasks {
        let page_size = if task.exercise == "b" { 1 } else { 0 };
        histories.push((task.clone(), attempts(&mut app, &task.id, page_size).await));
    }
    let b1 = histories
        .iter()
        .find(|(t, _)| t.exercise == "b" && t.iteration == 1)
        .unwrap();
    let b1_story: Vec<(i32, i32, bool)> =
        b1.1.iter()
            .map(|a| (a.attempt, a.status, a.end_time.is_some()))
            .collect();
    assert_eq!(
        b1_story,
        [
            (1, TaskStatus::Failed as i32, true),
            (2, TaskStatus::Failed as i32, true),
            (3, TaskStatus::Passed as i32, false),
        ],
        "every attempt kept, paged one by one"
    );
    assert_eq!(b1.1[0].metrics.as_ref().unwrap().tokens_in, 300);
    let latest: Vec<(&Task, &TaskAttempt)> = histories
        .iter()
        .map(|(task, history)| (task, history.last().unwrap()))
        .filter(|(_, attempt)| attempt.invalid_reason.is_empty())
        .collect();
    let count = |status: TaskStatus| latest.iter().filter(|(_, a)| a.status == status as i32).count() as i64;
    let tokens: i64 = latest.iter().map(|(_, a)| a.metrics.as_ref().unwrap().tokens_in).sum();
    let cost: f64 = latest.iter().map(|(_, a)| a.metrics.as_ref().unwrap().cost).sum();

    let summary = app
        .evaluation
        .get_run_summary(GetRunSummaryRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner();
    let tools: Vec<(&str, i64)> = summary
        .tool_errors
        .iter()
        .map(|t| (t.tool_name.as_str(), t.count))
        .collect();
    assert_eq!(tools, [("bash", 1)], "the invalidated task's tool errors do not count");
    let run = summary.run.clone().unwrap();
    assert_eq!(run.status, RunStatus::Running as i32, "the retry reopened the run");
    let totals = run.totals.unwrap();
    assert_eq!(
        (
            totals.tasks,
            totals.passed,
            totals.failed,
            totals.errored,
            totals.timed_out,
            totals.unfinished
        ),
        (
            latest.len() as i64,
            count(TaskStatus::Passed),
            count(TaskStatus::Failed),
            count(TaskStatus::Errored),
            count(TaskStatus::TimedOut),
            0
        )
    );
    assert_eq!(totals.tokens_in, tokens);
    assert!((totals.cost - cost).abs() < 1e-9);
    let stored = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!(stored, totals, "stored totals equal the live ones");

    let mut by_exercise: BTreeMap<(i32, String), (u32, u32)> = BTreeMap::new();
    for (task, attempt) in &latest {
        let entry = by_exercise.entry((task.language, task.exercise.clone())).or_default();
        entry.0 += 1;
        entry.1 += u32::from(attempt.status == TaskStatus::Passed as i32);
    }
    assert_eq!(summary.exercises.len(), by_exercise.len());
    for exercise in &summary.exercises {
        let (n, c) = by_exercise[&(exercise.language, exercise.exercise.clone())];
        assert_eq!(
            (exercise.samples, exercise.passed),
            (n as i32, c as i32),
            "{}",
            exercise.exercise
        );
        for (k, value) in exercise.pass_at_k.iter().enumerate() {
            let expected = pass_at_k(n, c, k as u32 + 1);
            assert!((value - expected).abs() < 1e-12, "{} k={}", exercise.exercise, k + 1);
        }
    }
    let python = summary
        .languages
        .iter()
        .find(|l| l.language == Language::Python as i32)
        .unwrap();
    let python_latest: Vec<_> = latest
        .iter()
        .filter(|(t, _)| t.language == Language::Python as i32)
        .collect();
    assert_eq!(
        (python.total, python.passed),
        (
            python_latest.len() as i64,
            python_latest
                .iter()
                .filter(|(_, a)| a.status == TaskStatus::Passed as i32)
                .count() as i64
        )
    );

    // Against a run where everything passed: each latest valid failure is a regression.
    let baseline = create_run(&mut app).await;
    let all_pass: Vec<(&str, i32, TaskOutcome, i64)> = ["a", "b", "c", "x"]
        .iter()
        .flat_map(|e| [(*e, 1, P, 1), (*e, 2, P, 1)])
        .collect();
    work(&mut app, &baseline, &all_pass).await;
    let comparison = app
        .evaluation
        .compare_runs(CompareRunsRequest {
            baseline_run_id: baseline,
            candidate_run_id: run_id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let regressions = latest
        .iter()
        .filter(|(_, a)| a.status != TaskStatus::Passed as i32)
        .count() as i64;
    let overall = comparison.overall.unwrap();
    assert_eq!(
        (
            overall.pairs,
            overall.regressions,
            overall.fixes,
            comparison.invalidated_pairs
        ),
        (latest.len() as i64, regressions, 0, 1)
    );
    assert!((comparison.p_value - reference_p(regressions as u32, 0)).abs() < 1e-12);

    let unfinished = create_run(&mut app).await;
    let pending = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: unfinished,
            worker_id: "w".into(),
            max_tasks: 1,
            lease_seconds: 60,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    let early = app
        .evaluation
        .invalidate_task(InvalidateTaskRequest {
            task_id: pending.id,
            reason: "too soon".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&early), "TASK_UNFINISHED");
}

backend_tests!(totals_follow_the_latest_valid_attempts);
