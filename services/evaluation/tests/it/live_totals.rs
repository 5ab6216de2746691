//! Run totals are true whenever a run is read: after every task transition,
//! metrics report and cancellation, GetRun and ListRuns agree with a recount
//! kept by the test, each in one statement; a language's pass rate counts
//! finished tasks only.

use std::collections::{BTreeMap, HashMap};

use agentbase_proto::evaluation::v1::{
    CancelRunRequest, CreateRunRequest, Exercise, FinishTaskRequest, GetRunRequest, GetRunSummaryRequest, Language,
    ListRunsRequest, ListTasksRequest, RecordTaskMetricsRequest, Run, StartTaskRequest, Task, TaskMetrics, TaskOutcome,
    ToolUsage, Totals,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};

/// What the test knows of one task: its state and its last metrics report.
#[derive(Clone, Default)]
struct Known {
    state: &'static str,
    metrics: Option<TaskMetrics>,
}

/// The totals the test expects, counted from what it did.
fn recount(tasks: &BTreeMap<String, Known>) -> Totals {
    let count = |states: &[&str]| tasks.values().filter(|t| states.contains(&t.state)).count() as i64;
    let reports: Vec<&TaskMetrics> = tasks.values().filter_map(|t| t.metrics.as_ref()).collect();
    let sum = |f: fn(&TaskMetrics) -> i64| reports.iter().map(|m| f(m)).sum::<i64>();
    let mut tool_usage: HashMap<String, ToolUsage> = HashMap::new();
    for report in &reports {
        for (tool, usage) in &report.tool_usage {
            let entry = tool_usage.entry(tool.clone()).or_default();
            entry.attempts += usage.attempts;
            entry.failures += usage.failures;
        }
    }
    Totals {
        tasks: tasks.len() as i64,
        passed: count(&["passed"]),
        failed: count(&["failed"]),
        errored: count(&["errored"]),
        timed_out: count(&["timed_out"]),
        cancelled: count(&["cancelled"]),
        unfinished: count(&["pending", "running"]),
        tokens_in: sum(|m| m.tokens_in),
        tokens_out: sum(|m| m.tokens_out),
        tokens_context: sum(|m| m.tokens_context),
        cache_writes: sum(|m| m.cache_writes),
        cache_reads: sum(|m| m.cache_reads),
        cost: reports.iter().map(|m| m.cost).sum(),
        duration_ms: sum(|m| m.duration_ms),
        tool_usage,
        ..Default::default()
    }
}

fn metrics(tokens: i64, tool: &str) -> TaskMetrics {
    TaskMetrics {
        tokens_in: tokens,
        tokens_out: tokens / 4,
        tokens_context: 1_000,
        cache_writes: 1,
        cache_reads: 2,
        cost: 0.25,
        duration_ms: 500,
        tool_usage: HashMap::from([(
            tool.to_owned(),
            ToolUsage {
                attempts: 2,
                failures: 1,
            },
        )]),
        update_time: None,
        ..Default::default()
    }
}

/// GetRun and ListRuns each cost one statement and show the recount.
async fn check(app: &mut TestApp, run_id: &str, tasks: &BTreeMap<String, Known>, after: &str) -> Run {
    let expected = recount(tasks);
    let before = app.statements.get();
    let run = app
        .evaluation
        .get_run(GetRunRequest { id: run_id.into() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(app.statements.get() - before, 1, "GetRun is one statement ({after})");
    let before = app.statements.get();
    let listed = app
        .evaluation
        .list_runs(ListRunsRequest {
            page_size: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .runs;
    assert_eq!(app.statements.get() - before, 1, "ListRuns is one statement ({after})");
    let listed = listed.into_iter().find(|r| r.id == run_id).unwrap();
    for (source, totals) in [("GetRun", &run.totals), ("ListRuns", &listed.totals)] {
        let mut totals = totals.clone().unwrap();
        assert!(
            (totals.cost - expected.cost).abs() < 1e-9,
            "{source} cost after {after}"
        );
        totals.cost = expected.cost;
        assert_eq!(totals, expected, "{source} after {after}");
    }
    run
}

/// A run of `exercises` (one iteration each), with its tasks.
async fn run_with_tasks(app: &mut TestApp, name: &str, exercises: Vec<Exercise>) -> (Run, Vec<Task>) {
    let request = CreateRunRequest {
        model: "m".into(),
        name: name.into(),
        exercises,
        iterations: 1,
        ..Default::default()
    };
    let run = app.evaluation.create_run(request).await.unwrap().into_inner();
    let request = ListTasksRequest {
        run_id: run.id.clone(),
        page_size: 100,
        ..Default::default()
    };
    let tasks = app.evaluation.list_tasks(request).await.unwrap().into_inner().tasks;
    (run, tasks)
}

async fn totals_are_true_at_every_moment(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let exercises = [Language::Go, Language::Rust]
        .into_iter()
        .flat_map(|language| {
            (0..3).map(move |i| Exercise {
                language: language as i32,
                exercise: format!("ex-{i}"),
            })
        })
        .collect();
    let (run, listed) = run_with_tasks(&mut app, "live", exercises).await;
    let mut tasks: BTreeMap<String, Known> = listed
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                Known {
                    state: "pending",
                    metrics: None,
                },
            )
        })
        .collect();
    check(&mut app, &run.id, &tasks, "CreateRun").await;

    let go: Vec<String> = listed
        .iter()
        .filter(|t| t.language == Language::Go as i32)
        .map(|t| t.id.clone())
        .collect();
    let rust: Vec<String> = listed
        .iter()
        .filter(|t| t.language == Language::Rust as i32)
        .map(|t| t.id.clone())
        .collect();
    let script: Vec<(&str, &String, TaskOutcome)> = vec![
        ("start", &go[0], TaskOutcome::Unspecified),
        ("metrics", &go[0], TaskOutcome::Unspecified),
        ("metrics", &go[0], TaskOutcome::Unspecified),
        ("finish", &go[0], TaskOutcome::Passed),
        ("start", &go[1], TaskOutcome::Unspecified),
        ("metrics", &go[1], TaskOutcome::Unspecified),
        ("finish", &go[1], TaskOutcome::Failed),
        ("start", &rust[0], TaskOutcome::Unspecified),
        ("metrics", &rust[0], TaskOutcome::Unspecified),
        ("finish", &rust[0], TaskOutcome::TimedOut),
        ("start", &rust[1], TaskOutcome::Unspecified),
        ("metrics", &rust[1], TaskOutcome::Unspecified),
    ];
    for (step, (what, task_id, outcome)) in script.into_iter().enumerate() {
        let known = tasks.get_mut(task_id).unwrap();
        match what {
            "start" => {
                app.evaluation
                    .start_task(StartTaskRequest {
                        task_id: task_id.clone(),
                    })
                    .await
                    .unwrap();
                known.state = "running";
            }
            "metrics" => {
                let report = metrics(100 * (step as i64 + 1), if step % 2 == 0 { "read" } else { "write" });
                app.evaluation
                    .record_task_metrics(RecordTaskMetricsRequest {
                        task_id: task_id.clone(),
                        metrics: Some(report.clone()),
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                known.metrics = Some(report);
            }
            _ => {
                app.evaluation
                    .finish_task(FinishTaskRequest {
                        task_id: task_id.clone(),
                        outcome: outcome as i32,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                known.state = match outcome {
                    TaskOutcome::Passed => "passed",
                    TaskOutcome::Failed => "failed",
                    TaskOutcome::Errored => "errored",
                    _ => "timed_out",
                };
            }
        }
        check(&mut app, &run.id, &tasks, &format!("step {step}: {what}")).await;
    }

    // Half of Go has finished (1 passed, 1 failed, 1 pending): its rate is 1/2, not 1/3.
    let summary = app
        .evaluation
        .get_run_summary(GetRunSummaryRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner();
    let go_summary = summary
        .languages
        .iter()
        .find(|l| l.language == Language::Go as i32)
        .unwrap();
    assert_eq!(
        (
            go_summary.total,
            go_summary.passed,
            go_summary.failed,
            go_summary.finished
        ),
        (3, 1, 1, 2)
    );
    assert!((go_summary.pass_rate - 0.5).abs() < 1e-12, "{go_summary:?}");
    let rust_summary = summary
        .languages
        .iter()
        .find(|l| l.language == Language::Rust as i32)
        .unwrap();
    assert_eq!((rust_summary.finished, rust_summary.pass_rate), (1, 0.0));

    // Cancelling answers, and stores, the cancelled counts.
    let cancelled = app
        .evaluation
        .cancel_run(CancelRunRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner();
    for known in tasks.values_mut() {
        if matches!(known.state, "pending" | "running") {
            known.state = "cancelled";
        }
    }
    let expected = recount(&tasks);
    let answered = cancelled.totals.unwrap();
    assert_eq!(
        (answered.cancelled, answered.unfinished),
        (expected.cancelled, 0),
        "CancelRun's answer"
    );
    assert_eq!(expected.cancelled, 3);
    check(&mut app, &run.id, &tasks, "CancelRun").await;
}

/// Workers finishing tasks while the run is cancelled: every call either
/// lands or is refused because the task was cancelled (no deadlock, no lost
/// update), and the stored totals equal a recount of the tasks.
async fn cancelling_during_work_keeps_totals_exact(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let exercises: Vec<Exercise> = (0..60)
        .map(|i| Exercise {
            language: Language::Python as i32,
            exercise: format!("ex-{i}"),
        })
        .collect();
    let (run, tasks) = run_with_tasks(&mut app, "cancelled mid-way", exercises).await;
    let ids: Vec<String> = tasks.into_iter().map(|t| t.id).collect();
    let workers: Vec<_> = ids
        .chunks(15)
        .map(|chunk| {
            let (mut client, chunk) = (app.evaluation.clone(), chunk.to_vec());
            tokio::spawn(async move {
                for id in chunk {
                    let steps = async {
                        client.start_task(StartTaskRequest { task_id: id.clone() }).await?;
                        client
                            .record_task_metrics(RecordTaskMetricsRequest {
                                task_id: id.clone(),
                                metrics: Some(metrics(10, "read")),
                                ..Default::default()
                            })
                            .await?;
                        client
                            .finish_task(FinishTaskRequest {
                                task_id: id.clone(),
                                outcome: TaskOutcome::Passed as i32,
                                ..Default::default()
                            })
                            .await
                    };
                    if let Err(status) = steps.await {
                        assert_eq!(status.code(), tonic::Code::FailedPrecondition, "{status:?}");
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    app.evaluation
        .cancel_run(CancelRunRequest { id: run.id.clone() })
        .await
        .unwrap();
    for worker in workers {
        worker.await.unwrap();
    }
    let mut tasks = BTreeMap::new();
    let listed = app
        .evaluation
        .list_tasks(ListTasksRequest {
            run_id: run.id.clone(),
            page_size: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    for task in listed {
        let state = match agentbase_proto::evaluation::v1::TaskStatus::try_from(task.status).unwrap() {
            agentbase_proto::evaluation::v1::TaskStatus::Passed => "passed",
            agentbase_proto::evaluation::v1::TaskStatus::Cancelled => "cancelled",
            other => panic!("a task is {other:?} after the run was cancelled"),
        };
        tasks.insert(
            task.id.clone(),
            Known {
                state,
                metrics: task.metrics,
            },
        );
    }
    check(&mut app, &run.id, &tasks, "cancel during work").await;
}

backend_tests!(
    totals_are_true_at_every_moment,
    cancelling_during_work_keeps_totals_exact
);
