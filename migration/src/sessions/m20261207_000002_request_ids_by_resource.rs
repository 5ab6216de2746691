//! Request ids can be found by the resource they created: erasing a user's
//! data deletes the request ids that recorded their sessions and memories
//! too, a batch at a time, without reading the whole table.

use sea_orm_migration::prelude::*;

use crate::run_all;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000002_request_ids_by_resource"
    }
}

const UP: &[&str] = &["CREATE INDEX request_ids_resource_idx ON request_ids (resource_id)"];

const DOWN: &[&str] = &["DROP INDEX request_ids_resource_idx"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_all(manager, DOWN).await
    }
}
