//! Bulkheads: one user's expensive searches leave everyone else working.
//!
//! A user with 20,000 memories of issue 31's adversarial form (a ten-word
//! vocabulary, so every search shape is cheap or costly by design) is
//! searched by 32 callers at once, each call with a 1 s deadline, in the
//! shapes that cost most (a refused caller waits as RetryInfo asks). Meanwhile another user's SearchMemories,
//! CreateMemory, AppendMessages and CreateSession, sent one after another
//! from a thread of their own, all answer (their p99 against the unloaded
//! one is printed); and the busy user's calls end only with DEADLINE_EXCEEDED
//! or SEARCH_BUSY, never POOL_EXHAUSTED.

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, CreateMemoryRequest, CreateSessionRequest, MessageRole, NewMessage, SearchMemoriesRequest,
    memory_service_client::MemoryServiceClient, session_service_client::SessionServiceClient,
};
use agentbase_sessions::domain::memory::{search_keys, search_scope, search_text};
use agentbase_testkit::{Backend, backend_tests, corpus::adversarial_note, spawn_app};
use sea_orm::ConnectionTrait;
use tonic::{Code, transport::Channel};
use tonic_types::StatusExt;

use super::{counts, on_a_thread_of_its_own, quantile};

/// How one busy search ended: answered, or its code and ErrorInfo reason.
type Outcome = Result<(), (Code, String)>;

const BUSY_USER: &str = "busy";
const OTHER_USER: &str = "u1";

/// The busy user's costliest shapes: two common terms rarely together,
/// a Chinese phrase in a quarter, every term in every memory.
const BUSY_QUERIES: [&str; 3] = ["sleep family", "失眠 工作压力", "note client mentions 最近"];

/// Stores `count` notes of the busy user straight into its database (the
/// text index follows: triggers on SQLite, a generated column on PostgreSQL).
async fn seed_busy_user(storage: &sea_orm::DatabaseConnection, count: usize) {
    let postgres = storage.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let scope = search_scope(Some(BUSY_USER), None, "fact");
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                let content = adversarial_note(*i);
                let text = search_text(&content, &[]);
                let id = uuid::Uuid::now_v7();
                let id = if postgres {
                    format!("'{id}'")
                } else {
                    format!("X'{}'", id.simple())
                };
                format!(
                    "({id}, '{BUSY_USER}', 'fact', '{content}', 'medium', 2, '[]', '{{}}', '{text}', 'e', \
                     '2026-12-04T00:00:00Z', '2026-12-04T00:00:00Z', '{}', '{scope}', 'default')",
                    search_keys(&text)
                )
            })
            .collect();
        storage
            .execute_unprepared(&format!(
                "INSERT INTO memories (id, user_id, memory_type, content, importance, importance_rank, tags, metadata, \
                 search_text, etag, created_at, updated_at, search_keys, search_scope, tenant_id) VALUES {}",
                rows.join(", ")
            ))
            .await
            .unwrap();
    }
}

/// The other user's four calls, one round: their latencies, in order.
async fn other_round(
    channel: &Channel,
    script_id: &str,
    session_id: &str,
    round: usize,
) -> Result<[Duration; 4], tonic::Status> {
    let mut memories = MemoryServiceClient::new(channel.clone());
    let mut sessions = SessionServiceClient::new(channel.clone());
    let mut took = [Duration::ZERO; 4];
    let started = Instant::now();
    memories
        .search_memories(SearchMemoriesRequest {
            query: "calm".into(),
            user_id: OTHER_USER.into(),
            ..Default::default()
        })
        .await?;
    took[0] = started.elapsed();
    let started = Instant::now();
    memories
        .create_memory(CreateMemoryRequest {
            user_id: OTHER_USER.into(),
            memory_type: "fact".into(),
            content: format!("calm evening {round} {}", uuid::Uuid::now_v7()),
            ..Default::default()
        })
        .await?;
    took[1] = started.elapsed();
    let started = Instant::now();
    sessions
        .append_messages(AppendMessagesRequest {
            session_id: session_id.into(),
            messages: vec![NewMessage {
                role: MessageRole::User as i32,
                content: format!("round {round}"),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await?;
    took[2] = started.elapsed();
    let started = Instant::now();
    sessions
        .create_session(CreateSessionRequest {
            user_id: OTHER_USER.into(),
            script_id: script_id.into(),
            ..Default::default()
        })
        .await?;
    took[3] = started.elapsed();
    Ok(took)
}

/// `rounds` rounds of the other user's calls on a thread, runtime and
/// connection of their own (never queued behind the load's tasks).
fn other_user(
    address: std::net::SocketAddr,
    script_id: String,
    session_id: String,
    rounds: usize,
) -> Result<Vec<[Duration; 4]>, tonic::Status> {
    on_a_thread_of_its_own(address, move |channel| async move {
        let mut latencies = Vec::new();
        for round in 0..rounds {
            latencies.push(other_round(&channel, &script_id, &session_id, round).await?);
        }
        Ok(latencies)
    })
}

/// The p99 of each of the four calls.
fn p99s(rounds: &[[Duration; 4]]) -> [Duration; 4] {
    std::array::from_fn(|call| {
        let mut samples: Vec<Duration> = rounds.iter().map(|round| round[call]).collect();
        quantile(&mut samples, 0.99)
    })
}

async fn one_users_searches_leave_everyone_else_working(backend: Backend) {
    let app = spawn_app(backend).await;
    let storage = app.storage_of("sessions").await;
    seed_busy_user(&storage, counts(20_000, 100_000)).await;
    storage.close().await.ok();
    let session = agentbase_testkit::fixtures::session(&app).await;
    let script_id = session.script_id.clone();
    for i in 0..20 {
        app.memories
            .clone()
            .create_memory(CreateMemoryRequest {
                user_id: OTHER_USER.into(),
                memory_type: "fact".into(),
                content: format!("calm morning {i}"),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let rounds = counts(40, 200);
    let unloaded = other_user(app.address, script_id.clone(), session.id.clone(), rounds).expect("unloaded calls");

    let stop = Arc::new(AtomicBool::new(false));
    let outcomes: Arc<Mutex<Vec<Outcome>>> = Arc::default();
    let searchers: Vec<_> = (0..32)
        .map(|n| {
            let (stop, outcomes) = (stop.clone(), outcomes.clone());
            let mut memories = app.memories.clone();
            tokio::spawn(async move {
                let mut turn = n;
                while !stop.load(Ordering::Relaxed) {
                    let mut request = tonic::Request::new(SearchMemoriesRequest {
                        query: BUSY_QUERIES[turn % BUSY_QUERIES.len()].into(),
                        user_id: BUSY_USER.into(),
                        ..Default::default()
                    });
                    request.set_timeout(Duration::from_secs(1));
                    let outcome = memories.search_memories(request).await.map(|_| ());
                    // A refused caller waits as RetryInfo asks, as a client should.
                    let retry_after = outcome
                        .as_ref()
                        .err()
                        .and_then(|status| status.get_details_retry_info())
                        .and_then(|info| info.retry_delay);
                    let outcome = outcome.map_err(|status| {
                        let reason = status
                            .get_details_error_info()
                            .map(|info| info.reason)
                            .unwrap_or_default();
                        (status.code(), reason)
                    });
                    outcomes.lock().unwrap().push(outcome);
                    if let Some(delay) = retry_after {
                        tokio::time::sleep(delay).await;
                    }
                    turn += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let loaded = other_user(app.address, script_id.clone(), session.id.clone(), rounds)
        .expect("no call of another user fails while one user searches");
    stop.store(true, Ordering::Relaxed);
    for searcher in searchers {
        searcher.await.unwrap();
    }
    let after = other_user(app.address, script_id, session.id.clone(), 10).expect("nor after");
    assert_eq!(after.len(), 10);

    let outcomes = outcomes.lock().unwrap();
    let answered = outcomes.iter().filter(|outcome| outcome.is_ok()).count();
    let refused: Vec<&(Code, String)> = outcomes.iter().filter_map(|outcome| outcome.as_ref().err()).collect();
    for (code, reason) in &refused {
        assert!(
            matches!(
                (code, reason.as_str()),
                (Code::DeadlineExceeded, _) | (Code::Cancelled, "") | (Code::ResourceExhausted, "SEARCH_BUSY")
            ),
            "a busy user's search ended with {code:?} {reason}"
        );
    }
    let (unloaded, loaded) = (p99s(&unloaded), p99s(&loaded));
    assert!(answered > 0, "the busy user's searches ran too");
    // Latencies are recorded, not asserted (a timed assertion fails on a
    // busy machine): docs/RELIABILITY.md has the figures of a quiet run.
    let ratios: Vec<String> = (0..4)
        .map(|call| {
            format!(
                "×{:.1}",
                loaded[call].as_secs_f64() / unloaded[call].as_secs_f64().max(1e-6)
            )
        })
        .collect();
    println!(
        "{backend:?}: 32 searchers of one user: {answered} answered, {} refused (DEADLINE_EXCEEDED or SEARCH_BUSY); \
         the other user's p99 (SearchMemories, CreateMemory, AppendMessages, CreateSession) unloaded {unloaded:?}, \
         loaded {loaded:?}: {}",
        refused.len(),
        ratios.join(" ")
    );
}

backend_tests!(one_users_searches_leave_everyone_else_working);
