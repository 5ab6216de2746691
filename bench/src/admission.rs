//! Admission as shipped against fixed limits (issue 31): the server with its
//! default settings beside servers with a fixed in-flight limit that sheds at
//! once (`AGENTBASE_MAX_WAITING=0`, the admission before issue 31), each
//! driven by closed-loop callers; then a thousand callers at once on the
//! default settings, with a probe caller of its own beside them.

use std::{sync::Arc, time::Duration};

use tonic_types::StatusExt as _;

use crate::{
    Plan,
    load::{Call, Stats, Window, drive},
    server::{Server, Storage},
    workloads::{APPEND_MESSAGES, GET_SESSION, LIST_MESSAGES, Seeds, Workload},
};

/// The fixed limits the default is measured against.
const FIXED_LIMITS: [usize; 4] = [4, 16, 64, 256];

/// Closed-loop callers of each workload.
const CALLERS: [usize; 3] = [16, 64, 256];

/// Callers of the overload run.
const FLOOD: usize = 1_000;

const WORKLOADS: [Workload; 3] = [GET_SESSION, LIST_MESSAGES, APPEND_MESSAGES];

/// How a server admitted calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// No admission variable set.
    Default,
    /// `AGENTBASE_MAX_IN_FLIGHT=n`, `AGENTBASE_MAX_WAITING=0`.
    Fixed(usize),
}

impl Setting {
    fn env(self) -> Vec<(String, String)> {
        match self {
            Self::Default => Vec::new(),
            Self::Fixed(limit) => vec![
                ("AGENTBASE_MAX_IN_FLIGHT".into(), limit.to_string()),
                ("AGENTBASE_MAX_WAITING".into(), "0".into()),
            ],
        }
    }
}

/// One workload at one number of callers under one setting.
pub struct Point {
    pub backend: &'static str,
    pub workload: &'static str,
    pub callers: usize,
    pub setting: Setting,
    pub stats: Stats,
}

/// A probe caller's latency alone and beside [`FLOOD`] callers.
pub struct Flood {
    pub backend: &'static str,
    pub unloaded: Stats,
    pub probe: Stats,
    pub flood: Stats,
}

/// What the admission runs measured.
#[derive(Default)]
pub struct Admission {
    pub points: Vec<Point>,
    pub floods: Vec<Flood>,
    /// Each point's warm-up and measured window.
    pub window: String,
}

/// Runs a server of every setting in turn on `storage`, then the flood on
/// the default settings.
pub async fn measure(
    backend: &'static str,
    binary: &std::path::Path,
    storage: &Storage<'_>,
    seeds: &Seeds,
    plan: &Plan,
    into: &mut Admission,
) -> Result<(), String> {
    let window = Window {
        warmup: plan.window.warmup.min(Duration::from_secs(1)),
        measure: plan.window.measure.min(Duration::from_secs(3)),
    };
    into.window = format!("warm-up {:?}, measured {:?}", window.warmup, window.measure);
    let settings = std::iter::once(Setting::Default).chain(FIXED_LIMITS.map(Setting::Fixed));
    for setting in settings {
        let server = Server::start_as_shipped(binary, storage, &setting.env()).await?;
        for workload in WORKLOADS {
            for callers in CALLERS {
                let connections = server.connections(callers)?;
                let call = workload
                    .prepare(&server.channel, &connections, callers, seeds)
                    .await
                    .map_err(|s| format!("seeding {}: {s:?}", workload.name))?;
                into.points.push(Point {
                    backend,
                    workload: workload.name,
                    callers,
                    setting,
                    stats: drive(call, callers, window).await,
                });
            }
        }
        if setting == Setting::Default {
            // The probe stands for another backend: its connection and its
            // calls run on a runtime and a thread of their own, so that what it
            // measures is the server, not its wake-ups queued behind a thousand
            // flood tasks in the bench's own scheduler.
            let probe_runtime = ApartRuntime::new()?;
            let probe_connection = {
                let _on_probe_runtime = probe_runtime.handle()?.enter();
                server.connections(1)?
            };
            let probe = GET_SESSION
                .prepare(&server.channel, &probe_connection, 1, seeds)
                .await
                .map_err(|s| format!("seeding the probe: {s:?}"))?;
            let probe_runtime = Arc::new(probe_runtime);
            let unloaded = drive_apart(&probe_runtime, probe.clone(), window).await?;
            // Fewer connections than callers: a fleet of backends shares
            // channels, and a thousand sockets would measure the kernel.
            let flood_connections = server.connections(FLOOD / 10)?;
            let flood_call = GET_SESSION
                .prepare(&server.channel, &flood_connections, FLOOD, seeds)
                .await
                .map_err(|s| format!("seeding the flood: {s:?}"))?;
            let flooding = tokio::spawn(drive(backing_off(flood_call), FLOOD, window));
            let probe = drive_apart(&probe_runtime, probe, window).await?;
            let flood = flooding.await.map_err(|e| e.to_string())?;
            into.floods.push(Flood {
                backend,
                unloaded,
                probe,
                flood,
            });
        }
    }
    Ok(())
}

/// A single-threaded runtime beside the bench's own; dropping it anywhere,
/// even inside the bench's runtime, shuts it down without blocking.
struct ApartRuntime(Option<tokio::runtime::Runtime>);

impl ApartRuntime {
    fn new() -> Result<Self, String> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|runtime| Self(Some(runtime)))
            .map_err(|e| format!("the probe's runtime: {e}"))
    }

    fn handle(&self) -> Result<&tokio::runtime::Runtime, String> {
        self.0
            .as_ref()
            .ok_or_else(|| "the probe's runtime is shut down".to_owned())
    }
}

impl Drop for ApartRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// One caller of `call` on `runtime`, driven by a thread of its own.
async fn drive_apart(runtime: &Arc<ApartRuntime>, call: Call, window: Window) -> Result<Stats, String> {
    let runtime = Arc::clone(runtime);
    tokio::task::spawn_blocking(move || Ok(runtime.handle()?.block_on(drive(call, 1, window))))
        .await
        .map_err(|e| e.to_string())?
}

/// `call` by a good client: a call shed with RetryInfo is answered after
/// waiting the delay it names.
fn backing_off(call: Call) -> Call {
    Arc::new(move |worker| {
        let answer = call(worker);
        Box::pin(async move {
            let status = match answer.await {
                Ok(()) => return Ok(()),
                Err(status) => status,
            };
            if let Some(delay) = status.get_details_retry_info().and_then(|info| info.retry_delay) {
                tokio::time::sleep(delay).await;
            }
            Err(status)
        })
    })
}

impl Admission {
    /// The report's section, when anything was measured.
    pub fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        if self.points.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "## Admission\n\nThe server with its default settings beside servers with a fixed in-flight limit \
that sheds at once (`AGENTBASE_MAX_IN_FLIGHT` = {}, `AGENTBASE_MAX_WAITING=0`), one server at a time, closed-loop \
callers on a connection each, one window each ({}). Shed: calls answered with an error (RESOURCE_EXHAUSTED \
`OVERLOADED`). The best fixed limit is the one with the most calls served.\n\n\
| backend | workload | callers | default: rps | shed | p99 ms | best fixed limit | its rps | shed | default ÷ best |\n\
|---|---|---|---|---|---|---|---|---|---|",
            FIXED_LIMITS.map(|limit| limit.to_string()).join(", "),
            self.window,
        );
        for default in self.points.iter().filter(|p| p.setting == Setting::Default) {
            let best = self
                .points
                .iter()
                .filter(|p| {
                    p.backend == default.backend && p.workload == default.workload && p.callers == default.callers
                })
                .filter(|p| p.setting != Setting::Default)
                .max_by(|a, b| a.stats.rps().total_cmp(&b.stats.rps()));
            let Some(best) = best else { continue };
            let Setting::Fixed(limit) = best.setting else { continue };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.0} | {} | {:.2} | {limit} | {:.0} | {} | {:.2} |",
                default.backend,
                default.workload,
                default.callers,
                default.stats.rps(),
                default.stats.errors,
                default.stats.ms(0.99),
                best.stats.rps(),
                best.stats.errors,
                default.stats.rps() / best.stats.rps(),
            );
        }
        if !self.floods.is_empty() {
            let _ = writeln!(
                out,
                "\n{FLOOD} closed-loop GetSession callers on {} connections, default settings, and beside them a \
probe caller on a connection, a runtime and a thread of its own (its p99 alone was measured just before); a shed flood caller waits the RetryInfo delay, as a good client does:\n\n\
| backend | probe p99 alone ms | probe p99 beside the flood ms | ratio | probe errors | flood served/s | flood shed |\n\
|---|---|---|---|---|---|---|",
                FLOOD / 10
            );
            for flood in &self.floods {
                let _ = writeln!(
                    out,
                    "| {} | {:.2} | {:.2} | {:.1} | {} | {:.0} | {} |",
                    flood.backend,
                    flood.unloaded.ms(0.99),
                    flood.probe.ms(0.99),
                    flood.probe.ms(0.99) / flood.unloaded.ms(0.99),
                    flood.probe.errors,
                    flood.flood.rps(),
                    flood.flood.errors,
                );
            }
        }
        let _ = writeln!(out);
    }
}
