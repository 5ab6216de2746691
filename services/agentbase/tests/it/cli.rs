//! The `agentbase` binary as an operator runs it: `serve` on the embedded
//! default, and `migrate up|down|status` on both backends.

use std::{
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use agentbase_testkit::{ServingStatus, TcpProxy, clean_command, free_port, postgres, reflected_services};
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

const BINARY: &str = env!("CARGO_BIN_EXE_agentbase");

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("agentbase-{tag}-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A command with no AGENTBASE_* configuration inherited from the caller.
fn agentbase(cwd: &Path) -> Command {
    let mut command = clean_command(BINARY);
    command.current_dir(cwd);
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_starts_on_embedded_sqlite_and_stops_on_sigterm() {
    let cwd = temp_dir("serve");
    let port = free_port();
    let started = Instant::now();
    let mut child = agentbase(&cwd)
        .args(["serve", "--target", "all"])
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
        .env("AGENTBASE_ADMIN_LISTEN", format!("127.0.0.1:{}", free_port()))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect_lazy();
    let mut health = HealthClient::new(channel.clone());
    let serving_after = loop {
        let answer = health.check(HealthCheckRequest { service: String::new() }).await;
        if answer.is_ok_and(|r| r.into_inner().status == ServingStatus::Serving as i32) {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no SERVING answer within 30 s"
        );
        assert!(child.try_wait().unwrap().is_none(), "the server exited while starting");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    println!("health answered SERVING {serving_after:?} after spawn");
    assert!(cwd.join("data/scripts.db").is_file(), "SQLite file under ./data");
    let services = reflected_services(channel, false).await;
    assert!(
        services.iter().any(|s| s == "agentbase.scripts.v1.ScriptService"),
        "{services:?}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the server ignored SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let _ = std::fs::remove_dir_all(&cwd);
}

/// A server started before its database waits for it (the usual order when
/// both start together), and gives up with the database named once
/// `AGENTBASE_DB_STARTUP_TIMEOUT_MS` has passed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_waits_for_a_database_that_comes_up_later() {
    let cwd = temp_dir("late-db");
    let server = postgres::server();
    let database = server.create_database().await;
    let proxy = TcpProxy::start(server.host_port()).await;
    proxy.disable();
    let url = server.url_via(&database, &proxy.host_port());

    let port = free_port();
    let mut waiting = agentbase(&cwd)
        .args(["serve", "--target", "scripts"])
        .env("AGENTBASE_DATABASE_URL", &url)
        .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
        .env("AGENTBASE_ADMIN_LISTEN", format!("127.0.0.1:{}", free_port()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the server gave up on a refused connection"
    );
    proxy.enable();
    let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect_lazy();
    let mut health = HealthClient::new(channel);
    let started = Instant::now();
    loop {
        let answer = health.check(HealthCheckRequest { service: String::new() }).await;
        if answer.is_ok_and(|r| r.into_inner().status == ServingStatus::Serving as i32) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not SERVING after the database came up"
        );
        assert!(
            waiting.try_wait().unwrap().is_none(),
            "the server exited while starting"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    waiting.kill().unwrap();
    waiting.wait().unwrap();

    proxy.disable();
    let gave_up = {
        let cwd = cwd.clone();
        tokio::task::spawn_blocking(move || {
            agentbase(&cwd)
                .args(["serve", "--target", "scripts"])
                .env("AGENTBASE_DATABASE_URL", &url)
                .env("AGENTBASE_DB_STARTUP_TIMEOUT_MS", "500")
                .env("AGENTBASE_LISTEN", format!("127.0.0.1:{}", free_port()))
                .env("AGENTBASE_ADMIN_LISTEN", format!("127.0.0.1:{}", free_port()))
                .output()
                .unwrap()
        })
    }
    .await
    .unwrap();
    assert!(!gave_up.status.success());
    let stderr = String::from_utf8_lossy(&gave_up.stderr);
    assert!(stderr.contains("cannot open the scripts database"), "{stderr}");
    server.drop_database(&database).await;
    let _ = std::fs::remove_dir_all(&cwd);
}

#[test]
fn bad_configuration_names_the_variable() {
    let cwd = temp_dir("badconfig");
    let output = agentbase(&cwd)
        .args(["serve"])
        .env("AGENTBASE_LISTEN", "nowhere")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("AGENTBASE_LISTEN"));
    let _ = std::fs::remove_dir_all(&cwd);
}

fn migrate(cwd: &Path, env: &[(&str, &str)], action: &str) -> String {
    let output = agentbase(cwd)
        .args(["migrate", "--target", "scripts", action])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "migrate {action}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn check_up_down_status(cwd: &Path, env: &[(&str, &str)]) {
    let first = "scripts\tm20261123_000001_create_scripts";
    let newest = "scripts\tm20261208_000001_tenants";
    let status = migrate(cwd, env, "status");
    assert!(
        status.contains(&format!("{first}\tpending")) && status.contains(&format!("{newest}\tpending")),
        "{status}"
    );
    migrate(cwd, env, "up");
    let status = migrate(cwd, env, "status");
    assert!(
        status.contains(&format!("{first}\tapplied")) && status.contains(&format!("{newest}\tapplied")),
        "{status}"
    );
    migrate(cwd, env, "down");
    let status = migrate(cwd, env, "status");
    assert!(
        status.contains(&format!("{first}\tapplied")) && status.contains(&format!("{newest}\tpending")),
        "{status}"
    );
    migrate(cwd, env, "up");
    assert!(migrate(cwd, env, "status").contains(&format!("{newest}\tapplied")));
}

#[test]
fn migrate_up_down_status_on_sqlite() {
    let cwd = temp_dir("migrate-sqlite");
    check_up_down_status(&cwd, &[]);
    assert!(cwd.join("data/scripts.db").is_file());
    let _ = std::fs::remove_dir_all(&cwd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_up_down_status_on_postgres() {
    let cwd = temp_dir("migrate-pg");
    let server = postgres::server();
    let database = server.create_database().await;
    let url = server.url(&database);
    let check = {
        let cwd = cwd.clone();
        let url = url.clone();
        tokio::task::spawn_blocking(move || check_up_down_status(&cwd, &[("AGENTBASE_DATABASE_URL", url.as_str())]))
    };
    check.await.unwrap();
    server.drop_database(&database).await;
    let _ = std::fs::remove_dir_all(&cwd);
}
