//! Failover of a Patroni cluster under load (issue 39; docs/RELIABILITY.md,
//! "Failover"): etcd, two PostgreSQL nodes managed by Patroni with
//! synchronous replication, and HAProxy routing to whichever node Patroni's
//! REST API calls the primary (`GET /primary`), all from Debian's packages on
//! 127.0.0.1. agentbase reaches PostgreSQL through HAProxy only. The leader
//! is killed (-9, Patroni and PostgreSQL) under writers that retry with
//! their request ids, appenders to one session and a watcher of it: no
//! acknowledged write may be lost or stored twice, and the watcher must see
//! every message once, in order.

use std::{
    net::TcpStream,
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, ListMessagesRequest, MessageRole, NewMessage, WatchMessagesRequest,
    session_service_client::SessionServiceClient,
};
use agentbase_testkit::free_port;
use tokio_stream::StreamExt;
use tonic::{Code, transport::Channel};

use super::{
    BINARY, counts,
    outages::{Ledger, check_ledger, start_writers},
    run_names, wait_serving,
};

const INSTALL_HINT: &str = "the Patroni failover test needs Debian's patroni, etcd-server and haproxy: apt-get install patroni etcd-server haproxy";

/// The password of the `postgres` role in the cluster, which no log may hold.
const PASSWORD: &str = "pg-patroni-3f9a";

/// A process of the cluster, killed when dropped.
struct Process {
    child: Child,
}

impl Process {
    fn start(command: &mut Command, log: &Path) -> Self {
        let log = std::fs::File::create(log).unwrap();
        let child = command
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{INSTALL_HINT} ({command:?}: {e})"));
        Self { child }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The uid and gid of `postgres`, which PostgreSQL (and so Patroni) must run as.
fn postgres_ids() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    let line = passwd.lines().find(|line| line.starts_with("postgres:"))?;
    let mut fields = line.split(':').skip(2);
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

fn as_cluster_user(program: &str) -> Command {
    let mut command = Command::new(program);
    // PostgreSQL refuses to run as root; std switches the child before exec.
    if let (true, Some((uid, gid))) = (agentbase_testkit::postgres::is_root(), postgres_ids()) {
        command.uid(uid).gid(gid);
    }
    command
}

/// One Patroni node: its ports and processes.
struct Node {
    name: String,
    pg_port: u16,
    rest_port: u16,
    config: PathBuf,
    data: PathBuf,
    patroni: Option<Process>,
}

impl Node {
    fn start(&mut self, dir: &Path) {
        let mut command = as_cluster_user("patroni");
        command.arg(&self.config);
        self.patroni = Some(Process::start(&mut command, &dir.join(format!("{}.log", self.name))));
    }

    /// Kills Patroni and its PostgreSQL with -9, as a crash of the node would.
    fn crash(&mut self) {
        let postmaster = std::fs::read_to_string(self.data.join("postmaster.pid"))
            .ok()
            .and_then(|pid| pid.lines().next().map(str::to_owned));
        if let Some(mut patroni) = self.patroni.take() {
            patroni.kill();
        }
        if let Some(pid) = postmaster {
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    }

    fn is_primary(&self) -> bool {
        http_status(self.rest_port, "/primary") == Some(200)
    }

    fn is_sync_standby(&self) -> bool {
        http_status(self.rest_port, "/sync") == Some(200)
    }
}

/// The status code of `GET path` on 127.0.0.1:`port` (Patroni's REST API).
fn http_status(port: u16, path: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.split_whitespace().nth(1)?.parse().ok()
}

/// etcd, two Patroni nodes and HAProxy in a directory of their own.
struct HaCluster {
    dir: PathBuf,
    nodes: Vec<Node>,
    haproxy_port: u16,
    _etcd: Process,
    _haproxy: Process,
}

impl HaCluster {
    fn start() -> Self {
        let bin_dir = agentbase_testkit::postgres::find_bin_dir().expect("PostgreSQL server binaries");
        let dir = std::env::temp_dir().join(format!("agentbase-patroni-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let (etcd_client, etcd_peer) = (free_port(), free_port());
        let mut etcd = as_cluster_user("etcd");
        etcd.args(["--name", "e1", "--data-dir"])
            .arg(dir.join("etcd"))
            .arg(format!("--listen-client-urls=http://127.0.0.1:{etcd_client}"))
            .arg(format!("--advertise-client-urls=http://127.0.0.1:{etcd_client}"))
            .arg(format!("--listen-peer-urls=http://127.0.0.1:{etcd_peer}"))
            .arg(format!("--initial-advertise-peer-urls=http://127.0.0.1:{etcd_peer}"))
            .arg(format!("--initial-cluster=e1=http://127.0.0.1:{etcd_peer}"));
        let scope = format!("agentbase-{}", uuid::Uuid::now_v7().simple());
        let nodes: Vec<Node> = (1..=2)
            .map(|n| {
                let node = Node {
                    name: format!("node{n}"),
                    pg_port: free_port(),
                    rest_port: free_port(),
                    config: dir.join(format!("node{n}.yml")),
                    data: dir.join(format!("data{n}")),
                    patroni: None,
                };
                std::fs::write(&node.config, patroni_config(&scope, &node, etcd_client, &bin_dir, &dir)).unwrap();
                node
            })
            .collect();
        let haproxy_port = free_port();
        let servers: String = nodes
            .iter()
            .map(|node| {
                format!(
                    "    server {} 127.0.0.1:{} check port {}\n",
                    node.name, node.pg_port, node.rest_port
                )
            })
            .collect();
        std::fs::write(
            dir.join("haproxy.cfg"),
            format!(
                "global\n    maxconn 400\ndefaults\n    mode tcp\n    timeout connect 2s\n    timeout client 30m\n    \
                 timeout server 30m\n    timeout check 1s\nlisten primary\n    bind 127.0.0.1:{haproxy_port}\n    \
                 option httpchk GET /primary\n    http-check expect status 200\n    \
                 default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions\n{servers}"
            ),
        )
        .unwrap();
        if agentbase_testkit::postgres::is_root() {
            let _ = Command::new("chown")
                .arg("-R")
                .arg("postgres:postgres")
                .arg(&dir)
                .status();
        }
        let etcd = Process::start(&mut etcd, &dir.join("etcd.log"));
        wait_until(Duration::from_secs(20), "etcd", || {
            TcpStream::connect(("127.0.0.1", etcd_client)).is_ok()
        });
        let mut cluster = Self {
            haproxy_port,
            _haproxy: Process::start(
                Command::new("haproxy")
                    .arg("-db")
                    .arg("-f")
                    .arg(dir.join("haproxy.cfg")),
                &dir.join("haproxy.log"),
            ),
            _etcd: etcd,
            nodes,
            dir,
        };
        let dir = cluster.dir.clone();
        cluster.nodes[0].start(&dir);
        wait_until(Duration::from_secs(60), "a leader", || cluster.nodes[0].is_primary());
        cluster.nodes[1].start(&dir);
        wait_until(Duration::from_secs(60), "a synchronous standby", || {
            cluster.nodes[1].is_sync_standby()
        });
        cluster
    }

    fn url(&self) -> String {
        format!(
            "postgres://postgres:{PASSWORD}@127.0.0.1:{}/postgres",
            self.haproxy_port
        )
    }

    fn leader(&self) -> usize {
        self.nodes.iter().position(Node::is_primary).expect("a leader")
    }
}

fn patroni_config(scope: &str, node: &Node, etcd_port: u16, bin_dir: &Path, dir: &Path) -> String {
    format!(
        "scope: {scope}\nname: {name}\nlog:\n  level: INFO\nrestapi:\n  listen: 127.0.0.1:{rest}\n  \
         connect_address: 127.0.0.1:{rest}\netcd3:\n  hosts: 127.0.0.1:{etcd_port}\nbootstrap:\n  dcs:\n    \
         ttl: 10\n    loop_wait: 1\n    retry_timeout: 4\n    maximum_lag_on_failover: 1048576\n    \
         synchronous_mode: true\n    postgresql:\n      use_pg_rewind: true\n      parameters:\n        \
         wal_log_hints: \"on\"\n        max_connections: 200\n  initdb:\n    - encoding: UTF8\n    \
         - locale: C.UTF-8\n  pg_hba:\n    - host replication replicator 127.0.0.1/32 trust\n    \
         - host all all 127.0.0.1/32 trust\npostgresql:\n  listen: 127.0.0.1:{pg}\n  \
         connect_address: 127.0.0.1:{pg}\n  data_dir: {data}\n  bin_dir: {bin}\n  pgpass: {dir}/pgpass-{name}\n  \
         authentication:\n    replication:\n      username: replicator\n      password: rep\n    \
         superuser:\n      username: postgres\n      password: {PASSWORD}\n    rewind:\n      \
         username: postgres\n      password: {PASSWORD}\n  parameters:\n    unix_socket_directories: {dir}\n",
        name = node.name,
        rest = node.rest_port,
        pg = node.pg_port,
        data = node.data.display(),
        bin = bin_dir.display(),
        dir = dir.display(),
    )
}

fn wait_until(within: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < within, "no {what} within {within:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Appends to `session_id` until `stop`, each append retried under its
/// request id until acknowledged; the contents acknowledged, in order.
fn start_appenders(
    channel: Channel,
    session_id: String,
    appenders: usize,
    stop: Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Vec<String>>> {
    (0..appenders)
        .map(|appender| {
            let (mut sessions, session_id, stop) = (
                SessionServiceClient::new(channel.clone()),
                session_id.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                let mut sequence = 0;
                while !stop.load(Ordering::Relaxed) {
                    sequence += 1;
                    let content = format!("a{appender}-{sequence}");
                    let request = AppendMessagesRequest {
                        session_id: session_id.clone(),
                        messages: vec![NewMessage {
                            role: MessageRole::User as i32,
                            content: content.clone(),
                            ..Default::default()
                        }],
                        request_id: uuid::Uuid::now_v7().to_string(),
                        ..Default::default()
                    };
                    loop {
                        match sessions.append_messages(request.clone()).await {
                            Ok(_) => break,
                            Err(status) => {
                                assert!(
                                    matches!(
                                        status.code(),
                                        Code::Unavailable
                                            | Code::DeadlineExceeded
                                            | Code::ResourceExhausted
                                            | Code::Unknown
                                    ),
                                    "an answer an appender cannot retry: {status:?}"
                                );
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                        }
                    }
                    acknowledged.push(content);
                }
                acknowledged
            })
        })
        .collect()
}

/// Watches `session_id` from the start until it has seen `until` messages,
/// resuming after the last seq it saw when its stream ends; every seq it saw.
async fn watch_all(channel: Channel, session_id: String, until: Arc<Mutex<Option<usize>>>) -> Vec<i64> {
    let mut sessions = SessionServiceClient::new(channel);
    let mut seen: Vec<i64> = Vec::new();
    loop {
        if until.lock().unwrap().is_some_and(|total| seen.len() >= total) {
            return seen;
        }
        let after_seq = seen.last().copied().unwrap_or(0);
        let Ok(stream) = sessions
            .watch_messages(WatchMessagesRequest {
                session_id: session_id.clone(),
                after_seq,
            })
            .await
        else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let mut stream = stream.into_inner();
        loop {
            let next = tokio::time::timeout(Duration::from_millis(500), stream.next()).await;
            match next {
                Ok(Some(Ok(event))) => seen.extend(event.message.map(|m| m.seq)),
                Ok(Some(Err(_)) | None) => break,
                Err(_) => {
                    if until.lock().unwrap().is_some_and(|total| seen.len() >= total) {
                        return seen;
                    }
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn patroni_failover_loses_and_duplicates_nothing() {
    let mut cluster = tokio::task::spawn_blocking(HaCluster::start).await.unwrap();
    let port = free_port();
    let log = cluster.dir.join("agentbase.log");
    let mut server = Process::start(
        agentbase_testkit::clean_command(BINARY)
            .args(["serve", "--target", "all"])
            .env("AGENTBASE_DATABASE_URL", cluster.url())
            .env("AGENTBASE_LISTEN", format!("127.0.0.1:{port}"))
            .env("AGENTBASE_ADMIN_LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "info"),
        &log,
    );
    let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect_timeout(Duration::from_secs(1))
        .connect_lazy();
    wait_serving(channel.clone()).await;
    let session = super::new_session(channel.clone(), "patroni").await;

    let (stop, ledger) = (Arc::new(AtomicBool::new(false)), Arc::new(Ledger::default()));
    let writers = start_writers(channel.clone(), 6, stop.clone(), ledger.clone());
    let appenders = start_appenders(channel.clone(), session.id.clone(), 2, stop.clone());
    let total = Arc::new(Mutex::new(None));
    let watcher = tokio::spawn(watch_all(channel.clone(), session.id.clone(), total.clone()));

    let failovers = counts(1, 3);
    let mut pauses = Vec::new();
    for _ in 0..failovers {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let leader = cluster.leader();
        let (old, new) = (leader, 1 - leader);
        let killed_at = Instant::now();
        cluster.nodes[old].crash();
        // Until the other node is promoted and HAProxy sends agentbase there.
        let promoted = {
            let rest_port = cluster.nodes[new].rest_port;
            tokio::task::spawn_blocking(move || {
                wait_until(Duration::from_secs(60), "a promoted standby", || {
                    http_status(rest_port, "/primary") == Some(200)
                });
            })
        };
        promoted.await.unwrap();
        pauses.push(killed_at.elapsed());
        // The crashed node comes back as the new leader's standby.
        let dir = cluster.dir.clone();
        cluster.nodes[old].start(&dir);
        let rejoined = {
            let rest_port = cluster.nodes[old].rest_port;
            tokio::task::spawn_blocking(move || {
                wait_until(
                    Duration::from_secs(90),
                    "the old leader back as a synchronous standby",
                    || http_status(rest_port, "/sync") == Some(200),
                );
            })
        };
        rejoined.await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(Duration::from_secs(120), writer)
            .await
            .expect("writers finish once a primary is back")
            .unwrap();
    }
    let mut appended = Vec::new();
    for appender in appenders {
        appended.extend(
            tokio::time::timeout(Duration::from_secs(120), appender)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let stored_runs = run_names(channel.clone()).await;
    let acknowledged_runs = check_ledger(&ledger, &stored_runs);

    // Every acknowledged append stored once; the watcher saw each once, in order.
    let mut stored_messages = Vec::new();
    let mut sessions = SessionServiceClient::new(channel.clone());
    let mut page_token = String::new();
    loop {
        let page = sessions
            .list_messages(ListMessagesRequest {
                session_id: session.id.clone(),
                page_size: 500,
                page_token: page_token.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        stored_messages.extend(page.messages.into_iter().map(|m| (m.seq, m.content)));
        if page.next_page_token.is_empty() {
            break;
        }
        page_token = page.next_page_token;
    }
    let contents: Vec<&String> = stored_messages.iter().map(|(_, content)| content).collect();
    let mut unique = contents.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), contents.len(), "a message stored twice");
    let lost: Vec<_> = appended.iter().filter(|content| !contents.contains(content)).collect();
    assert!(lost.is_empty(), "acknowledged appends lost: {lost:?}");
    *total.lock().unwrap() = Some(stored_messages.len());
    let watched = tokio::time::timeout(Duration::from_secs(60), watcher)
        .await
        .expect("the watcher completes")
        .unwrap();
    let expected: Vec<i64> = (1..=stored_messages.len() as i64).collect();
    assert_eq!(watched, expected, "the watcher saw every message once, in order");

    server.kill();
    let logs: String = ["agentbase.log", "node1.log", "node2.log", "haproxy.log"]
        .iter()
        .map(|name| std::fs::read_to_string(cluster.dir.join(name)).unwrap_or_default())
        .collect();
    let agentbase_log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !agentbase_log.contains(PASSWORD),
        "agentbase logged the password:\n{agentbase_log}"
    );
    let pauses_text: Vec<String> = pauses.iter().map(|p| format!("{p:.1?}")).collect();
    println!(
        "patroni failover: {failovers} leader crash(es) (kill -9 of Patroni and PostgreSQL), pause until the standby \
         was primary {}; {acknowledged_runs} acknowledged runs by 6 writers ({} stored, {} retried attempts), \
         longest wait for one write {:?}; {} acknowledged appends by 2 appenders ({} stored); 0 lost, 0 duplicates; \
         the watcher saw {} messages once each, in order; no password in agentbase's log ({} bytes of cluster logs)",
        pauses_text.join(", "),
        stored_runs.len(),
        ledger.retries.load(Ordering::Relaxed),
        ledger.longest_wait.lock().unwrap(),
        appended.len(),
        stored_messages.len(),
        watched.len(),
        logs.len()
    );
    for node in &mut cluster.nodes {
        node.crash();
    }
    let _ = std::fs::remove_dir_all(&cluster.dir);
}
