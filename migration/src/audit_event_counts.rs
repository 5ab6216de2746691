//! Events of calls that delete in bulk (EraseUserData) say how many of each
//! kind they deleted, as a JSON object of counts: the receipt an erasure
//! leaves without keeping anything it erased. The same migration runs in
//! each context.

use sea_orm_migration::prelude::*;

use crate::run_all;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000001_audit_event_counts"
    }
}

const UP: &[&str] = &["ALTER TABLE audit_events ADD COLUMN counts text"];

const DOWN: &[&str] = &["ALTER TABLE audit_events DROP COLUMN counts"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
