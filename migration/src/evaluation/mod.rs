//! Migrations of the evaluation context (schema `evaluation`).

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_evaluation;
mod m20261205_000001_task_leases;
mod m20261205_000002_task_attempts;
mod m20261205_000003_reasoning_prices;
mod m20261208_000001_tenants;

/// The evaluation context's migrator.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_evaluation::Migration),
            Box::new(crate::audit::Migration),
            Box::new(m20261205_000001_task_leases::Migration),
            Box::new(m20261205_000002_task_attempts::Migration),
            Box::new(m20261205_000003_reasoning_prices::Migration),
            Box::new(crate::audit_refusal_counts::Migration),
            Box::new(crate::audit_event_counts::Migration),
            Box::new(m20261208_000001_tenants::MIGRATION),
        ]
    }
}
