//! Schema migrations, one [`MigratorTrait`] per context.
//!
//! Each migration is a frozen snapshot of SQL written with string identifiers
//! and one statement list per backend (PostgreSQL, SQLite). Migrations never
//! import entities: an entity describes today's table, a migration describes
//! the change made on one day, and the two must be free to diverge.
//! Migrations are append-only; a released one is never edited.

use sea_orm_migration::prelude::*;
pub use sea_orm_migration::{IntoSchemaManagerConnection, MigratorTrait, migrator::MigrationStatus};

mod audit;
mod audit_event_counts;
mod audit_refusal_counts;
pub mod evaluation;
pub mod scripts;
pub mod sessions;
mod tenancy;

/// Runs `statements` one by one on the migration's connection.
pub(crate) async fn run_all(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for statement in statements {
        db.execute_unprepared(statement).await?;
    }
    Ok(())
}

/// Picks the statements for the connection's backend.
pub(crate) fn for_backend<'a>(
    manager: &SchemaManager<'_>,
    postgres: &'a [&'a str],
    sqlite: &'a [&'a str],
) -> Result<&'a [&'a str], DbErr> {
    match manager.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => Ok(postgres),
        sea_orm::DatabaseBackend::Sqlite => Ok(sqlite),
        other => Err(DbErr::Migration(format!("unsupported backend {other:?}"))),
    }
}
