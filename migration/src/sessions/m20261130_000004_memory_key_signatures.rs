//! A Bloom signature of a memory's keys on each of its index rows, covered by
//! the ranked indexes so that a search drops most candidates lacking a key
//! from the index entry alone, before it probes for the key.
//!
//! Rows written before this migration get every bit set (-1): they may hold
//! any key and are probed as before, until their memory is written again.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000004_memory_key_signatures"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE memory_terms ADD COLUMN key_signature bigint NOT NULL DEFAULT -1",
    "CREATE INDEX memory_terms_signed_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC) INCLUDE (key_signature)",
    "CREATE INDEX memory_terms_user_signed_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC) INCLUDE (key_signature)",
    "DROP INDEX memory_terms_ranked_idx",
    "DROP INDEX memory_terms_user_ranked_idx",
];

// SQLite has no INCLUDE: the signature ends the index key instead. New
// names, created before the old indexes are dropped: the statements may run
// on different pooled connections, and one whose schema was read before a
// DROP refuses to create an index of the dropped name.
const SQLITE_UP: &[&str] = &[
    "ALTER TABLE memory_terms ADD COLUMN key_signature INTEGER NOT NULL DEFAULT -1",
    "CREATE INDEX memory_terms_signed_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC, key_signature)",
    "CREATE INDEX memory_terms_user_signed_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC, key_signature)",
    "DROP INDEX memory_terms_ranked_idx",
    "DROP INDEX memory_terms_user_ranked_idx",
];

const DOWN: &[&str] = &[
    "CREATE INDEX memory_terms_ranked_idx ON memory_terms (term, hits DESC, importance_rank DESC, memory_id DESC)",
    "CREATE INDEX memory_terms_user_ranked_idx ON memory_terms (user_id, term, hits DESC, importance_rank DESC, memory_id DESC)",
    "DROP INDEX memory_terms_signed_ranked_idx",
    "DROP INDEX memory_terms_user_signed_ranked_idx",
    "ALTER TABLE memory_terms DROP COLUMN key_signature",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
