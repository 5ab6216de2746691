//! Persistence of runs: creating, reading, listing, updating, cancelling
//! and deleting them, finishing them and their summaries (`summary`).

use agentbase_platform::paging::{Direction, Keyset};
use agentbase_platform::write::Write;
use agentbase_platform::{db::lock_by_id, idempotency::Once};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, FromQueryResult, QueryFilter, Statement, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    domain::{
        CreateRun, DeleteRuns, ExercisePassAtK, Language, LanguageSummary, Run, RunFilter, RunStatus, Summary,
        UpdateRun, mean_pass_at_k,
    },
    entity::{run, task},
    error::Error,
};

mod summary;

use crate::store::{EvaluationStore, events, rows::*};

const CREATE_RUN: &str = "CreateRun";
/// 16 bind parameters a task row; 1,000 rows stay below SQLite's parameter limit.
const TASK_INSERT_CHUNK: usize = 1_000;

/// The pending tasks of a new run. PostgreSQL takes them in one statement
/// whatever their number: the rows travel as one JSON array bound once,
/// which PostgreSQL parses and plans once; multi-row VALUES of 9 parameters
/// a row cost a parse and plan of 9,000 parameters a chunk and took about
/// 1.7× as long for 10,000 tasks (docs/ARCHITECTURE.md). SQLite takes
/// multi-row VALUES in chunks.
async fn insert_tasks(
    txn: &DatabaseTransaction,
    run_id: Uuid,
    tasks: &[(Language, String, i32)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let claim_order = crate::domain::claim_order(tasks);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        // Each task is `[id, language, exercise, iteration, claim order]`.
        let rows = serde_json::Value::Array(
            tasks
                .iter()
                .zip(&claim_order)
                .map(|((language, exercise, iteration), order)| {
                    serde_json::json!([
                        Uuid::now_v7().to_string(),
                        language_to_entity(*language).to_value(),
                        exercise,
                        iteration,
                        order
                    ])
                })
                .collect(),
        );
        txn.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            r#"INSERT INTO "tasks" ("id", "run_id", "language", "exercise", "iteration", "status", "created_at", "claim_order", "tenant_id")
               SELECT CAST(t ->> 0 AS uuid), $1, CAST(t ->> 1 AS "task_language"), t ->> 2,
                      CAST(t ->> 3 AS integer), 'pending', $2, CAST(t ->> 4 AS integer), $4
               FROM jsonb_array_elements(CAST($3 AS jsonb)) AS t"#,
            [
                run_id.into(),
                now.into(),
                rows.to_string().into(),
                agentbase_platform::tenant::current().into(),
            ],
        ))
        .await?;
        return Ok(());
    }
    let ordered: Vec<_> = tasks.iter().zip(claim_order).collect();
    for chunk in ordered.chunks(TASK_INSERT_CHUNK) {
        let rows = chunk
            .iter()
            .map(|((language, exercise, iteration), order)| task::ActiveModel {
                id: Set(Uuid::now_v7()),
                run_id: Set(run_id),
                language: Set(language_to_entity(*language)),
                exercise: Set(exercise.clone()),
                iteration: Set(*iteration),
                status: Set(task::Status::Pending),
                started_at: Set(None),
                finished_at: Set(None),
                created_at: Set(now),
                attempt: Set(1),
                lease_owner: Set(None),
                lease_expires_at: Set(None),
                claim_order: Set(*order),
                error_reason: Set(None),
                invalidated_at: Set(None),
                invalid_reason: Set(None),
                tenant_id: Set(agentbase_platform::tenant::current()),
            });
        task::Entity::insert_many(rows).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// Cancels the run's tasks `which` names, ending their leases; returns how
/// many. Their events are recorded first (`events::record_cancellations`).
async fn cancel_tasks(
    txn: &DatabaseTransaction,
    run_id: Uuid,
    which: events::Cancelled,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, Error> {
    Ok(task::Entity::update_many()
        .filter(agentbase_platform::tenant::confined::<task::Entity>())
        .col_expr(task::Column::Status, task::Status::Cancelled.as_enum())
        .col_expr(task::Column::FinishedAt, Expr::value(now))
        .col_expr(task::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .col_expr(
            task::Column::LeaseExpiresAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(task::Column::RunId.eq(run_id))
        .filter(task::Column::Status.is_in(which.statuses()))
        .exec(txn)
        .await?
        .rows_affected)
}

impl EvaluationStore {
    /// Creates a run and all its tasks in one transaction, with multi-row inserts.
    pub async fn create_run(&self, command: CreateRun) -> Result<Run, Error> {
        let CreateRun { run: new, request, .. } = command;
        let once = Once {
            operation: CREATE_RUN,
            request: request.as_ref(),
        };
        let id = Uuid::now_v7();
        let now = agentbase_platform::time::now();
        let read = |id| read_run(&self.db, id);
        once.replay_or_create(&self.db, id, read, |txn| async move {
            run::Entity::insert(run::ActiveModel {
                id: Set(id),
                model: Set(new.model),
                search_text: Set(new.name.to_lowercase()),
                name: Set(new.name),
                description: Set(new.description),
                settings: Set(new.settings),
                concurrency: Set(new.concurrency),
                timeout_minutes: Set(new.timeout_minutes),
                price_input: Set(new.prices.input),
                price_output: Set(new.prices.output),
                price_cache_writes: Set(new.prices.cache_writes),
                price_cache_reads: Set(new.prices.cache_reads),
                price_reasoning: Set(new.prices.reasoning),
                tokens_reasoning: Set(0),
                context_window: Set(new.context_window),
                status: Set(run::Status::Pending),
                total_tasks: Set(new.tasks.len() as i64),
                total_passed: Set(0),
                total_failed: Set(0),
                total_errored: Set(0),
                total_timed_out: Set(0),
                total_cancelled: Set(0),
                total_unfinished: Set(new.tasks.len() as i64),
                tokens_in: Set(0),
                tokens_out: Set(0),
                tokens_context: Set(0),
                cache_writes: Set(0),
                cache_reads: Set(0),
                cost: Set(0.0),
                duration_ms: Set(0),
                tool_usage: Set(serde_json::json!({})),
                created_at: Set(now),
                started_at: Set(None),
                finished_at: Set(None),
                max_attempts: Set(new.max_attempts),
                tenant_id: Set(agentbase_platform::tenant::current()),
            })
            .exec_without_returning(&txn)
            .await?;
            insert_tasks(&txn, id, &new.tasks, now).await?;
            let read = read_run(&txn, id).await?;
            agentbase_platform::audit::record(&txn, id).await?;
            Ok((txn, read))
        })
        .await
    }

    /// One run with its stored totals.
    pub async fn get_run(&self, id: Uuid) -> Result<Run, Error> {
        read_run(&self.db, id).await
    }

    /// One page of runs, newest first.
    pub async fn list_runs(
        &self,
        filter: &RunFilter,
        before: Option<Uuid>,
        limit: u64,
    ) -> Result<(Vec<Run>, Option<Uuid>), Error> {
        let backend = self.db.get_database_backend();
        let mut query = run::Entity::find()
            .filter(agentbase_platform::tenant::confined::<run::Entity>())
            .keyset(run::Column::Id, Direction::Descending, before, limit);
        if let Some(model) = &filter.model {
            query = query.filter(run::Column::Model.eq(model.as_str()));
        }
        if let Some(status) = filter.status {
            query = query.filter(run::Column::Status.eq(run_status_to_entity(status)));
        }
        if let Some(after) = filter.created_after {
            query = query.filter(run::Column::CreatedAt.gte(after));
        }
        if let Some(before) = filter.created_before {
            query = query.filter(run::Column::CreatedAt.lt(before));
        }
        if let Some(text) = &filter.name_contains {
            query = query.filter(agentbase_platform::db::search_text_contains(backend, "runs", text));
        }
        let mut rows = query.all(&self.db).await?;
        let next = agentbase_platform::paging::trim_page(&mut rows, limit, |r| r.id);
        Ok((rows.into_iter().map(to_run).collect(), next))
    }

    /// Changes a run's name and/or description.
    pub async fn update_run(&self, command: UpdateRun) -> Result<Run, Error> {
        let UpdateRun {
            id, name, description, ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_by_id::<run::Entity>(txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let mut active: run::ActiveModel = row.into();
        if let Some(name) = name {
            active.search_text = Set(name.to_lowercase());
            active.name = Set(name);
        }
        if let Some(description) = description {
            active.description = Set(description);
        }
        active.update(txn).await?;
        let read = read_run(txn, id).await?;
        write.commit(id).await?;
        Ok(read)
    }

    /// Deletes a run; tasks, metrics and tool errors cascade.
    pub async fn delete_run(&self, id: Uuid) -> Result<(), Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let deleted = run::Entity::delete_by_id(id)
            .filter(agentbase_platform::tenant::confined::<run::Entity>())
            .exec(txn)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(Error::RunNotFound(id.to_string()));
        }
        // Its watchers here read it gone and end at once (NOT_FOUND).
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
        Ok(())
    }

    /// Deletes the runs matching the conditions in one statement; returns how many.
    pub async fn delete_runs(&self, command: DeleteRuns) -> Result<u64, Error> {
        let DeleteRuns {
            created_before,
            unfinished_only,
            ..
        } = command;
        let mut query = run::Entity::delete_many().filter(agentbase_platform::tenant::confined::<run::Entity>());
        if let Some(before) = created_before {
            query = query.filter(run::Column::CreatedAt.lt(before));
        }
        if unfinished_only {
            let unfinished = RunStatus::ALL.into_iter().filter(|s| s.accepts_work());
            query = query.filter(run::Column::Status.is_in(unfinished.map(run_status_to_entity)));
        }
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let deleted = query.exec(txn).await?.rows_affected;
        write.commit("").await?;
        Ok(deleted)
    }

    /// Cancels a run and its pending and running tasks, in one transaction.
    pub async fn cancel_run(&self, id: Uuid) -> Result<Run, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_by_id::<run::Entity>(txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let status = run_status_from_entity(row.status);
        let next = status.cancel().map_err(|refusal| Error::Refused {
            subject: format!("runs/{id}"),
            refusal,
        })?;
        let now = agentbase_platform::time::now();
        events::record_cancellations(txn, id, events::Cancelled::Unfinished, now).await?;
        let cancelled = cancel_tasks(txn, id, events::Cancelled::Unfinished, now).await?;
        if next != status || cancelled > 0 {
            let mut totals = totals_of(&row);
            totals.unfinished_cancelled(i64::try_from(cancelled).unwrap_or(i64::MAX));
            let mut active: run::ActiveModel = row.into();
            set_totals(&mut active, &totals);
            if next != status {
                active.status = Set(run_status_to_entity(next));
                active.finished_at = Set(Some(now));
            }
            active.update(txn).await?;
        }
        // Unfinished tasks exist only in a run not yet cancelled, so the
        // cancellations' events always come with the run's own (and its notification).
        if next != status {
            events::record_events(
                &write,
                &self.events,
                id,
                vec![events::NewEvent::run(run_status_to_entity(next))],
                now,
            )
            .await?;
        }
        let read = read_run(txn, id).await?;
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
        Ok(read)
    }
}
