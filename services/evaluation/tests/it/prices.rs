//! Per-run prices through the generated client against PostgreSQL and
//! SQLite: reasoning tokens and their price, and costs the service computes
//! when a runner reports tokens but no cost.

use agentbase_proto::evaluation::v1::{
    CreateRunRequest, Exercise, FinishRunRequest, GetRunRequest, Language, ListTasksRequest, Prices,
    RecordTaskMetricsRequest, StartTaskRequest, TaskMetrics,
};
use agentbase_testkit::{Backend, backend_tests, spawn_app};

/// One task reports tokens without a cost: the service prices them at the
/// run's snapshot (each kind × its price per million, rounded to the
/// millionth) and says so; another reports its own cost, which stands. The
/// run's totals add both, and reasoning tokens.
async fn costs_follow_the_run_prices(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            exercises: ["a", "b"]
                .iter()
                .map(|name| Exercise {
                    language: Language::Rust as i32,
                    exercise: (*name).into(),
                })
                .collect(),
            prices: Some(Prices {
                input: Some(3.0),
                output: Some(15.0),
                cache_writes: None,
                cache_reads: Some(0.3),
                reasoning: Some(10.0),
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(run.prices.unwrap().reasoning, Some(10.0));
    let tasks = app
        .evaluation
        .list_tasks(ListTasksRequest {
            run_id: run.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    let report = |task_id: &str, metrics: TaskMetrics| RecordTaskMetricsRequest {
        task_id: task_id.into(),
        metrics: Some(metrics),
        ..Default::default()
    };
    for task in &tasks {
        app.evaluation
            .start_task(StartTaskRequest {
                task_id: task.id.clone(),
            })
            .await
            .unwrap();
    }
    let computed = app
        .evaluation
        .record_task_metrics(report(
            &tasks[0].id,
            TaskMetrics {
                tokens_in: 1_000,
                tokens_out: 333,
                cache_writes: 50_000,
                cache_reads: 7,
                tokens_reasoning: 123,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .metrics
        .unwrap();
    // 1000×3 + 333×15 + 50000×(no price) + 7×0.3 + 123×10 = 3000 + 4995 + 0 + 2.1 + 1230
    // = 9227.1 per million = 0.0092271, rounded to the millionth: 0.009227.
    assert_eq!((computed.cost, computed.cost_computed), (0.009227, true));
    let reported = app
        .evaluation
        .record_task_metrics(report(
            &tasks[1].id,
            TaskMetrics {
                tokens_in: 1_000,
                tokens_reasoning: 7,
                cost: 0.5,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .metrics
        .unwrap();
    assert_eq!((reported.cost, reported.cost_computed), (0.5, false));
    let live = app
        .evaluation
        .get_run(GetRunRequest { id: run.id.clone() })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!(live.tokens_reasoning, 130);
    assert!((live.cost - 0.509227).abs() < 1e-12, "{}", live.cost);
    let stored = app
        .evaluation
        .finish_run(FinishRunRequest {
            id: run.id,
            force: true,
        })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!(stored.tokens_reasoning, 130);
    assert!((stored.cost - 0.509227).abs() < 1e-12);
}

backend_tests!(costs_follow_the_run_prices);
