//! Tasks leased to workers: who may claim, how long a lease lasts, what an
//! expired lease does to its task, and the fair order tasks are claimed in.

use std::{collections::HashMap, time::Duration};

use agentbase_platform::error::{FieldViolation, check_required_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{Language, Refusal, RunStatus, TaskStatus};

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
        // An id is matched byte for byte: a tab or newline in it is a mistake.
        if raw.chars().any(char::is_control) {
            return Err(FieldViolation::new(field, "must not contain control characters"));
        }
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
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

/// A checked HeartbeatTasks: each task with the attempt the worker holds,
/// when it said.
#[derive(Debug, Clone, PartialEq)]
pub struct HeartbeatTasks {
    pub worker: WorkerId,
    pub tasks: Vec<(Uuid, Option<i32>)>,
    pub lease: Duration,
    /// Only this module's parser builds the command (parse, don't validate).
    _parsed: crate::domain::Parsed,
}

/// The lease a claim or heartbeat asks for: `seconds`, or a minute when 0.
fn lease_or_default(seconds: i32) -> Result<Duration, FieldViolation> {
    if seconds == 0 {
        Ok(Duration::from_secs(60))
    } else {
        lease_duration("lease_seconds", seconds)
    }
}

impl ClaimTasks {
    /// Up to `max_tasks` (1 to [`MAX_CLAIM`]; 0 means 1) tasks of `run_id`
    /// for `worker`, leased for `lease_seconds` (0: a minute). `violations`
    /// are the caller's findings about the other fields (an id it could not
    /// parse is None): every problem of the request is named at once.
    pub fn parse(
        run_id: Option<Uuid>,
        worker: Option<WorkerId>,
        max_tasks: i32,
        lease_seconds: i32,
        mut violations: Vec<FieldViolation>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let max_tasks = match max_tasks {
            0 => Some(1),
            n if (1..=MAX_CLAIM as i32).contains(&n) => Some(u64::from(n.unsigned_abs())),
            _ => {
                violations.push(FieldViolation::new(
                    "max_tasks",
                    format!("must be from 1 to {MAX_CLAIM} (0 means 1)"),
                ));
                None
            }
        };
        let lease = lease_or_default(lease_seconds).map_err(|v| violations.push(v)).ok();
        match (run_id, worker, max_tasks, lease) {
            (Some(run_id), Some(worker), Some(max_tasks), Some(lease)) if violations.is_empty() => Ok(Self {
                run_id,
                worker,
                max_tasks,
                lease,
                _parsed: crate::domain::Parsed,
            }),
            _ => Err(violations),
        }
    }
}

impl HeartbeatTasks {
    /// `worker`'s heartbeat for `tasks` (each once, with the attempt it
    /// holds when it said), extending their leases by `lease_seconds` (0: a
    /// minute). How the tasks were named on the wire is the caller's check,
    /// found in `violations` with its other findings.
    pub fn parse(
        worker: Option<WorkerId>,
        tasks: Vec<(Uuid, Option<i32>)>,
        lease_seconds: i32,
        mut violations: Vec<FieldViolation>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let lease = lease_or_default(lease_seconds).map_err(|v| violations.push(v)).ok();
        match (worker, lease) {
            (Some(worker), Some(lease)) if violations.is_empty() => Ok(Self {
                worker,
                tasks,
                lease,
                _parsed: crate::domain::Parsed,
            }),
            _ => Err(violations),
        }
    }
}

/// Where one task of a heartbeat stands afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseState {
    /// The lease on this attempt was extended.
    Renewed { attempt: i32 },
    /// The worker no longer holds it, and why.
    Lost {
        attempt: i32,
        status: TaskStatus,
        refusal: Refusal,
    },
    /// There is no such task.
    Missing,
}

/// A task's lease as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Lease {
    pub owner: String,
    pub expires_at: DateTime<Utc>,
}

/// Who writes about a task: the worker naming itself (none for a task
/// started with StartTask) and the attempt it was handed, its fencing token
/// (none from a caller that predates tokens).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Writer {
    pub worker: Option<WorkerId>,
    pub attempt: Option<i32>,
}

impl Writer {
    /// Checks a request's `worker_id` and `attempt`: 0 means no token, and a
    /// token needs the worker it was handed to.
    pub fn parse(worker: &str, attempt: i32) -> Result<Self, FieldViolation> {
        let worker = WorkerId::parse_optional("worker_id", worker)?;
        let attempt = match attempt {
            0 => None,
            n if n < 0 => return Err(FieldViolation::new("attempt", "must not be negative")),
            n if worker.is_none() => {
                return Err(FieldViolation::new(
                    "worker_id",
                    format!("is required with attempt {n}: name the worker the attempt was claimed by"),
                ));
            }
            n => Some(n),
        };
        Ok(Self { worker, attempt })
    }

    /// The writer as a request fingerprint part: a retry names the same one.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}#{}",
            self.worker.as_ref().map_or("", WorkerId::as_str),
            self.attempt.unwrap_or(0)
        )
    }
}

/// What a write about a task meets: its run's status and where the task is.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskHold {
    pub run: RunStatus,
    pub status: TaskStatus,
    pub attempt: i32,
    pub lease: Option<Lease>,
    pub error_reason: Option<String>,
    /// The earlier attempt a writer named ended with a result of its own (it
    /// was finished, and a retry started the current one); read from the
    /// task's history only when [`TaskHold::earlier_ending_needed`] says so.
    pub earlier_finished: bool,
}

impl TaskHold {
    /// The earlier attempt whose ending decides `writer`'s refusal, if any:
    /// one the writer names, older than the current one, when no other
    /// attempt has taken the task.
    pub fn earlier_ending_needed(&self, writer: &Writer) -> Option<i32> {
        writer
            .attempt
            .filter(|token| *token < self.attempt && !self.taken_by_another())
    }

    /// The current attempt ended because its lease ran out on its last try.
    fn spent_by_expiry(&self) -> bool {
        self.status == TaskStatus::Errored && self.error_reason.as_deref() == Some(LEASE_EXPIRED)
    }

    /// Another attempt is running, or ended with a result of its own.
    fn taken_by_another(&self) -> bool {
        self.status == TaskStatus::Running || (self.status.is_finished() && !self.spent_by_expiry())
    }
}

/// Whether `writer` may write about a task, and if not, the one reason a
/// runner acts on: the run ended (`RUN_CANCELLED`, `RUN_FINISHED`: stop);
/// another attempt holds or finished the task (`LEASE_LOST`); the writer's
/// own lease ran out with no other attempt holding the task
/// (`LEASE_EXPIRED`); the writer's attempt already finished
/// (`TASK_FINISHED`). A leased task is written only by the worker holding an
/// unexpired lease on the attempt it names; a task with no lease (started with
/// StartTask) only by a caller naming no worker.
pub fn check_writer(task: &TaskHold, writer: &Writer, now: DateTime<Utc>) -> Result<(), Refusal> {
    match task.run {
        RunStatus::Cancelled => return Err(Refusal::RunCancelled),
        RunStatus::Finished => return Err(Refusal::RunFinished),
        RunStatus::Pending | RunStatus::Running => {}
    }
    match writer.attempt {
        // A token the service never handed out.
        Some(token) if token > task.attempt => return Err(Refusal::LeaseLost),
        Some(token) if token < task.attempt => {
            return Err(if task.taken_by_another() {
                Refusal::LeaseLost
            } else if task.earlier_finished {
                Refusal::TaskFinished
            } else {
                Refusal::LeaseExpired
            });
        }
        _ => {}
    }
    match (&task.lease, &writer.worker) {
        (None, None) => Ok(()),
        (Some(lease), Some(worker)) if lease.owner == worker.as_str() => {
            if lease.expires_at >= now {
                Ok(())
            } else {
                Err(Refusal::LeaseExpired)
            }
        }
        // The attempt named is the current one, and it ended.
        (None, Some(_)) if writer.attempt.is_some() => Err(if task.spent_by_expiry() {
            Refusal::LeaseExpired
        } else if task.status.is_finished() {
            Refusal::TaskFinished
        } else {
            Refusal::LeaseLost
        }),
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

    fn writer(worker: Option<&str>, attempt: Option<i32>) -> Writer {
        Writer {
            worker: worker.map(|w| WorkerId::parse("worker_id", w).unwrap()),
            attempt,
        }
    }

    fn hold(status: TaskStatus, attempt: i32, lease: Option<&Lease>) -> TaskHold {
        TaskHold {
            run: RunStatus::Running,
            status,
            attempt,
            lease: lease.cloned(),
            error_reason: None,
            earlier_finished: false,
        }
    }

    #[test]
    fn only_the_holder_of_a_live_lease_writes() {
        let lease = Lease {
            owner: "w1".into(),
            expires_at: at(100),
        };
        let running = hold(TaskStatus::Running, 1, Some(&lease));
        let check = |w: &Writer, now| check_writer(&running, w, at(now));
        assert_eq!(check(&writer(Some("w1"), None), 100), Ok(()));
        assert_eq!(check(&writer(Some("w1"), Some(1)), 100), Ok(()));
        assert_eq!(check(&writer(Some("w1"), None), 101), Err(Refusal::LeaseExpired));
        assert_eq!(check(&writer(Some("w2"), None), 50), Err(Refusal::LeaseLost));
        assert_eq!(check(&writer(None, None), 50), Err(Refusal::LeaseLost));
        assert_eq!(
            check(&writer(Some("w1"), Some(2)), 50),
            Err(Refusal::LeaseLost),
            "a token never handed out"
        );
        let started = hold(TaskStatus::Running, 1, None);
        assert_eq!(check_writer(&started, &writer(None, None), at(50)), Ok(()));
        assert_eq!(
            check_writer(&started, &writer(Some("w1"), None), at(50)),
            Err(Refusal::LeaseLost),
            "a task taken back from the worker holds no lease"
        );
    }

    #[test]
    fn a_stale_attempt_is_refused_even_from_the_same_worker() {
        let lease = Lease {
            owner: "w1".into(),
            expires_at: at(100),
        };
        let again = hold(TaskStatus::Running, 2, Some(&lease));
        assert_eq!(
            check_writer(&again, &writer(Some("w1"), Some(1)), at(50)),
            Err(Refusal::LeaseLost)
        );
        assert_eq!(check_writer(&again, &writer(Some("w1"), Some(2)), at(50)), Ok(()));
        assert_eq!(
            check_writer(&again, &writer(Some("w1"), None), at(50)),
            Ok(()),
            "without a token only the worker id is checked"
        );
        let waiting = hold(TaskStatus::Pending, 2, None);
        assert_eq!(waiting.earlier_ending_needed(&writer(Some("w1"), Some(1))), Some(1));
        assert_eq!(
            check_writer(&waiting, &writer(Some("w1"), Some(1)), at(50)),
            Err(Refusal::LeaseExpired)
        );
        let retried = TaskHold {
            earlier_finished: true,
            ..waiting
        };
        assert_eq!(
            check_writer(&retried, &writer(Some("w1"), Some(1)), at(50)),
            Err(Refusal::TaskFinished),
            "attempt 1 was finished, then retried"
        );
        assert_eq!(again.earlier_ending_needed(&writer(Some("w1"), Some(1))), None);
        let passed_later = hold(TaskStatus::Passed, 2, None);
        assert_eq!(
            check_writer(&passed_later, &writer(Some("w1"), Some(1)), at(50)),
            Err(Refusal::LeaseLost)
        );
        let finished = hold(TaskStatus::Failed, 2, None);
        assert_eq!(
            check_writer(&finished, &writer(Some("w1"), Some(2)), at(50)),
            Err(Refusal::TaskFinished)
        );
        let spent = TaskHold {
            error_reason: Some(LEASE_EXPIRED.into()),
            ..hold(TaskStatus::Errored, 3, None)
        };
        assert_eq!(
            check_writer(&spent, &writer(Some("w1"), Some(3)), at(50)),
            Err(Refusal::LeaseExpired)
        );
        assert_eq!(
            check_writer(&spent, &writer(Some("w1"), Some(2)), at(50)),
            Err(Refusal::LeaseExpired)
        );
    }

    #[test]
    fn an_ended_run_is_the_reason_whatever_the_lease() {
        let lease = Lease {
            owner: "w1".into(),
            expires_at: at(100),
        };
        for (run, refusal) in [
            (RunStatus::Cancelled, Refusal::RunCancelled),
            (RunStatus::Finished, Refusal::RunFinished),
        ] {
            let task = TaskHold {
                run,
                ..hold(TaskStatus::Cancelled, 1, None)
            };
            assert_eq!(check_writer(&task, &writer(Some("w1"), Some(1)), at(50)), Err(refusal));
            let live = TaskHold {
                run,
                ..hold(TaskStatus::Running, 1, Some(&lease))
            };
            assert_eq!(check_writer(&live, &writer(Some("w1"), None), at(50)), Err(refusal));
        }
    }

    #[test]
    fn a_token_needs_its_worker() {
        assert_eq!(Writer::parse("", 0).unwrap(), Writer::default());
        assert_eq!(Writer::parse("w1", 2).unwrap(), writer(Some("w1"), Some(2)));
        assert_eq!(Writer::parse("", 2).unwrap_err().field, "worker_id");
        assert_eq!(Writer::parse("w1", -1).unwrap_err().field, "attempt");
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
        assert!(WorkerId::parse("worker_id", "pod\n").is_err());
        assert!(WorkerId::parse("worker_id", "pod\t1").is_err());
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
