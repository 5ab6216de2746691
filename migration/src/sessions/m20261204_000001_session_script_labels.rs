//! Sessions started by a release label record it: the label was resolved
//! once, at creation, to the revision the session is pinned to.

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_000001_session_script_labels"
    }
}

const POSTGRES_UP: &[&str] = &["ALTER TABLE sessions ADD COLUMN script_label text"];

const SQLITE_UP: &[&str] = &["ALTER TABLE sessions ADD COLUMN script_label TEXT"];

const DOWN: &[&str] = &["ALTER TABLE sessions DROP COLUMN script_label"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, for_backend(manager, POSTGRES_UP, SQLITE_UP)?).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
