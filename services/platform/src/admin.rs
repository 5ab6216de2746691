//! The admin port, on axum: `GET /metrics` (Prometheus), `GET /livez` (the
//! process answers) and `GET /readyz` (every database answers and no drain
//! has begun: the overall health status, for probes that cannot speak gRPC
//! over TLS). HTTP/1.1 parsing, keep-alive and malformed requests are
//! hyper's; a connection that has not sent a whole request head within
//! [`HEADER_READ_TIMEOUT`] is closed, so half-sent requests cannot pile up.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use axum::{
    Router,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
    routing::get,
};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::metrics::RpcMetrics;

/// How long a connection may take to send a request's head.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The content type of the OpenMetrics text exposition `prometheus-client` writes.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone)]
struct Admin {
    metrics: RpcMetrics,
    databases: Arc<Vec<(String, DatabaseConnection)>>,
    ready: Arc<AtomicBool>,
}

/// Serves the admin routes on `listener` until the task is dropped.
pub async fn serve(
    listener: TcpListener,
    metrics: RpcMetrics,
    databases: Vec<(String, DatabaseConnection)>,
    ready: Arc<AtomicBool>,
) {
    let state = Admin {
        metrics,
        databases: Arc::new(databases),
        ready,
    };
    let routes = Router::new()
        .route("/metrics", get(metrics_page))
        .route("/livez", get(|| async { "live\n" }))
        .route("/readyz", get(readiness))
        .fallback(|| async { (StatusCode::NOT_FOUND, "try /metrics, /livez or /readyz\n") })
        .with_state(state);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                tracing::warn!(error = %err, "the admin port could not accept a connection");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(routes.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            // A refused or dropped connection is the caller's business.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn metrics_page(State(admin): State<Admin>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, OPENMETRICS)],
        admin
            .metrics
            .render(&admin.databases, admin.ready.load(Ordering::Relaxed)),
    )
}

async fn readiness(State(admin): State<Admin>) -> impl IntoResponse {
    if admin.ready.load(Ordering::Relaxed) {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}
