//! WatchRun through the generated client against PostgreSQL and SQLite: a
//! run's transitions in order, once each, from any cursor, on any replica,
//! until the run ends.

use std::time::Duration;

use agentbase_proto::evaluation::v1::{
    CancelRunRequest, ClaimTasksRequest, CreateRunRequest, Exercise, FinishRunRequest, FinishTaskRequest, Language,
    RunEvent, RunStatus, StartTaskRequest, TaskOutcome, TaskStatus, Totals, WatchRunRequest, WatchRunResponse,
};
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests, errors::violated_fields, spawn_app, spawn_app_with,
};
use tokio_stream::StreamExt;
use tonic::{Code, Streaming};

async fn create_run(app: &mut TestApp, names: &[&str]) -> String {
    app.evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "watched".into(),
            exercises: names
                .iter()
                .map(|name| Exercise {
                    language: Language::Python as i32,
                    exercise: (*name).into(),
                })
                .collect(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id
}

async fn watch(app: &mut TestApp, run_id: &str, after_sequence: i64) -> Streaming<WatchRunResponse> {
    super::support::watch(&mut app.evaluation, run_id, after_sequence).await
}

/// Every event until the stream ends (at most 10 s between two).
async fn until_end(stream: &mut Streaming<WatchRunResponse>) -> Vec<(RunEvent, Option<Totals>)> {
    super::support::until_end_with_totals(stream, Duration::from_secs(10)).await
}

/// What each event says, in order: (exercise or "run", task or run status).
fn story(events: &[(RunEvent, Option<Totals>)]) -> Vec<(String, i32)> {
    events
        .iter()
        .map(|(event, _)| {
            if event.task_id.is_empty() {
                ("run".to_owned(), event.run_status)
            } else {
                (event.exercise.clone(), event.task_status)
            }
        })
        .collect()
}

/// A watcher from the start, one started mid-run and one resumed from a
/// cursor each receive every transition once, in order, and end with
/// FinishRun; the final event carries the run's totals. CancelRun ends a
/// watch too.
async fn watchers_receive_every_transition_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = create_run(&mut app, &["a", "b"]).await;
    let mut from_start = watch(&mut app, &run_id, 0).await;
    let claimed = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.clone(),
            worker_id: "w1".into(),
            max_tasks: 2,
            lease_seconds: 600,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks;
    let mut mid_run = watch(&mut app, &run_id, 0).await;
    for (task, outcome) in claimed.iter().zip([TaskOutcome::Passed, TaskOutcome::Failed]) {
        app.evaluation
            .finish_task(FinishTaskRequest {
                task_id: task.id.clone(),
                outcome: outcome as i32,
                worker_id: "w1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    app.evaluation
        .finish_run(FinishRunRequest {
            id: run_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let expected = vec![
        ("a".to_owned(), TaskStatus::Running as i32),
        ("b".to_owned(), TaskStatus::Running as i32),
        ("run".to_owned(), RunStatus::Running as i32),
        ("a".to_owned(), TaskStatus::Passed as i32),
        ("b".to_owned(), TaskStatus::Failed as i32),
        ("run".to_owned(), RunStatus::Finished as i32),
    ];
    let first = until_end(&mut from_start).await;
    assert_eq!(story(&first), expected);
    assert_eq!(story(&until_end(&mut mid_run).await), expected);
    let sequences: Vec<i64> = first.iter().map(|(event, _)| event.sequence).collect();
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");
    assert_eq!(first[0].0.worker_id, "w1");
    let totals = first.last().unwrap().1.clone().expect("the final event carries totals");
    assert_eq!((totals.passed, totals.failed, totals.unfinished), (1, 1, 0));

    let mut resumed = watch(&mut app, &run_id, sequences[2]).await;
    assert_eq!(story(&until_end(&mut resumed).await), expected[3..].to_vec());
    let mut at_end = watch(&mut app, &run_id, sequences[5]).await;
    assert!(
        until_end(&mut at_end).await.is_empty(),
        "a cursor at the end ends at once"
    );

    let cancelled = create_run(&mut app, &["c", "d"]).await;
    let task = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: cancelled.clone(),
            worker_id: "w1".into(),
            max_tasks: 1,
            lease_seconds: 600,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    let mut watcher = watch(&mut app, &cancelled, 0).await;
    app.evaluation
        .cancel_run(CancelRunRequest { id: cancelled.clone() })
        .await
        .unwrap();
    let seen = until_end(&mut watcher).await;
    assert_eq!(
        story(&seen),
        [
            ("c".to_owned(), TaskStatus::Running as i32),
            ("run".to_owned(), RunStatus::Running as i32),
            ("c".to_owned(), TaskStatus::Cancelled as i32),
            ("d".to_owned(), TaskStatus::Cancelled as i32),
            ("run".to_owned(), RunStatus::Cancelled as i32),
        ]
    );
    assert_eq!(seen[2].0.task_id, task.id);

    let started = create_run(&mut app, &["e"]).await;
    let mut plain = watch(&mut app, &started, 0).await;
    let task = app
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: started.clone(),
            worker_id: "w9".into(),
            max_tasks: 0,
            lease_seconds: 0,
        })
        .await
        .unwrap()
        .into_inner()
        .tasks
        .remove(0);
    let _ = app.evaluation.start_task(StartTaskRequest { task_id: task.id }).await;
    let event = tokio::time::timeout(Duration::from_secs(10), plain.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap()
        .event
        .unwrap();
    assert_eq!((event.exercise.as_str(), event.attempt), ("e", 1));

    let negative = app
        .evaluation
        .watch_run(WatchRunRequest {
            run_id: started.clone(),
            after_sequence: -1,
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&negative), ["after_sequence"]);
    let missing = app
        .evaluation
        .watch_run(WatchRunRequest {
            run_id: uuid::Uuid::now_v7().to_string(),
            after_sequence: 0,
        })
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Code::NotFound);
}

backend_tests!(watchers_receive_every_transition_once);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(watchers_receive_every_transition_once);

/// Two server instances on one PostgreSQL database: a watcher connected to
/// the second receives a transition made through the first (LISTEN/NOTIFY).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchers_on_another_replica_see_transitions() {
    watchers_on_another_replica_see_transitions_on(Backend::Postgres).await;
}

/// The same, both replicas through PgBouncer in transaction mode, their
/// LISTEN connections direct.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watchers_on_another_replica_see_transitions_through_the_pooler() {
    watchers_on_another_replica_see_transitions_on(Backend::Pooled).await;
}

async fn watchers_on_another_replica_see_transitions_on(backend: Backend) {
    let mut first = spawn_app(backend).await;
    let options = AppOptions {
        env: first.replica_env(),
        ..Default::default()
    };
    let mut second = spawn_app_with(backend, options).await;
    let run_id = create_run(&mut first, &["a"]).await;
    let mut stream = watch(&mut second, &run_id, 0).await;
    // Let the watcher finish its (empty) catch-up and wait on its wake-ups.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    first
        .evaluation
        .claim_tasks(ClaimTasksRequest {
            run_id: run_id.clone(),
            worker_id: "w1".into(),
            max_tasks: 1,
            lease_seconds: 600,
        })
        .await
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap()
        .event
        .unwrap();
    let took = started.elapsed();
    assert_eq!(
        (event.exercise.as_str(), event.task_status),
        ("a", TaskStatus::Running as i32)
    );
    // A wake-up lost would surface only at the 30 s safety poll; 10 s proves the NOTIFY.
    println!("cross-replica run event delivered in {took:?}");
}
