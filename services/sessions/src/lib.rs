//! The sessions context: `SessionService` and `MemoryService`.
//!
//! Owns the `sessions` schema: sessions pinned to a script revision, their
//! messages and variables, and memories. It never reads the scripts schema:
//! whether a script exists, and its current revision, come from ScriptService
//! over gRPC (`scripts::ScriptDirectory`). One module per aggregate
//! (`session`, `memory`), each `api` → `store` over `domain`.

// Domain types are read field by field and their names say what they are:
// doc comments there explain rules, and a field that needs none has none.
#[allow(missing_docs)]
pub mod domain;
mod entity;
pub mod error;
pub mod memory;
pub mod scripts;
pub mod session;
pub mod settings;

use agentbase_platform::server::MAX_INBOUND_MESSAGE_BYTES;
use agentbase_proto::sessions::v1::{
    memory_service_server::{MemoryServiceServer, SERVICE_NAME as MEMORY_SERVICE},
    session_service_server::{SERVICE_NAME as SESSION_SERVICE, SessionServiceServer},
};
use sea_orm::DatabaseConnection;

/// The context's name: its schema, its SQLite file and its configuration key.
pub const CONTEXT: &str = "sessions";

/// The scope of the context's administrators: the audit trail, bulk
/// deletes, and reads that span every user.
pub const ADMIN_SCOPE: &str = "sessions.admin";
/// The fully-qualified name of `SessionService`.
pub const SESSION_SERVICE_NAME: &str = SESSION_SERVICE;
/// The fully-qualified name of `MemoryService`.
pub const MEMORY_SERVICE_NAME: &str = MEMORY_SERVICE;

/// The SessionService server over the sessions database, reading through
/// `reads` and appending through `appends` (two lanes of held connections),
/// keeping ended sessions for `retention` when one is set.
pub fn session_service(
    reads: agentbase_platform::db::ReadLane,
    appends: agentbase_platform::db::ReadLane,
    scripts: scripts::ScriptDirectory,
    events: agentbase_platform::events::Announcer,
    watches: agentbase_platform::events::WatchSlots,
    retention: Option<domain::Retention>,
) -> SessionServiceServer<session::api::SessionApi> {
    let store = session::store::SessionStore::new(reads, events.clone(), retention).with_append_lane(appends);
    SessionServiceServer::new(session::api::SessionApi::new(store, scripts, events, watches))
        .max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}

/// Searches that may wait for a place: as many as the process admits calls.
const SEARCHES_WAITING: usize = 512;

/// The MemoryService server over `db`, running at most `search_places`
/// searches at once and `search_per_user` of one user.
pub fn memory_service(
    db: DatabaseConnection,
    search_places: usize,
    search_per_user: usize,
) -> MemoryServiceServer<memory::api::MemoryApi> {
    let searches =
        agentbase_platform::admission::Admission::with_share(search_places, SEARCHES_WAITING, search_per_user);
    let store = memory::store::MemoryStore::new(db).with_search_places(searches);
    MemoryServiceServer::new(memory::api::MemoryApi::new(store)).max_decoding_message_size(MAX_INBOUND_MESSAGE_BYTES)
}

/// Deletes expired sessions every `interval`, in bounded batches, for as long
/// as the process runs.
pub fn spawn_session_sweep(
    reads: agentbase_platform::db::ReadLane,
    events: agentbase_platform::events::Announcer,
    interval: std::time::Duration,
) -> tokio::task::JoinHandle<()> {
    session::store::spawn_sweep(session::store::SessionStore::new(reads, events, None), interval)
}

/// Purges expired memories every `interval`, for as long as the process
/// runs: every tenant's, one tenant at a time.
pub fn spawn_memory_sweep(db: DatabaseConnection, interval: std::time::Duration) -> tokio::task::JoinHandle<()> {
    let store = memory::store::MemoryStore::new(db.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            let purged = agentbase_platform::tenant::in_each(&db, || store.purge_expired(false)).await;
            match purged.map(|purged| purged.into_iter().sum::<u64>()) {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "purged expired memories"),
                Err(err) => tracing::warn!(error = %err, "purging expired memories failed"),
            }
        }
    })
}
