//! Fresh starts raced by their first callers: the `agentbase` binary started
//! on an empty database, and several clients firing create script → create
//! session → append → list the moment health says SERVING. Every start must
//! answer every call right, and the server must never panic (issue 30:
//! docs/RELIABILITY.md, "Start-up").

use std::{
    io::Read,
    path::Path,
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use agentbase_proto::{
    scripts::v1::{CreateScriptRequest, script_service_client::ScriptServiceClient},
    sessions::v1::{
        AppendMessagesRequest, CreateSessionRequest, ListMessagesRequest, MessageRole, NewMessage,
        session_service_client::SessionServiceClient,
    },
};
use agentbase_testkit::free_port;
use tonic::transport::Channel;

use super::{BINARY, counts, wait_serving};

/// Concurrent callers per start.
const CALLERS: usize = 4;

/// The binary on `port` with SQLite files in `dir` (or `database_url`), its
/// standard error in `dir/server.log`.
fn start(dir: &Path, port: u16, database_url: Option<&str>) -> Child {
    std::fs::create_dir_all(dir).unwrap();
    let log = std::fs::File::create(dir.join("server.log")).unwrap();
    let mut command = agentbase_testkit::clean_command(BINARY);
    command
        .args(["serve", "--target", "all"])
        .env("AGENTBASE_DATA_DIR", dir.join("data"))
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
        .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LOG", "info")
        .stdout(std::fs::File::create(dir.join("server.out")).unwrap())
        .stderr(log);
    if let Some(url) = database_url {
        command.env("AGENTBASE_DATABASE_URL", url);
    }
    command.spawn().unwrap()
}

/// One caller's first calls; what went wrong, if anything.
async fn first_calls(channel: Channel, caller: usize) -> Result<(), String> {
    let mut scripts = ScriptServiceClient::new(channel.clone());
    let mut sessions = SessionServiceClient::new(channel);
    let script = scripts
        .create_script(CreateScriptRequest {
            name: format!("first-{caller}"),
            content: agentbase_testkit::fixtures::TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .map_err(|s| format!("CreateScript: {s:?}"))?
        .into_inner();
    let session = sessions
        .create_session(CreateSessionRequest {
            user_id: format!("u{caller}"),
            script_id: script.id,
            ..Default::default()
        })
        .await
        .map_err(|s| format!("CreateSession: {s:?}"))?
        .into_inner();
    let appended = sessions
        .append_messages(AppendMessagesRequest {
            session_id: session.id.clone(),
            messages: vec![NewMessage {
                role: MessageRole::User as i32,
                content: format!("hello from {caller}"),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await
        .map_err(|s| format!("AppendMessages: {s:?}"))?
        .into_inner();
    if appended.messages.len() != 1 {
        return Err(format!("AppendMessages answered {} messages", appended.messages.len()));
    }
    let listed = sessions
        .list_messages(ListMessagesRequest {
            session_id: session.id,
            ..Default::default()
        })
        .await
        .map_err(|s| format!("ListMessages: {s:?}"))?
        .into_inner();
    match listed.messages.as_slice() {
        [only] if only.content == format!("hello from {caller}") => Ok(()),
        other => Err(format!("ListMessages answered {other:?}")),
    }
}

/// `starts` fresh starts; each one's wrong answers and panics.
async fn race_starts(starts: usize, mut fresh_database: impl AsyncFnMut() -> Option<String>) -> Vec<String> {
    let mut failures = Vec::new();
    let started = Instant::now();
    for start_number in 0..starts {
        let dir = std::env::temp_dir().join(format!("agentbase-startup-{}", uuid::Uuid::now_v7().simple()));
        let database_url = fresh_database().await;
        let port = free_port();
        let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
            .unwrap()
            .connect_timeout(Duration::from_secs(1))
            .connect_lazy();
        let mut server = start(&dir, port, database_url.as_deref());
        wait_serving(channel.clone()).await;
        let callers: Vec<_> = (0..CALLERS)
            .map(|caller| tokio::spawn(first_calls(channel.clone(), caller)))
            .collect();
        for caller in callers {
            if let Err(wrong) = caller.await.unwrap() {
                failures.push(format!("start {start_number}: {wrong}"));
            }
        }
        server.kill().unwrap();
        server.wait().unwrap();
        let mut log = String::new();
        std::fs::File::open(dir.join("server.log"))
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        if log.contains("panicked") {
            failures.push(format!("start {start_number}: the server panicked:\n{log}"));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "start-up race: {starts} fresh starts × {CALLERS} callers in {:.1?}; {} failures",
        started.elapsed(),
        failures.len()
    );
    failures
}

/// Starts the binary on `dir` and kills it with -9 `delay` after it logs
/// that it is applying its `nth` migration (counted across contexts, from
/// 1); whether it got that far.
fn kill_at_migration(dir: &Path, nth: usize, delay: Duration) -> bool {
    use std::io::BufRead;
    let mut server = agentbase_testkit::clean_command(BINARY)
        .args(["serve", "--target", "all"])
        .env("AGENTBASE_DATA_DIR", dir.join("data"))
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = std::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let mut seen = 0;
    let mut reached = false;
    for line in lines {
        let line = line.unwrap();
        // Past its migrations the server says it is serving.
        if line.contains(r#""message":"serving""#) {
            break;
        }
        if line.contains("Applying migration '") {
            seen += 1;
            if seen == nth {
                reached = true;
                std::thread::sleep(delay);
                break;
            }
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    reached
}

/// A first start killed while it applies its migrations (the process gone
/// mid-migration, as an OOM kill or an impatient orchestrator would leave
/// it) does not keep the next start from migrating and serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_start_killed_during_its_migrations_starts_again() {
    let tries = counts(4, 30);
    let mut killed = 0;
    for attempt in 0..tries {
        let dir = std::env::temp_dir().join(format!("agentbase-migkill-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        // Spread the kills over the first migration of each context (the
        // longest: many statements) and the 21 migrations of all three.
        let nth = if attempt % 2 == 0 {
            [1, 2, 7, 17][(attempt / 2) % 4]
        } else {
            1 + attempt % 21
        };
        let delay = Duration::from_millis((attempt as u64 * 3) % 20);
        let reached = tokio::task::spawn_blocking({
            let dir = dir.clone();
            move || kill_at_migration(&dir, nth, delay)
        })
        .await
        .unwrap();
        killed += usize::from(reached);
        let port = free_port();
        let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
            .unwrap()
            .connect_timeout(Duration::from_secs(1))
            .connect_lazy();
        let mut server = start(&dir, port, None);
        wait_serving(channel.clone()).await;
        let answered = first_calls(channel, 0).await;
        server.kill().unwrap();
        server.wait().unwrap();
        let mut log = String::new();
        std::fs::File::open(dir.join("server.log"))
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        assert!(answered.is_ok(), "after a kill at migration {nth}: {answered:?}\n{log}");
        assert!(!log.contains("panicked"), "{log}");
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "{tries} first starts killed during their migrations ({killed} at the migration aimed at); every next start served"
    );
    assert!(killed > 0, "no kill landed during the migrations");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fresh_starts_answer_their_first_callers() {
    let failures = race_starts(counts(10, 200), async || None).await;
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fresh_starts_answer_their_first_callers() {
    let server = agentbase_testkit::postgres::server();
    let mut created = Vec::new();
    let failures = race_starts(counts(3, 50), async || {
        let name = server.create_database().await;
        let url = server.url(&name);
        created.push(name);
        Some(url)
    })
    .await;
    for name in created {
        server.drop_database(&name).await;
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Processes started at once on one empty database, with the default
/// `AGENTBASE_MIGRATE=auto`: a rollout of several replicas on a new
/// database. Before migrations took a schema lock, all but one exited on the
/// catalogue's unique indexes (issue 39).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_replicas_started_together_all_serve() {
    const REPLICAS: usize = 4;
    let server = agentbase_testkit::postgres::server();
    let mut failures = Vec::new();
    for trial in 0..counts(2, 10) {
        let name = server.create_database().await;
        let (url, password) = server.url_with_password(&name);
        let replicas: Vec<_> = (0..REPLICAS)
            .map(|_| {
                let dir = std::env::temp_dir().join(format!("agentbase-replicas-{}", uuid::Uuid::now_v7().simple()));
                let port = free_port();
                (dir.clone(), port, start(&dir, port, Some(&url)))
            })
            .collect();
        for (replica, (dir, port, server_process)) in replicas.into_iter().enumerate() {
            let mut server_process = server_process;
            let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
                .unwrap()
                .connect_timeout(Duration::from_secs(1))
                .connect_lazy();
            match tokio::time::timeout(
                Duration::from_secs(60),
                wait_serving_or_exit(channel.clone(), &mut server_process),
            )
            .await
            {
                Ok(Ok(())) => {
                    if let Err(wrong) = first_calls(channel, replica).await {
                        failures.push(format!("trial {trial}, replica {replica}: {wrong}"));
                    }
                }
                Ok(Err(exit)) => failures.push(format!(
                    "trial {trial}, replica {replica} exited ({exit}):\n{}",
                    read_log(&dir)
                )),
                Err(_) => failures.push(format!("trial {trial}, replica {replica}: no SERVING within 60 s")),
            }
            let _ = server_process.kill();
            let _ = server_process.wait();
            let log = read_log(&dir);
            if log.contains("panicked") {
                failures.push(format!("trial {trial}, replica {replica} panicked:\n{log}"));
            }
            if !password.is_empty() && log.contains(&password) {
                failures.push(format!("trial {trial}, replica {replica} logged the password:\n{log}"));
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        server.drop_database(&name).await;
    }
    println!(
        "{REPLICAS} replicas started together on an empty database: {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Waits until the server behind `channel` is SERVING, or its process exits (with its status).
async fn wait_serving_or_exit(channel: Channel, process: &mut Child) -> Result<(), String> {
    use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};
    let mut health = HealthClient::new(channel);
    loop {
        if let Some(status) = process.try_wait().map_err(|e| e.to_string())? {
            return Err(status.to_string());
        }
        let answer = health.check(HealthCheckRequest { service: String::new() }).await;
        if answer.is_ok_and(|r| r.into_inner().status == ServingStatus::Serving as i32) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What the server in `dir` wrote: its log lines and its errors.
fn read_log(dir: &Path) -> String {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    read("server.out") + &read("server.log")
}
