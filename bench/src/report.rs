//! `docs/BENCHMARKS.md` and its latency-vs-concurrency chart.

use std::{fmt::Write as _, process::Command};

use crate::{baseline::Comparison, load::Stats, oneshot::Timed};

/// One workload on one backend: every agentbase window and every pgbench run, in run order.
pub struct Row {
    pub backend: &'static str,
    pub workload: &'static str,
    pub concurrency: usize,
    pub agentbase: Vec<Stats>,
    pub pgbench: Vec<f64>,
    pub statements: Vec<String>,
}

/// p99 latency at each concurrency, for the chart.
pub struct Curve {
    pub label: String,
    pub points: Vec<(usize, f64)>,
}

/// What the report says about the run itself.
pub struct Run {
    pub mode: &'static str,
    pub window: String,
    pub start_to_serving_ms: Vec<(&'static str, f64)>,
    /// `--server-env` settings, if any.
    pub server_env: Vec<String>,
    /// How the load's workers share HTTP/2 connections.
    pub connections: String,
    pub idle_rss_mib: Vec<(&'static str, f64)>,
    /// The row of the deep keyset page.
    pub deep_row: usize,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// `median (min–max)` of `values`, whole numbers (rates).
fn spread(values: &[f64]) -> String {
    spread_to(values, 0)
}

/// `median (min–max)` of `values` with `decimals` digits after the point.
fn spread_to(values: &[f64], decimals: usize) -> String {
    let mut sorted = values.to_vec();
    let mid = median(&mut sorted);
    match (sorted.first(), sorted.last()) {
        (Some(min), Some(max)) if sorted.len() > 1 => {
            format!("{mid:.decimals$} ({min:.decimals$}–{max:.decimals$})")
        }
        _ => format!("{mid:.decimals$}"),
    }
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or_else(|| "unknown".into(), |kb| format!("{:.0} GiB", kb / 1024.0 / 1024.0));
    format!(
        "- CPU: {model}, {cores} cores available; memory {memory}\n- Kernel: {}\n- PostgreSQL: {}\n- pgbench: {}\n",
        command_line("uname", &["-sr"]),
        command_line("postgres", &["--version"]),
        command_line("pgbench", &["--version"]),
    )
}

/// The report in Markdown.
pub fn markdown(
    run: &Run,
    rows: &[Row],
    timed: &[Timed],
    comparisons: &[Comparison],
    memory_notes: &[String],
    admission: &crate::admission::Admission,
    chart: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Benchmarks\n\nWritten by `just bench` (the `agentbase-bench` crate, `bench/`); do not edit by hand.\n\
Every figure below comes from one run on one machine: the release server over gRPC\n\
(generated clients, fixed concurrency, {}) and, for PostgreSQL\n\
reads, pgbench replaying the exact statements one call sent (captured from the\n\
server's log with `log_statement = all`, parameters in place, `-M prepared`), in\n\
A/B/A order. The PostgreSQL cluster is the bench's own (`initdb`, `fsync = off`,\n\
otherwise defaults), shared by both sides, so the ratio compares like with like.\n\
Writes are not replayed by pgbench: verbatim they would repeat their keys.\n\n\
## Machine\n\n{}\n- Mode: {} ({})\n- Server settings beyond the defaults: `AGENTBASE_MAX_IN_FLIGHT=256`{}\n",
        run.connections,
        machine(),
        run.mode,
        run.window,
        run.server_env.iter().map(|e| format!(", `{e}`")).collect::<String>()
    );
    let _ = writeln!(
        out,
        "## Results\n\n| backend | workload | concurrency | agentbase rps, median (min–max) | p50 ms | p99 ms | p99.9 ms | errors | pgbench tps, median (min–max) | ratio |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for row in rows {
        let rps: Vec<f64> = row.agentbase.iter().map(Stats::rps).collect();
        let last = row.agentbase.last();
        let quantile = |q: f64| last.map_or_else(|| "–".into(), |s| format!("{:.2}", s.ms(q)));
        let errors: u64 = row.agentbase.iter().map(|s| s.errors).sum();
        let errors = match row.agentbase.iter().find_map(|s| s.first_error) {
            Some(code) => format!("{errors} ({code:?})"),
            None => errors.to_string(),
        };
        let (pgbench, ratio) = if row.pgbench.is_empty() {
            ("–".to_owned(), "–".to_owned())
        } else {
            let ratio = median(&mut rps.clone()) / median(&mut row.pgbench.clone());
            (spread(&row.pgbench), format!("{ratio:.2}"))
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {errors} | {pgbench} | {ratio} |",
            row.backend,
            row.workload,
            row.concurrency,
            spread(&rps),
            quantile(0.5),
            quantile(0.99),
            quantile(0.999),
        );
    }
    let _ = writeln!(
        out,
        "\nLatency quantiles are from the last agentbase window of each row. The deep keyset \
page starts after row {} of one session.\n",
        run.deep_row
    );
    if !memory_notes.is_empty() {
        let _ = writeln!(
            out,
            "## Memory search\n\nThe corpus the SearchMemories rows read, seeded through CreateMemory \
(`bench/src/memories.rs`), and a quality check: for each checked query, in each of six scopes, the \
service's top hit against a brute-force ranking of every memory by the documented order.\n"
        );
        for note in memory_notes {
            let _ = writeln!(out, "- {note}");
        }
        let _ = writeln!(out);
    }
    admission.write(&mut out);
    if !timed.is_empty() {
        let _ = writeln!(
            out,
            "## Single large calls\n\nOne call at a time, each repetition on a new run, before the workloads above seed their data.\n\n\
| backend | operation | ms, median (min–max) |\n|---|---|---|"
        );
        for timed in timed {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                timed.backend,
                timed.operation,
                spread_to(&timed.ms, 1)
            );
        }
        let _ = writeln!(out);
    }
    if !comparisons.is_empty() {
        let _ = writeln!(
            out,
            "## Against an earlier build (PostgreSQL)\n\n`--baseline`: the earlier binary on a database of its own in the \
same cluster, its windows between this build's (A/B/A); for reads, pgbench replays the statements the earlier build \
sent.\n\n\
| workload | concurrency | this build rps, median (min–max) | p99 ms | earlier build rps, median (min–max) | p99 ms | ratio | \
pgbench of the earlier statements, tps | this build ÷ that |\n|---|---|---|---|---|---|---|---|---|"
        );
        for comparison in comparisons {
            let current: Vec<f64> = comparison.current.iter().map(Stats::rps).collect();
            let baseline: Vec<f64> = comparison.baseline.iter().map(Stats::rps).collect();
            let p99 = |stats: &[Stats]| {
                stats
                    .last()
                    .map_or_else(|| "–".into(), |s| format!("{:.2}", s.ms(0.99)))
            };
            let current_median = median(&mut current.clone());
            let ratio = current_median / median(&mut baseline.clone());
            let (pgbench, to_pgbench) = if comparison.baseline_pgbench.is_empty() {
                ("–".to_owned(), "–".to_owned())
            } else {
                let tps = median(&mut comparison.baseline_pgbench.clone());
                (
                    spread(&comparison.baseline_pgbench),
                    format!("{:.2}", current_median / tps),
                )
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {ratio:.2} | {pgbench} | {to_pgbench} |",
                comparison.workload,
                comparison.concurrency,
                spread(&current),
                p99(&comparison.current),
                spread(&baseline),
                p99(&comparison.baseline),
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "## Start and memory\n");
    for (backend, ms) in &run.start_to_serving_ms {
        let _ = writeln!(out, "- {backend}: start to SERVING {ms:.0} ms");
    }
    for (backend, mib) in &run.idle_rss_mib {
        let _ = writeln!(out, "- {backend}: idle RSS {mib:.1} MiB");
    }
    let _ = writeln!(
        out,
        "\n## Latency against concurrency (PostgreSQL, p99)\n\n![p99 latency against concurrency]({chart})\n"
    );
    let _ = writeln!(out, "## What pgbench replays\n");
    for row in rows.iter().filter(|r| !r.statements.is_empty()) {
        let _ = writeln!(out, "{} ({}):\n\n```sql", row.workload, row.backend);
        for sql in &row.statements {
            let _ = writeln!(out, "{sql};");
        }
        let _ = writeln!(out, "```\n");
    }
    for comparison in comparisons.iter().filter(|c| !c.baseline_statements.is_empty()) {
        let _ = writeln!(out, "{} (the earlier build):\n\n```sql", comparison.workload);
        for sql in &comparison.baseline_statements {
            let _ = writeln!(out, "{sql};");
        }
        let _ = writeln!(out, "```\n");
    }
    out
}

/// A small SVG line chart: p99 ms against concurrency, one line per curve.
pub fn svg(curves: &[Curve]) -> String {
    let (width, height, margin) = (640.0, 360.0, 50.0);
    let max_x = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.0))
        .max()
        .unwrap_or(1)
        .max(2) as f64;
    let max_y = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.1))
        .fold(1.0_f64, f64::max)
        * 1.1;
    let x = |c: usize| margin + (c as f64).log2() / max_x.log2() * (width - 2.0 * margin);
    let y = |ms: f64| height - margin - ms / max_y * (height - 2.0 * margin);
    let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n\
<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
<line x1=\"{margin}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"black\"/>\n\
<line x1=\"{margin}\" y1=\"{margin}\" x2=\"{margin}\" y2=\"{b}\" stroke=\"black\"/>\n\
<text x=\"{cx}\" y=\"{h2}\" text-anchor=\"middle\">concurrency (log scale)</text>\n\
<text x=\"12\" y=\"{margin}\">p99 ms (max {max_y:.1})</text>\n",
        b = height - margin,
        r = width - margin,
        cx = width / 2.0,
        h2 = height - 12.0,
    );
    for (i, curve) in curves.iter().enumerate() {
        let colour = colours[i % colours.len()];
        let points: Vec<String> = curve
            .points
            .iter()
            .map(|(c, ms)| format!("{:.1},{:.1}", x(*c), y(*ms)))
            .collect();
        let _ = writeln!(
            out,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
        for (c, ms) in &curve.points {
            let _ = writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{c}</text>",
                x(*c),
                y(*ms),
                x(*c),
                height - margin + 15.0
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" fill=\"{colour}\">{}</text>",
            width - margin - 220.0,
            margin + 16.0 * i as f64,
            curve.label
        );
    }
    out.push_str("</svg>\n");
    out
}
