//! The evaluation context: `EvaluationService`.
//!
//! Owns the `evaluation` schema: runs of an AI coding agent over exercises,
//! their tasks, per-task metrics and tool errors, run totals and pass@k. It
//! reads no other context's tables. Three aggregates — `run`, `task` (with
//! leases and attempts) and `comparison` — each `api` → `store` over
//! `domain`, behind one service (`service`) and one store (`store`).

// Domain types are read field by field and their names say what they are:
// doc comments there explain rules, and a field that needs none has none.
pub mod comparison;
#[allow(missing_docs)]
pub mod domain;
mod entity;
pub mod error;
pub mod run;
pub mod service;
pub mod settings;
pub mod store;
pub mod task;
mod wire;

use agentbase_platform::server::MAX_INBOUND_MESSAGE_BYTES;
use agentbase_proto::evaluation::v1::evaluation_service_server::{EvaluationServiceServer, SERVICE_NAME};
use sea_orm::DatabaseConnection;

/// The context's name: its schema, its SQLite file and its configuration key.
pub const CONTEXT: &str = "evaluation";

/// The scope of the context's administrators: the audit trail, bulk
/// deletes, and reads that span every user.
pub const ADMIN_SCOPE: &str = "evaluation.admin";
/// The fully-qualified name of `EvaluationService`.
pub const EVALUATION_SERVICE_NAME: &str = SERVICE_NAME;

/// The EvaluationService server over `db`, announcing run events on
/// `events`, WatchRun streams taking their slots from `watches`.
pub fn evaluation_service(
    db: DatabaseConnection,
    events: agentbase_platform::events::Announcer,
    watches: agentbase_platform::events::WatchSlots,
) -> EvaluationServiceServer<service::EvaluationApi> {
    EvaluationServiceServer::new(service::EvaluationApi::new(
        store::EvaluationStore::new(db, events),
        watches,
    ))
    .max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}

/// Takes back expired task leases every `interval`, for as long as the
/// process runs: every tenant's, one tenant at a time.
pub fn spawn_lease_sweep(
    db: DatabaseConnection,
    events: agentbase_platform::events::Announcer,
    interval: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    let store = store::EvaluationStore::new(db.clone(), events);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            let swept = agentbase_platform::tenant::in_each(&db, || store.sweep_expired_leases()).await;
            match swept.map(|swept| swept.into_iter().sum::<u64>()) {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "took back expired task leases"),
                Err(err) => tracing::warn!(error = %err, "taking back expired task leases failed"),
            }
        }
    })
}
