//! Prometheus metrics on the admin port: per-RPC request counts by code and
//! latency histograms, database pool use per context, admission (its limit,
//! calls running and waiting), and build info.
//! Rendered by hand in the text exposition format; no metrics crate needed.

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Arc, Mutex},
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct State {
    /// Calls by method, then by code.
    requests: BTreeMap<String, BTreeMap<String, u64>>,
    latency: BTreeMap<String, Histogram>,
}

/// Applies `change` to the entry of `key` in `map`, allocating the key only
/// the first time it is seen.
fn with_entry<V: Default, R>(map: &mut BTreeMap<String, V>, key: &str, change: impl FnOnce(&mut V) -> R) -> R {
    if let Some(value) = map.get_mut(key) {
        return change(value);
    }
    change(map.entry(key.to_owned()).or_default())
}

/// The method label of every call to a path this process does not serve:
/// one series, however many distinct paths callers invent.
pub const UNKNOWN_METHOD: &str = "unknown";

/// The process's RPC metrics; cheap to clone.
#[derive(Clone, Default)]
pub struct RpcMetrics {
    state: Arc<Mutex<State>>,
    /// The admission of unary calls, once the server has built it.
    admission: Arc<std::sync::OnceLock<Arc<crate::admission::Admission>>>,
}

impl RpcMetrics {
    /// Reports `admission` (the server's, built after these metrics).
    pub fn watch_admission(&self, admission: Arc<crate::admission::Admission>) {
        let _ = self.admission.set(admission);
    }

    /// Records one call of `method` that ended with `code`. `method` must come
    /// from a bounded set (served paths, or [`UNKNOWN_METHOD`]).
    pub fn record(&self, method: &str, code: &str, elapsed: Duration) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        // Every call lands here: the label strings are allocated only the
        // first time a method or code is seen.
        with_entry(&mut state.requests, method, |codes| {
            with_entry(codes, code, |count| *count += 1)
        });
        let seconds = elapsed.as_secs_f64();
        with_entry(&mut state.latency, method, |histogram| {
            for (count, bound) in histogram.counts.iter_mut().zip(BUCKETS) {
                if seconds <= bound {
                    *count += 1;
                }
            }
            histogram.sum += seconds;
            histogram.count += 1;
        });
    }

    /// The text exposition of every metric, with the pools of `databases` (context → connection).
    pub fn render(&self, databases: &[(String, DatabaseConnection)]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP agentbase_build_info Build of this process.");
        let _ = writeln!(out, "# TYPE agentbase_build_info gauge");
        let _ = writeln!(
            out,
            "agentbase_build_info{{version=\"{}\"}} 1",
            env!("CARGO_PKG_VERSION")
        );
        if let Ok(state) = self.state.lock() {
            let _ = writeln!(
                out,
                "# HELP agentbase_grpc_requests_total gRPC calls by method and status code."
            );
            let _ = writeln!(out, "# TYPE agentbase_grpc_requests_total counter");
            for ((method, code), count) in state
                .requests
                .iter()
                .flat_map(|(method, codes)| codes.iter().map(move |(code, count)| ((method, code), count)))
            {
                let (method, code) = (escape(method), escape(code));
                let _ = writeln!(
                    out,
                    "agentbase_grpc_requests_total{{method=\"{method}\",code=\"{code}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "# HELP agentbase_grpc_request_duration_seconds Time to the response headers."
            );
            let _ = writeln!(out, "# TYPE agentbase_grpc_request_duration_seconds histogram");
            for (method, histogram) in &state.latency {
                let method = escape(method);
                for (count, bound) in histogram.counts.iter().zip(BUCKETS) {
                    let _ = writeln!(
                        out,
                        "agentbase_grpc_request_duration_seconds_bucket{{method=\"{method}\",le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "agentbase_grpc_request_duration_seconds_bucket{{method=\"{method}\",le=\"+Inf\"}} {}",
                    histogram.count
                );
                let _ = writeln!(
                    out,
                    "agentbase_grpc_request_duration_seconds_sum{{method=\"{method}\"}} {}",
                    histogram.sum
                );
                let _ = writeln!(
                    out,
                    "agentbase_grpc_request_duration_seconds_count{{method=\"{method}\"}} {}",
                    histogram.count
                );
            }
        }
        if let Some(admission) = self.admission.get() {
            let (running, waiting) = admission.load();
            let _ = writeln!(
                out,
                "# HELP agentbase_admission_places Unary calls that may run at once now (the admission limit)."
            );
            let _ = writeln!(out, "# TYPE agentbase_admission_places gauge");
            let _ = writeln!(out, "agentbase_admission_places {}", admission.places());
            let _ = writeln!(
                out,
                "# HELP agentbase_admission_calls Unary calls admitted and running, or waiting for a place."
            );
            let _ = writeln!(out, "# TYPE agentbase_admission_calls gauge");
            let _ = writeln!(out, "agentbase_admission_calls{{state=\"running\"}} {running}");
            let _ = writeln!(out, "agentbase_admission_calls{{state=\"waiting\"}} {waiting}");
        }
        let _ = writeln!(
            out,
            "# HELP agentbase_db_connections Database pool connections by state."
        );
        let _ = writeln!(out, "# TYPE agentbase_db_connections gauge");
        for (context, db) in databases {
            let (size, idle) = pool_size(db);
            let _ = writeln!(
                out,
                "agentbase_db_connections{{context=\"{context}\",state=\"idle\"}} {idle}"
            );
            let _ = writeln!(
                out,
                "agentbase_db_connections{{context=\"{context}\",state=\"in_use\"}} {}",
                size.saturating_sub(idle)
            );
        }
        out
    }
}

/// A label value in the text exposition format: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
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

/// Serves `GET /metrics`, `GET /livez` (the process answers) and `GET /readyz`
/// (every database answers and no drain has begun: the overall health status,
/// for probes that cannot speak gRPC over TLS), HTTP/1.1, one request per
/// connection, until the task is dropped.
pub async fn serve_admin(
    listener: TcpListener,
    metrics: RpcMetrics,
    databases: Vec<(String, DatabaseConnection)>,
    ready: Arc<std::sync::atomic::AtomicBool>,
) {
    let databases = Arc::new(databases);
    while let Ok((mut socket, _)) = listener.accept().await {
        let metrics = metrics.clone();
        let databases = databases.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            let mut request = Vec::with_capacity(1024);
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
                match tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await {
                    Ok(Ok(n)) if n > 0 => request.extend_from_slice(&buffer[..n]),
                    _ => return,
                }
            }
            let first_line = request.split(|b| *b == b'\n').next().unwrap_or_default();
            let (status, content_type, body) = if first_line.starts_with(b"GET /metrics ") {
                (
                    "200 OK",
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics.render(&databases),
                )
            } else if first_line.starts_with(b"GET /livez ") {
                ("200 OK", "text/plain; charset=utf-8", "live\n".to_owned())
            } else if first_line.starts_with(b"GET /readyz ") {
                if ready.load(std::sync::atomic::Ordering::Relaxed) {
                    ("200 OK", "text/plain; charset=utf-8", "ready\n".to_owned())
                } else {
                    (
                        "503 Service Unavailable",
                        "text/plain; charset=utf-8",
                        "not ready\n".to_owned(),
                    )
                }
            } else {
                (
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    "try /metrics, /livez or /readyz\n".to_owned(),
                )
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
            let _ = socket.shutdown().await;
        });
    }
}
