//! Persistence of the evaluation context; the only user of its entities.
//! One store over the context's tables: each aggregate's `store` module
//! adds its operations to it (`run::store`, `task::store`,
//! `comparison::store`), and what they share lives here — the mapping
//! between rows and domain types (`rows`), the run's event log (`events`)
//! and its totals (`totals`).

use agentbase_platform::events::Announcer;
use sea_orm::DatabaseConnection;

use crate::error::Error;

pub(crate) mod events;
pub(crate) mod rows;
pub(crate) mod totals;

/// Reads and writes runs, tasks, metrics and tool errors.
#[derive(Clone)]
pub struct EvaluationStore {
    pub(crate) db: DatabaseConnection,
    pub(crate) events: Announcer,
}

impl EvaluationStore {
    /// A store over the evaluation database, announcing run events on `events`.
    pub fn new(db: DatabaseConnection, events: Announcer) -> Self {
        Self { db, events }
    }

    /// The announcer watchers subscribe to.
    pub fn events(&self) -> &Announcer {
        &self.events
    }

    /// One page of the context's audit trail.
    pub async fn audit_events(
        &self,
        query: &agentbase_platform::audit::AuditQuery,
    ) -> Result<agentbase_proto::audit::v1::ListAuditEventsResponse, Error> {
        Ok(agentbase_platform::audit::list(&self.db, query).await?)
    }
}
