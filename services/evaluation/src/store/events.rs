//! The events of runs, for WatchRun: written in the transaction of each
//! transition, read after a cursor. Every transition holds its run's row lock
//! from before its events take their sequences to its commit, so one run's
//! events commit in sequence order and a watcher reading after its last
//! sequence never passes over one that commits later.

use std::collections::HashMap;

use sea_orm::ActiveEnum as _;

use agentbase_platform::{events::Announcer, write::Write};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::{EvaluationStore, rows::*};
use crate::domain::{RunChange, RunEvent};
use crate::{
    domain::{Run, TaskStatus},
    entity::{run, run_event, task},
    error::Error,
};

/// Events written per statement (8 bind parameters each; SQLite's limit).
const EVENT_INSERT_CHUNK: usize = 1_000;

/// One event about to be written.
pub(crate) struct NewEvent {
    task_id: Option<Uuid>,
    status: String,
    attempt: i32,
    worker_id: String,
    reason: String,
}

impl NewEvent {
    /// A task of attempt `attempt` moved to `status`.
    pub(crate) fn task(id: Uuid, status: task::Status, attempt: i32) -> Self {
        Self {
            task_id: Some(id),
            status: status.to_value(),
            attempt,
            worker_id: String::new(),
            reason: String::new(),
        }
    }

    /// The run moved to `status`.
    pub(crate) fn run(status: run::Status) -> Self {
        Self {
            task_id: None,
            status: status.to_value(),
            attempt: 0,
            worker_id: String::new(),
            reason: String::new(),
        }
    }

    /// The worker that caused it (claims).
    pub(crate) fn by(mut self, worker: &str) -> Self {
        self.worker_id = worker.to_owned();
        self
    }

    /// Why the service made it (lease expiries).
    pub(crate) fn because(mut self, reason: &str) -> Self {
        self.reason = reason.to_owned();
        self
    }
}

/// Appends `events` of run `run_id` and tells the run's watchers at commit
/// (other replicas through the notification sent inside the transaction).
/// The caller holds the run's row lock.
pub(crate) async fn record_events(
    write: &Write,
    announcer: &Announcer,
    run_id: Uuid,
    events: Vec<NewEvent>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    if events.is_empty() {
        // Nothing for other replicas to read; this one's watchers re-read.
        write.announce_at_commit(announcer, run_id);
        return Ok(());
    }
    let mut rows = events.into_iter().map(|event| run_event::ActiveModel {
        sequence: sea_orm::ActiveValue::NotSet,
        run_id: Set(run_id),
        task_id: Set(event.task_id),
        status: Set(event.status),
        attempt: Set(event.attempt),
        worker_id: Set(event.worker_id),
        reason: Set(event.reason),
        occurred_at: Set(now),
        tenant_id: Set(agentbase_platform::tenant::current()),
    });
    loop {
        let chunk: Vec<_> = rows.by_ref().take(EVENT_INSERT_CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        run_event::Entity::insert_many(chunk)
            .exec_without_returning(write.txn())
            .await?;
    }
    Ok(write.notify(announcer, run_id).await?)
}

/// Which of a run's tasks a cancellation takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cancelled {
    /// Pending and running ones: the run is cancelled.
    Unfinished,
    /// Running ones, their events saying why.
    Running { reason: &'static str },
}

impl Cancelled {
    /// The statuses of the tasks it takes.
    pub(crate) fn statuses(self) -> Vec<task::Status> {
        match self {
            Self::Unfinished => TaskStatus::ALL
                .into_iter()
                .filter(|s| s.is_unfinished())
                .map(task_status_to_entity)
                .collect(),
            Self::Running { .. } => vec![task::Status::Running],
        }
    }

    fn reason(self) -> &'static str {
        match self {
            Self::Unfinished => "",
            Self::Running { reason } => reason,
        }
    }
}

/// The events of the run's tasks being cancelled, written with one
/// `INSERT … SELECT` before the tasks change, whatever their number.
pub(crate) async fn record_cancellations(
    txn: &DatabaseTransaction,
    run_id: Uuid,
    which: Cancelled,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let select = sea_orm::sea_query::Query::select()
        .column(task::Column::RunId)
        .column(task::Column::Id)
        .expr(Expr::val(task::Status::Cancelled.to_value()))
        .column(task::Column::Attempt)
        .expr(Expr::val(""))
        .expr(Expr::val(which.reason()))
        .expr(Expr::val(now))
        .column(task::Column::TenantId)
        .from(task::Entity)
        .and_where(task::Column::RunId.eq(run_id))
        .cond_where(agentbase_platform::tenant::confined::<task::Entity>())
        .and_where(task::Column::Status.is_in(which.statuses()))
        .order_by(task::Column::ClaimOrder, sea_orm::Order::Asc)
        .order_by(task::Column::Id, sea_orm::Order::Asc)
        .to_owned();
    let insert = sea_orm::sea_query::Query::insert()
        .into_table(run_event::Entity)
        .columns([
            run_event::Column::RunId,
            run_event::Column::TaskId,
            run_event::Column::Status,
            run_event::Column::Attempt,
            run_event::Column::WorkerId,
            run_event::Column::Reason,
            run_event::Column::OccurredAt,
            run_event::Column::TenantId,
        ])
        .select_from(select)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?
        .to_owned();
    txn.execute(&insert).await?;
    Ok(())
}

impl EvaluationStore {
    /// The run as it is and up to `limit` of its events after `after`, in
    /// sequence order, read in one snapshot: when fewer than `limit` come
    /// back, they are every event the run has had up to the status read with
    /// them. Each task event comes with its task's place in the run (three
    /// queries).
    pub async fn watch_batch(&self, run_id: Uuid, after: i64, limit: u64) -> Result<(Run, Vec<RunEvent>), Error> {
        let txn = agentbase_platform::db::begin_snapshot(&self.db).await?;
        let run = read_run(&txn, run_id).await?;
        let events = events_after(&txn, run_id, after, limit).await?;
        txn.commit().await?;
        Ok((run, events))
    }
}

/// Up to `limit` events of a run after `after`, in sequence order, each task
/// event with its task's place in the run (two queries).
async fn events_after(txn: &DatabaseTransaction, run_id: Uuid, after: i64, limit: u64) -> Result<Vec<RunEvent>, Error> {
    let rows = run_event::Entity::find()
        .filter(agentbase_platform::tenant::confined::<run_event::Entity>())
        .filter(run_event::Column::RunId.eq(run_id))
        .filter(run_event::Column::Sequence.gt(after))
        .order_by_asc(run_event::Column::Sequence)
        .limit(limit)
        .all(txn)
        .await?;
    let task_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.task_id).collect();
    let places: HashMap<Uuid, (task::Language, String, i32)> = if task_ids.is_empty() {
        HashMap::new()
    } else {
        task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .column(task::Column::Id)
            .column(task::Column::Language)
            .column(task::Column::Exercise)
            .column(task::Column::Iteration)
            .filter(task::Column::Id.is_in(task_ids))
            .into_tuple::<(Uuid, task::Language, String, i32)>()
            .all(txn)
            .await?
            .into_iter()
            .map(|(id, language, exercise, iteration)| (id, (language, exercise, iteration)))
            .collect()
    };
    rows.into_iter().map(|row| to_event(row, &places)).collect()
}

fn to_event(row: run_event::Model, places: &HashMap<Uuid, (task::Language, String, i32)>) -> Result<RunEvent, Error> {
    let corrupt = || Error::corrupt("a run event names an unknown status or task");
    let change = match row.task_id {
        Some(id) => {
            let (language, exercise, iteration) = places.get(&id).cloned().ok_or_else(corrupt)?;
            let status = task::Status::try_from_value(&row.status).map_err(|_| corrupt())?;
            RunChange::Task {
                id,
                language: language_from_entity(language),
                exercise,
                iteration,
                status: task_status_from_entity(status),
            }
        }
        None => RunChange::Run(run_status_from_entity(
            run::Status::try_from_value(&row.status).map_err(|_| corrupt())?,
        )),
    };
    Ok(RunEvent {
        sequence: row.sequence,
        run_id: row.run_id,
        change,
        attempt: row.attempt,
        worker_id: row.worker_id,
        reason: row.reason,
        occurred_at: row.occurred_at,
    })
}

/// Marks a pending run running when its first task starts; the event that
/// says so, if it was pending. The caller holds the run's row lock.
pub(crate) async fn start_run(
    txn: &DatabaseTransaction,
    run_row: run::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<NewEvent>, Error> {
    if run_row.status != run::Status::Pending {
        return Ok(None);
    }
    let mut active: run::ActiveModel = run_row.into();
    active.status = Set(run::Status::Running);
    active.started_at = Set(Some(now));
    active.update(txn).await?;
    Ok(Some(NewEvent::run(run::Status::Running)))
}
