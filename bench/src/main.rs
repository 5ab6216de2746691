//! `agentbase-bench`: agentbase side by side with PostgreSQL itself.
//!
//! Starts the `agentbase` binary of the same build on SQLite and on a
//! throwaway PostgreSQL cluster, seeds each workload, drives it with the
//! generated clients at a fixed concurrency, and for PostgreSQL reads runs
//! pgbench on the statements one call sent, in A/B/A order. Writes
//! `docs/BENCHMARKS.md` and its chart. `--smoke` runs every step for about a
//! second each, which is what CI does to keep the bench working.

mod admission;
mod baseline;
mod capacity;
mod capture;
mod load;
mod memories;
mod oneshot;
mod report;
mod server;
mod workloads;

// The load generator shares the machine with what it measures: as the server
// does, it allocates with mimalloc, leaving the cores more for the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use agentbase_testkit::postgres::PrivateCluster;
use clap::Parser;

use crate::{
    load::{Window, drive},
    memories::{Corpus, Store},
    report::{Curve, Row, Run},
    server::{Connections, Server, Storage, sibling_binary},
    workloads::{
        APPEND_MESSAGES, APPEND_MESSAGES_WITH_REQUEST_ID, CREATE_PROJECT_FILE, DEEP_PAGE, GET_SESSION, LIST_MESSAGES,
        LIST_PROJECTS, READ_WHOLE_SESSION, SAVE_DRAFT, SEARCH_EVERYONE_CHINESE, SEARCH_EVERYONE_NOTES,
        SEARCH_EVERYONE_RANKED_WINDOW, SEARCH_EVERYONE_RARE, SEARCH_EVERYONE_WORD, SEARCH_HEAVY_USER_CHINESE,
        SEARCH_HEAVY_USER_WORD, SEARCH_NOTES_EVERY, SEARCH_NOTES_MANY_TERMS, SEARCH_NOTES_PAIRS, SEARCH_NOTES_PHRASE,
        SEARCH_PER_USER, SHALLOW_PAGE, Seeds, Workload,
    },
};

#[derive(Parser)]
#[command(about = "Benchmarks agentbase side by side with pgbench")]
struct Args {
    /// About a second per step: proves the bench runs (CI), measures nothing worth keeping.
    #[arg(long)]
    smoke: bool,
    /// Where the report goes; the chart is written beside it.
    #[arg(long, default_value = "docs/BENCHMARKS.md")]
    out: PathBuf,
    /// `KEY=VALUE` for the server's environment (repeatable), to compare settings.
    #[arg(long = "server-env", value_parser = parse_env)]
    server_env: Vec<(String, String)>,
    /// Only the workloads whose name contains this text (for profiling one of them).
    #[arg(long)]
    only: Option<String>,
    /// An earlier build of the `agentbase` binary to run side by side with
    /// this one on PostgreSQL (windows alternating), e.g. the commit an issue
    /// was measured on.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Ordinary users in the PostgreSQL memory corpus (default 10,000 in a
    /// full run), to look at memory search at a smaller scale.
    #[arg(long)]
    memory_users: Option<usize>,
    /// HTTP/2 connections the load's workers share (default: one per worker,
    /// as each pgbench client has a PostgreSQL connection of its own).
    #[arg(long)]
    connections: Option<usize>,
    /// Only the capacity model (1, 2 and 3 replicas, directly and through
    /// PgBouncer), its table written to `--out`.
    #[arg(long)]
    capacity: bool,
    /// Only this backend: `sqlite` or `postgres`.
    #[arg(long, value_parser = ["sqlite", "postgres"])]
    backend: Option<String>,
}

impl Args {
    fn workloads(&self) -> Vec<Workload> {
        WORKLOADS
            .into_iter()
            .filter(|w| self.only.as_ref().is_none_or(|only| w.name.contains(only.as_str())))
            .collect()
    }

    fn times_evaluation(&self) -> bool {
        self.only.as_ref().is_none_or(|only| EVALUATION.contains(only.as_str()))
    }

    fn measures_admission(&self) -> bool {
        self.only.as_ref().is_none_or(|only| ADMISSION.contains(only.as_str()))
    }

    fn runs(&self, backend: &str) -> bool {
        self.backend.as_ref().is_none_or(|only| only == backend)
    }
}

fn parse_env(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("`{raw}` is not KEY=VALUE"))
}

/// How a run is paced.
struct Plan {
    window: Window,
    /// agentbase windows per workload (pgbench runs between them, one fewer).
    windows: usize,
    pgbench_seconds: u64,
    /// HTTP/2 connections per load (`None`: one per worker).
    connections: Option<usize>,
    concurrencies: Vec<usize>,
    /// The row of the deep keyset page.
    deep_row: usize,
    /// Repetitions of each single large call.
    repetitions: usize,
    /// The memories searched on PostgreSQL and on SQLite.
    postgres_memories: Corpus,
    sqlite_memories: Corpus,
}

impl Plan {
    /// The connections a load of `concurrency` workers calls `server` on.
    fn connections_to(&self, server: &Server, concurrency: usize) -> Result<Connections, String> {
        server.connections(self.connections.unwrap_or(concurrency))
    }
}

const WORKLOADS: [Workload; 22] = [
    GET_SESSION,
    LIST_MESSAGES,
    APPEND_MESSAGES,
    APPEND_MESSAGES_WITH_REQUEST_ID,
    LIST_PROJECTS,
    READ_WHOLE_SESSION,
    SHALLOW_PAGE,
    DEEP_PAGE,
    SAVE_DRAFT,
    CREATE_PROJECT_FILE,
    SEARCH_PER_USER,
    SEARCH_HEAVY_USER_WORD,
    SEARCH_HEAVY_USER_CHINESE,
    SEARCH_EVERYONE_WORD,
    SEARCH_EVERYONE_CHINESE,
    SEARCH_EVERYONE_RARE,
    SEARCH_EVERYONE_RANKED_WINDOW,
    SEARCH_NOTES_PHRASE,
    SEARCH_NOTES_EVERY,
    SEARCH_NOTES_PAIRS,
    SEARCH_NOTES_MANY_TERMS,
    SEARCH_EVERYONE_NOTES,
];

/// The name of the single large calls for `--only`.
const EVALUATION: &str = "evaluation";

/// The name of the capacity model for `--only`.
const CAPACITY: &str = "Capacity";

/// The name of the admission runs for `--only`.
const ADMISSION: &str = "Admission";

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(problem) = run(&args).await {
        eprintln!("agentbase-bench: {problem}");
        std::process::exit(1);
    }
}

async fn run(args: &Args) -> Result<(), String> {
    if args.capacity {
        // The capacity section alone, written into the report at `--out`.
        let section = capacity::run(&sibling_binary()?, args.smoke).await?;
        let existing = std::fs::read_to_string(&args.out).unwrap_or_default();
        let report = capacity::splice(&existing, &section);
        print!("{section}");
        return std::fs::write(&args.out, report).map_err(|e| format!("cannot write {}: {e}", args.out.display()));
    }
    let plan = if args.smoke {
        Plan {
            window: Window {
                warmup: Duration::from_millis(300),
                measure: Duration::from_secs(1),
            },
            windows: 2,
            pgbench_seconds: 1,
            connections: args.connections,
            concurrencies: vec![1, 4],
            deep_row: 5_000,
            repetitions: 1,
            postgres_memories: Corpus {
                users: args.memory_users.unwrap_or(20),
                per_user: 10,
                heavy: 300,
                notes: 300,
            },
            sqlite_memories: Corpus {
                users: 20,
                per_user: 10,
                heavy: 300,
                notes: 300,
            },
        }
    } else {
        Plan {
            window: Window {
                warmup: Duration::from_secs(3),
                measure: Duration::from_secs(10),
            },
            windows: 3,
            pgbench_seconds: 10,
            connections: args.connections,
            concurrencies: vec![1, 4, 16, 32, 64],
            deep_row: 1_000_000,
            repetitions: 5,
            // A million memories in all: 8,000 users with 100 each, the
            // heavy user's 100,000 and the adversarial user's 100,000.
            postgres_memories: Corpus {
                users: args.memory_users.unwrap_or(8_000),
                per_user: 100,
                heavy: 100_000,
                notes: 100_000,
            },
            sqlite_memories: Corpus {
                users: args.memory_users.unwrap_or(8_000),
                per_user: 100,
                heavy: 100_000,
                notes: 100_000,
            },
        }
    };
    let binary = sibling_binary()?;
    let scratch = std::env::temp_dir().join(format!("agentbase-bench-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let mut results = Results::default();

    if args.runs("sqlite") {
        let sqlite = Server::start(&binary, Storage::Sqlite(&scratch), &args.server_env).await?;
        results
            .started
            .push(("SQLite", sqlite.start_to_serving.as_secs_f64() * 1000.0));
        tokio::time::sleep(Duration::from_secs(1)).await;
        results.rss.extend(sqlite.rss_mib().map(|mib| ("SQLite", mib)));
        // The single large calls first, like the PostgreSQL ones below.
        if args.times_evaluation() {
            results
                .timed
                .extend(oneshot::evaluation("SQLite", &sqlite.channel, plan.repetitions).await?);
        }
        let seeds = Seeds::new(plan.deep_row, plan.sqlite_memories, Store::Sqlite(scratch.clone()));
        for workload in args.workloads() {
            results
                .rows
                .push(measure("SQLite", &sqlite, workload, &plan, &seeds, None).await?);
        }
        results.note_memories("SQLite", &seeds, &sqlite.channel).await?;
        drop(sqlite);
        if args.measures_admission() {
            let dir = scratch.join("admission");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            admission::measure(
                "SQLite",
                &binary,
                &Storage::Sqlite(&dir),
                &seeds,
                &plan,
                &mut results.admission,
            )
            .await?;
        }
    }
    if !args.runs("postgres") {
        let _ = std::fs::remove_dir_all(&scratch);
        return write_report(args, &plan, results);
    }

    let cluster = tokio::task::spawn_blocking(PrivateCluster::start)
        .await
        .map_err(|e| e.to_string())??;
    let postgres = Server::start(&binary, Storage::Postgres(&cluster.url()), &args.server_env).await?;
    results
        .started
        .push(("PostgreSQL", postgres.start_to_serving.as_secs_f64() * 1000.0));
    tokio::time::sleep(Duration::from_secs(1)).await;
    results.rss.extend(postgres.rss_mib().map(|mib| ("PostgreSQL", mib)));
    let replay = Replay {
        cluster: &cluster,
        scratch: &scratch,
    };
    // The earlier build first, while the cluster holds only what these few
    // workloads seed: after the million-row seeds, autovacuum shares the cores.
    results.comparisons = match &args.baseline {
        Some(binary) => {
            // The workloads the issue measured the earlier build on, and appends with request ids.
            let compared: Vec<Workload> = args
                .workloads()
                .into_iter()
                .filter(|w| {
                    [
                        GET_SESSION,
                        LIST_MESSAGES,
                        APPEND_MESSAGES,
                        APPEND_MESSAGES_WITH_REQUEST_ID,
                        LIST_PROJECTS,
                    ]
                    .iter()
                    .any(|c| c.name == w.name)
                })
                .collect();
            baseline::compare(binary, &replay, &postgres, &compared, &plan, &args.server_env).await?
        }
        None => Vec::new(),
    };
    // The single large calls before the million-row seeds too: timed one at
    // a time, they would otherwise share the cores with autovacuum working
    // through those seeds.
    if args.times_evaluation() {
        results
            .timed
            .extend(oneshot::evaluation("PostgreSQL", &postgres.channel, plan.repetitions).await?);
    }
    let seeds = Seeds::new(plan.deep_row, plan.postgres_memories, Store::Postgres(cluster.url()));
    if args.measures_admission() {
        let url = cluster.url();
        admission::measure(
            "PostgreSQL",
            &binary,
            &Storage::Postgres(&url),
            &seeds,
            &plan,
            &mut results.admission,
        )
        .await?;
    }
    for workload in args.workloads() {
        results
            .rows
            .push(measure("PostgreSQL", &postgres, workload, &plan, &seeds, Some(&replay)).await?);
    }
    results.note_memories("PostgreSQL", &seeds, &postgres.channel).await?;
    let charted = [GET_SESSION, APPEND_MESSAGES];
    for workload in charted.into_iter().filter(|_| args.only.is_none()) {
        let mut points = Vec::new();
        for &concurrency in &plan.concurrencies {
            let connections = plan.connections_to(&postgres, concurrency)?;
            let call = workload
                .prepare(&postgres.channel, &connections, concurrency, &seeds)
                .await
                .map_err(|s| format!("seeding {}: {s:?}", workload.name))?;
            let stats = drive(call, concurrency, plan.window).await;
            points.push((concurrency, stats.ms(0.99)));
        }
        results.curves.push(Curve {
            label: workload.name.to_owned(),
            points,
        });
    }
    drop(postgres);
    drop(cluster);
    let _ = std::fs::remove_dir_all(&scratch);
    if args.only.as_ref().is_none_or(|only| CAPACITY.contains(only.as_str())) {
        results.capacity = Some(capacity::run(&binary, args.smoke).await?);
    }
    write_report(args, &plan, results)
}

/// Everything a run measured, for the report.
#[derive(Default)]
struct Results {
    started: Vec<(&'static str, f64)>,
    rss: Vec<(&'static str, f64)>,
    rows: Vec<Row>,
    timed: Vec<oneshot::Timed>,
    comparisons: Vec<baseline::Comparison>,
    curves: Vec<Curve>,
    /// What the memory corpus was and how the top hits compared with brute force.
    memory_notes: Vec<String>,
    admission: admission::Admission,
    /// The capacity section (`capacity`), when it ran.
    capacity: Option<String>,
}

impl Results {
    async fn note_memories(
        &mut self,
        backend: &str,
        seeds: &Seeds,
        channel: &tonic::transport::Channel,
    ) -> Result<(), String> {
        let Some(quality) = seeds
            .memory_quality(channel)
            .await
            .map_err(|s| format!("memory quality check: {s:?}"))?
        else {
            return Ok(());
        };
        let corpus = seeds.corpus;
        let differing = if quality.differing.is_empty() {
            String::new()
        } else {
            format!("; differing: {}", quality.differing.join(", "))
        };
        self.memory_notes.push(format!(
            "{backend}: {} memories ({} users with {} each, the heavy user with {}, the adversarial user with {}); top \
hit equal to a brute-force ranking's top hit for {} of {} checked queries{differing}",
            corpus.total(),
            corpus.users,
            corpus.per_user,
            corpus.heavy,
            corpus.notes,
            quality.equal,
            quality.checked
        ));
        Ok(())
    }
}

fn write_report(args: &Args, plan: &Plan, results: Results) -> Result<(), String> {
    let chart_name = "bench-latency.svg";
    let chart_path = args.out.with_file_name(chart_name);
    let run = Run {
        mode: if args.smoke { "smoke" } else { "full" },
        window: format!(
            "warm-up {:?}, measured {:?} per window, {} agentbase windows and {} pgbench runs of {} s per workload",
            plan.window.warmup,
            plan.window.measure,
            plan.windows,
            plan.windows - 1,
            plan.pgbench_seconds
        ),
        start_to_serving_ms: results.started,
        server_env: args
            .server_env
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect(),
        connections: match plan.connections {
            Some(1) => "all workers on one HTTP/2 connection".into(),
            Some(n) => format!("workers spread over {n} HTTP/2 connections"),
            None => "one HTTP/2 connection per worker, as each pgbench client has one PostgreSQL connection".into(),
        },
        idle_rss_mib: results.rss,
        deep_row: plan.deep_row,
    };
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if !results.curves.is_empty() {
        std::fs::write(&chart_path, report::svg(&results.curves)).map_err(|e| e.to_string())?;
    }
    let markdown = report::markdown(
        &run,
        &results.rows,
        &results.timed,
        &results.comparisons,
        &results.memory_notes,
        &results.admission,
        chart_name,
    );
    let markdown = match &results.capacity {
        Some(section) => capacity::splice(&markdown, section),
        None => markdown,
    };
    std::fs::write(&args.out, &markdown).map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    print!("{markdown}");
    Ok(())
}

/// What a PostgreSQL workload needs to be replayed by pgbench.
pub(crate) struct Replay<'a> {
    cluster: &'a PrivateCluster,
    scratch: &'a Path,
}

/// agentbase windows of `workload`, with pgbench runs between them when it can be replayed.
async fn measure(
    backend: &'static str,
    server: &Server,
    workload: Workload,
    plan: &Plan,
    seeds: &Seeds,
    replay: Option<&Replay<'_>>,
) -> Result<Row, String> {
    let connections = plan.connections_to(server, workload.concurrency)?;
    let call = workload
        .prepare(&server.channel, &connections, workload.concurrency, seeds)
        .await
        .map_err(|s| format!("seeding {}: {s:?}", workload.name))?;
    let replay = replay.filter(|_| workload.replayable);
    let statements = match replay {
        Some(replay) => capture::statements_of(&call, &replay.cluster.url(), &replay.cluster.log_path()).await?,
        None => Vec::new(),
    };
    let mut row = Row {
        backend,
        workload: workload.name,
        concurrency: workload.concurrency,
        agentbase: Vec::new(),
        pgbench: Vec::new(),
        statements,
    };
    for window in 0..plan.windows {
        if window > 0
            && let Some(replay) = replay
        {
            let tps = capture::pgbench(
                &row.statements,
                "postgres",
                workload.schema,
                replay.cluster.port(),
                workload.concurrency,
                plan.pgbench_seconds,
                replay.scratch,
            )?;
            row.pgbench.push(tps);
        }
        row.agentbase
            .push(drive(call.clone(), workload.concurrency, plan.window).await);
    }
    Ok(row)
}
