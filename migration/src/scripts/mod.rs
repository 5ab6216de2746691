//! Migrations of the scripts & projects context (schema `scripts`).

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_scripts;
mod m20261123_000002_create_projects;
mod m20261130_000001_project_list_columns;
mod m20261203_000001_release_labels;
mod m20261204_000001_label_move_requests;
mod m20261208_000001_tenants;

/// The scripts & projects context's migrator.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_scripts::Migration),
            Box::new(m20261123_000002_create_projects::Migration),
            Box::new(crate::audit::Migration),
            Box::new(m20261130_000001_project_list_columns::Migration),
            Box::new(m20261203_000001_release_labels::Migration),
            Box::new(m20261204_000001_label_move_requests::Migration),
            Box::new(crate::audit_refusal_counts::Migration),
            Box::new(crate::audit_event_counts::Migration),
            Box::new(m20261208_000001_tenants::MIGRATION),
        ]
    }
}
