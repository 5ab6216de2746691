//! Prometheus metrics, kept with the Prometheus project's own client
//! (`prometheus-client`): per-RPC calls by code and latency histograms under
//! the go-grpc-prometheus names (`grpc_server_handled_total`,
//! `grpc_server_handling_seconds`), which dashboards and alerts for gRPC
//! services already expect; database pool use under the OpenTelemetry
//! database-client convention (`db_client_connection_count`); admission and
//! build info under `agentbase_`. docs/OPERATIONS.md lists them.
//!
//! A call touches only its own series: a read lock on the family to find
//! it and an atomic add, never a lock every call shares exclusively.

use std::{sync::Arc, time::Duration};

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram, info::Info},
    registry::{Registry, Unit},
};
use sea_orm::DatabaseConnection;

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The service and method label of every call to a path this process does
/// not serve: one series, however many distinct paths callers invent.
pub const UNKNOWN_METHOD: &str = "unknown";

/// The labels that name one method, built once per served method so a call
/// only clones two reference counts.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct MethodLabels {
    /// `unary`, `server_stream`, `client_stream` or `bidi_stream`.
    grpc_type: &'static str,
    /// The fully-qualified service, e.g. `agentbase.scripts.v1.ScriptService`.
    grpc_service: Arc<str>,
    /// The method, e.g. `GetScript`.
    grpc_method: Arc<str>,
}

impl MethodLabels {
    /// The labels of the method at `path` (`/package.Service/Method`).
    pub fn of(path: &str, client_streaming: bool, server_streaming: bool) -> Self {
        let (service, method) = path
            .trim_start_matches('/')
            .split_once('/')
            .unwrap_or((UNKNOWN_METHOD, UNKNOWN_METHOD));
        Self {
            grpc_type: match (client_streaming, server_streaming) {
                (false, false) => "unary",
                (false, true) => "server_stream",
                (true, false) => "client_stream",
                (true, true) => "bidi_stream",
            },
            grpc_service: service.into(),
            grpc_method: method.into(),
        }
    }

    /// The labels of every call to a path this process does not serve.
    fn unknown() -> Self {
        Self {
            grpc_type: "unary",
            grpc_service: UNKNOWN_METHOD.into(),
            grpc_method: UNKNOWN_METHOD.into(),
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HandledLabels {
    #[prometheus(flatten)]
    method: MethodLabels,
    /// The status code, spelled as go-grpc-prometheus spells it (`OK`, `NotFound`…).
    grpc_code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool_name: String,
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolNameLabels {
    pool_name: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ContextLabels {
    context: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReplicaReadLabels {
    context: String,
    served_by: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AdmissionLabels {
    state: &'static str,
}

type Histograms = Family<MethodLabels, Histogram, fn() -> Histogram>;

struct Metrics {
    registry: Registry,
    handled: Family<HandledLabels, Counter>,
    handling: Histograms,
    pool: Family<PoolLabels, Gauge>,
    admission_places: Gauge,
    admission_calls: Family<AdmissionLabels, Gauge>,
    replica_lag: Family<ContextLabels, Gauge>,
    replica_reachable: Family<ContextLabels, Gauge>,
    replica_reads: Family<ReplicaReadLabels, Counter>,
    pool_max: Family<PoolNameLabels, Gauge>,
    watch_streams: Gauge,
    watch_streams_limit: Gauge,
    ready: Gauge,
}

/// The process's metrics; cheap to clone.
#[derive(Clone)]
pub struct RpcMetrics {
    metrics: Arc<Metrics>,
    unknown: MethodLabels,
    /// The admission of unary calls, once the server has built it.
    admission: Arc<std::sync::OnceLock<Arc<crate::admission::Admission>>>,
    /// The bound on watch streams, once the process has built it.
    watches: Arc<std::sync::OnceLock<crate::events::WatchSlots>>,
}

impl Default for RpcMetrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let handled = Family::<HandledLabels, Counter>::default();
        registry.register(
            "grpc_server_handled",
            "Total number of RPCs completed on the server, regardless of success or failure.",
            handled.clone(),
        );
        let handling: Histograms = Family::new_with_constructor(|| Histogram::new(BUCKETS));
        registry.register_with_unit(
            "grpc_server_handling",
            "Histogram of response latency (to the response headers; for a stream, its start) of gRPC calls handled by the server.",
            Unit::Seconds,
            handling.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_client_connection_count",
            "Database pool connections by pool (the context) and state (idle, used).",
            pool.clone(),
        );
        let pool_max = Family::<PoolNameLabels, Gauge>::default();
        registry.register(
            "db_client_connection_max",
            "The most connections a database pool (the context) may open.",
            pool_max.clone(),
        );
        let admission_places = Gauge::default();
        registry.register(
            "agentbase_admission_places",
            "Unary calls that may run at once now (the admission limit).",
            admission_places.clone(),
        );
        let admission_calls = Family::<AdmissionLabels, Gauge>::default();
        registry.register(
            "agentbase_admission_calls",
            "Unary calls admitted and running, or waiting for a place.",
            admission_calls.clone(),
        );
        let replica_lag = Family::<ContextLabels, Gauge>::default();
        registry.register_with_unit(
            "agentbase_replica_lag",
            "WAL the primary has written that a context's read replica has not replayed yet, as last measured by the health probe.",
            Unit::Bytes,
            replica_lag.clone(),
        );
        let replica_reachable = Family::<ContextLabels, Gauge>::default();
        registry.register(
            "agentbase_replica_reachable",
            "1 while a context's read replica answered its last probe, else 0 (its reads then go to the primary).",
            replica_reachable.clone(),
        );
        let replica_reads = Family::<ReplicaReadLabels, Counter>::default();
        registry.register(
            "agentbase_replica_reads",
            "Hot reads of a context with a read replica, by who served them: the replica, or the primary (a consistency token the replica had not replayed yet, or the replica away).",
            replica_reads.clone(),
        );
        let watch_streams = Gauge::default();
        registry.register(
            "agentbase_watch_streams",
            "Watch streams (WatchMessages, WatchLabels, WatchRun) open now, of every kind.",
            watch_streams.clone(),
        );
        let watch_streams_limit = Gauge::default();
        registry.register(
            "agentbase_watch_streams_limit",
            "Watch streams the process may hold at once (AGENTBASE_MAX_WATCHES); beyond it TOO_MANY_WATCHES.",
            watch_streams_limit.clone(),
        );
        let ready = Gauge::default();
        registry.register(
            "agentbase_ready",
            "1 while every context of the process can write to its database (readiness SERVING), else 0.",
            ready.clone(),
        );
        registry.register(
            "agentbase_build",
            "Build of this process.",
            Info::new([("version", env!("CARGO_PKG_VERSION"))]),
        );
        Self {
            metrics: Arc::new(Metrics {
                registry,
                handled,
                handling,
                pool,
                admission_places,
                admission_calls,
                replica_lag,
                replica_reachable,
                replica_reads,
                pool_max,
                watch_streams,
                watch_streams_limit,
                ready,
            }),
            unknown: MethodLabels::unknown(),
            admission: Arc::default(),
            watches: Arc::default(),
        }
    }
}

impl RpcMetrics {
    /// Reports `admission` (the server's, built after these metrics).
    pub fn watch_admission(&self, admission: Arc<crate::admission::Admission>) {
        let _ = self.admission.set(admission);
    }

    /// Reports `watches` (the process's bound on watch streams).
    pub fn watch_watches(&self, watches: crate::events::WatchSlots) {
        let _ = self.watches.set(watches);
    }

    /// Records whether `context`'s read replica answers and how far it is
    /// behind its primary (`None`: not measured this time).
    pub fn record_replica(&self, context: &str, reachable: bool, lag_bytes: Option<u64>) {
        let labels = ContextLabels {
            context: context.to_owned(),
        };
        self.metrics
            .replica_reachable
            .get_or_create(&labels)
            .set(i64::from(reachable));
        if let Some(bytes) = lag_bytes {
            self.metrics
                .replica_lag
                .get_or_create(&labels)
                .set(i64::try_from(bytes).unwrap_or(i64::MAX));
        }
    }

    /// Counts one hot read of `context` served by its replica (`true`) or its primary.
    pub fn record_replica_read(&self, context: &str, by_replica: bool) {
        self.metrics
            .replica_reads
            .get_or_create(&ReplicaReadLabels {
                context: context.to_owned(),
                served_by: if by_replica { "replica" } else { "primary" },
            })
            .inc();
    }

    /// Records one call of `method` (`None`: a path this process does not
    /// serve) that ended with `code`.
    pub fn record(&self, method: Option<&MethodLabels>, code: tonic::Code, elapsed: Duration) {
        let method = method.unwrap_or(&self.unknown);
        self.metrics
            .handling
            .get_or_create(method)
            .observe(elapsed.as_secs_f64());
        self.metrics
            .handled
            .get_or_create(&HandledLabels {
                method: method.clone(),
                grpc_code: go_name(code),
            })
            .inc();
    }

    /// The OpenMetrics text exposition of every metric, with the pools of
    /// `databases` (context → connection) read now.
    pub fn render(&self, databases: &[(String, DatabaseConnection)], ready: bool) -> String {
        self.metrics.ready.set(i64::from(ready));
        if let Some(watches) = self.watches.get() {
            let (open, limit) = watches.load();
            self.metrics.watch_streams.set(i64::try_from(open).unwrap_or(i64::MAX));
            self.metrics
                .watch_streams_limit
                .set(i64::try_from(limit).unwrap_or(i64::MAX));
        }
        for (context, db) in databases {
            self.metrics
                .pool_max
                .get_or_create(&PoolNameLabels {
                    pool_name: context.clone(),
                })
                .set(i64::from(pool_max(db)));
            let (size, idle) = pool_size(db);
            for (state, count) in [("idle", idle), ("used", size.saturating_sub(idle))] {
                let labels = PoolLabels {
                    pool_name: context.clone(),
                    state,
                };
                self.metrics.pool.get_or_create(&labels).set(i64::from(count));
            }
        }
        if let Some(admission) = self.admission.get() {
            let (running, waiting) = admission.load();
            self.metrics
                .admission_places
                .set(i64::try_from(admission.places()).unwrap_or(i64::MAX));
            for (state, count) in [("running", running), ("waiting", waiting)] {
                self.metrics
                    .admission_calls
                    .get_or_create(&AdmissionLabels { state })
                    .set(i64::try_from(count).unwrap_or(i64::MAX));
            }
        }
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.metrics.registry);
        out
    }
}

/// A status code as go-grpc-prometheus labels it (Go's `codes.Code.String()`).
fn go_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "Canceled",
        Code::Unknown => "Unknown",
        Code::InvalidArgument => "InvalidArgument",
        Code::DeadlineExceeded => "DeadlineExceeded",
        Code::NotFound => "NotFound",
        Code::AlreadyExists => "AlreadyExists",
        Code::PermissionDenied => "PermissionDenied",
        Code::ResourceExhausted => "ResourceExhausted",
        Code::FailedPrecondition => "FailedPrecondition",
        Code::Aborted => "Aborted",
        Code::OutOfRange => "OutOfRange",
        Code::Unimplemented => "Unimplemented",
        Code::Internal => "Internal",
        Code::Unavailable => "Unavailable",
        Code::DataLoss => "DataLoss",
        Code::Unauthenticated => "Unauthenticated",
    }
}

fn pool_max(db: &DatabaseConnection) -> u32 {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => db.get_postgres_connection_pool().options().get_max_connections(),
        _ => db.get_sqlite_connection_pool().options().get_max_connections(),
    }
}

fn pool_size(db: &DatabaseConnection) -> (u32, u32) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(u32::MAX))
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), u32::try_from(pool.num_idle()).unwrap_or(u32::MAX))
        }
    }
}
