//! When a session expires: set by its caller, or stamped when it ends and the
//! service has a retention for ended sessions. Expired sessions are hidden
//! from every read at once and deleted later by the sweeper, oldest first.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000001_session_expiry"
    }
}

const POSTGRES_UP: &[&str] = &["ALTER TABLE sessions ADD COLUMN expire_at timestamptz", EXPIRY_INDEX];

const SQLITE_UP: &[&str] = &["ALTER TABLE sessions ADD COLUMN expire_at TEXT", EXPIRY_INDEX];

// The sweeper's queue: sessions that will expire, soonest first.
const EXPIRY_INDEX: &str = "CREATE INDEX sessions_expire_idx ON sessions (expire_at, id) WHERE expire_at IS NOT NULL";

const DOWN: &[&str] = &[
    "DROP INDEX sessions_expire_idx",
    "ALTER TABLE sessions DROP COLUMN expire_at",
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
