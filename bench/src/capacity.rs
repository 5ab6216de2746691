//! The capacity model (docs/BENCHMARKS.md, "Capacity"; docs/OPERATIONS.md,
//! "Sizing"): 1, 2 and 3 replicas of agentbase against one PostgreSQL,
//! directly and through PgBouncer in transaction mode, in one run. For
//! GetSession, ListMessages and AppendMessages it measures throughput and
//! latency, the server connections PostgreSQL holds (peak during the window),
//! and the CPU each call costs agentbase, PostgreSQL and the pooler.

use std::{
    fmt::Write as _,
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use agentbase_testkit::{pgbouncer::PrivateBouncer, postgres::PrivateCluster};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

use crate::{
    load::{Window, drive},
    memories::{Corpus, Store},
    server::{Connections, Server, Storage},
    workloads::{APPEND_MESSAGES, GET_SESSION, LIST_MESSAGES, Seeds, Workload},
};

const WORKLOADS: [Workload; 3] = [GET_SESSION, LIST_MESSAGES, APPEND_MESSAGES];

/// How the replicas reach PostgreSQL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    Direct,
    Pooled,
}

impl Route {
    fn name(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Pooled => "PgBouncer",
        }
    }
}

struct Row {
    route: Route,
    replicas: usize,
    workload: &'static str,
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
    server_connections: u64,
    agentbase_us: f64,
    postgres_us: f64,
    pooler_us: f64,
}

/// CPU time (user + system) of process `pid`, in microseconds (Linux).
fn cpu_micros(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // The fields after the command name, which may hold spaces, in parentheses.
    let Some((_, fields)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = fields.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) * 1_000_000 / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .unwrap_or(100)
}

/// The postmaster `root` and every process whose parent it is (its backends).
fn postgres_cpu_micros(root: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let children: u64 = entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    stat.rsplit_once(')')
                        .map(|(_, f)| f.split_whitespace().nth(1).map(str::to_owned))
                })
                .flatten()
                .is_some_and(|ppid| ppid == root.to_string())
        })
        .map(cpu_micros)
        .sum();
    children + cpu_micros(root)
}

/// The heading of the section the model writes.
const HEADING: &str = "## Capacity";

/// `report` with its capacity section replaced by `section` (added at the end when it has none).
pub fn splice(report: &str, section: &str) -> String {
    let Some(start) = report.find(HEADING) else {
        let separator = if report.is_empty() || report.ends_with("\n\n") {
            ""
        } else {
            "\n"
        };
        return format!("{report}{separator}{section}");
    };
    let after = &report[start + HEADING.len()..];
    let end = after
        .find("\n## ")
        .map_or(report.len(), |next| start + HEADING.len() + next + 1);
    format!("{}{section}{}", &report[..start], &report[end..])
}

/// Runs the model; its section of the report.
pub async fn run(binary: &Path, smoke: bool) -> Result<String, String> {
    let window = if smoke {
        Window {
            warmup: Duration::from_millis(200),
            measure: Duration::from_millis(800),
        }
    } else {
        Window {
            warmup: Duration::from_secs(2),
            measure: Duration::from_secs(8),
        }
    };
    let cluster = tokio::task::spawn_blocking(PrivateCluster::start)
        .await
        .map_err(|e| e.to_string())??;
    let postmaster = cluster.postmaster_pid().ok_or("no postmaster pid")?;
    let upstream = format!("127.0.0.1:{}", cluster.port());
    let bouncer = tokio::task::spawn_blocking(move || PrivateBouncer::start(&upstream, "postgres"))
        .await
        .map_err(|e| e.to_string())??;
    let direct = cluster.url();
    let pooled = format!("postgres://postgres@127.0.0.1:{}/postgres", bouncer.port);
    let watcher = Database::connect(direct.clone()).await.map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for route in [Route::Direct, Route::Pooled] {
        for replicas in 1..=3 {
            let (url, mut env) = match route {
                Route::Direct => (direct.clone(), vec![]),
                Route::Pooled => (
                    pooled.clone(),
                    vec![
                        ("AGENTBASE_DB_POOLER".to_owned(), "transaction".to_owned()),
                        ("AGENTBASE_LISTEN_DATABASE_URL".to_owned(), direct.clone()),
                    ],
                ),
            };
            env.push(("AGENTBASE_MAX_IN_FLIGHT".to_owned(), "256".to_owned()));
            let mut servers = Vec::new();
            for _ in 0..replicas {
                servers.push(Server::start(binary, Storage::Postgres(&url), &env).await?);
            }
            for workload in WORKLOADS {
                let connections = Connections::across(&servers, workload.concurrency)?;
                let seeds = Seeds::new(
                    1,
                    Corpus {
                        users: 0,
                        per_user: 0,
                        heavy: 0,
                        notes: 0,
                    },
                    Store::Postgres(direct.clone()),
                );
                let call = workload
                    .prepare(&servers[0].channel, &connections, workload.concurrency, &seeds)
                    .await
                    .map_err(|status| format!("{}: seeding: {status:?}", workload.name))?;
                let peak = Arc::new(AtomicU64::new(0));
                let done = Arc::new(AtomicBool::new(false));
                let sampler = {
                    let (watcher, peak, done) = (watcher.clone(), peak.clone(), done.clone());
                    tokio::spawn(async move {
                        while !done.load(Ordering::Relaxed) {
                            let held = watcher
                                .query_one_raw(Statement::from_string(
                                    DbBackend::Postgres,
                                    "SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' \
                                     AND pid <> pg_backend_pid()",
                                ))
                                .await
                                .ok()
                                .flatten()
                                .and_then(|row| row.try_get::<i64>("", "n").ok())
                                .unwrap_or(0);
                            peak.fetch_max(u64::try_from(held).unwrap_or(0), Ordering::Relaxed);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    })
                };
                let cpu = || {
                    (
                        servers.iter().map(|s| cpu_micros(s.pid())).sum::<u64>(),
                        postgres_cpu_micros(postmaster),
                        bouncer.pid().map_or(0, cpu_micros),
                    )
                };
                // CPU is read around the whole drive (warm-up included) and
                // divided by every call of it, measured or not.
                let before = cpu();
                let counted = Arc::new(AtomicU64::new(0));
                let counting = {
                    let counted = counted.clone();
                    let call = call.clone();
                    Arc::new(move |worker: usize| {
                        counted.fetch_add(1, Ordering::Relaxed);
                        call(worker)
                    }) as crate::load::Call
                };
                let stats = drive(counting, workload.concurrency, window).await;
                let after = cpu();
                done.store(true, Ordering::Relaxed);
                let _ = sampler.await;
                let calls = counted.load(Ordering::Relaxed).max(1) as f64;
                let per_call = |a: u64, b: u64| b.saturating_sub(a) as f64 / calls;
                rows.push(Row {
                    route,
                    replicas,
                    workload: workload.name,
                    rps: stats.rps(),
                    p50: stats.ms(0.5),
                    p99: stats.ms(0.99),
                    errors: stats.errors,
                    // The sampler's own connection is not counted.
                    server_connections: peak.load(Ordering::Relaxed),
                    agentbase_us: per_call(before.0, after.0),
                    postgres_us: per_call(before.1, after.1),
                    pooler_us: per_call(before.2, after.2),
                });
                println!(
                    "capacity: {} × {replicas} {}: {:.0} calls/s",
                    route.name(),
                    workload.name,
                    stats.rps()
                );
            }
            drop(servers);
        }
    }
    Ok(table(&rows, window, smoke))
}

fn table(rows: &[Row], window: Window, smoke: bool) -> String {
    let mut text = format!("{HEADING}\n\n");
    let _ = writeln!(
        text,
        "{}Written by `just bench` (or `agentbase-bench --capacity`, which rewrites only this section): 1, 2 and 3 \
         replicas of the release server against one PostgreSQL, directly and through PgBouncer, in one run \
         (docs/OPERATIONS.md, \"Sizing\", turns it into a rule). Window {:?} after {:?} of warm-up, each workload at its concurrency spread over the \
         replicas' connections; PostgreSQL 15 with `synchronous_commit=on`, PgBouncer 1.24.1 in transaction mode \
         with 20 server connections; CPU per call is user + system time of the processes over the whole drive, \
         divided by its calls.\n",
        if smoke { "SMOKE RUN, figures meaningless. " } else { "" },
        window.measure,
        window.warmup
    );
    text.push_str(
        "| route | replicas | workload | calls/s | p50 ms | p99 ms | errors | server connections (peak) | \
         agentbase µs/call | PostgreSQL µs/call | PgBouncer µs/call |\n|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {} | {} | {:.0} | {:.0} | {} |",
            row.route.name(),
            row.replicas,
            row.workload,
            row.rps,
            row.p50,
            row.p99,
            row.errors,
            row.server_connections,
            row.agentbase_us,
            row.postgres_us,
            if row.route == Route::Pooled {
                format!("{:.0}", row.pooler_us)
            } else {
                "–".to_owned()
            }
        );
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn the_section_is_replaced_in_place_or_added() {
        let section = "## Capacity\n\nnew\n\n";
        assert_eq!(splice("", section), section);
        assert_eq!(
            splice("# B\n\n## A\n\na\n", section),
            "# B\n\n## A\n\na\n\n## Capacity\n\nnew\n\n"
        );
        assert_eq!(
            splice("# B\n\n## Capacity\n\nold\n\n## Z\n\nz\n", section),
            "# B\n\n## Capacity\n\nnew\n\n## Z\n\nz\n"
        );
        assert_eq!(
            splice("# B\n\n## Capacity\n\nold\n", section),
            "# B\n\n## Capacity\n\nnew\n\n"
        );
    }
}
