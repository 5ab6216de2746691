//! The load generator: a fixed number of workers calling as fast as their
//! answers come back, a warm-up that is not recorded, then a measured window.

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    time::{Duration, Instant},
};

use hdrhistogram::Histogram;

/// One call of a workload by worker `n` (workers that write keep to their own rows).
pub type Call = Arc<dyn Fn(usize) -> Pin<Box<dyn Future<Output = Result<(), tonic::Status>> + Send>> + Send + Sync>;

/// How long to warm up and to measure.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub warmup: Duration,
    pub measure: Duration,
}

/// What one measured window saw.
#[derive(Debug, Clone)]
pub struct Stats {
    pub calls: u64,
    pub errors: u64,
    /// The code of the first error, if any, for the report.
    pub first_error: Option<tonic::Code>,
    pub seconds: f64,
    /// Latency of successful calls, in microseconds.
    pub latency: Histogram<u64>,
}

impl Stats {
    pub fn rps(&self) -> f64 {
        self.calls as f64 / self.seconds
    }

    /// The latency at `quantile` (0.5, 0.99, 0.999), in milliseconds.
    pub fn ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }
}

/// Runs `concurrency` workers over `window`, recording only after the warm-up.
pub async fn drive(call: Call, concurrency: usize, window: Window) -> Stats {
    let start = Instant::now();
    let measure_from = start + window.warmup;
    let end = measure_from + window.measure;
    let workers: Vec<_> = (0..concurrency)
        .map(|worker| {
            let call = Arc::clone(&call);
            tokio::spawn(async move {
                let mut latency = new_histogram();
                let mut errors = 0u64;
                let mut first_error = None;
                loop {
                    let began = Instant::now();
                    if began >= end {
                        break;
                    }
                    let answer = call(worker).await;
                    if began < measure_from {
                        continue;
                    }
                    match answer {
                        Ok(()) => {
                            let micros = u64::try_from(began.elapsed().as_micros()).unwrap_or(u64::MAX);
                            latency.saturating_record(micros.max(1));
                        }
                        Err(status) => {
                            errors += 1;
                            first_error.get_or_insert(status.code());
                        }
                    }
                }
                (latency, errors, first_error)
            })
        })
        .collect();
    let mut latency = new_histogram();
    let mut errors = 0;
    let mut first_error = None;
    for worker in workers {
        if let Ok((worker_latency, worker_errors, worker_first)) = worker.await {
            let _ = latency.add(&worker_latency);
            errors += worker_errors;
            first_error = first_error.or(worker_first);
        }
    }
    Stats {
        calls: latency.len(),
        errors,
        first_error,
        seconds: window.measure.as_secs_f64(),
        latency,
    }
}

/// 1 µs to 60 s at three significant digits; `saturating_record` keeps
/// anything slower at the top instead of failing.
#[allow(clippy::expect_used)] // constant, valid bounds
fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}
