//! Reasoning tokens, their price, and costs the service computes: a run's
//! price snapshot gains a reasoning-token price; task metrics, attempts and
//! run totals gain reasoning tokens; a task's metrics say whether its cost
//! was computed from tokens × prices (the runner reported tokens but no cost).

use sea_orm_migration::prelude::*;

use crate::{for_backend, run_all};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261205_000003_reasoning_prices"
    }
}

const POSTGRES_UP: &[&str] = &[
    "ALTER TABLE runs ADD COLUMN price_reasoning double precision",
    "ALTER TABLE runs ADD COLUMN tokens_reasoning bigint NOT NULL DEFAULT 0",
    "ALTER TABLE task_metrics ADD COLUMN tokens_reasoning bigint NOT NULL DEFAULT 0 CONSTRAINT task_metrics_tokens_reasoning CHECK (tokens_reasoning >= 0)",
    "ALTER TABLE task_metrics ADD COLUMN cost_computed boolean NOT NULL DEFAULT false",
    "ALTER TABLE task_attempts ADD COLUMN tokens_reasoning bigint NOT NULL DEFAULT 0",
    "ALTER TABLE task_attempts ADD COLUMN cost_computed boolean NOT NULL DEFAULT false",
];

const SQLITE_UP: &[&str] = &[
    "ALTER TABLE runs ADD COLUMN price_reasoning REAL",
    "ALTER TABLE runs ADD COLUMN tokens_reasoning INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE task_metrics ADD COLUMN tokens_reasoning INTEGER NOT NULL DEFAULT 0 CONSTRAINT task_metrics_tokens_reasoning CHECK (tokens_reasoning >= 0)",
    "ALTER TABLE task_metrics ADD COLUMN cost_computed INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE task_attempts ADD COLUMN tokens_reasoning INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE task_attempts ADD COLUMN cost_computed INTEGER NOT NULL DEFAULT 0",
];

const DOWN: &[&str] = &[
    "ALTER TABLE task_attempts DROP COLUMN cost_computed",
    "ALTER TABLE task_attempts DROP COLUMN tokens_reasoning",
    "ALTER TABLE task_metrics DROP COLUMN cost_computed",
    "ALTER TABLE task_metrics DROP COLUMN tokens_reasoning",
    "ALTER TABLE runs DROP COLUMN tokens_reasoning",
    "ALTER TABLE runs DROP COLUMN price_reasoning",
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
