//! Health follows the database within bounds with default settings: NOT_SERVING
//! within 2 s of PostgreSQL going away (stopped, or unreachable with packets
//! dropped), SERVING within 1 s of it answering again. A binary of its own, so
//! no other test competes for the two cores while it measures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use agentbase_testkit::{AppOptions, Backend, ServingStatus, spawn_app_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_follows_the_database_within_bounds() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            through_proxy: true,
            // The default interval (the test kit otherwise shortens it).
            env: vec![("AGENTBASE_HEALTH_INTERVAL_MS".into(), "500".into())],
            ..Default::default()
        },
    )
    .await;
    for outage in ["stopped", "unreachable"] {
        let proxy = app.proxy.as_ref().unwrap();
        if outage == "stopped" {
            proxy.disable();
        } else {
            proxy.stall();
        }
        let started = Instant::now();
        app.wait_for_health("", ServingStatus::NotServing, Duration::from_secs(2))
            .await;
        let down_after = started.elapsed();
        app.proxy.as_ref().unwrap().enable();
        let started = Instant::now();
        app.wait_for_health("", ServingStatus::Serving, Duration::from_secs(1))
            .await;
        println!(
            "database {outage}: NOT_SERVING after {down_after:?}, SERVING again {:?} after it answered",
            started.elapsed()
        );
    }
}
