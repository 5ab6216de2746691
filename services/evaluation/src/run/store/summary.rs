//! Finishing a run and its summary: the aggregates over its tasks.

use super::{
    ActiveModelTrait, Error, EvaluationStore, ExercisePassAtK, FromQueryResult, Language, LanguageSummary, Run, Set,
    Summary, Uuid, lock_by_id, mean_pass_at_k, read_run, run, run_status_from_entity, run_status_to_entity, set_totals,
};
use crate::store::totals::{aggregates, aggregates_and_running, sql};
use agentbase_platform::write::Write;

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
        let backend = self.db.get_database_backend();
        let finished = "t.status IN ('passed', 'failed', 'errored', 'timed_out')";
        let languages = LanguageRow::find_by_statement(sql(
            backend,
            "SELECT CAST(t.language AS TEXT) AS language, CAST(COUNT(*) AS BIGINT) AS total, \
             CAST(SUM(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) AS BIGINT) AS passed, \
             CAST(SUM(CASE WHEN t.status IN ('failed', 'errored', 'timed_out') THEN 1 ELSE 0 END) AS BIGINT) AS failed \
             FROM tasks t WHERE t.run_id = $1 AND t.invalidated_at IS NULL GROUP BY t.language",
            id,
        ))
        .all(&self.db)
        .await?;
        let exercises = ExerciseRow::find_by_statement(sql(
            backend,
            &format!(
                "SELECT CAST(t.language AS TEXT) AS language, t.exercise AS exercise, CAST(COUNT(*) AS BIGINT) AS samples, \
                 CAST(SUM(CASE WHEN t.status = 'passed' THEN 1 ELSE 0 END) AS BIGINT) AS passed \
                 FROM tasks t WHERE t.run_id = $1 AND t.invalidated_at IS NULL AND {finished} GROUP BY t.language, t.exercise"
            ),
            id,
        ))
        .all(&self.db)
        .await?;
        let tools = ToolRow::find_by_statement(sql(
            backend,
            "SELECT e.tool_name AS tool_name, CAST(COUNT(*) AS BIGINT) AS count FROM tool_errors e \
             LEFT JOIN tasks t ON t.id = e.task_id WHERE e.run_id = $1 AND t.invalidated_at IS NULL \
             GROUP BY e.tool_name ORDER BY COUNT(*) DESC, e.tool_name",
            id,
        ))
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
