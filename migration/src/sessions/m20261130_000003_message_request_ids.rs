//! An index of the messages each append with a request id wrote, so the
//! replay lookup of an append reads those rows instead of the whole session.

use sea_orm_migration::prelude::*;

use crate::run_all;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000003_message_request_ids"
    }
}

const UP: &[&str] =
    &["CREATE INDEX messages_request_idx ON messages (session_id, request_id) WHERE request_id IS NOT NULL"];

const DOWN: &[&str] = &["DROP INDEX messages_request_idx"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
