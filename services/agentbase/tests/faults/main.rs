//! The fault suite: what a hostile or careless caller, an overload and a
//! dying database do to agentbase, and what it promises in return
//! (docs/RELIABILITY.md). `cargo test` runs the short counts; `just faults`
//! (AGENTBASE_FAULTS=long) runs the full ones and prints the figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bulkhead;
mod outages;
mod overload;
mod patroni;
mod poisoned;
mod pool;
mod replica;
mod standby;
mod startup;
mod sweep;
mod unauthenticated;

use std::{
    path::Path,
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use agentbase_proto::evaluation::v1::{CreateRunRequest, Exercise, Language, ListRunsRequest};
use agentbase_testkit::ServingStatus;
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// The long mode's counts, or the short ones CI runs.
fn long_mode() -> bool {
    std::env::var("AGENTBASE_FAULTS").is_ok_and(|v| v == "long")
}

/// `short` in CI, `long` under `just faults`.
fn counts(short: usize, long: usize) -> usize {
    if long_mode() { long } else { short }
}

/// The `q`-quantile of `samples` (sorted in place).
fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
    samples[index.min(samples.len() - 1)]
}

/// Peak resident memory of this process (server and clients), in MiB.
fn peak_rss_mib() -> f64 {
    memory_mib("/proc/self/status", "VmHWM:")
}

/// Resident memory of process `pid` now, in MiB.
fn rss_mib(pid: u32) -> f64 {
    memory_mib(&format!("/proc/{pid}/status"), "VmRSS:")
}

/// The `field` (kB) of a `/proc/…/status` file, in MiB.
fn memory_mib(status: &str, field: &str) -> f64 {
    std::fs::read_to_string(status)
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// A run named `name`, created idempotently under `request_id`.
fn run_request(name: &str, request_id: &str) -> CreateRunRequest {
    CreateRunRequest {
        model: "faults".into(),
        name: name.into(),
        exercises: vec![Exercise {
            language: Language::Go as i32,
            exercise: "hello".into(),
        }],
        iterations: 1,
        request_id: request_id.into(),
        ..Default::default()
    }
}

/// A new session of user `u` on a new script named `script_name`, created through `channel`.
async fn new_session(channel: Channel, script_name: &str) -> agentbase_proto::sessions::v1::Session {
    use agentbase_proto::{
        scripts::v1::{CreateScriptRequest, script_service_client::ScriptServiceClient},
        sessions::v1::{CreateSessionRequest, session_service_client::SessionServiceClient},
    };
    let script = ScriptServiceClient::new(channel.clone())
        .create_script(CreateScriptRequest {
            name: script_name.into(),
            content: agentbase_testkit::fixtures::TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    SessionServiceClient::new(channel)
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id: script.id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
}

/// Every run name stored, page by page.
async fn run_names(channel: Channel) -> Vec<String> {
    let mut client = agentbase_proto::evaluation::v1::evaluation_service_client::EvaluationServiceClient::new(channel);
    let mut names = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_runs(ListRunsRequest {
                page_size: 500,
                page_token: page_token.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        names.extend(page.runs.into_iter().map(|run| run.name));
        if page.next_page_token.is_empty() {
            return names;
        }
        page_token = page.next_page_token;
    }
}

/// Runs `calls` over a connection to `address` on a thread and runtime of
/// their own, so that they are never queued behind a load's tasks on the
/// test's runtime.
fn on_a_thread_of_its_own<T, Calls, Fut>(address: std::net::SocketAddr, calls: Calls) -> T
where
    Calls: FnOnce(Channel) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T>,
    T: Send + 'static,
{
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let channel = Channel::from_shared(format!("http://{address}"))
                .unwrap()
                .connect()
                .await
                .unwrap();
            calls(channel).await
        })
    })
    .join()
    .unwrap()
}

/// `count` more channels to `address` (one HTTP/2 connection each).
fn channels(address: std::net::SocketAddr, count: usize) -> Vec<Channel> {
    (0..count)
        .map(|_| {
            Channel::from_shared(format!("http://{address}"))
                .unwrap()
                .connect_lazy()
        })
        .collect()
}

const BINARY: &str = env!("CARGO_BIN_EXE_agentbase");

/// The `agentbase` binary serving every context on `port`, with SQLite files
/// in `dir` unless `env` names a database, and `env` on top.
fn spawn_server(dir: &Path, port: u16, env: &[(&str, &str)]) -> Child {
    agentbase_testkit::clean_command(BINARY)
        .args(["serve", "--target", "all"])
        .env("AGENTBASE_DATA_DIR", dir)
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
        .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until the server behind `channel` reports SERVING.
async fn wait_serving(channel: Channel) {
    let mut health = HealthClient::new(channel);
    let started = Instant::now();
    loop {
        let answer = health.check(HealthCheckRequest { service: String::new() }).await;
        if answer.is_ok_and(|r| r.into_inner().status == ServingStatus::Serving as i32) {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no SERVING within 30 s");
        // As fast as an eager client: the start-up race test calls the moment it is SERVING.
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}
