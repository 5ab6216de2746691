//! A fleet of runners against one run, as a real one behaves, through the
//! generated client against PostgreSQL and SQLite: 8 worker processes of 2
//! slots each (the slots of a process share its stable worker id) over 400
//! tasks with 1 s leases; slots stall past their lease, processes are killed
//! mid-call and restarted under the same id, and every FinishTask is sent
//! twice with one request id, as after a lost response. Every task must
//! finish exactly once, every stale write be refused for the right reason,
//! the totals equal a recount, and every watcher get every event once and end.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use agentbase_proto::evaluation::v1::{
    ClaimTasksRequest, CreateRunRequest, Exercise, FinishRunRequest, FinishTaskRequest, GetRunRequest,
    HeartbeatTasksRequest, HeldTask, Language, ListTaskAttemptsRequest, ListTasksRequest, RecordTaskMetricsRequest,
    RunEvent, RunStatus, Task, TaskMetrics, TaskOutcome, TaskStatus, WatchRunResponse,
    evaluation_service_client::EvaluationServiceClient,
};
use agentbase_testkit::{Backend, TestApp, backend_tests, spawn_app};
use tokio::task::JoinHandle;
use tokio_stream::StreamExt;
use tonic::{Streaming, transport::Channel};

const PODS: usize = 8;
const SLOTS_PER_POD: usize = 2;
const EXERCISES: usize = 200;
const ITERATIONS: i32 = 2;
const KILLS: usize = 3;

type Client = EvaluationServiceClient<Channel>;

/// A small deterministic generator: the fleet's choices repeat run to run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

/// The outcome and tokens a task's exercise and iteration always produce,
/// so that a recount needs nothing the fleet did.
fn result_of(task: &Task) -> (TaskOutcome, i64) {
    let n: usize = task.exercise[3..].parse().unwrap();
    let outcome = match (n + task.iteration as usize) % 9 {
        0 => TaskOutcome::Failed,
        1 => TaskOutcome::Errored,
        _ => TaskOutcome::Passed,
    };
    (outcome, 1_000 + n as i64 * 10 + i64::from(task.iteration))
}

/// A write the service refused: which attempt, and why.
#[derive(Debug, Clone)]
struct Refused {
    task_id: String,
    attempt: i32,
    reason: String,
}

use super::support;
use super::support::{reason, watch};

/// Calls again, after a pause, while the service answers UNAVAILABLE: the
/// call changed nothing and a runner retries it (the shipped clients do);
/// the retries are counted for the report.
async fn patiently<T, F, Fut>(retries: &AtomicUsize, mut call: F) -> Result<T, tonic::Status>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<tonic::Response<T>, tonic::Status>>,
{
    for _ in 0..20 {
        match call().await {
            Err(status) if status.code() == tonic::Code::Unavailable => {
                retries.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            answer => return answer.map(tonic::Response::into_inner),
        }
    }
    call().await.map(tonic::Response::into_inner)
}

/// One call of `method` on a clone of `client` with a clone of `request`:
/// a future owning what it needs, so it can be made again for a retry.
macro_rules! call {
    ($client:expr, $method:ident, $request:expr) => {{
        let mut client = $client.clone();
        let request = $request.clone();
        async move { client.$method(request).await }
    }};
}

/// What the slots report: the writes refused, and how often the service
/// asked for a retry (UNAVAILABLE).
#[derive(Default)]
struct Ledger {
    refused: Mutex<Vec<Refused>>,
    unavailable: AtomicUsize,
}

/// One slot of a worker process: claims two tasks at a time and works them,
/// or, now and then, stalls past the lease before writing.
async fn slot(client: Client, run_id: String, worker: String, seed: u64, ledger: Arc<Ledger>) {
    let mut dice = Dice(seed);
    let retries = &ledger.unavailable;
    loop {
        let claim = ClaimTasksRequest {
            run_id: run_id.clone(),
            worker_id: worker.clone(),
            max_tasks: 2,
            lease_seconds: 1,
        };
        let claimed = patiently(retries, || call!(client, claim_tasks, claim))
            .await
            .unwrap()
            .tasks;
        if claimed.is_empty() {
            let get = GetRunRequest { id: run_id.clone() };
            let run = patiently(retries, || call!(client, get_run, get)).await.unwrap();
            if run.totals.unwrap().unfinished == 0 {
                return;
            }
            // Leases of killed or stalled workers run out soon.
            tokio::time::sleep(Duration::from_millis(150)).await;
            continue;
        }
        let stalls = dice.roll(100) < 8;
        if stalls {
            tokio::time::sleep(Duration::from_millis(1_050 + dice.roll(600))).await;
        } else {
            let beat = HeartbeatTasksRequest {
                worker_id: worker.clone(),
                tasks: claimed
                    .iter()
                    .map(|task| HeldTask {
                        task_id: task.id.clone(),
                        attempt: task.attempt,
                    })
                    .collect(),
                lease_seconds: 3,
                ..Default::default()
            };
            patiently(retries, || call!(client, heartbeat_tasks, beat))
                .await
                .unwrap();
        }
        for task in claimed {
            if let Err(why) = work(&client, &worker, &task, retries).await {
                ledger.refused.lock().unwrap().push(Refused {
                    task_id: task.id.clone(),
                    attempt: task.attempt,
                    reason: why,
                });
            }
        }
    }
}

/// Reports metrics and finishes one task under its fencing token, sending
/// the FinishTask twice; the reason if the service refused the task's writes.
async fn work(client: &Client, worker: &str, task: &Task, retries: &AtomicUsize) -> Result<(), String> {
    let (outcome, tokens_in) = result_of(task);
    let report = RecordTaskMetricsRequest {
        task_id: task.id.clone(),
        metrics: Some(TaskMetrics {
            tokens_in,
            ..Default::default()
        }),
        worker_id: worker.into(),
        attempt: task.attempt,
        request_id: uuid::Uuid::new_v4().to_string(),
    };
    patiently(retries, || call!(client, record_task_metrics, report))
        .await
        .map_err(|status| reason(&status))?;
    let finish = FinishTaskRequest {
        task_id: task.id.clone(),
        outcome: outcome as i32,
        worker_id: worker.into(),
        attempt: task.attempt,
        request_id: uuid::Uuid::new_v4().to_string(),
    };
    let first = patiently(retries, || call!(client, finish_task, finish))
        .await
        .map_err(|status| reason(&status))?;
    let retried = patiently(retries, || call!(client, finish_task, finish))
        .await
        .expect("a retried FinishTask is answered, not refused");
    assert_eq!(retried, first, "a retry gets the first answer");
    Ok(())
}

/// A process: its slots, all under one worker id.
fn start_pod(app: &TestApp, run_id: &str, pod: usize, life: u64, ledger: &Arc<Ledger>) -> Vec<JoinHandle<()>> {
    (0..SLOTS_PER_POD)
        .map(|slot_index| {
            let seed = 0x9E37_79B9_7F4A_7C15 ^ (((pod * 16 + slot_index) as u64 + 1) * (life + 1) * 0x2545_F491);
            tokio::spawn(slot(
                app.evaluation.clone(),
                run_id.to_owned(),
                format!("pod-{pod}"),
                seed,
                Arc::clone(ledger),
            ))
        })
        .collect()
}

/// Every event until the stream ends; panics if it stays open 30 s without one.
async fn until_end(stream: &mut Streaming<WatchRunResponse>) -> Vec<RunEvent> {
    support::until_end_with_totals(stream, Duration::from_secs(30))
        .await
        .into_iter()
        .map(|(event, _)| event)
        .collect()
}

async fn a_fleet_finishes_every_task_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let run_id = app
        .evaluation
        .create_run(CreateRunRequest {
            model: "claude-x".into(),
            name: "fleet".into(),
            exercises: (0..EXERCISES)
                .map(|i| Exercise {
                    language: [Language::Python, Language::Rust, Language::Go][i % 3] as i32,
                    exercise: format!("ex-{i:03}"),
                })
                .collect(),
            iterations: ITERATIONS,
            max_attempts: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .id;
    let mut client = app.evaluation.clone();
    let live = tokio::spawn({
        let mut client = client.clone();
        let run_id = run_id.clone();
        async move { until_end(&mut watch(&mut client, &run_id, 0).await).await }
    });
    // Watches 150 events, drops the stream, and resumes after the last one.
    let resumed = tokio::spawn({
        let mut client = client.clone();
        let run_id = run_id.clone();
        async move {
            let mut first = watch(&mut client, &run_id, 0).await;
            let mut seen = Vec::new();
            while seen.len() < 150 {
                let next = tokio::time::timeout(Duration::from_secs(30), first.next())
                    .await
                    .unwrap()
                    .unwrap();
                seen.push(next.unwrap().event.unwrap());
            }
            drop(first);
            let last = seen.last().unwrap().sequence;
            seen.extend(until_end(&mut watch(&mut client, &run_id, last).await).await);
            seen
        }
    });

    let ledger = Arc::new(Ledger::default());
    let mut pods: Vec<Vec<JoinHandle<()>>> = (0..PODS).map(|pod| start_pod(&app, &run_id, pod, 0, &ledger)).collect();
    let mut dice = Dice(0x5DEE_CE66);
    for kill in 0..KILLS {
        tokio::time::sleep(Duration::from_millis(400 + dice.roll(600))).await;
        let pod = dice.roll(PODS as u64) as usize;
        for slot in pods[pod].drain(..) {
            slot.abort();
        }
        // The same stable worker id comes back, as a StatefulSet's pod does.
        pods[pod] = start_pod(&app, &run_id, pod, kill as u64 + 1, &ledger);
    }
    tokio::time::timeout(Duration::from_secs(240), async {
        for slot in pods.into_iter().flatten() {
            slot.await.unwrap();
        }
    })
    .await
    .expect("the fleet finishes the run within 240 s");

    let finished = client
        .finish_run(FinishRunRequest {
            id: run_id.clone(),
            force: false,
        })
        .await
        .expect("no task is in flight once every task finished")
        .into_inner();
    assert_eq!(finished.status, RunStatus::Finished as i32);

    // Every task finished exactly once, with the result its exercise gives:
    // its earlier attempts all ended by their lease running out.
    let mut tasks = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_tasks(ListTasksRequest {
                run_id: run_id.clone(),
                page_size: 500,
                page_token,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        tasks.extend(page.tasks);
        page_token = page.next_page_token;
        if page_token.is_empty() {
            break;
        }
    }
    assert_eq!(tasks.len(), EXERCISES * ITERATIONS as usize);
    let mut counts: BTreeMap<i32, i64> = BTreeMap::new();
    let mut tokens_in = 0;
    let mut history: HashMap<String, Vec<(i32, i32, String)>> = HashMap::new();
    for task in &tasks {
        let (outcome, tokens) = result_of(task);
        let status = match outcome {
            TaskOutcome::Failed => TaskStatus::Failed,
            TaskOutcome::Errored => TaskStatus::Errored,
            _ => TaskStatus::Passed,
        };
        assert_eq!(
            task.status, status as i32,
            "task {} ends as its exercise says",
            task.exercise
        );
        *counts.entry(task.status).or_default() += 1;
        tokens_in += tokens;
        let attempts = client
            .list_task_attempts(ListTaskAttemptsRequest {
                task_id: task.id.clone(),
                page_size: 50,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .attempts;
        let (last, earlier) = attempts.split_last().unwrap();
        assert_eq!(last.attempt, task.attempt);
        assert!(
            earlier.iter().all(|a| a.error_reason == "LEASE_EXPIRED"),
            "only one attempt of {} has a result: {earlier:?}",
            task.id
        );
        history.insert(
            task.id.clone(),
            attempts
                .iter()
                .map(|a| (a.attempt, a.status, a.error_reason.clone()))
                .collect(),
        );
    }

    // Every stale write was refused for the right reason: its attempt's
    // lease ran out (the history says so), and the task went on to a later
    // attempt, which finished it.
    let refused = ledger.refused.lock().unwrap().clone();
    assert!(!refused.is_empty(), "the stalls produced stale writes");
    for write in &refused {
        assert!(
            ["LEASE_EXPIRED", "LEASE_LOST"].contains(&write.reason.as_str()),
            "a stale write is refused as expired or lost, never as the run ending: {write:?}"
        );
        let attempts = &history[&write.task_id];
        let ended = attempts.iter().find(|(attempt, ..)| *attempt == write.attempt).unwrap();
        assert_eq!(ended.2, "LEASE_EXPIRED", "{write:?} {attempts:?}");
        assert!(attempts.last().unwrap().0 > write.attempt, "{write:?} {attempts:?}");
    }

    // The totals equal a recount.
    let totals = client
        .get_run(GetRunRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner()
        .totals
        .unwrap();
    assert_eq!(totals.tasks, 400);
    assert_eq!(
        totals.passed,
        counts.get(&(TaskStatus::Passed as i32)).copied().unwrap_or(0)
    );
    assert_eq!(
        totals.failed,
        counts.get(&(TaskStatus::Failed as i32)).copied().unwrap_or(0)
    );
    assert_eq!(
        totals.errored,
        counts.get(&(TaskStatus::Errored as i32)).copied().unwrap_or(0)
    );
    assert_eq!((totals.unfinished, totals.cancelled), (0, 0));
    assert_eq!(totals.tokens_in, tokens_in);

    // Every watcher got every event once, in order, and ended: the one from
    // the start, the one that dropped and resumed, and one started after
    // FINISHED, which replays the lot.
    let after = until_end(&mut watch(&mut client, &run_id, 0).await).await;
    assert_eq!(after.last().unwrap().run_status, RunStatus::Finished as i32);
    let claims = after
        .iter()
        .filter(|e| e.task_status == TaskStatus::Running as i32)
        .count();
    assert!(
        claims > 400,
        "stalls and kills made tasks be claimed again ({claims} claims)"
    );
    eprintln!(
        "fleet on {backend:?}: {} events, {claims} claims for 400 tasks, {} stale writes refused ({} LEASE_LOST), \
         {} calls retried after UNAVAILABLE",
        after.len(),
        refused.len(),
        refused.iter().filter(|r| r.reason == "LEASE_LOST").count(),
        ledger.unavailable.load(Ordering::Relaxed)
    );
    let sequences: Vec<i64> = after.iter().map(|e| e.sequence).collect();
    assert!(sequences.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(live.await.unwrap(), after, "the watcher from the start");
    assert_eq!(resumed.await.unwrap(), after, "the watcher that resumed");
}

backend_tests!(a_fleet_finishes_every_task_once);
