//! Admission of unary calls: a concurrency limit with a bounded, fair,
//! deadline-aware wait in front of it.
//!
//! At most the limit's places run at once (a fixed number, or one that
//! follows latency: [`limit`]; docs/RELIABILITY.md, "Overload").
//! A call that finds them all taken waits for one instead of being refused,
//! so a fleet of callers is served at the server's capacity rather than shed
//! (issue 31: 16 callers against a limit of 4 were refused 41% of their calls).
//! The wait is fair between callers: each caller (its token's subject, else
//! its certificate, else its connection) has its own first-come-first-served
//! queue, and a freed place goes to the waiting call of the caller with the
//! fewest calls running (the least recently served among equals). A caller
//! with one call waits for the next freed place, however many calls others
//! have queued. A call is refused (`RESOURCE_EXHAUSTED` `OVERLOADED` with
//! RetryInfo) only when `max_waiting` calls wait already and none of them
//! belongs to a caller with more waiting than this one (that caller's newest
//! waiting call is refused instead), or when its turn would not come before
//! its deadline: the expected wait is the calls ahead of it times the recent
//! time a call holds its place, divided by the limit.
//!
//! Hand-written because the well-kept limiters (tower's `ConcurrencyLimit`,
//! tokio's `Semaphore`) are one first-come-first-served queue: behind 500
//! waiting calls of one caller every other caller waits for all 500
//! (docs/ARCHITECTURE.md has the measurement).
//!
//! The limit is fixed, or follows latency ([`limit`]): the server ships with
//! an adaptive one, since a fixed limit that keeps latency low under a flood
//! (twice the CPUs) serves half of what the database can take at 16 callers
//! (docs/RELIABILITY.md, "Overload").

mod limit;

pub use limit::Limit;

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use tokio::sync::oneshot;

/// Why a call was not admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `max_waiting` calls wait already, none of a caller with more waiting.
    QueueFull,
    /// Its turn would not (or did not) come before its deadline.
    TooLate,
}

/// The admission of one process (or of one class of its calls); see the
/// module documentation.
pub struct Admission {
    /// The most places one caller may hold at once (a bulkhead between
    /// callers: the most places there can be when there is none).
    share: usize,
    max_waiting: usize,
    state: Mutex<State>,
}

struct State {
    limit: limit::Controller,
    running: usize,
    waiting: usize,
    callers: HashMap<Arc<str>, Caller>,
    /// Counts the places given to waiting calls, to order callers by when
    /// they were last served.
    served: u64,
    next_id: u64,
    /// Smoothed time a call holds its place, in microseconds.
    held_micros: f64,
}

/// One caller's running calls and waiting ones (in arrival order).
#[derive(Default)]
struct Caller {
    running: usize,
    queue: VecDeque<Waiter>,
    last_served: u64,
}

struct Waiter {
    id: u64,
    grant: oneshot::Sender<()>,
}

impl State {
    fn caller(&mut self, key: &Arc<str>) -> &mut Caller {
        self.callers.entry(key.clone()).or_default()
    }

    /// A call takes a free place; the last one taken tells the limit it was reached.
    fn occupy(&mut self) {
        self.running += 1;
        if self.running == self.limit.places() {
            self.limit.reached();
        }
    }

    /// Forgets a caller with nothing running and nothing waiting.
    fn tidy(&mut self, key: &Arc<str>) {
        if self
            .callers
            .get(key)
            .is_some_and(|caller| caller.running == 0 && caller.queue.is_empty())
        {
            self.callers.remove(key);
        }
    }
}

impl Admission {
    /// Up to `limit` calls at once and up to `max_waiting` waiting.
    pub fn new(limit: usize, max_waiting: usize) -> Arc<Self> {
        Self::with_share(limit, max_waiting, limit)
    }

    /// Calls at once as `limit` says, and up to `max_waiting` waiting.
    pub fn with_limit(limit: Limit, max_waiting: usize) -> Arc<Self> {
        let most = match limit {
            Limit::Fixed(limit) => limit,
            Limit::Adaptive { max, .. } => max,
        };
        Self::build(limit, max_waiting, most)
    }

    /// Like [`Admission::new`], and no caller holds more than `share` places
    /// at once: its further calls wait for one of its own to end, even while
    /// places are free, which stay free for other callers.
    pub fn with_share(limit: usize, max_waiting: usize, share: usize) -> Arc<Self> {
        let limit = limit.max(1);
        Self::build(Limit::Fixed(limit), max_waiting, share.clamp(1, limit))
    }

    fn build(limit: Limit, max_waiting: usize, share: usize) -> Arc<Self> {
        Arc::new(Self {
            share: share.max(1),
            max_waiting,
            state: Mutex::new(State {
                limit: limit::Controller::new(limit),
                running: 0,
                waiting: 0,
                callers: HashMap::new(),
                served: 0,
                next_id: 0,
                // A guess until calls have been timed: 1 ms.
                held_micros: 1_000.0,
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Admits a call of `caller` to `method` that may wait up to `patience`
    /// for its turn.
    pub async fn admit(self: &Arc<Self>, caller: &str, method: &str, patience: Duration) -> Result<Permit, Refusal> {
        let key: Arc<str> = Arc::from(caller);
        let (id, granted) = {
            let mut state = self.state();
            // A free place with nobody waiting who may take it (a waiting
            // call is either given a freed place at once or its caller holds
            // its share).
            let (mine_running, mine_waiting) = state
                .callers
                .get(&key)
                .map_or((0, 0), |caller| (caller.running, caller.queue.len()));
            let within_share = mine_running < self.share && mine_waiting == 0;
            let places = state.limit.places();
            if state.running < places && within_share {
                state.occupy();
                state.caller(&key).running += 1;
                return Ok(self.permit(key, method));
            }
            if within_share {
                state.limit.reached();
            }
            if state.waiting >= self.max_waiting && !make_room(&mut state, &key) {
                state.limit.shed(Instant::now());
                return Err(Refusal::QueueFull);
            }
            // A caller at its share waits for its own calls; any other for
            // everyone's ahead of it.
            let (ahead, places) = if mine_running >= self.share {
                (mine_waiting, self.share)
            } else {
                (state.waiting, places)
            };
            let expected = Duration::from_micros(((ahead + 1) as f64 * state.held_micros / places as f64) as u64);
            if expected > patience {
                state.limit.shed(Instant::now());
                state.tidy(&key);
                return Err(Refusal::TooLate);
            }
            let id = state.next_id;
            state.next_id += 1;
            let (grant, granted) = oneshot::channel();
            state.caller(&key).queue.push_back(Waiter { id, grant });
            state.waiting += 1;
            (id, granted)
        };
        let mut waiting = Waiting {
            admission: self.clone(),
            key: key.clone(),
            id,
            granted: Some(granted),
        };
        let Some(granted) = waiting.granted.as_mut() else {
            return Err(Refusal::TooLate);
        };
        match tokio::time::timeout(patience, granted).await {
            Ok(Ok(())) => {
                // The place is this call's now; nothing to give back on the way out.
                waiting.granted = None;
                Ok(self.permit(key, method))
            }
            // Pushed out of a full queue by a caller with fewer calls waiting.
            Ok(Err(_)) => {
                self.state().limit.shed(Instant::now());
                Err(Refusal::QueueFull)
            }
            Err(_) => {
                self.state().limit.shed(Instant::now());
                Err(Refusal::TooLate)
            }
        }
    }

    fn permit(self: &Arc<Self>, key: Arc<str>, method: &str) -> Permit {
        Permit {
            admission: self.clone(),
            key,
            method: method.into(),
            since: Instant::now(),
        }
    }

    /// `key`'s call gives its place back.
    fn release(&self, key: &Arc<str>) {
        let mut state = self.state();
        self.release_locked(&mut state, key);
    }

    fn release_locked(&self, state: &mut State, key: &Arc<str>) {
        if let Some(caller) = state.callers.get_mut(key) {
            caller.running = caller.running.saturating_sub(1);
        }
        state.tidy(key);
        state.running = state.running.saturating_sub(1);
        self.fill(state);
    }

    /// Gives free places (while there are fewer calls running than the
    /// limit) to waiting calls: each to the waiting call of the caller with
    /// the fewest calls running (the least recently served among equals,
    /// then the one waiting longest). A caller holding its share takes none.
    fn fill(&self, state: &mut State) {
        while state.running < state.limit.places() {
            let next = state
                .callers
                .iter()
                .filter(|(_, caller)| !caller.queue.is_empty() && caller.running < self.share)
                .min_by_key(|(_, caller)| {
                    let oldest = caller.queue.front().map_or(u64::MAX, |waiter| waiter.id);
                    (caller.running, caller.last_served, oldest)
                })
                .map(|(key, _)| key.clone());
            let Some(next) = next else {
                return;
            };
            state.served += 1;
            let served = state.served;
            let caller = state.caller(&next);
            let Some(waiter) = caller.queue.pop_front() else {
                continue;
            };
            state.waiting -= 1;
            // A waiter gone since cannot take it; the next one can.
            if waiter.grant.send(()).is_ok() {
                let caller = state.caller(&next);
                caller.running += 1;
                caller.last_served = served;
                state.occupy();
            } else {
                state.tidy(&next);
            }
        }
    }

    /// Calls running and waiting now.
    pub fn load(&self) -> (usize, usize) {
        let state = self.state();
        (state.running, state.waiting)
    }

    /// How many calls may run at once now.
    pub fn places(&self) -> usize {
        self.state().limit.places()
    }
}

/// With the queue full, the newest waiting call of the caller with the most
/// waiting is pushed out for a call of `key`, if that caller has more
/// waiting than `key` would; whether there is room now.
fn make_room(state: &mut State, key: &Arc<str>) -> bool {
    let mine = state.callers.get(key).map_or(0, |caller| caller.queue.len());
    let longest = state
        .callers
        .iter()
        .max_by_key(|(_, caller)| caller.queue.len())
        .filter(|(_, caller)| caller.queue.len() > mine + 1)
        .map(|(key, _)| key.clone());
    let Some(longest) = longest else {
        return false;
    };
    // Dropping its sender tells the waiter it was pushed out.
    if state.caller(&longest).queue.pop_back().is_some() {
        state.waiting -= 1;
    }
    true
}

/// A call's place among the running ones, given back when dropped.
pub struct Permit {
    admission: Arc<Admission>,
    key: Arc<str>,
    method: Box<str>,
    since: Instant,
}

impl Drop for Permit {
    fn drop(&mut self) {
        let now = Instant::now();
        let held = now.duration_since(self.since);
        let mut state = self.admission.state();
        state.held_micros = 0.9 * state.held_micros + 0.1 * held.as_micros() as f64;
        state.limit.sample(&self.method, held, now);
        self.admission.release_locked(&mut state, &self.key);
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
            let caller = state.caller(&self.key);
            let position = caller.queue.iter().position(|waiter| waiter.id == self.id);
            let removed = position.and_then(|position| caller.queue.remove(position)).is_some();
            if removed {
                state.waiting -= 1;
            }
            state.tidy(&self.key);
            removed
        };
        // Handed a place just as it gave up: the place goes to the next one.
        if !removed && granted.try_recv().is_ok() {
            self.admission.release(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_beyond_the_limit_wait_and_take_freed_places() {
        let admission = Admission::new(1, 10);
        let first = admission.admit("a", "/m", Duration::from_secs(1)).await.unwrap();
        let waiting = tokio::spawn({
            let admission = admission.clone();
            async move { admission.admit("a", "/m", Duration::from_secs(1)).await.map(|_| ()) }
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
        let _running = admission.admit("a", "/m", Duration::from_secs(1)).await.unwrap();
        let waiting = tokio::spawn({
            let admission = admission.clone();
            async move { admission.admit("a", "/m", Duration::from_millis(100)).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(
            admission.admit("b", "/m", Duration::from_secs(1)).await.err(),
            Some(Refusal::QueueFull)
        );
        assert_eq!(waiting.await.unwrap(), Err(Refusal::TooLate));
        assert_eq!(admission.load(), (1, 0), "the expired waiter left the queue");
    }

    #[tokio::test]
    async fn callers_take_turns_whatever_each_has_queued() {
        let admission = Admission::new(1, 100);
        let running = admission.admit("busy", "/m", Duration::from_secs(5)).await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut calls = Vec::new();
        for (caller, n) in [("busy", 0), ("busy", 1), ("busy", 2), ("busy", 3), ("quiet", 0)] {
            let (admission, order) = (admission.clone(), order.clone());
            calls.push(tokio::spawn(async move {
                let permit = admission.admit(caller, "/m", Duration::from_secs(5)).await.unwrap();
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
    async fn a_full_queue_pushes_out_the_newest_call_of_the_caller_with_most_waiting() {
        let admission = Admission::new(1, 3);
        let _running = admission.admit("busy", "/m", Duration::from_secs(5)).await.unwrap();
        let mut busy = Vec::new();
        for _ in 0..3 {
            let admission = admission.clone();
            busy.push(tokio::spawn(async move {
                admission.admit("busy", "/m", Duration::from_secs(5)).await.map(|_| ())
            }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(admission.load(), (1, 3));
        let quiet = tokio::spawn({
            let admission = admission.clone();
            async move {
                admission
                    .admit("quiet", "/m", Duration::from_millis(200))
                    .await
                    .map(|_| ())
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(admission.load(), (1, 3), "one call of busy made room");
        assert_eq!(
            busy.pop().unwrap().await.unwrap(),
            Err(Refusal::QueueFull),
            "the newest one"
        );
        assert_eq!(quiet.await.unwrap(), Err(Refusal::TooLate), "the place stayed taken");
        assert_eq!(admission.load(), (1, 2));
    }

    #[tokio::test]
    async fn a_caller_past_its_share_waits_for_its_own_calls_while_places_stay_free() {
        let admission = Admission::with_share(4, 100, 1);
        let busy = admission.admit("busy", "/m", Duration::from_secs(1)).await.unwrap();
        let second = tokio::spawn({
            let admission = admission.clone();
            async move { admission.admit("busy", "/m", Duration::from_secs(1)).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(admission.load(), (1, 1), "busy's second call waits with places free");
        // Another caller takes a free place at once.
        let quiet = admission.admit("quiet", "/m", Duration::from_millis(1)).await.unwrap();
        assert_eq!(admission.load(), (2, 1));
        drop(quiet);
        assert_eq!(admission.load(), (1, 1), "quiet's place is free, not given to busy");
        drop(busy);
        assert_eq!(second.await.unwrap(), Ok(()));
        assert_eq!(admission.load(), (0, 0));
    }

    #[tokio::test]
    async fn a_wait_longer_than_the_patience_is_refused_before_waiting() {
        let admission = Admission::new(1, 100);
        let _running = admission.admit("a", "/m", Duration::from_secs(1)).await.unwrap();
        // A call holds its place 1 ms until measured: one ahead is a 2 ms wait.
        let started = Instant::now();
        assert_eq!(
            admission.admit("b", "/m", Duration::from_micros(500)).await.err(),
            Some(Refusal::TooLate)
        );
        assert!(started.elapsed() < Duration::from_millis(50));
    }
}
