//! Admission of unary calls: a concurrency limit with a bounded, fair,
//! deadline-aware wait in front of it.
//!
//! At most `limit` calls run at once: more only queue for the CPUs (twice the
//! CPUs keeps a call within about 3× its unloaded latency; docs/RELIABILITY.md).
//! A call that finds them all taken waits for one instead of being refused,
//! so a fleet of callers is served at the server's capacity rather than shed
//! (issue 31: 16 callers against a limit of 4 were refused 41% of their calls).
//! The wait is fair between callers: each caller (its token's subject, else
//! its connection) has its own first-come-first-served queue, and the queues
//! take turns, so a caller with a thousand calls queued delays another
//! caller's next call by at most one call of each queued caller, not by the
//! thousand. A call is refused (`RESOURCE_EXHAUSTED` `OVERLOADED` with
//! RetryInfo) only when `max_waiting` calls wait already, or when its place
//! in the queue would not come before its deadline: the expected wait is the
//! calls ahead of it times the recent time a call holds its place, divided
//! by the limit.
//!
//! Hand-written because the well-kept limiters (tower's `ConcurrencyLimit`,
//! tokio's `Semaphore`) are one first-come-first-served queue: behind 500
//! waiting calls of one caller every other caller waits for all 500
//! (docs/ARCHITECTURE.md has the measurement).

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use tokio::sync::oneshot;

/// Why a call was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `max_waiting` calls wait already.
    QueueFull,
    /// Its turn would not (or did not) come before its deadline.
    TooLate,
}

/// The admission of one process; see the module documentation.
pub struct Admission {
    limit: usize,
    max_waiting: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: usize,
    waiting: usize,
    /// Each caller's waiting calls, in arrival order.
    queues: HashMap<Arc<str>, VecDeque<Waiter>>,
    /// Callers with waiting calls, in the order their next call is served.
    turns: VecDeque<Arc<str>>,
    next_id: u64,
    /// Smoothed time a call holds its place, in microseconds.
    held_micros: f64,
}

struct Waiter {
    id: u64,
    grant: oneshot::Sender<()>,
}

impl Admission {
    /// Up to `limit` calls at once and up to `max_waiting` waiting.
    pub fn new(limit: usize, max_waiting: usize) -> Arc<Self> {
        Arc::new(Self {
            limit: limit.max(1),
            max_waiting,
            state: Mutex::new(State {
                // A guess until calls have been timed: 1 ms.
                held_micros: 1_000.0,
                ..State::default()
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a call of `caller` that may wait up to `patience` for its turn.
    pub async fn admit(self: &Arc<Self>, caller: &str, patience: Duration) -> Result<Permit, Refusal> {
        let (id, key, granted) = {
            let mut state = self.state();
            if state.running < self.limit && state.waiting == 0 {
                state.running += 1;
                return Ok(self.permit());
            }
            if state.waiting >= self.max_waiting {
                return Err(Refusal::QueueFull);
            }
            let expected =
                Duration::from_micros(((state.waiting + 1) as f64 * state.held_micros / self.limit as f64) as u64);
            if expected > patience {
                return Err(Refusal::TooLate);
            }
            let id = state.next_id;
            state.next_id += 1;
            let key: Arc<str> = Arc::from(caller);
            let (grant, granted) = oneshot::channel();
            if !state.queues.contains_key(&key) {
                state.turns.push_back(key.clone());
            }
            state
                .queues
                .entry(key.clone())
                .or_default()
                .push_back(Waiter { id, grant });
            state.waiting += 1;
            (id, key, granted)
        };
        let mut waiting = Waiting {
            admission: self.clone(),
            key,
            id,
            granted: Some(granted),
        };
        let Some(granted) = waiting.granted.as_mut() else {
            return Err(Refusal::TooLate);
        };
        let turn = tokio::time::timeout(patience, granted).await;
        if matches!(turn, Ok(Ok(()))) {
            // The place is this call's now; nothing to give back on the way out.
            waiting.granted = None;
            Ok(self.permit())
        } else {
            Err(Refusal::TooLate)
        }
    }

    fn permit(self: &Arc<Self>) -> Permit {
        Permit {
            admission: self.clone(),
            since: Instant::now(),
        }
    }

    /// A place is given back: the next caller's call takes it, or it is free.
    fn release(&self) {
        let mut state = self.state();
        while let Some(key) = state.turns.pop_front() {
            let Some(queue) = state.queues.get_mut(&key) else {
                continue;
            };
            let next = queue.pop_front();
            let more = !queue.is_empty();
            if more {
                state.turns.push_back(key);
            } else {
                state.queues.remove(&key);
            }
            if let Some(waiter) = next {
                state.waiting -= 1;
                // A waiter gone since cannot take it; the next one can.
                if waiter.grant.send(()).is_ok() {
                    return;
                }
            }
        }
        state.running -= 1;
    }

    /// Calls running and waiting now.
    pub fn load(&self) -> (usize, usize) {
        let state = self.state();
        (state.running, state.waiting)
    }
}

/// A call's place among the running ones, given back when dropped.
pub struct Permit {
    admission: Arc<Admission>,
    since: Instant,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let held = self.since.elapsed().as_micros() as f64;
        {
            let mut state = self.admission.state();
            state.held_micros = 0.9 * state.held_micros + 0.1 * held;
        }
        self.admission.release();
    }
}

/// A call waiting for its turn; leaves the queue if it stops waiting.
struct Waiting {
    admission: Arc<Admission>,
    key: Arc<str>,
    id: u64,
    granted: Option<oneshot::Receiver<()>>,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let Some(mut granted) = self.granted.take() else {
            return;
        };
        let removed = {
            let mut state = self.admission.state();
            let position = state
                .queues
                .get(&self.key)
                .and_then(|queue| queue.iter().position(|waiter| waiter.id == self.id));
            match position {
                Some(position) => {
                    let emptied = state.queues.get_mut(&self.key).is_some_and(|queue| {
                        queue.remove(position);
                        queue.is_empty()
                    });
                    if emptied {
                        state.queues.remove(&self.key);
                        state.turns.retain(|key| key != &self.key);
                    }
                    state.waiting -= 1;
                    true
                }
                None => false,
            }
        };
        // Handed a place just as it gave up: the place goes to the next one.
        if !removed && granted.try_recv().is_ok() {
            self.admission.release();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_beyond_the_limit_wait_and_take_freed_places() {
        let admission = Admission::new(1, 10);
        let first = admission.admit("a", Duration::from_secs(1)).await.unwrap();
        let waiting = tokio::spawn({
            let admission = admission.clone();
            async move { admission.admit("a", Duration::from_secs(1)).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(admission.load(), (1, 1));
        drop(first);
        assert_eq!(waiting.await.unwrap(), Ok(()));
        assert_eq!(admission.load(), (0, 0));
    }

    #[tokio::test]
    async fn a_full_queue_refuses_at_once_and_an_expired_wait_leaves_it() {
        let admission = Admission::new(1, 1);
        let _running = admission.admit("a", Duration::from_secs(1)).await.unwrap();
        let waiting = tokio::spawn({
            let admission = admission.clone();
            async move { admission.admit("a", Duration::from_millis(100)).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(
            admission.admit("b", Duration::from_secs(1)).await.err(),
            Some(Refusal::QueueFull)
        );
        assert_eq!(waiting.await.unwrap(), Err(Refusal::TooLate));
        assert_eq!(admission.load(), (1, 0), "the expired waiter left the queue");
    }

    #[tokio::test]
    async fn callers_take_turns_whatever_each_has_queued() {
        let admission = Admission::new(1, 100);
        let running = admission.admit("busy", Duration::from_secs(5)).await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut calls = Vec::new();
        for (caller, n) in [("busy", 0), ("busy", 1), ("busy", 2), ("busy", 3), ("quiet", 0)] {
            let (admission, order) = (admission.clone(), order.clone());
            calls.push(tokio::spawn(async move {
                let permit = admission.admit(caller, Duration::from_secs(5)).await.unwrap();
                order.lock().unwrap().push(format!("{caller}{n}"));
                tokio::time::sleep(Duration::from_millis(5)).await;
                drop(permit);
            }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(running);
        for call in calls {
            call.await.unwrap();
        }
        let order = order.lock().unwrap().clone();
        assert_eq!(order, ["busy0", "quiet0", "busy1", "busy2", "busy3"]);
    }

    #[tokio::test]
    async fn a_wait_longer_than_the_patience_is_refused_before_waiting() {
        let admission = Admission::new(1, 100);
        let _running = admission.admit("a", Duration::from_secs(1)).await.unwrap();
        // A call holds its place 1 ms until measured: one ahead is a 2 ms wait.
        let started = Instant::now();
        assert_eq!(
            admission.admit("b", Duration::from_micros(500)).await.err(),
            Some(Refusal::TooLate)
        );
        assert!(started.elapsed() < Duration::from_millis(50));
    }
}
