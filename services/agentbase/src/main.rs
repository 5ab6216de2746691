//! `agentbase`: serve the gRPC contexts, or run their migrations.

use std::process::ExitCode;

use agentbase::{Settings, Target, serve};
use agentbase_platform::{config::Config, server::shutdown_signal, telemetry};
use clap::{Parser, Subcommand};

// glibc's allocator was a sixth of the server's CPU under load (docs/ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// agentbase: persistence services of the agent platform.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve gRPC on AGENTBASE_LISTEN.
    Serve {
        /// Which contexts to serve.
        #[arg(long, value_enum, default_value = "all")]
        target: Target,
    },
    /// Apply, revert or list migrations.
    Migrate {
        /// Which contexts to migrate.
        #[arg(long, value_enum, default_value = "all")]
        target: Target,
        #[command(subcommand)]
        action: MigrateAction,
    },
}

#[derive(Subcommand, Clone, Copy)]
enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Revert the newest applied migrations.
    Down {
        /// How many to revert.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("configuration error: {err}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    // The OTLP exporter's channel needs the runtime; the guard flushes spans before the runtime goes.
    let _runtime_context = runtime.enter();
    let _telemetry = match telemetry::init(settings.platform.log_format) {
        Ok(guard) => guard,
        Err(err) => {
            eprintln!("telemetry error: {err}");
            return ExitCode::from(2);
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Serve { target } => {
                let listen = settings.platform.listen;
                let listener = tokio::net::TcpListener::bind(listen)
                    .await
                    .map_err(|e| format!("cannot listen on {listen} (AGENTBASE_LISTEN): {e}"))?;
                serve(&settings, target, listener, shutdown_signal())
                    .await
                    .map_err(|e| e.to_string())
            }
            Command::Migrate { target, action } => migrate(&settings.platform, target, action).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "agentbase stopped");
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(config: &Config, target: Target, action: MigrateAction) -> Result<(), String> {
    for context in target.contexts() {
        let name = context.name();
        let db = agentbase::open(config, context, &Default::default())
            .await
            .map_err(|e| e.to_string())?;
        let failed = |e: sea_orm::DbErr| format!("{name}: {e}");
        match action {
            MigrateAction::Up => {
                context.migrate_up(&db, None).await.map_err(failed)?;
                println!("{name}: up to date");
            }
            MigrateAction::Down { steps } => {
                context.migrate_down(&db, steps).await.map_err(failed)?;
                println!("{name}: reverted {steps} migration(s)");
            }
            MigrateAction::Status => {
                for (migration, applied) in context.migration_status(&db).await.map_err(failed)? {
                    println!("{name}\t{migration}\t{}", if applied { "applied" } else { "pending" });
                }
            }
        }
        db.close().await.map_err(failed)?;
    }
    Ok(())
}
