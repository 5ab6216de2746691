//! Finishing a run and its summary: the aggregates over its tasks.

use super::{
    ActiveModelTrait, Error, EvaluationStore, ExercisePassAtK, FromQueryResult, Language, LanguageSummary, Run, Set,
    Summary, Uuid, lock_by_id, mean_pass_at_k, read_run, run, run_status_from_entity, run_status_to_entity, set_totals,
};
use crate::{
    entity::{task, tool_error},
    store::totals::{aggregates, aggregates_and_running},
};
use agentbase_platform::write::Write;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
    sea_query::{CaseStatement, Expr, ExprTrait, Func},
};

/// Why FinishRun with `force` cancelled a running task (its event's reason).
const RUN_FINISHED: &str = "RUN_FINISHED";

#[derive(Debug, FromQueryResult)]
struct LanguageRow {
    language: String,
    total: i64,
    passed: i64,
    failed: i64,
}

#[derive(Debug, FromQueryResult)]
struct ExerciseRow {
    language: String,
    exercise: String,
    samples: i64,
    passed: i64,
}

#[derive(Debug, FromQueryResult)]
struct ToolRow {
    tool_name: String,
    count: i64,
}

/// The statuses of a task that ran to an end (cancelled ones did not).
const FINISHED: [task::Status; 4] = [
    task::Status::Passed,
    task::Status::Failed,
    task::Status::Errored,
    task::Status::TimedOut,
];

/// The statuses of a task that did not pass.
const FAILED: [task::Status; 3] = [task::Status::Failed, task::Status::Errored, task::Status::TimedOut];

/// How many rows of the group meet `condition`, as a 64-bit count.
fn count_where(condition: Expr) -> Expr {
    Expr::expr(Func::sum(
        CaseStatement::new().case(condition, Expr::val(1)).finally(Expr::val(0)),
    ))
    .cast_as("bigint")
}

impl EvaluationStore {
    /// Computes the totals in SQL and stores them: two statements (aggregate,
    /// update) in one transaction. Calling it again recomputes the same totals.
    /// Running tasks refuse it (`TASKS_IN_FLIGHT`) unless `force`, which
    /// cancels them first, in the same transaction: a finished run's totals
    /// cannot change under it afterwards.
    pub async fn finish_run(&self, id: Uuid, force: bool) -> Result<Run, Error> {
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let row = lock_by_id::<run::Entity>(txn, run::Column::Id, id)
            .await?
            .ok_or_else(|| Error::RunNotFound(id.to_string()))?;
        let (mut totals, running) = aggregates_and_running(txn, id).await?;
        let now = agentbase_platform::time::now();
        if running > 0 {
            if !force {
                return Err(Error::Refused {
                    subject: format!("runs/{id}"),
                    refusal: crate::domain::Refusal::TasksInFlight,
                });
            }
            let cancelled = super::events::Cancelled::Running { reason: RUN_FINISHED };
            super::events::record_cancellations(txn, id, cancelled, now).await?;
            super::cancel_tasks(txn, id, cancelled, now).await?;
            totals = aggregates(txn, id).await?;
        }
        let status = run_status_from_entity(row.status);
        let next = status.finish();
        let finished_at = row.finished_at.unwrap_or(now);
        let mut active: run::ActiveModel = row.into();
        set_totals(&mut active, &totals);
        active.status = Set(run_status_to_entity(next));
        active.finished_at = Set(Some(finished_at));
        active.update(txn).await?;
        if next != status {
            let event = super::events::NewEvent::run(run_status_to_entity(next));
            super::events::record_events(&write, &self.events, id, vec![event], now).await?;
        } else if running > 0 {
            write.notify(&self.events, id).await?;
        }
        let read = read_run(txn, id).await?;
        write.announce_at_commit(&self.events, id);
        write.commit(id).await?;
        Ok(read)
    }

    /// The run with live totals, per-language results, tool errors per tool and pass@k.
    pub async fn summary(&self, id: Uuid) -> Result<Summary, Error> {
        let mut run = self.get_run(id).await?;
        run.totals = aggregates(&self.db, id).await?;
        let counted = || {
            Condition::all()
                .add(task::Column::RunId.eq(id))
                .add(task::Column::InvalidatedAt.is_null())
        };
        let passed = || count_where(task::Column::Status.eq(task::Status::Passed));
        let languages = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .expr_as(Expr::col(task::Column::Language).cast_as("text"), "language")
            .expr_as(Expr::col(task::Column::Id).count().cast_as("bigint"), "total")
            .expr_as(passed(), "passed")
            .expr_as(count_where(task::Column::Status.is_in(FAILED)), "failed")
            .filter(counted())
            .group_by(task::Column::Language)
            .into_model::<LanguageRow>()
            .all(&self.db)
            .await?;
        let exercises = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .expr_as(Expr::col(task::Column::Language).cast_as("text"), "language")
            .column(task::Column::Exercise)
            .expr_as(Expr::col(task::Column::Id).count().cast_as("bigint"), "samples")
            .expr_as(passed(), "passed")
            .filter(counted())
            .filter(task::Column::Status.is_in(FINISHED))
            .group_by(task::Column::Language)
            .group_by(task::Column::Exercise)
            .into_model::<ExerciseRow>()
            .all(&self.db)
            .await?;
        // Tool errors of invalidated tasks do not count; those of the run
        // itself (no task) do.
        let tools = tool_error::Entity::find()
            .filter(agentbase_platform::tenant::confined::<tool_error::Entity>())
            .select_only()
            .column(tool_error::Column::ToolName)
            .expr_as(
                Expr::col((tool_error::Entity, tool_error::Column::Id))
                    .count()
                    .cast_as("bigint"),
                "count",
            )
            .join(JoinType::LeftJoin, tool_error::Relation::Task.def())
            .filter(tool_error::Column::RunId.eq(id))
            .filter(task::Column::InvalidatedAt.is_null())
            .group_by(tool_error::Column::ToolName)
            .order_by_desc(Expr::col((tool_error::Entity, tool_error::Column::Id)).count())
            .order_by_asc(tool_error::Column::ToolName)
            .into_model::<ToolRow>()
            .all(&self.db)
            .await?;

        let mut languages: Vec<LanguageSummary> = languages
            .into_iter()
            .filter_map(|row| {
                Language::parse(&row.language).map(|language| LanguageSummary {
                    language,
                    total: row.total,
                    passed: row.passed,
                    failed: row.failed,
                })
            })
            .collect();
        languages.sort_by_key(|l| l.language);
        let mut exercises: Vec<ExercisePassAtK> = exercises
            .into_iter()
            .filter_map(|row| {
                let language = Language::parse(&row.language)?;
                let samples = u32::try_from(row.samples).ok()?;
                let passed = u32::try_from(row.passed).ok()?;
                Some(ExercisePassAtK::new(language, row.exercise, samples, passed))
            })
            .collect();
        exercises.sort_by(|a, b| (a.language, &a.exercise).cmp(&(b.language, &b.exercise)));
        Ok(Summary {
            mean_pass_at_k: mean_pass_at_k(&exercises),
            run,
            languages,
            tool_errors: tools.into_iter().map(|t| (t.tool_name, t.count)).collect(),
            exercises,
        })
    }
}
