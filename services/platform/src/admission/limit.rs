//! How many calls admission lets run at once: fixed, or following the
//! latency calls see, in the manner of TCP Vegas (as Netflix's
//! concurrency-limits `VegasLimit` does for servers).
//!
//! A call's time holding its place is compared with the shortest time calls
//! of the same method took recently (its "no-load" time): the ratio says how
//! much of the call was queueing (for the CPUs, the database, a lock). Once
//! per batch of about `limit` calls, the queue the limit implies,
//! `limit × (1 − 1 / mean ratio)`, is compared with two thresholds that grow
//! with the limit's logarithm: below [`ALPHA`] times it the limit grows
//! (when it was reached, so idle capacity does not inflate it); above
//! [`BETA`] times it the limit shrinks.
//! The limit therefore settles a few calls past where calls start to queue:
//! more calls in flight would only wait longer, fewer would leave the
//! database or the CPUs idle. Latency alone never takes it below `min`
//! (twice a database pool's connections as configured: on PostgreSQL calls
//! queue for a connection once about as many run as the pool holds, and a
//! limit that settled there left connections idle between calls). A batch
//! in which a call was shed halves the limit instead, down to
//! `overload_min`, and the limit does not grow again until no call has
//! been shed for [`SHED_HOLD`]: past capacity, the places that keep admitted
//! calls fast matter more than throughput, and shed callers come back
//! together after their RetryInfo delay (1 s), so a quiet moment between
//! two waves is no sign the flood is over.
//!
//! Comparing each call with its own method's no-load time (rather than one
//! minimum for every call, as Vegas does for a single kind of request) keeps
//! a mix of cheap reads and slower writes from reading as congestion.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

/// How many calls run at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Always this many.
    Fixed(usize),
    /// Between `min` and `max`, following latency; down to `overload_min`
    /// while calls are shed.
    Adaptive {
        /// Where it starts, and the fewest places latency alone leaves.
        min: usize,
        /// The fewest places there are, reached only by shedding.
        overload_min: usize,
        /// The most places there are.
        max: usize,
    },
}

/// The no-load time of one method: the least of this window's calls and the
/// last window's, so that it follows a database that became slower for good
/// within two windows without forgetting a fast call at once.
#[derive(Debug, Clone, Copy)]
struct NoLoad {
    current: f64,
    previous: f64,
    window_started: Instant,
}

/// How long a no-load window lasts.
const NO_LOAD_WINDOW: Duration = Duration::from_secs(10);

/// Methods whose no-load time is kept; calls of further ones share one.
const MAX_METHODS: usize = 1_024;

/// The queue (times the limit's logarithm) below which the limit grows and
/// above which it shrinks: Vegas' usual 3 and 6 (twice those measured no
/// better here: docs/RELIABILITY.md, "Overload").
const ALPHA: f64 = 3.0;
const BETA: f64 = 6.0;

/// How long after a call was shed the limit does not grow: two RetryInfo
/// delays.
pub(super) const SHED_HOLD: Duration = Duration::from_secs(2);

/// The limit's state.
#[derive(Debug)]
pub(super) struct Controller {
    limit: Limit,
    current: f64,
    no_load: HashMap<String, NoLoad>,
    ratio_sum: f64,
    samples: usize,
    /// Whether calls waited for a place (or filled every one) during the batch.
    reached: bool,
    /// Whether a call was shed during the batch.
    shed: bool,
    /// When a call was last shed.
    last_shed: Option<Instant>,
}

impl Controller {
    pub(super) fn new(limit: Limit) -> Self {
        let current = match limit {
            Limit::Fixed(limit) => limit.max(1),
            Limit::Adaptive { min, .. } => min.max(1),
        };
        Self {
            limit,
            current: current as f64,
            no_load: HashMap::new(),
            ratio_sum: 0.0,
            samples: 0,
            reached: false,
            shed: false,
            last_shed: None,
        }
    }

    /// The places now.
    pub(super) fn places(&self) -> usize {
        self.current as usize
    }

    /// Notes that the limit held calls back (a call waited, or took the last place).
    pub(super) fn reached(&mut self) {
        self.reached = true;
    }

    /// Notes that a call was shed at `now`.
    pub(super) fn shed(&mut self, now: Instant) {
        self.shed = true;
        self.last_shed = Some(now);
    }

    /// A call of `method` held its place for `held`.
    pub(super) fn sample(&mut self, method: &str, held: Duration, now: Instant) {
        let Limit::Adaptive { min, overload_min, max } = self.limit else {
            return;
        };
        // Below a microsecond the clock says nothing about queueing.
        let held = held.as_secs_f64().max(1e-6);
        let key = if self.no_load.len() < MAX_METHODS || self.no_load.contains_key(method) {
            method
        } else {
            ""
        };
        // Every call lands here: the key is allocated only the first time a
        // method is seen.
        if !self.no_load.contains_key(key) {
            let first = NoLoad {
                current: held,
                previous: held,
                window_started: now,
            };
            self.no_load.insert(key.to_owned(), first);
        }
        let Some(no_load) = self.no_load.get_mut(key) else {
            return;
        };
        if now.duration_since(no_load.window_started) >= NO_LOAD_WINDOW {
            no_load.previous = no_load.current;
            no_load.current = held;
            no_load.window_started = now;
        }
        no_load.current = no_load.current.min(held);
        let best = no_load.current.min(no_load.previous);
        self.ratio_sum += held / best;
        self.samples += 1;
        if (self.samples as f64) < self.current {
            return;
        }
        let mean_ratio = self.ratio_sum / self.samples as f64;
        let queue = self.current * (1.0 - 1.0 / mean_ratio);
        let step = self.current.log10().max(1.0);
        let holding = self
            .last_shed
            .is_some_and(|shed| now.saturating_duration_since(shed) < SHED_HOLD);
        if self.shed {
            self.current = (self.current / 2.0).max(overload_min.max(1) as f64);
        } else if queue <= ALPHA * step && self.reached && !holding {
            self.current = (self.current + step).min(max as f64);
        } else if queue >= BETA * step && self.current > min as f64 {
            // Latency alone never takes it below `min`, nor back up to it
            // after shedding took it lower.
            self.current = (self.current - step).max(min.max(1) as f64);
        }
        self.ratio_sum = 0.0;
        self.samples = 0;
        self.reached = false;
        self.shed = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `controller` calls whose time grows with the calls in flight
    /// beyond `capacity` (as on `capacity` cores), with the limit always
    /// reached; the limit it settles at.
    fn settle(controller: &mut Controller, method: &str, unloaded: Duration, capacity: f64) -> usize {
        let now = Instant::now();
        for _ in 0..20_000 {
            let running = controller.places() as f64;
            let held = unloaded.mul_f64((running / capacity).max(1.0));
            controller.reached();
            controller.sample(method, held, now);
        }
        controller.places()
    }

    #[test]
    fn a_fixed_limit_never_moves() {
        let mut controller = Controller::new(Limit::Fixed(8));
        assert_eq!(settle(&mut controller, "/a", Duration::from_millis(1), 2.0), 8);
    }

    #[test]
    fn the_limit_settles_a_few_calls_past_where_calls_queue() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 1_000,
        });
        // Calls that queue past 20 in flight (a database with room for 20).
        let settled = settle(&mut controller, "/a", Duration::from_millis(1), 20.0);
        assert!((20..=40).contains(&settled), "settled at {settled}");
    }

    #[test]
    fn calls_that_never_queue_take_the_limit_to_its_maximum_and_queueing_to_its_minimum() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 64,
        });
        assert_eq!(settle(&mut controller, "/a", Duration::from_millis(1), 1e9), 64);
        // Every call now takes ten times its no-load time: it queued. With
        // 6 or fewer in flight the queue they imply (0.9 of them) stays
        // under `BETA` (times the limit's logarithm, at least 1).
        let now = Instant::now();
        for _ in 0..10_000 {
            controller.sample("/a", Duration::from_millis(10), now);
        }
        assert!(controller.places() <= 6, "{}", controller.places());
    }

    #[test]
    fn shedding_halves_the_limit() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 64,
        });
        assert_eq!(settle(&mut controller, "/a", Duration::from_millis(1), 1e9), 64);
        let now = Instant::now();
        controller.shed(now);
        for _ in 0..64 {
            controller.sample("/a", Duration::from_millis(1), now);
        }
        assert_eq!(controller.places(), 32);
        // Calls as fast as ever do not grow it back while the hold lasts.
        for _ in 0..1_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(1), now + SHED_HOLD / 2);
        }
        assert_eq!(controller.places(), 32);
        for _ in 0..10_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(1), now + SHED_HOLD);
        }
        assert_eq!(controller.places(), 64);
    }

    #[test]
    fn latency_keeps_the_minimum_and_only_shedding_goes_below_it() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 20,
            overload_min: 4,
            max: 64,
        });
        let now = Instant::now();
        // Calls that all queue (ten times their no-load time) leave it at 20.
        controller.sample("/a", Duration::from_millis(1), now);
        for _ in 0..10_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(10), now);
        }
        assert_eq!(controller.places(), 20);
        // Shedding halves it down to 4, and queueing calls do not raise it.
        for _ in 0..4 {
            controller.shed(now);
            for _ in 0..64 {
                controller.sample("/a", Duration::from_millis(10), now);
            }
        }
        assert_eq!(controller.places(), 4);
        for _ in 0..1_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(10), now + SHED_HOLD);
        }
        assert_eq!(controller.places(), 4);
        // Once calls stop queueing it grows back.
        for _ in 0..1_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(1), now + SHED_HOLD);
        }
        assert!(controller.places() >= 20, "{}", controller.places());
    }

    #[test]
    fn an_idle_limit_does_not_grow() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 64,
        });
        let now = Instant::now();
        for _ in 0..10_000 {
            controller.sample("/a", Duration::from_millis(1), now);
        }
        assert_eq!(controller.places(), 4, "never reached: nothing to learn");
    }

    #[test]
    fn a_slow_method_beside_a_fast_one_is_not_congestion() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 64,
        });
        let now = Instant::now();
        for i in 0..20_000 {
            controller.reached();
            let (method, held) = if i % 2 == 0 {
                ("/read", Duration::from_micros(100))
            } else {
                ("/write", Duration::from_millis(5))
            };
            controller.sample(method, held, now);
        }
        assert_eq!(controller.places(), 64);
    }

    #[test]
    fn the_no_load_time_follows_a_database_that_became_slower() {
        let mut controller = Controller::new(Limit::Adaptive {
            min: 4,
            overload_min: 4,
            max: 64,
        });
        let start = Instant::now();
        controller.sample("/a", Duration::from_micros(100), start);
        // From now on every call takes 1 ms, unloaded: after two windows
        // that is the no-load time, and the limit grows again.
        let later = start + 2 * NO_LOAD_WINDOW;
        controller.sample("/a", Duration::from_millis(1), start + NO_LOAD_WINDOW);
        for _ in 0..10_000 {
            controller.reached();
            controller.sample("/a", Duration::from_millis(1), later);
        }
        assert_eq!(controller.places(), 64);
    }
}
