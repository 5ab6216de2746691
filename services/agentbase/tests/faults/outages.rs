//! The database goes away under writers that retry with their request ids:
//! PostgreSQL restarted (fast and immediate) under a running server, and the
//! SQLite server process killed with -9 and started again. No acknowledged
//! write may be lost and none may be stored twice.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use agentbase_proto::{
    evaluation::v1::evaluation_service_client::EvaluationServiceClient, sessions::v1::GetSessionRequest,
};
use agentbase_testkit::{AppOptions, Backend, free_port, postgres::PrivateCluster, spawn_app_with};
use sea_orm::{ConnectionTrait, Database};
use tokio::task::JoinHandle;
use tonic::{Code, transport::Channel};

use super::{counts, run_names, run_request, spawn_server, wait_serving};

/// What the writers saw.
#[derive(Default)]
pub(super) struct Ledger {
    pub(super) acknowledged: Mutex<Vec<String>>,
    pub(super) retries: AtomicUsize,
    /// Refusals for overload (`RESOURCE_EXHAUSTED`): an outage must not read as one.
    pub(super) overloaded: AtomicUsize,
    pub(super) unexpected: Mutex<Vec<String>>,
    pub(super) longest_wait: Mutex<Duration>,
}

/// `writers` tasks creating runs until `stop`; each retries the same request
/// (same request id) until it is acknowledged.
pub(super) fn start_writers(
    channel: Channel,
    writers: usize,
    stop: Arc<AtomicBool>,
    ledger: Arc<Ledger>,
) -> Vec<JoinHandle<()>> {
    (0..writers)
        .map(|writer| {
            let (channel, stop, ledger) = (channel.clone(), stop.clone(), ledger.clone());
            tokio::spawn(async move {
                let mut client = EvaluationServiceClient::new(channel);
                let mut sequence = 0;
                while !stop.load(Ordering::Relaxed) {
                    sequence += 1;
                    let name = format!("w{writer}-{sequence}");
                    let request = run_request(&name, &uuid::Uuid::now_v7().to_string());
                    let first_try = Instant::now();
                    loop {
                        match client.create_run(request.clone()).await {
                            Ok(_) => break,
                            Err(status) => {
                                ledger.retries.fetch_add(1, Ordering::Relaxed);
                                if status.code() == Code::ResourceExhausted {
                                    ledger.overloaded.fetch_add(1, Ordering::Relaxed);
                                }
                                if !matches!(
                                    status.code(),
                                    Code::Unavailable
                                        | Code::ResourceExhausted
                                        | Code::DeadlineExceeded
                                        | Code::Unknown
                                ) || (status.code() == Code::Unknown && !status.message().contains("transport"))
                                {
                                    ledger.unexpected.lock().unwrap().push(format!(
                                        "{:?}: {}",
                                        status.code(),
                                        status.message()
                                    ));
                                }
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                        }
                    }
                    let waited = first_try.elapsed();
                    let mut longest = ledger.longest_wait.lock().unwrap();
                    *longest = (*longest).max(waited);
                    drop(longest);
                    ledger.acknowledged.lock().unwrap().push(name);
                }
            })
        })
        .collect()
}

/// Every acknowledged write is stored once, and nothing is stored twice.
pub(super) fn check_ledger(ledger: &Ledger, stored: &[String]) -> usize {
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for name in stored {
        *copies.entry(name).or_default() += 1;
    }
    let duplicates: Vec<_> = copies.iter().filter(|(_, n)| **n > 1).collect();
    assert!(duplicates.is_empty(), "stored twice: {duplicates:?}");
    let acknowledged = ledger.acknowledged.lock().unwrap();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|name| !copies.contains_key(name.as_str()))
        .collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    let unexpected = ledger.unexpected.lock().unwrap();
    assert!(
        unexpected.is_empty(),
        "answers a retrying writer cannot act on: {unexpected:?}"
    );
    acknowledged.len()
}

async fn blocking(work: impl FnOnce() -> Result<(), String> + Send + 'static) {
    tokio::task::spawn_blocking(work).await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restarts_lose_no_acknowledged_write() {
    let cluster = Arc::new(
        tokio::task::spawn_blocking(PrivateCluster::start)
            .await
            .unwrap()
            .unwrap(),
    );
    // Admission as deployed (the test default lifts the in-flight limit; a
    // blank value is unset): writers waiting out the outage must not be
    // refused as overload.
    let app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![
                ("AGENTBASE_DATABASE_URL".into(), cluster.url()),
                ("AGENTBASE_MAX_IN_FLIGHT".into(), String::new()),
            ],
            ..Default::default()
        },
    )
    .await;
    // Reads hold connections of their own (`ReadLane`): one taken before
    // the restarts must not answer a read after them.
    let session = agentbase_testkit::fixtures::session(&app).await;
    let read = GetSessionRequest { id: session.id.clone() };
    for _ in 0..4 {
        app.sessions.clone().get_session(read.clone()).await.unwrap();
    }
    let (stop, ledger) = (Arc::new(AtomicBool::new(false)), Arc::new(Ledger::default()));
    let writers = start_writers(app.channel.clone(), 8, stop.clone(), ledger.clone());
    let cycles = counts(1, 5);
    for _ in 0..cycles {
        for mode in ["fast", "immediate"] {
            tokio::time::sleep(Duration::from_millis(800)).await;
            let cluster = cluster.clone();
            blocking(move || cluster.restart(mode)).await;
        }
    }
    if super::long_mode() {
        // A longer outage: stopped for 12 s.
        let down = cluster.clone();
        blocking(move || down.stop("fast")).await;
        tokio::time::sleep(Duration::from_secs(12)).await;
        let up = cluster.clone();
        blocking(move || up.start_again()).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(Duration::from_secs(60), writer)
            .await
            .expect("writers finish once the database is back")
            .unwrap();
    }
    for _ in 0..8 {
        let got = app.sessions.clone().get_session(read.clone()).await;
        assert_eq!(
            got.expect("reads after the restarts succeed").into_inner().id,
            session.id
        );
    }
    let stored = run_names(app.channel.clone()).await;
    let acknowledged = check_ledger(&ledger, &stored);
    assert_eq!(
        ledger.overloaded.load(Ordering::Relaxed),
        0,
        "an outage answers DATABASE_UNAVAILABLE, not OVERLOADED"
    );
    println!(
        "postgres restarts: {cycles} × (fast + immediate){}: {acknowledged} acknowledged writes by 8 writers, {} stored, \
         {} retried attempts (0 OVERLOADED), longest wait for one write {:?}; 0 lost, 0 duplicates, same server process",
        if super::long_mode() { " + 12 s stop" } else { "" },
        stored.len(),
        ledger.retries.load(Ordering::Relaxed),
        ledger.longest_wait.lock().unwrap()
    );
    assert!(acknowledged > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_kill_9_loses_no_acknowledged_write() {
    let dir = std::env::temp_dir().join(format!("agentbase-kill9-{}", uuid::Uuid::now_v7().simple()));
    let port = free_port();
    let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(1))
        .connect_lazy();
    let mut server = spawn_server(&dir, port, &[]);
    wait_serving(channel.clone()).await;
    let (stop, ledger) = (Arc::new(AtomicBool::new(false)), Arc::new(Ledger::default()));
    let writers = start_writers(channel.clone(), 4, stop.clone(), ledger.clone());
    let kills = counts(2, 4);
    for _ in 0..kills {
        tokio::time::sleep(Duration::from_millis(700)).await;
        server.kill().unwrap();
        server.wait().unwrap();
        server = spawn_server(&dir, port, &[]);
        wait_serving(channel.clone()).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(Duration::from_secs(60), writer)
            .await
            .expect("writers finish once the server is back")
            .unwrap();
    }
    let stored = run_names(channel.clone()).await;
    let acknowledged = check_ledger(&ledger, &stored);

    // A last kill -9, then the files are checked as they were left.
    server.kill().unwrap();
    server.wait().unwrap();
    for context in ["scripts", "sessions", "evaluation"] {
        let file = dir.join(format!("{context}.db"));
        let db = Database::connect(format!("sqlite://{}?mode=rw", file.display()))
            .await
            .unwrap();
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "ok", "{context}");
        db.close().await.ok();
    }
    println!(
        "sqlite kill -9: {kills} kills under 4 writers + 1 at the end: {acknowledged} acknowledged writes, {} stored, \
         {} retried attempts, longest wait {:?}; 0 lost, 0 duplicates, integrity_check ok",
        stored.len(),
        ledger.retries.load(Ordering::Relaxed),
        ledger.longest_wait.lock().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
