//! This build against an earlier one (`--baseline PATH`), on PostgreSQL:
//! both servers run on databases of their own in the same cluster, and their
//! windows alternate A/B/A, so "×1.5 the old rate" is measured in one run.
//! For reads, pgbench also replays the statements the earlier build sent,
//! which is the yardstick an issue measured against.

use std::path::Path;

use sea_orm::{ConnectionTrait, Database};

use crate::{
    Plan, Replay, capture,
    load::{Stats, drive},
    memories::Store,
    server::{Server, Storage},
    workloads::{Seeds, Workload},
};

/// The earlier build's database in the bench's cluster.
const DATABASE: &str = "baseline";

/// One workload on both builds.
pub struct Comparison {
    pub workload: &'static str,
    pub concurrency: usize,
    pub current: Vec<Stats>,
    pub baseline: Vec<Stats>,
    /// pgbench replaying the earlier build's statements (reads only).
    pub baseline_pgbench: Vec<f64>,
    pub baseline_statements: Vec<String>,
}

/// Runs each of `workloads` on `current` and on a server of `binary`, windows alternating.
pub async fn compare(
    binary: &Path,
    replay: &Replay<'_>,
    current: &Server,
    workloads: &[Workload],
    plan: &Plan,
    env: &[(String, String)],
) -> Result<Vec<Comparison>, String> {
    let cluster = replay.cluster;
    let admin = Database::connect(cluster.url()).await.map_err(|e| e.to_string())?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {DATABASE}"))
        .await
        .map_err(|e| e.to_string())?;
    admin.close().await.ok();
    let url = format!("postgres://postgres@127.0.0.1:{}/{DATABASE}", cluster.port());
    let baseline = Server::start(binary, Storage::Postgres(&url), env).await?;
    let (current_seeds, baseline_seeds) = (
        Seeds::new(plan.deep_row, plan.postgres_memories, Store::Postgres(cluster.url())),
        Seeds::new(plan.deep_row, plan.postgres_memories, Store::Postgres(url.clone())),
    );
    let mut comparisons = Vec::new();
    for workload in workloads {
        let seed_failed = |side: &str, status: tonic::Status| format!("seeding {} ({side}): {status:?}", workload.name);
        let on_current = workload
            .prepare(
                &current.channel,
                &plan.connections_to(current, workload.concurrency)?,
                workload.concurrency,
                &current_seeds,
            )
            .await
            .map_err(|s| seed_failed("this build", s))?;
        let on_baseline = workload
            .prepare(
                &baseline.channel,
                &plan.connections_to(&baseline, workload.concurrency)?,
                workload.concurrency,
                &baseline_seeds,
            )
            .await
            .map_err(|s| seed_failed("earlier build", s))?;
        let baseline_statements = if workload.replayable {
            capture::statements_of(&on_baseline, &cluster.url(), &cluster.log_path()).await?
        } else {
            Vec::new()
        };
        let mut comparison = Comparison {
            workload: workload.name,
            concurrency: workload.concurrency,
            current: Vec::new(),
            baseline: Vec::new(),
            baseline_pgbench: Vec::new(),
            baseline_statements,
        };
        for window in 0..plan.windows {
            if window > 0 {
                comparison
                    .baseline
                    .push(drive(on_baseline.clone(), workload.concurrency, plan.window).await);
                if !comparison.baseline_statements.is_empty() {
                    comparison.baseline_pgbench.push(capture::pgbench(
                        &comparison.baseline_statements,
                        DATABASE,
                        workload.schema,
                        cluster.port(),
                        workload.concurrency,
                        plan.pgbench_seconds,
                        replay.scratch,
                    )?);
                }
            }
            comparison
                .current
                .push(drive(on_current.clone(), workload.concurrency, plan.window).await);
        }
        comparisons.push(comparison);
    }
    Ok(comparisons)
}
