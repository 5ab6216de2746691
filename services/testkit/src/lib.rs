//! Test harness for agentbase's black-box tests (a dev-dependency only).
//!
//! Owns test databases (a fresh PostgreSQL database or SQLite directory per
//! test), servers spawned on 127.0.0.1:0 through the same wiring as the
//! binary, typed clients, and a TCP proxy for outage tests. It must not reach
//! into a context's store or entities: tests go through gRPC like callers do.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod corpus;
pub mod errors;
pub mod fixtures;
pub mod pgbouncer;
pub mod pki;
pub mod postgres;
pub mod proxy;
pub mod raw;
pub mod secrets;
pub mod tokens;

use std::{collections::HashMap, net::SocketAddr, path::PathBuf, time::Duration};

use agentbase::Target;
use agentbase_platform::db::StatementCounter;
use agentbase_proto::{
    evaluation::v1::evaluation_service_client::EvaluationServiceClient,
    scripts::v1::{
        label_service_client::LabelServiceClient, project_service_client::ProjectServiceClient,
        script_service_client::ScriptServiceClient,
    },
    sessions::v1::{memory_service_client::MemoryServiceClient, session_service_client::SessionServiceClient},
};
use tokio::{sync::oneshot, task::JoinHandle};
use tonic::transport::Channel;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

pub use proxy::TcpProxy;
pub use tonic_health::pb::health_check_response::ServingStatus;

/// The database backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A fresh database on the suite's PostgreSQL server.
    Postgres,
    /// A fresh SQLite directory.
    Sqlite,
    /// A fresh database on the suite's PostgreSQL server, reached through
    /// PgBouncer in transaction mode (`pgbouncer`), with LISTEN direct.
    Pooled,
}

impl Backend {
    /// Whether the data lives in PostgreSQL (directly or through the pooler).
    pub fn is_postgres(self) -> bool {
        matches!(self, Self::Postgres | Self::Pooled)
    }
}

/// Runs each named `async fn(Backend)` once per backend, as
/// `postgres::<name>` and `sqlite::<name>`, so the output shows both.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Postgres).await;
                }
            )+
        }
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Sqlite).await;
                }
            )+
        }
    };
}

/// Runs each named `async fn(Backend)` through the transaction pooler too,
/// as `pooled::<name>`: the declared subset of the suite that shows every
/// context's writes, reads and watches work behind PgBouncer in transaction
/// mode (docs/OPERATIONS.md, "Transaction pooling").
#[macro_export]
macro_rules! pooled_tests {
    ($($name:ident),+ $(,)?) => {
        mod pooled {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Pooled).await;
                }
            )+
        }
    };
}

/// The storage behind a test app, removed when the app is dropped.
enum Storage {
    Postgres { database: String },
    Sqlite { dir: PathBuf },
}

/// How to spawn a test app.
#[derive(Default)]
pub struct AppOptions {
    /// Route PostgreSQL traffic through this proxy (outage tests).
    pub through_proxy: bool,
    /// Extra environment variables for the configuration.
    pub env: Vec<(String, String)>,
    /// Connect the test clients over TLS with this configuration (the server
    /// must be configured for TLS through `env`).
    pub client_tls: Option<tonic::transport::ClientTlsConfig>,
}

/// A running server on a real socket with clients connected to it.
pub struct TestApp {
    /// The server's address.
    pub address: SocketAddr,
    /// The admin (metrics) endpoint's address.
    pub admin_address: SocketAddr,
    /// A channel to the server.
    pub channel: Channel,
    /// ScriptService client.
    pub scripts: ScriptServiceClient<Channel>,
    /// ProjectService client.
    pub projects: ProjectServiceClient<Channel>,
    /// LabelService client.
    pub labels: LabelServiceClient<Channel>,
    /// SessionService client.
    pub sessions: SessionServiceClient<Channel>,
    /// MemoryService client.
    pub memories: MemoryServiceClient<Channel>,
    /// EvaluationService client.
    pub evaluation: EvaluationServiceClient<Channel>,
    /// Health client.
    pub health: HealthClient<Channel>,
    /// The backend.
    pub backend: Backend,
    /// The proxy in front of PostgreSQL, when asked for.
    pub proxy: Option<TcpProxy>,
    /// Every SQL statement the server has sent.
    pub statements: StatementCounter,
    database_url: Option<String>,
    storage: Storage,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<Result<(), agentbase::StartError>>>,
}

/// A command for `binary` (the `agentbase` executable) with no `AGENTBASE_*`
/// or `OTEL_*` configuration inherited from the caller's environment.
pub fn clean_command(binary: &str) -> std::process::Command {
    let mut command = std::process::Command::new(binary);
    for (key, _) in std::env::vars() {
        if key.starts_with("AGENTBASE_") || key.starts_with("OTEL_") {
            command.env_remove(key);
        }
    }
    command
}

/// A port on 127.0.0.1 that nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Spawns a server for every built context on `backend`.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, AppOptions::default()).await
}

/// Sends server logs (`RUST_LOG`, default `warn`) to the test's captured output,
/// so a failing test shows what the server said.
fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(|| secrets::ScanningWriter)
            .try_init();
    });
}

/// Spawns a server with options.
pub async fn spawn_app_with(backend: Backend, options: AppOptions) -> TestApp {
    capture_logs();
    let mut env: HashMap<String, String> = HashMap::from([
        ("AGENTBASE_HEALTH_INTERVAL_MS".into(), "100".into()),
        ("AGENTBASE_DB_ACQUIRE_TIMEOUT_MS".into(), "2000".into()),
        ("AGENTBASE_DB_CONNECT_TIMEOUT_MS".into(), "2000".into()),
        ("AGENTBASE_SHUTDOWN_GRACE_MS".into(), "2000".into()),
        // Tests race many calls on purpose to check their outcome; shedding
        // is tested where it is the subject (tests/faults).
        ("AGENTBASE_MAX_IN_FLIGHT".into(), "10000".into()),
    ]);
    let mut proxy = None;
    let storage = match backend {
        Backend::Postgres => {
            let server = postgres::server();
            let database = server.create_database().await;
            let url = if options.through_proxy {
                let started = TcpProxy::start(server.host_port()).await;
                let url = server.url_via(&database, &started.host_port());
                proxy = Some(started);
                url
            } else {
                // With a password no log line may show (trust ignores it).
                let (url, password) = server.url_with_password(&database);
                secrets::register(&password);
                url
            };
            env.insert("AGENTBASE_DATABASE_URL".into(), url);
            Storage::Postgres { database }
        }
        Backend::Pooled => {
            let server = postgres::server();
            let database = server.create_database().await;
            let (direct, password) = server.url_with_password(&database);
            secrets::register(&password);
            env.insert("AGENTBASE_DATABASE_URL".into(), pgbouncer::bouncer().url(&database));
            env.insert("AGENTBASE_DB_POOLER".into(), "transaction".into());
            env.insert("AGENTBASE_LISTEN_DATABASE_URL".into(), direct);
            Storage::Postgres { database }
        }
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("agentbase-test-{}", uuid::Uuid::now_v7().simple()));
            env.insert("AGENTBASE_DATA_DIR".into(), dir.display().to_string());
            Storage::Sqlite { dir }
        }
    };
    env.extend(options.env);
    let database_url = env.get("AGENTBASE_DATABASE_URL").cloned();
    let settings = agentbase::Settings::from_lookup(|name| env.get(name).cloned()).expect("test configuration");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind test server");
    let address = listener.local_addr().expect("test server address");
    let admin = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind admin endpoint");
    let admin_address = admin.local_addr().expect("admin address");
    let (shutdown, stopped) = oneshot::channel::<()>();
    let statements = StatementCounter::default();
    let server = {
        let statements = statements.clone();
        tokio::spawn(async move {
            let stop = async {
                let _ = stopped.await;
            };
            agentbase::serve_counting(&settings, Target::All, listener, Some(admin), stop, statements).await
        })
    };

    let channel = match options.client_tls {
        Some(tls) => Channel::from_shared(format!("https://{address}"))
            .expect("endpoint")
            .tls_config(tls)
            .expect("client TLS configuration"),
        None => Channel::from_shared(format!("http://{address}")).expect("endpoint"),
    }
    .connect_timeout(Duration::from_secs(5))
    .connect_lazy();
    let mut app = TestApp {
        address,
        admin_address,
        scripts: ScriptServiceClient::new(channel.clone()),
        projects: ProjectServiceClient::new(channel.clone()),
        labels: LabelServiceClient::new(channel.clone()),
        sessions: SessionServiceClient::new(channel.clone()),
        memories: MemoryServiceClient::new(channel.clone()),
        evaluation: EvaluationServiceClient::new(channel.clone()),
        health: HealthClient::new(channel.clone()),
        channel,
        backend,
        proxy,
        statements,
        database_url,
        storage,
        shutdown: Some(shutdown),
        server: Some(server),
    };
    app.wait_for_health("", ServingStatus::Serving, Duration::from_secs(30))
        .await;
    app
}

impl TestApp {
    /// The PostgreSQL URL the server uses, for a second instance on the same database.
    pub fn database_url(&self) -> Option<String> {
        self.database_url.clone()
    }

    /// The configuration that makes another server a replica of this one:
    /// the same database, reached the same way (through the pooler, with
    /// LISTEN direct, when this one is).
    pub fn replica_env(&self) -> Vec<(String, String)> {
        let mut env = vec![(
            "AGENTBASE_DATABASE_URL".to_owned(),
            self.database_url.clone().expect("a PostgreSQL app"),
        )];
        if let (Backend::Pooled, Storage::Postgres { database }) = (self.backend, &self.storage) {
            env.push(("AGENTBASE_DB_POOLER".to_owned(), "transaction".to_owned()));
            env.push((
                "AGENTBASE_LISTEN_DATABASE_URL".to_owned(),
                postgres::server().url(database),
            ));
        }
        env
    }

    /// A connection to the storage of `context` as the server sees it, for
    /// tests that must plant what the API can no longer write (rows stored
    /// by an older version). Everything else goes through gRPC.
    pub async fn storage_of(&self, context: &str) -> sea_orm::DatabaseConnection {
        match &self.storage {
            Storage::Postgres { database } => {
                // Directly: a connection's search path does not survive a transaction pooler.
                let url = postgres::server().url(database);
                let mut options = sea_orm::ConnectOptions::new(url);
                options.set_schema_search_path(context.to_owned());
                sea_orm::Database::connect(options)
                    .await
                    .expect("connect to the test database")
            }
            Storage::Sqlite { dir } => {
                let url = format!("sqlite://{}?mode=rw", dir.join(format!("{context}.db")).display());
                sea_orm::Database::connect(url).await.expect("open the test database")
            }
        }
    }

    /// What the admin port's `GET /metrics` answers (status line, headers and body).
    pub async fn scrape_metrics(&self) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut socket = tokio::net::TcpStream::connect(self.admin_address)
            .await
            .expect("connect to the admin port");
        socket
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .expect("send the scrape");
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.expect("read the scrape");
        answer
    }

    /// The health status of `service` ("" for the whole server), or `None` if unknown.
    pub async fn health_status(&mut self, service: &str) -> Option<ServingStatus> {
        let request = HealthCheckRequest {
            service: service.to_owned(),
        };
        let response = self.health.check(request).await.ok()?;
        ServingStatus::try_from(response.into_inner().status).ok()
    }

    /// Waits until `service` reports `status`; panics after `within`.
    pub async fn wait_for_health(&mut self, service: &str, status: ServingStatus, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(server) = &self.server
                && server.is_finished()
            {
                let server = self.server.take().expect("server handle");
                panic!("the server stopped while starting: {:?}", server.await);
            }
            if self.health_status(service).await == Some(status) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "`{service}` did not become {status:?} within {within:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), server).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let leaks = secrets::leaks();
        if !leaks.is_empty() && !std::thread::panicking() {
            panic!("a server logged a database password: {leaks:?}");
        }
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        match &self.storage {
            Storage::Sqlite { dir } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Storage::Postgres { database } => {
                // Drop needs no runtime: a helper thread runs its own.
                let database = database.clone();
                let cleanup = std::thread::spawn(move || {
                    if let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
                        runtime.block_on(postgres::server().drop_database(&database));
                    }
                });
                let _ = cleanup.join();
            }
        }
    }
}

/// Lists services through one version of the reflection API (`v1` or `v1alpha`).
macro_rules! list_services {
    ($version:ident, $channel:expr) => {{
        use tokio_stream::StreamExt;
        use tonic_reflection::pb::$version::{
            ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
            server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
        };
        let request = ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        };
        let mut client = ServerReflectionClient::new($channel);
        let mut stream = client
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        match stream.next().await.unwrap().unwrap().message_response {
            Some(MessageResponse::ListServicesResponse(list)) => list.service.into_iter().map(|s| s.name).collect(),
            other => panic!("unexpected reflection response {other:?}"),
        }
    }};
}

/// Service names a reflection endpoint lists, through v1 or (with `alpha`) v1alpha.
pub async fn reflected_services(channel: Channel, alpha: bool) -> Vec<String> {
    if alpha {
        list_services!(v1alpha, channel)
    } else {
        list_services!(v1, channel)
    }
}
