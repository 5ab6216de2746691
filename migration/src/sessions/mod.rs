//! Migrations of the sessions context (schema `sessions`).

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_sessions;
mod m20261130_000001_memory_terms;
mod m20261130_000002_memory_term_stats;
mod m20261130_000003_message_request_ids;
mod m20261130_000004_memory_key_signatures;
mod m20261201_000001_session_forks;
mod m20261201_000002_memory_history;
mod m20261202_000001_session_expiry;
mod m20261204_000001_session_script_labels;
mod m20261204_000002_memory_search_engine;
mod m20261205_000001_memory_search_gin_direct;
mod m20261207_000002_request_ids_by_resource;
mod m20261208_000001_tenants;

/// The sessions context's migrator.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_sessions::Migration),
            Box::new(crate::audit::Migration),
            Box::new(m20261130_000001_memory_terms::Migration),
            Box::new(m20261130_000002_memory_term_stats::Migration),
            Box::new(m20261130_000003_message_request_ids::Migration),
            Box::new(m20261130_000004_memory_key_signatures::Migration),
            Box::new(m20261201_000001_session_forks::Migration),
            Box::new(m20261201_000002_memory_history::Migration),
            Box::new(m20261202_000001_session_expiry::Migration),
            Box::new(m20261204_000001_session_script_labels::Migration),
            Box::new(m20261204_000002_memory_search_engine::Migration),
            Box::new(m20261205_000001_memory_search_gin_direct::Migration),
            Box::new(crate::audit_refusal_counts::Migration),
            Box::new(crate::audit_event_counts::Migration),
            Box::new(m20261207_000002_request_ids_by_resource::Migration),
            Box::new(m20261208_000001_tenants::MIGRATION),
        ]
    }
}
