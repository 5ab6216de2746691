//! Leased tasks: claims, heartbeats, and taking back expired leases (lazily
//! at claim time and in the background sweep).

use agentbase_platform::write::Write;
use std::collections::HashMap;

use sea_orm::{
    ActiveEnum, Condition,
    sea_query::{LockBehavior, LockType},
};

use super::{attempts::begin_next_attempts, finished_attempts, hold_of};
use crate::domain::{
    AfterExpiry, ClaimTasks, HeartbeatTasks, LEASE_EXPIRED, LeaseState, Refusal, TaskHold, WorkerId, Writer,
    after_expiry, check_writer,
};
use crate::store::{
    events::{NewEvent, record_events, start_run},
    totals::aggregates,
};
use crate::{
    domain::Task,
    entity::{run, task, task_metrics},
    error::Error,
    store::{EvaluationStore, rows::*},
};
use agentbase_platform::db::lock_by_id;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

/// Runs whose expired leases one sweep takes back.
const RUNS_PER_SWEEP: u64 = 100;

impl EvaluationStore {
    /// Leases up to `max_tasks` pending tasks of a run to a worker, in claim
    /// order, after taking back the run's expired leases; returns them and
    /// when their leases expire.
    ///
    /// Claims of one run take turns on the run's row (they move its status
    /// and append its events in order); `SKIP LOCKED` keeps a claim from
    /// waiting on a task row another transaction holds.
    pub async fn claim_tasks(&self, command: ClaimTasks) -> Result<(Vec<Task>, chrono::DateTime<chrono::Utc>), Error> {
        let ClaimTasks {
            run_id,
            worker,
            max_tasks,
            lease,
            ..
        } = command;
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let run_row = lock_by_id::<run::Entity>(txn, run::Column::Id, run_id)
            .await?
            .ok_or_else(|| Error::RunNotFound(run_id.to_string()))?;
        run_status_from_entity(run_row.status)
            .claim()
            .map_err(|refusal| Error::Refused {
                subject: format!("runs/{run_id}"),
                refusal,
            })?;
        let now = agentbase_platform::time::now();
        let expires_at = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
        let mut events = Vec::new();
        let run_row = take_back_expired(txn, run_row, now, &mut events).await?;
        let mut pending = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .column(task::Column::Id)
            .column(task::Column::Attempt)
            .filter(task::Column::RunId.eq(run_id))
            .filter(task::Column::Status.eq(task::Status::Pending))
            .order_by_asc(task::Column::ClaimOrder)
            .order_by_asc(task::Column::Id)
            .limit(max_tasks);
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            pending = pending.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let claimed: Vec<(Uuid, i32)> = pending.into_tuple().all(txn).await?;
        if claimed.is_empty() && events.is_empty() {
            write.rollback().await?;
            return Ok((Vec::new(), expires_at));
        }
        let ids: Vec<Uuid> = claimed.iter().map(|(id, _)| *id).collect();
        if !ids.is_empty() {
            task::Entity::update_many()
                .filter(agentbase_platform::tenant::confined::<task::Entity>())
                .col_expr(task::Column::Status, task::Status::Running.as_enum())
                .col_expr(task::Column::LeaseOwner, Expr::value(worker.as_str()))
                .col_expr(task::Column::LeaseExpiresAt, Expr::value(expires_at))
                .col_expr(task::Column::StartedAt, Expr::value(now))
                .filter(task::Column::Id.is_in(ids.clone()))
                .exec(txn)
                .await?;
            events.extend(
                claimed
                    .iter()
                    .map(|(id, attempt)| NewEvent::task(*id, task::Status::Running, *attempt).by(worker.as_str())),
            );
            events.extend(start_run(txn, run_row, now).await?);
        }
        record_events(&write, &self.events, run_id, events, now).await?;
        let tasks = read_tasks(txn, &ids).await?;
        write.announce_at_commit(&self.events, run_id);
        write.commit(run_id).await?;
        Ok((tasks, expires_at))
    }

    /// Extends the leases `worker` still holds among `tasks` (on the attempt
    /// named, where one is); returns where each task stands, in the order
    /// asked, and when the renewed leases expire. One statement, and one more
    /// to explain the leases lost, if any.
    pub async fn heartbeat(
        &self,
        command: HeartbeatTasks,
    ) -> Result<(Vec<(Uuid, LeaseState)>, chrono::DateTime<chrono::Utc>), Error> {
        let HeartbeatTasks {
            worker, tasks, lease, ..
        } = command;
        let now = agentbase_platform::time::now();
        let expires_at = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX);
        let mut named = Condition::any();
        let untokened: Vec<Uuid> = tasks
            .iter()
            .filter(|(_, attempt)| attempt.is_none())
            .map(|(id, _)| *id)
            .collect();
        if !untokened.is_empty() {
            named = named.add(task::Column::Id.is_in(untokened));
        }
        for (id, attempt) in tasks
            .iter()
            .filter_map(|(id, attempt)| attempt.map(|attempt| (*id, attempt)))
        {
            named = named.add(
                Condition::all()
                    .add(task::Column::Id.eq(id))
                    .add(task::Column::Attempt.eq(attempt)),
            );
        }
        let write = Write::begin(&self.db).await?;
        let txn = write.txn();
        let renewed: HashMap<Uuid, i32> = task::Entity::update_many()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .col_expr(task::Column::LeaseExpiresAt, Expr::value(expires_at))
            .filter(named)
            .filter(task::Column::Status.eq(task::Status::Running))
            .filter(task::Column::LeaseOwner.eq(worker.as_str()))
            .filter(task::Column::LeaseExpiresAt.gte(now))
            .exec_with_returning(txn)
            .await?
            .into_iter()
            .map(|row| (row.id, row.attempt))
            .collect();
        let is_renewed = |id: &Uuid, attempt: Option<i32>| {
            renewed
                .get(id)
                .is_some_and(|current| attempt.is_none_or(|attempt| attempt == *current))
        };
        let lost: Vec<Uuid> = tasks
            .iter()
            .filter(|(id, attempt)| !is_renewed(id, *attempt))
            .map(|(id, _)| *id)
            .collect();
        let holds: HashMap<Uuid, TaskHold> = if lost.is_empty() {
            HashMap::new()
        } else {
            task::Entity::find()
                .filter(agentbase_platform::tenant::confined::<task::Entity>())
                .filter(task::Column::Id.is_in(lost))
                .find_also_related(run::Entity)
                .all(txn)
                .await?
                .into_iter()
                .filter_map(|(task, run_row)| run_row.map(|run_row| (task.id, hold_of(&run_row, &task))))
                .collect()
        };
        let earlier: Vec<(Uuid, i32)> = tasks
            .iter()
            .filter_map(|(id, attempt)| {
                let writer = Writer {
                    worker: Some(worker.clone()),
                    attempt: *attempt,
                };
                holds.get(id)?.earlier_ending_needed(&writer).map(|a| (*id, a))
            })
            .collect();
        let finished_earlier = finished_attempts(txn, &earlier).await?;
        write.commit("").await?;
        let states = tasks
            .into_iter()
            .map(|(id, attempt)| {
                let state = match (renewed.get(&id), holds.get(&id)) {
                    (Some(current), _) if is_renewed(&id, attempt) => LeaseState::Renewed { attempt: *current },
                    (_, Some(hold)) => {
                        let hold = TaskHold {
                            earlier_finished: attempt.is_some_and(|a| finished_earlier.contains(&(id, a))),
                            ..hold.clone()
                        };
                        LeaseState::Lost {
                            attempt: hold.attempt,
                            status: hold.status,
                            refusal: lost_because(&hold, &worker, attempt, now),
                        }
                    }
                    (_, None) => LeaseState::Missing,
                };
                (id, state)
            })
            .collect();
        Ok((states, expires_at))
    }

    /// Takes back the expired leases of up to 100 runs, each run in its own
    /// transaction; returns how many tasks were taken back.
    pub async fn sweep_expired_leases(&self) -> Result<u64, Error> {
        let now = agentbase_platform::time::now();
        let runs: Vec<Uuid> = task::Entity::find()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .select_only()
            .column(task::Column::RunId)
            .distinct()
            .filter(task::Column::Status.eq(task::Status::Running))
            .filter(task::Column::LeaseExpiresAt.lt(now))
            .limit(RUNS_PER_SWEEP)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut taken_back = 0;
        for run_id in runs {
            let write = Write::begin(&self.db).await?;
            let txn = write.txn();
            let Some(run_row) = lock_by_id::<run::Entity>(txn, run::Column::Id, run_id).await? else {
                continue;
            };
            let mut events = Vec::new();
            let now = agentbase_platform::time::now();
            take_back_expired(txn, run_row, now, &mut events).await?;
            taken_back += events.len() as u64;
            record_events(&write, &self.events, run_id, events, now).await?;
            write.announce_at_commit(&self.events, run_id);
            write.commit_recorded().await?;
        }
        Ok(taken_back)
    }
}

/// Returns the run's tasks whose lease expired before `now` to pending as
/// their next attempt, or errors them (`LEASE_EXPIRED`) when their attempts
/// are spent; the run's totals follow. The caller holds the run's row lock.
async fn take_back_expired(
    txn: &DatabaseTransaction,
    run_row: run::Model,
    now: chrono::DateTime<chrono::Utc>,
    events: &mut Vec<NewEvent>,
) -> Result<run::Model, Error> {
    let expired: Vec<(Uuid, i32)> = task::Entity::find()
        .filter(agentbase_platform::tenant::confined::<task::Entity>())
        .select_only()
        .column(task::Column::Id)
        .column(task::Column::Attempt)
        .filter(task::Column::RunId.eq(run_row.id))
        .filter(task::Column::Status.eq(task::Status::Running))
        .filter(task::Column::LeaseExpiresAt.lt(now))
        .order_by_asc(task::Column::ClaimOrder)
        .order_by_asc(task::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    if expired.is_empty() {
        return Ok(run_row);
    }
    let (mut retried, mut spent) = (Vec::new(), Vec::new());
    for (id, attempt) in expired {
        match after_expiry(attempt, run_row.max_attempts) {
            AfterExpiry::Retry { attempt } => {
                events.push(NewEvent::task(id, task::Status::Pending, attempt).because(LEASE_EXPIRED));
                retried.push(id);
            }
            AfterExpiry::GiveUp => {
                events.push(NewEvent::task(id, task::Status::Errored, attempt).because(LEASE_EXPIRED));
                spent.push(id);
            }
        }
    }
    if !spent.is_empty() {
        task::Entity::update_many()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .col_expr(task::Column::Status, task::Status::Errored.as_enum())
            .col_expr(task::Column::ErrorReason, Expr::value(LEASE_EXPIRED))
            .col_expr(task::Column::FinishedAt, Expr::value(now))
            .col_expr(task::Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(
                task::Column::LeaseExpiresAt,
                Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
            )
            .filter(task::Column::Id.is_in(spent))
            .exec(txn)
            .await?;
    }
    if !retried.is_empty() {
        // The attempt ends as errored by its expiry, and is kept as such.
        task::Entity::update_many()
            .filter(agentbase_platform::tenant::confined::<task::Entity>())
            .col_expr(task::Column::Status, task::Status::Errored.as_enum())
            .col_expr(task::Column::ErrorReason, Expr::value(LEASE_EXPIRED))
            .col_expr(task::Column::FinishedAt, Expr::value(now))
            .filter(task::Column::Id.is_in(retried.clone()))
            .exec(txn)
            .await?;
        begin_next_attempts(txn, &retried, now).await?;
    }
    // Spent attempts became errored; retried ones took their metrics with
    // them into their attempt history.
    let totals = aggregates(txn, run_row.id).await?;
    let mut active: run::ActiveModel = run_row.into();
    set_totals(&mut active, &totals);
    Ok(active.update(txn).await?)
}

/// Why a heartbeat did not renew a lease the worker named: what a write of
/// that worker would be told. A lease taken and given back to the same
/// worker between the two statements reads as lost: it was, once.
fn lost_because(
    hold: &TaskHold,
    worker: &WorkerId,
    attempt: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> Refusal {
    let writer = Writer {
        worker: Some(worker.clone()),
        attempt,
    };
    check_writer(hold, &writer, now).err().unwrap_or(Refusal::LeaseLost)
}

/// The tasks `ids` with their metrics, in claim order (one query).
async fn read_tasks(txn: &DatabaseTransaction, ids: &[Uuid]) -> Result<Vec<Task>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(task::Entity::find()
        .filter(agentbase_platform::tenant::confined::<task::Entity>())
        .filter(task::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(task::Column::ClaimOrder)
        .order_by_asc(task::Column::Id)
        .find_also_related(task_metrics::Entity)
        .all(txn)
        .await?
        .into_iter()
        .map(|(row, metrics)| to_task(row, metrics))
        .collect())
}
