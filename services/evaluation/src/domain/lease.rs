//! Tasks leased to workers: who may claim, how long a lease lasts, what an
//! expired lease does to its task, and the fair order tasks are claimed in.

use std::{collections::HashMap, time::Duration};

use agentbase_platform::error::{FieldViolation, check_required_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Language, Refusal};

/// Attempts a task gets when its run does not say.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 3;
/// Most attempts a run may give a task.
pub const MAX_ATTEMPTS: i32 = 10;
/// Most tasks one ClaimTasks hands out.
pub const MAX_CLAIM: u64 = 100;
/// Most tasks one HeartbeatTasks extends.
pub const MAX_HEARTBEAT: usize = 500;
/// Shortest and longest lease, in seconds.
pub const LEASE_SECONDS: (i32, i32) = (1, 3_600);
/// Longest worker id, in characters.
pub const MAX_WORKER_ID_CHARS: usize = 255;
/// Why a task whose every attempt's lease expired is errored.
pub const LEASE_EXPIRED: &str = "LEASE_EXPIRED";

/// The worker a lease is held by: 1–255 printable characters, chosen by the
/// worker (a pod name, say).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkerId(String);

impl WorkerId {
    /// Checks `raw` as the worker id in `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        check_required_text(field, raw, MAX_WORKER_ID_CHARS)?;
        Ok(Self(raw.to_owned()))
    }

    /// An optional worker id: empty means none.
    pub fn parse_optional(field: &str, raw: &str) -> Result<Option<Self>, FieldViolation> {
        if raw.is_empty() {
            Ok(None)
        } else {
            Self::parse(field, raw).map(Some)
        }
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a lease lasts: a second to an hour.
pub fn lease_duration(field: &str, seconds: i32) -> Result<Duration, FieldViolation> {
    let (min, max) = LEASE_SECONDS;
    if (min..=max).contains(&seconds) {
        Ok(Duration::from_secs(seconds.unsigned_abs().into()))
    } else {
        Err(FieldViolation::new(
            field,
            format!("must be from {min} to {max} seconds"),
        ))
    }
}

/// A checked ClaimTasks.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimTasks {
    pub run_id: Uuid,
    pub worker: WorkerId,
    pub max_tasks: u64,
    pub lease: Duration,
}

/// A checked HeartbeatTasks.
#[derive(Debug, Clone, PartialEq)]
pub struct HeartbeatTasks {
    pub worker: WorkerId,
    pub task_ids: Vec<Uuid>,
    pub lease: Duration,
}

/// A task's lease as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Lease {
    pub owner: String,
    pub expires_at: DateTime<Utc>,
}

/// Whether `worker` may write a task's result: a leased task only by the
/// worker holding an unexpired lease; a task with no lease (started with
/// StartTask) only by a caller that claims none. A worker whose lease expired
/// (and whose task may have gone to another worker) has lost it.
pub fn check_lease(lease: Option<&Lease>, worker: Option<&WorkerId>, now: DateTime<Utc>) -> Result<(), Refusal> {
    match (lease, worker) {
        (None, None) => Ok(()),
        (Some(lease), Some(worker)) if lease.owner == worker.as_str() && lease.expires_at >= now => Ok(()),
        _ => Err(Refusal::LeaseLost),
    }
}

/// What an expired lease does to its task on attempt `attempt` of `max_attempts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterExpiry {
    /// Back to pending as the next attempt.
    Retry { attempt: i32 },
    /// Every attempt is spent: errored with [`LEASE_EXPIRED`].
    GiveUp,
}

/// The fate of a task whose lease expired on attempt `attempt`.
pub fn after_expiry(attempt: i32, max_attempts: i32) -> AfterExpiry {
    if attempt < max_attempts {
        AfterExpiry::Retry { attempt: attempt + 1 }
    } else {
        AfterExpiry::GiveUp
    }
}

/// The order `tasks` are claimed in, as a position per task: every
/// exercise's first iteration before any second, and within an iteration the
/// languages take turns (each language's first exercise, then each one's
/// second…), so that a language with many exercises does not hold the others
/// back.
pub fn claim_order(tasks: &[(Language, String, i32)]) -> Vec<i32> {
    let mut next_rank: HashMap<Language, usize> = HashMap::new();
    let mut rank_of: HashMap<(Language, &str), usize> = HashMap::new();
    for (language, exercise, _) in tasks {
        rank_of.entry((*language, exercise.as_str())).or_insert_with(|| {
            let rank = next_rank.entry(*language).or_insert(0);
            *rank += 1;
            *rank
        });
    }
    let mut keyed: Vec<(usize, (i32, usize, Language))> = tasks
        .iter()
        .enumerate()
        .map(|(i, (language, exercise, iteration))| {
            (i, (*iteration, rank_of[&(*language, exercise.as_str())], *language))
        })
        .collect();
    keyed.sort_by_key(|(i, key)| (*key, *i));
    let mut order = vec![0; tasks.len()];
    for (position, (i, _)) in keyed.into_iter().enumerate() {
        order[i] = i32::try_from(position).unwrap_or(i32::MAX);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap()
    }

    #[test]
    fn only_the_holder_of_a_live_lease_writes() {
        let lease = Lease {
            owner: "w1".into(),
            expires_at: at(100),
        };
        let w1 = WorkerId::parse("worker_id", "w1").unwrap();
        let w2 = WorkerId::parse("worker_id", "w2").unwrap();
        assert_eq!(check_lease(Some(&lease), Some(&w1), at(100)), Ok(()));
        assert_eq!(check_lease(Some(&lease), Some(&w1), at(101)), Err(Refusal::LeaseLost));
        assert_eq!(check_lease(Some(&lease), Some(&w2), at(50)), Err(Refusal::LeaseLost));
        assert_eq!(check_lease(Some(&lease), None, at(50)), Err(Refusal::LeaseLost));
        assert_eq!(check_lease(None, None, at(50)), Ok(()));
        assert_eq!(
            check_lease(None, Some(&w1), at(50)),
            Err(Refusal::LeaseLost),
            "a task taken back from the worker holds no lease"
        );
    }

    #[test]
    fn expiries_retry_until_the_attempts_are_spent() {
        assert_eq!(after_expiry(1, 3), AfterExpiry::Retry { attempt: 2 });
        assert_eq!(after_expiry(2, 3), AfterExpiry::Retry { attempt: 3 });
        assert_eq!(after_expiry(3, 3), AfterExpiry::GiveUp);
        assert_eq!(after_expiry(1, 1), AfterExpiry::GiveUp);
    }

    #[test]
    fn leases_and_workers_are_bounded() {
        assert!(lease_duration("lease_seconds", 0).is_err());
        assert_eq!(lease_duration("lease_seconds", 30).unwrap(), Duration::from_secs(30));
        assert!(lease_duration("lease_seconds", 3_601).is_err());
        assert!(WorkerId::parse("worker_id", "").is_err());
        assert!(WorkerId::parse("worker_id", "pod\0").is_err());
        assert_eq!(WorkerId::parse_optional("worker_id", "").unwrap(), None);
    }

    #[test]
    fn claims_take_iterations_in_turn_and_interleave_languages() {
        let tasks: Vec<(Language, String, i32)> = [
            (Language::Python, "a", 1),
            (Language::Python, "a", 2),
            (Language::Python, "b", 1),
            (Language::Python, "b", 2),
            (Language::Python, "c", 1),
            (Language::Python, "c", 2),
            (Language::Go, "x", 1),
            (Language::Go, "x", 2),
        ]
        .into_iter()
        .map(|(l, e, i)| (l, e.to_owned(), i))
        .collect();
        let order = claim_order(&tasks);
        let mut claimed: Vec<&(Language, String, i32)> = tasks.iter().collect();
        claimed.sort_by_key(|task| order[tasks.iter().position(|t| t == *task).unwrap()]);
        let claimed: Vec<(Language, &str, i32)> = claimed.iter().map(|(l, e, i)| (*l, e.as_str(), *i)).collect();
        assert_eq!(
            claimed,
            [
                (Language::Go, "x", 1),
                (Language::Python, "a", 1),
                (Language::Python, "b", 1),
                (Language::Python, "c", 1),
                (Language::Go, "x", 2),
                (Language::Python, "a", 2),
                (Language::Python, "b", 2),
                (Language::Python, "c", 2),
            ]
        );
    }
}
