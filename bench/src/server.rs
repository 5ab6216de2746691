//! The server under test: the `agentbase` binary built beside this one, started
//! on a backend of the bench's own and stopped when dropped.

use std::{
    path::{Path, PathBuf},
    process::{Child, Stdio},
    sync::Arc,
    time::{Duration, Instant},
};

use agentbase_testkit::{ServingStatus, clean_command, free_port};
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// Where the server keeps its data.
pub enum Storage<'a> {
    /// SQLite files under this directory.
    Sqlite(&'a Path),
    /// This PostgreSQL database (one schema per context).
    Postgres(&'a str),
}

/// A running server.
pub struct Server {
    child: Child,
    port: u16,
    /// For seeding and single calls.
    pub channel: Channel,
    /// From spawn to the first SERVING answer.
    pub start_to_serving: Duration,
}

impl Server {
    /// Starts `binary` on `storage` and waits until it answers SERVING.
    pub async fn start(binary: &Path, storage: Storage<'_>, env: &[(String, String)]) -> Result<Self, String> {
        // Fixed-concurrency runs measure throughput and latency, not
        // admission (measured on its own, `crate::admission`).
        let mut env = env.to_vec();
        if !env.iter().any(|(key, _)| key == "AGENTBASE_MAX_IN_FLIGHT") {
            env.insert(0, ("AGENTBASE_MAX_IN_FLIGHT".into(), "256".into()));
        }
        Self::start_as_shipped(binary, &storage, &env).await
    }

    /// Like [`Server::start`], with the admission settings the server ships with.
    pub async fn start_as_shipped(
        binary: &Path,
        storage: &Storage<'_>,
        env: &[(String, String)],
    ) -> Result<Self, String> {
        let port = free_port();
        let mut command = clean_command(&binary.display().to_string());
        command
            .args(["serve", "--target", "all"])
            .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
            .env("AGENTBASE_ADMIN_LISTEN", format!("127.0.0.1:{}", free_port()))
            .env("AGENTBASE_LOG_FORMAT", "json")
            // Background sweeps (expired leases, sessions, memories, audit
            // events) would land in the statements captured for pgbench and
            // in the measured windows: a day apart, they stay out of both.
            .env("AGENTBASE_LEASE_SWEEP_INTERVAL_MS", "86400000")
            .env("AGENTBASE_SESSION_SWEEP_INTERVAL_MS", "86400000")
            .env("AGENTBASE_MEMORY_SWEEP_INTERVAL_MS", "86400000")
            .env("AGENTBASE_AUDIT_SWEEP_INTERVAL_MS", "86400000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command.envs(env.iter().map(|(key, value)| (key, value)));
        match storage {
            Storage::Sqlite(dir) => command.env("AGENTBASE_DATA_DIR", dir),
            Storage::Postgres(url) => command.env("AGENTBASE_DATABASE_URL", url),
        };
        let started = Instant::now();
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
            .map_err(|e| e.to_string())?
            .connect_lazy();
        let mut server = Self {
            child,
            port,
            channel: channel.clone(),
            start_to_serving: Duration::ZERO,
        };
        let mut health = HealthClient::new(channel);
        loop {
            let answer = health.check(HealthCheckRequest::default()).await;
            if answer.is_ok_and(|a| a.into_inner().status == ServingStatus::Serving as i32) {
                server.start_to_serving = started.elapsed();
                return Ok(server);
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err("the server did not answer SERVING within 60 s".into());
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("the server exited while starting: {status}"));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// `count` HTTP/2 connections of their own for a load's workers.
    pub fn connections(&self, count: usize) -> Result<Connections, String> {
        Connections::across(std::slice::from_ref(self), count)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory, in MiB (Linux).
    pub fn rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }
}

/// The connections a load's workers call on: worker `n` always uses the same
/// one, as each pgbench client has its own PostgreSQL connection.
#[derive(Clone)]
pub struct Connections(Arc<[Channel]>);

impl Connections {
    /// `count` connections spread over `servers` in turn (replicas behind a balancer).
    pub fn across(servers: &[Server], count: usize) -> Result<Self, String> {
        let channels = (0..count.max(1))
            .map(|n| {
                Channel::from_shared(format!("http://127.0.0.1:{}", servers[n % servers.len()].port))
                    .map(|endpoint| endpoint.connect_lazy())
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(channels.into()))
    }

    pub fn of(&self, worker: usize) -> Channel {
        self.0[worker % self.0.len()].clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `agentbase` binary of the same build as this bench.
pub fn sibling_binary() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let binary = me.with_file_name("agentbase");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} is missing: build it with the bench (`just bench` does)",
            binary.display()
        ))
    }
}
