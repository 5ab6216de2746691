//! Server bootstrap: health, reflection, deadlines, tracing and graceful shutdown
//! around the routes of whichever contexts this process serves.

use std::{
    collections::HashMap,
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use sea_orm::DatabaseConnection;
use tokio::{net::TcpListener, sync::watch};
use tokio_stream::StreamExt;
use tonic::{service::RoutesBuilder, transport::server::TcpIncoming};
use tonic_health::{ServingStatus, server::HealthReporter};

use crate::{db::ProbeFinding, single_writes::SingleWrites};

/// The health-check service name that is SERVING while the process runs (Kubernetes liveness).
pub const LIVENESS_SERVICE: &str = "liveness";

/// How much a stream may send before the server reads it (HTTP/2 flow
/// control). Under an unauthenticated flood, hyper's 1 MiB default took the
/// probe beside it to ×4.2–5.3 its p99 alone, 256 KiB to ×2.0–4.0 and this
/// to ×2.3–2.6 (`faults/unauthenticated.rs`, release build): the bytes a
/// refused stream had already sent are received and dropped. A 4 MiB
/// request takes 64 round trips instead of 4.
pub const STREAM_WINDOW_BYTES: u32 = 64 * 1024;

/// How much all of a connection's streams together may send unread.
pub const CONNECTION_WINDOW_BYTES: u32 = 1024 * 1024;

/// The largest inbound message any service accepts (docs/RELIABILITY.md).
pub const MAX_INBOUND_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// A context this process serves: its gRPC services and the database they depend on.
#[derive(Clone)]
pub struct HostedContext {
    /// The context's name, e.g. `scripts` (labels its pool metrics).
    pub name: &'static str,
    /// Fully-qualified service names, e.g. `agentbase.scripts.v1.ScriptService`.
    pub services: Vec<&'static str>,
    /// The context's database (its pool, for metrics).
    pub db: DatabaseConnection,
    /// A one-connection pool beside `db` that health probes use, so a pool
    /// busy with load never reads as an outage; the context's services are
    /// NOT_SERVING while it cannot reach the database.
    pub probe: DatabaseConnection,
    /// Marked whenever the probe finds the database away, so that `db`
    /// replaces the connections the outage may have cut.
    pub outages: crate::db::OutageMark,
    /// The context's read replica, if it has one: its writes answer
    /// consistency tokens, and its lag is measured with every probe.
    pub replica: Option<crate::db::Replica>,
}

/// Behaviour of the server around the services.
#[derive(Clone)]
pub struct ServeOptions {
    /// RPC metrics, shared with the admin endpoint.
    pub metrics: crate::metrics::RpcMetrics,
    /// Deadline applied to calls whose caller set none (or a longer one).
    pub request_timeout: Duration,
    /// How often each database is probed for health.
    pub health_interval: Duration,
    /// How long in-flight calls may drain after shutdown is requested.
    pub shutdown_grace: Duration,
    /// Encoded descriptor sets offered through reflection; their methods are the served ones.
    pub descriptor_sets: Vec<&'static [u8]>,
    /// Unary calls that may run at once; more wait for a place (`admission`).
    pub max_in_flight: crate::admission::Limit,
    /// Unary calls that may wait for a place beyond `max_in_flight`; more are shed.
    pub max_waiting: usize,
    /// HTTP/2 streams one connection may have open at once.
    pub max_streams_per_connection: u32,
    /// Verifies bearer tokens; `None` serves every caller (AGENTBASE_AUTH=none).
    pub verifier: Option<Arc<crate::auth::Verifier>>,
    /// Whether the reflection services are offered (`AGENTBASE_REFLECTION`).
    pub reflection: bool,
    /// TLS on the listener; `None` serves plaintext HTTP/2.
    pub tls: Option<Arc<crate::tls::TlsSource>>,
}

/// Why the server stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The reflection service could not be built from the descriptor sets.
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The descriptor sets do not describe the served methods.
    #[error("descriptors: {0}")]
    Descriptors(#[from] prost_reflect::DescriptorError),
    /// A served method declares no access rule.
    #[error("access rules: {0}")]
    Access(#[from] crate::auth::AccessRulesError),
    /// The transport failed.
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// Serves `routes` plus health and reflection on `listener` until `shutdown` completes,
/// then stops accepting calls and drains in-flight ones for up to the grace period.
pub async fn serve(
    listener: TcpListener,
    mut routes: RoutesBuilder,
    hosted: Vec<HostedContext>,
    options: ServeOptions,
    admin: Option<TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    crate::db::watch_worker_deaths();
    let ready = Arc::new(AtomicBool::new(false));
    let admin_task = admin.map(|listener| {
        let databases = hosted
            .iter()
            .map(|context| (context.name.to_owned(), context.db.clone()))
            .collect();
        tokio::spawn(crate::admin::serve(
            listener,
            options.metrics.clone(),
            databases,
            ready.clone(),
        ))
    });
    let (reporter, health_service) = tonic_health::server::health_reporter();
    let reflection = || {
        options.descriptor_sets.iter().fold(
            tonic_reflection::server::Builder::configure()
                .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET),
            |builder, set| builder.register_encoded_file_descriptor_set(set),
        )
    };
    routes.add_service(health_service);
    if options.reflection {
        routes
            .add_service(reflection().build_v1()?)
            .add_service(reflection().build_v1alpha()?);
    }

    // tonic-health starts with "" SERVING; nothing is serving until its database answers.
    set_all(&reporter, &hosted, ServingStatus::NotServing).await;
    // Liveness says only that the process answers: a database outage must make
    // pods unready, not restart them.
    reporter
        .set_service_status(LIVENESS_SERVICE, ServingStatus::Serving)
        .await;
    let (draining, drain_started) = watch::channel(false);
    let reachable: Vec<Arc<AtomicBool>> = hosted.iter().map(|_| Arc::new(AtomicBool::new(true))).collect();
    let probes = tokio::spawn(watch_health(
        reporter.clone(),
        hosted.clone(),
        reachable.clone(),
        ready.clone(),
        options.health_interval,
        drain_started.clone(),
        options.metrics.clone(),
    ));
    let reachability: HashMap<String, Arc<AtomicBool>> = hosted
        .iter()
        .zip(&reachable)
        .flat_map(|(context, flag)| {
            context
                .services
                .iter()
                .map(|service| ((*service).to_owned(), flag.clone()))
        })
        .collect();
    let served_sets = [
        tonic_health::pb::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1::FILE_DESCRIPTOR_SET,
        tonic_reflection::pb::v1alpha::FILE_DESCRIPTOR_SET,
    ];
    let descriptor_sets: Vec<&[u8]> = served_sets
        .into_iter()
        .chain(options.descriptor_sets.iter().copied())
        .collect();
    let intake = Arc::new(crate::intake::Intake::new(&descriptor_sets)?);
    // What each method requires of a token, as its contract declares it.
    let access = crate::auth::Access::of_every_method(&descriptor_sets)?;

    let audit_logs = databases_by_service(&hosted, |_| true);
    let replicated = databases_by_service(&hosted, |context| context.replica.is_some());

    let stop_accepting = {
        let reporter = reporter.clone();
        let hosted = hosted.clone();
        async move {
            shutdown.await;
            tracing::info!("shutdown requested: draining in-flight calls");
            set_all(&reporter, &hosted, ServingStatus::NotServing).await;
            draining.send_replace(true);
        }
    };

    let admission = crate::admission::Admission::with_limit(options.max_in_flight, options.max_waiting);
    options.metrics.watch_admission(admission.clone());
    let router = tonic::transport::Server::builder()
        .max_concurrent_streams(options.max_streams_per_connection)
        // A stream may send HTTP/2's own default of 64 KiB before it is read,
        // a connection 1 MiB in all: what an unauthenticated caller can push
        // before its answer (docs/SECURITY.md, "Before the body").
        .initial_stream_window_size(Some(STREAM_WINDOW_BYTES))
        .initial_connection_window_size(Some(CONNECTION_WINDOW_BYTES))
        .trace_fn(crate::telemetry::server_span)
        .layer(crate::call_layer::CallLayer {
            default_deadline: options.request_timeout,
            metrics: options.metrics.clone(),
            intake,
            admission,
            max_message_bytes: MAX_INBOUND_MESSAGE_BYTES,
            reachability: Arc::new(reachability),
            verifier: options.verifier.clone(),
            access: Arc::new(access),
            audit_logs: Arc::new(audit_logs),
            replicated: Arc::new(replicated),
        })
        .add_routes(routes.routes());
    let server: std::pin::Pin<Box<dyn Future<Output = Result<(), tonic::transport::Error>> + Send>> =
        match options.tls.clone() {
            Some(source) => Box::pin(router.serve_with_incoming_shutdown(
                crate::tls::incoming(listener, source).map(|accepted| accepted.map(SingleWrites)),
                stop_accepting,
            )),
            None => Box::pin(
                router.serve_with_incoming_shutdown(
                    TcpIncoming::from(listener)
                        .with_nodelay(Some(true))
                        .map(|accepted| accepted.map(SingleWrites)),
                    stop_accepting,
                ),
            ),
        };

    let grace = options.shutdown_grace;
    let result = tokio::select! {
        result = server => result.map_err(ServeError::from),
        () = async {
            let mut drain_started = drain_started;
            if drain_started.wait_for(|started| *started).await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!(grace_ms = grace.as_millis() as u64, "calls still running after the grace period; stopping");
            Ok(())
        }
    };
    probes.abort();
    if let Some(task) = admin_task {
        task.abort();
    }
    result
}

/// The database of each service of the contexts that `keep`, by service name.
fn databases_by_service(
    hosted: &[HostedContext],
    keep: impl Fn(&HostedContext) -> bool,
) -> HashMap<String, DatabaseConnection> {
    hosted
        .iter()
        .filter(|context| keep(context))
        .flat_map(|context| {
            context
                .services
                .iter()
                .map(|service| ((*service).to_owned(), context.db.clone()))
        })
        .collect()
}

/// How long the SQLite contexts report NOT_SERVING after one of the
/// process's SQLite connection threads died (`db::workers`).
const WORKER_DEATH_QUARANTINE: Duration = Duration::from_secs(1);

/// How often a database that failed its probe is probed again, so its
/// return is noticed quickly (a probe of a database that is away costs it nothing).
const RECOVERY_PROBE_INTERVAL: Duration = Duration::from_millis(250);

/// Probes each context's database once per interval and publishes the status
/// of its services, plus the overall (`""`) status: SERVING only while every
/// database answers. Each context's `reachable` flag follows its probe, so
/// a pool timeout can be told apart from an outage.
async fn watch_health(
    reporter: HealthReporter,
    hosted: Vec<HostedContext>,
    reachable: Vec<Arc<AtomicBool>>,
    ready: Arc<AtomicBool>,
    interval: Duration,
    mut drain_started: watch::Receiver<bool>,
    metrics: crate::metrics::RpcMetrics,
) {
    let mut worker_deaths = crate::db::worker_deaths();
    let mut last_worker_death: Option<tokio::time::Instant> = None;
    loop {
        // The databases are probed at once, so one that hangs delays no other.
        let mut probes = tokio::task::JoinSet::new();
        for (index, context) in hosted.iter().enumerate() {
            let probe = context.probe.clone();
            if let Some(replica) = context.replica.clone() {
                // Measured beside the probe, never holding it up.
                let (primary, metrics, name) = (context.db.clone(), metrics.clone(), context.name);
                tokio::spawn(async move {
                    let lag = replica.measure_lag(&primary, crate::db::PROBE_TIMEOUT).await;
                    metrics.record_replica(name, replica.is_reachable(), lag);
                });
            }
            probes.spawn(async move {
                let sqlite = probe.get_database_backend() == sea_orm::DbBackend::Sqlite;
                let finding =
                    match tokio::time::timeout(crate::db::PROBE_TIMEOUT, crate::db::probe_writable(&probe)).await {
                        Ok(finding) => finding,
                        // A local file that answers no write in time still serves reads.
                        Err(_) if sqlite => ProbeFinding::ReadOnly,
                        Err(_) => ProbeFinding::Away,
                    };
                (index, finding)
            });
        }
        // A SQLite connection's thread that died may have held a write lock
        // or answered calls wrongly: its contexts are NOT_SERVING for a
        // second after the last death seen, long enough to be seen.
        let deaths = crate::db::worker_deaths();
        if std::mem::replace(&mut worker_deaths, deaths) != deaths {
            last_worker_death = Some(tokio::time::Instant::now());
        }
        let sqlite_worker_died = last_worker_death.is_some_and(|at| at.elapsed() < WORKER_DEATH_QUARANTINE);
        let mut answers = vec![ProbeFinding::Away; hosted.len()];
        while let Some(answer) = probes.join_next().await {
            if let Ok((index, finding)) = answer {
                answers[index] = finding;
            }
        }
        let mut all_serving = true;
        for ((context, flag), finding) in hosted.iter().zip(&reachable).zip(answers) {
            // Calls are refused at once only while the database is away;
            // reads go on while it cannot write.
            flag.store(finding != ProbeFinding::Away, Ordering::Relaxed);
            let alive = finding == ProbeFinding::Writable
                && !(sqlite_worker_died && context.db.get_database_backend() == sea_orm::DbBackend::Sqlite);
            if !alive {
                context.outages.mark();
            }
            all_serving &= alive;
            let status = if alive {
                ServingStatus::Serving
            } else {
                ServingStatus::NotServing
            };
            for service in &context.services {
                reporter.set_service_status(*service, status).await;
            }
        }
        let overall = if all_serving {
            ServingStatus::Serving
        } else {
            ServingStatus::NotServing
        };
        ready.store(all_serving, Ordering::Relaxed);
        reporter.set_service_status("", overall).await;
        let next = if all_serving {
            interval
        } else {
            interval.min(RECOVERY_PROBE_INTERVAL)
        };
        tokio::select! {
            _ = drain_started.wait_for(|started| *started) => {
                ready.store(false, Ordering::Relaxed);
                return;
            }
            () = tokio::time::sleep(next) => {}
        }
    }
}

async fn set_all(reporter: &HealthReporter, hosted: &[HostedContext], status: ServingStatus) {
    for service in hosted.iter().flat_map(|context| &context.services) {
        reporter.set_service_status(*service, status).await;
    }
    reporter.set_service_status("", status).await;
}

/// Completes on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
