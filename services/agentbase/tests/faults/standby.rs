//! A server whose database URL reaches a PostgreSQL server in recovery: a
//! hot standby it was pointed at, and a primary demoted under it (stopped,
//! its standby promoted, started again as the new primary's standby). Writes
//! must answer UNAVAILABLE with ErrorInfo (retryable), reads go on,
//! readiness is NOT_SERVING, LISTEN is not retried in a tight loop, and no
//! log line holds the URL's password (issue 39; docs/RELIABILITY.md,
//! "Failover").

use std::{
    path::{Path, PathBuf},
    process::Child,
    time::{Duration, Instant},
};

use agentbase_proto::{
    evaluation::v1::evaluation_service_client::EvaluationServiceClient,
    scripts::v1::{CreateScriptRequest, script_service_client::ScriptServiceClient},
    sessions::v1::{
        AppendMessagesRequest, GetSessionRequest, MessageRole, NewMessage, session_service_client::SessionServiceClient,
    },
};
use agentbase_testkit::{free_port, postgres::PrivateCluster};
use tonic::{Code, transport::Channel};
use tonic_health::pb::{HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient};

use super::{BINARY, run_request, wait_serving};

/// The password every URL of these tests carries (trust authentication ignores it).
const PASSWORD: &str = "pw-never-logged-5b1f";

fn url_with_password(cluster: &PrivateCluster) -> String {
    format!("postgres://postgres:{PASSWORD}@127.0.0.1:{}/postgres", cluster.port())
}

/// A server on `url`, logging at info into `dir/server.log`.
struct Server {
    process: Child,
    channel: Channel,
    log: PathBuf,
}

impl Server {
    fn start(dir: &Path, url: &str, migrate: &str) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let log = dir.join("server.log");
        let port = free_port();
        let process = agentbase_testkit::clean_command(BINARY)
            .args(["serve", "--target", "all"])
            .env("AGENTBASE_DATABASE_URL", url)
            .env("AGENTBASE_MIGRATE", migrate)
            .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
            .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            // Log lines go to standard output, start-up errors to standard error.
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(log.with_extension("err")).unwrap())
            .spawn()
            .unwrap();
        let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
            .unwrap()
            .connect_timeout(Duration::from_secs(1))
            .connect_lazy();
        Self { process, channel, log }
    }

    fn log(&self) -> String {
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        read(&self.log) + &read(&self.log.with_extension("err"))
    }

    async fn health(&self, service: &str) -> Option<ServingStatus> {
        let answer = HealthClient::new(self.channel.clone())
            .check(HealthCheckRequest {
                service: service.into(),
            })
            .await
            .ok()?;
        ServingStatus::try_from(answer.into_inner().status).ok()
    }

    /// Waits until every service and the whole server report `status`.
    async fn wait_for(&self, status: ServingStatus, within: Duration) {
        let started = Instant::now();
        let services = [
            "",
            "agentbase.scripts.v1.ScriptService",
            "agentbase.sessions.v1.SessionService",
            "agentbase.evaluation.v1.EvaluationService",
        ];
        loop {
            let mut all = true;
            for service in services {
                all &= self.health(service).await == Some(status);
            }
            if all {
                return;
            }
            assert!(
                started.elapsed() < within,
                "not {status:?} within {within:?}:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Reads `session_id` through `channel` until it is there (the standby may lag).
async fn read_session(channel: Channel, session_id: &str) {
    let started = Instant::now();
    let mut sessions = SessionServiceClient::new(channel);
    loop {
        let read = sessions.get_session(GetSessionRequest { id: session_id.into() }).await;
        match read {
            Ok(_) => return,
            Err(status) => assert!(
                started.elapsed() < Duration::from_secs(15),
                "a read on the server in recovery still fails: {status:?}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One write of each context through `channel`; each must answer
/// UNAVAILABLE with ErrorInfo `DATABASE_UNAVAILABLE` and RetryInfo.
async fn writes_are_unavailable(channel: Channel, session_id: &str) {
    let script = ScriptServiceClient::new(channel.clone())
        .create_script(CreateScriptRequest {
            name: "refused".into(),
            content: agentbase_testkit::fixtures::TECHNIQUE.into(),
            ..Default::default()
        })
        .await;
    let append = SessionServiceClient::new(channel.clone())
        .append_messages(AppendMessagesRequest {
            session_id: session_id.into(),
            messages: vec![NewMessage {
                role: MessageRole::User as i32,
                content: "refused".into(),
                ..Default::default()
            }],
            ..Default::default()
        })
        .await;
    let run = EvaluationServiceClient::new(channel)
        .create_run(run_request("refused", &uuid::Uuid::now_v7().to_string()))
        .await;
    for (what, domain, status) in [
        ("CreateScript", "scripts.agentbase", script.map(drop)),
        ("AppendMessages", "sessions.agentbase", append.map(drop)),
        ("CreateRun", "evaluation.agentbase", run.map(drop)),
    ] {
        let status = status.expect_err(what);
        assert_eq!(status.code(), Code::Unavailable, "{what}: {status:?}");
        assert_eq!(
            agentbase_testkit::errors::reason_in(&status, domain),
            "DATABASE_UNAVAILABLE",
            "{what}"
        );
        use tonic_types::StatusExt;
        assert!(status.get_details_retry_info().is_some(), "{what}: no RetryInfo");
    }
}

fn assert_no_password(what: &str, log: &str) {
    assert!(
        !log.contains(PASSWORD),
        "{what}'s log holds the database password:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_on_a_standby_or_a_demoted_primary_refuses_writes_as_unavailable() {
    let (primary, standby) = tokio::task::spawn_blocking(PrivateCluster::start_with_standby)
        .await
        .unwrap()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("agentbase-standby-{}", uuid::Uuid::now_v7().simple()));

    // On the primary: migrations and a session.
    let on_primary = Server::start(&dir.join("primary"), &url_with_password(&primary), "auto");
    wait_serving(on_primary.channel.clone()).await;
    let session_id = super::new_session(on_primary.channel.clone(), "standby").await.id;

    // Pointed at the standby.
    let started = Instant::now();
    let on_standby = Server::start(&dir.join("standby"), &url_with_password(&standby), "skip");
    on_standby
        .wait_for(ServingStatus::NotServing, Duration::from_secs(30))
        .await;
    read_session(on_standby.channel.clone(), &session_id).await;
    writes_are_unavailable(on_standby.channel.clone(), &session_id).await;
    // LISTEN fails on a standby; its retries back off (1, 2, 4, 8 s …).
    let seven_seconds = Duration::from_secs(7);
    tokio::time::sleep(seven_seconds.saturating_sub(started.elapsed())).await;
    let listen_failures = on_standby.log().matches("LISTEN failed").count();
    assert!(
        listen_failures <= 3 * 4,
        "{listen_failures} LISTEN attempts by 3 contexts in {:?}: a tight loop",
        started.elapsed()
    );
    on_standby
        .wait_for(ServingStatus::NotServing, Duration::from_secs(1))
        .await;

    // The primary demoted under its server, the standby promoted.
    let (primary, standby) = tokio::task::spawn_blocking(move || {
        primary.stop("fast")?;
        standby.promote()?;
        primary.start_as_standby_of(&standby)?;
        Ok::<_, String>((primary, standby))
    })
    .await
    .unwrap()
    .unwrap();
    on_primary
        .wait_for(ServingStatus::NotServing, Duration::from_secs(30))
        .await;
    read_session(on_primary.channel.clone(), &session_id).await;
    writes_are_unavailable(on_primary.channel.clone(), &session_id).await;
    // The server on the promoted standby serves writes as soon as it sees it.
    on_standby
        .wait_for(ServingStatus::Serving, Duration::from_secs(30))
        .await;
    seed_again(on_standby.channel.clone()).await;

    println!(
        "standby: writes UNAVAILABLE (DATABASE_UNAVAILABLE + RetryInfo) on a hot standby and on a demoted primary, \
         NOT_SERVING on both, {listen_failures} LISTEN attempts by 3 contexts in 7 s; the promoted standby's server \
         SERVING and writing"
    );
    for (what, server) in [
        ("the primary's server", &on_primary),
        ("the standby's server", &on_standby),
    ] {
        assert_no_password(what, &server.log());
    }
    drop((on_primary, on_standby, primary, standby));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A write through `channel` succeeds.
async fn seed_again(channel: Channel) {
    ScriptServiceClient::new(channel)
        .create_script(CreateScriptRequest {
            name: "after-promotion".into(),
            content: agentbase_testkit::fixtures::TECHNIQUE.into(),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// A URL of several hosts is refused at start-up, naming the routes that
/// work, and neither the URL nor its password reaches the output.
#[test]
fn several_hosts_in_one_url_are_refused_without_the_password() {
    let url = format!("postgres://app:{PASSWORD}@127.0.0.1:1,127.0.0.1:2/agentbase?target_session_attrs=read-write");
    let output = agentbase_testkit::clean_command(BINARY)
        .args(["serve", "--target", "all"])
        .env("AGENTBASE_DATABASE_URL", &url)
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{}", free_port()))
        .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("AGENTBASE_DATABASE_URL") && said.contains("several hosts") && said.contains("/primary"),
        "{said}"
    );
    assert_no_password("a refused start", &said);
    assert!(!said.contains("127.0.0.1:1,"), "{said}");
}

/// A database that does not exist, or a role the server does not know, is
/// refused at once with the server's reason, not retried for the start-up
/// timeout (30 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_database_or_role_fails_start_up_at_once() {
    let server = agentbase_testkit::postgres::server();
    let unknown_database = server.url(&format!("agentbase_missing_{}", uuid::Uuid::now_v7().simple()));
    let unknown_role = server.url("postgres").replacen("://postgres", "://agentbase_nobody", 1);
    for (what, url, said) in [
        ("an unknown database", unknown_database, "does not exist"),
        ("an unknown role", unknown_role, "does not exist"),
    ] {
        let started = Instant::now();
        let output = tokio::task::spawn_blocking(move || {
            agentbase_testkit::clean_command(BINARY)
                .args(["serve", "--target", "all"])
                .env("AGENTBASE_DATABASE_URL", url)
                .env("AGENTBASE_LISTEN", format!("127.0.0.1:{}", free_port()))
                .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let text = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{what}: started");
        assert!(text.contains(said), "{what}: {text}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: refused only after {:?}",
            started.elapsed()
        );
    }
}
