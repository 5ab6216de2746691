//! Refused calls are recorded once per principal, method, outcome, reason
//! and minute, with how many there were: a token without scopes could
//! otherwise fill the audit trail with refusals. The same migration runs in
//! each context.

use sea_orm_migration::prelude::*;

use crate::run_all;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_000001_audit_refusal_counts"
    }
}

const UP: &[&str] = &["ALTER TABLE audit_events ADD COLUMN count bigint NOT NULL DEFAULT 1"];

const DOWN: &[&str] = &["ALTER TABLE audit_events DROP COLUMN count"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
