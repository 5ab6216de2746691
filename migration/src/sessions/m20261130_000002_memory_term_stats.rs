//! Sampled entry counts of the common keys of the memory search index: a
//! search whose keys all pass the count it makes itself picks the rarest by
//! these (refreshed in the background; see docs/ARCHITECTURE.md).

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000002_memory_term_stats"
    }
}

const POSTGRES_UP: &[&str] = &[r#"CREATE TABLE memory_term_stats (
        term text PRIMARY KEY,
        entries bigint NOT NULL CONSTRAINT memory_term_stats_entries CHECK (entries >= 0)
    )"#];

const SQLITE_UP: &[&str] = &[r#"CREATE TABLE memory_term_stats (
        term TEXT PRIMARY KEY,
        entries INTEGER NOT NULL CONSTRAINT memory_term_stats_entries CHECK (entries >= 0)
    ) WITHOUT ROWID"#];

const DOWN: &[&str] = &["DROP TABLE memory_term_stats"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
