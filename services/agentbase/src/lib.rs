//! Wiring of the agentbase process: which contexts to serve, their databases,
//! their migrations, and the server around them.
//!
//! Owns the composition only. Business rules stay in the context crates and
//! shared mechanics in `agentbase-platform`; this crate must not grow either.

use std::future::Future;

use agentbase_migration::MigratorTrait;
use agentbase_platform::{
    config::{AuthMode, Config, MigrateMode},
    db::{self, DbSetupError, OutageMark, StatementCounter},
    server::{self, HostedContext, ServeError, ServeOptions},
};
use sea_orm::{DatabaseConnection, DbErr, TransactionTrait};
use tokio::net::TcpListener;
use tonic::service::RoutesBuilder;

/// A bounded context this binary can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Context {
    /// Scripts & projects (`agentbase.scripts.v1`).
    Scripts,
    /// Sessions, messages, variables and memories (`agentbase.sessions.v1`).
    Sessions,
    /// Evaluation runs, tasks, metrics and tool errors (`agentbase.evaluation.v1`).
    Evaluation,
}

impl Context {
    /// Every context that is built.
    pub const ALL: [Context; 3] = [Context::Scripts, Context::Sessions, Context::Evaluation];

    /// The context's name: its PostgreSQL schema and SQLite file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Scripts => agentbase_scripts::CONTEXT,
            Self::Sessions => agentbase_sessions::CONTEXT,
            Self::Evaluation => agentbase_evaluation::CONTEXT,
        }
    }

    /// Applies pending migrations (all, or `steps`).
    ///
    /// On SQLite the whole run is one transaction ([`on_sqlite_schema_connection`]):
    /// sea-orm-migration applies a SQLite migration statement by statement
    /// and records it afterwards, so a process killed part-way left tables
    /// that every later start tried to create again ("table … already
    /// exists") and could never start. On PostgreSQL too the run is one
    /// transaction, which holds the context's schema lock
    /// ([`on_postgres_schema_turn`]).
    pub async fn migrate_up(self, db: &DatabaseConnection, steps: Option<u32>) -> Result<(), DbErr> {
        if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
            return on_postgres_schema_turn(self.name(), db, async |txn| self.migrate_up_on(txn, steps).await).await;
        }
        on_sqlite_schema_connection(db, async |txn| self.migrate_up_on(txn, steps).await).await
    }

    async fn migrate_up_on<'c>(
        self,
        db: impl agentbase_migration::IntoSchemaManagerConnection<'c>,
        steps: Option<u32>,
    ) -> Result<(), DbErr> {
        match self {
            Self::Scripts => agentbase_migration::scripts::Migrator::up(db, steps).await,
            Self::Sessions => agentbase_migration::sessions::Migrator::up(db, steps).await,
            Self::Evaluation => agentbase_migration::evaluation::Migrator::up(db, steps).await,
        }
    }

    /// Reverts the last `steps` applied migrations (on SQLite, in one transaction).
    pub async fn migrate_down(self, db: &DatabaseConnection, steps: u32) -> Result<(), DbErr> {
        if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
            return on_postgres_schema_turn(self.name(), db, async |txn| self.migrate_down_on(txn, steps).await).await;
        }
        on_sqlite_schema_connection(db, async |txn| self.migrate_down_on(txn, steps).await).await
    }

    async fn migrate_down_on<'c>(
        self,
        db: impl agentbase_migration::IntoSchemaManagerConnection<'c>,
        steps: u32,
    ) -> Result<(), DbErr> {
        match self {
            Self::Scripts => agentbase_migration::scripts::Migrator::down(db, Some(steps)).await,
            Self::Sessions => agentbase_migration::sessions::Migrator::down(db, Some(steps)).await,
            Self::Evaluation => agentbase_migration::evaluation::Migrator::down(db, Some(steps)).await,
        }
    }

    /// Every migration with whether it is applied.
    pub async fn migration_status(self, db: &DatabaseConnection) -> Result<Vec<(String, bool)>, DbErr> {
        let migrations = match self {
            Self::Scripts => agentbase_migration::scripts::Migrator::get_migration_with_status(db).await?,
            Self::Sessions => agentbase_migration::sessions::Migrator::get_migration_with_status(db).await?,
            Self::Evaluation => agentbase_migration::evaluation::Migrator::get_migration_with_status(db).await?,
        };
        Ok(migrations
            .iter()
            .map(|m| {
                let applied = matches!(m.status(), agentbase_migration::MigrationStatus::Applied);
                (m.name().to_owned(), applied)
            })
            .collect())
    }
}

/// Runs `change` (migrations) in one PostgreSQL transaction holding the
/// schema lock of `context` ([`db::lock_schema`]). Replicas started together
/// on an empty database each ran the migrations at once, and all but one
/// failed on the catalogue's unique indexes (`pg_type_typname_nsp_index`);
/// now each waits for the one before it and finds its migrations applied.
async fn on_postgres_schema_turn(
    context: &str,
    db: &DatabaseConnection,
    change: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> Result<(), DbErr>,
) -> Result<(), DbErr> {
    let txn = db::begin(db).await?;
    db::lock_schema(&txn, context).await?;
    change(&txn).await?;
    txn.commit().await
}

/// Runs `change` (migrations) in one transaction on a SQLite connection of
/// its own with foreign keys off, as SQLite's documentation has schema
/// changes made: a migration that rebuilds a table other tables refer to (a
/// constraint SQLite cannot drop) would otherwise cascade its drop to their
/// rows. Before it commits, `PRAGMA foreign_key_check` must find every
/// reference whole.
async fn on_sqlite_schema_connection(
    db: &DatabaseConnection,
    change: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> Result<(), DbErr>,
) -> Result<(), DbErr> {
    let options = db.get_sqlite_connection_pool().connect_options();
    let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with((*options).clone().foreign_keys(false))
        .await
        .map_err(|err| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(err.into())))?;
    let schema = sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    let changed = async {
        let txn = schema.begin().await?;
        change(&txn).await?;
        let broken = sea_orm::ConnectionTrait::query_all_raw(
            &txn,
            sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, "PRAGMA foreign_key_check"),
        )
        .await?;
        if !broken.is_empty() {
            return Err(DbErr::Migration(format!(
                "{} rows would refer to rows that are not there",
                broken.len()
            )));
        }
        txn.commit().await
    }
    .await;
    schema.close().await?;
    changed
}

/// What to serve or migrate: every context, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Every built context, on one port.
    All,
    /// Only scripts & projects.
    Scripts,
    /// Only sessions (needs AGENTBASE_SCRIPTS_ENDPOINT).
    Sessions,
    /// Only evaluation.
    Evaluation,
}

impl Target {
    /// The contexts this target covers.
    pub fn contexts(self) -> Vec<Context> {
        match self {
            Self::All => Context::ALL.to_vec(),
            Self::Scripts => vec![Context::Scripts],
            Self::Sessions => vec![Context::Sessions],
            Self::Evaluation => vec![Context::Evaluation],
        }
    }
}

/// Why the process could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] DbSetupError),
    /// The server failed.
    #[error(transparent)]
    Serve(#[from] ServeError),
    /// The configuration does not fit the target.
    #[error("{0}")]
    Config(String),
}

/// Everything the process is configured with: the platform's settings and
/// each context's own.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What every context shares (listeners, databases, limits, auth, TLS).
    pub platform: Config,
    /// The sessions context's own settings.
    pub sessions: agentbase_sessions::settings::Settings,
    /// The evaluation context's own settings.
    pub evaluation: agentbase_evaluation::settings::Settings,
}

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, agentbase_platform::config::ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, which returns a variable's value if set.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, agentbase_platform::config::ConfigError> {
        let env = agentbase_platform::config::Env::new(lookup);
        let contexts: Vec<&str> = Context::ALL.iter().map(|c| c.name()).collect();
        Ok(Self {
            platform: Config::read(&env, &contexts)?,
            sessions: agentbase_sessions::settings::Settings::read(&env)?,
            evaluation: agentbase_evaluation::settings::Settings::read(&env)?,
        })
    }
}

/// Opens the database of `context` as configured; `outages` is where its
/// health probe marks outages (a fresh mark when nothing probes it).
pub async fn open(config: &Config, context: Context, outages: &OutageMark) -> Result<DatabaseConnection, DbSetupError> {
    db::connect(
        context.name(),
        &config.database_for(context.name()),
        &config.pool,
        outages,
    )
    .await
}

/// Applies the pending migrations of `context` on a connection of their own,
/// closed before the context's pool opens. A pooled connection that had read
/// the schema part-way through the migrations would keep statements prepared
/// against it: on SQLite one such statement answered more columns than sqlx
/// had prepared it for, and its connection's worker panicked holding the
/// write lock (docs/RELIABILITY.md, "Start-up").
async fn migrate_apart(config: &Config, context: Context) -> Result<(), DbSetupError> {
    let one_connection = agentbase_platform::config::PoolConfig {
        max_connections: 1,
        min_connections: 0,
        // A migration that moves data may take longer than any call.
        statement_timeout: std::time::Duration::ZERO,
        ..config.pool.clone()
    };
    let db = db::connect(
        context.name(),
        &config.database_for(context.name()),
        &one_connection,
        &OutageMark::default(),
    )
    .await?;
    let migrated = context
        .migrate_up(&db, None)
        .await
        .map_err(|source| DbSetupError::Migrate {
            context: context.name().to_owned(),
            cause: source,
        });
    if let Err(error) = db.close().await {
        tracing::warn!(context = context.name(), %error, "closing the migration connection failed");
    }
    migrated
}

/// Where the health probe of `context` asks whether it can write. Behind a
/// transaction pooler it goes the direct way LISTEN goes: through the pooler
/// a probe waits in the pooler's queue behind the calls, and a busy pool
/// read as an outage that refused every call (the pooler's own health is its
/// own probes' business).
fn probe_route(config: &Config, context: Context) -> (agentbase_platform::config::DatabaseTarget, db::PoolConfig) {
    use agentbase_platform::config::{DatabaseTarget, Pooler};
    match (config.pool.pooler, config.listen_url_for(context.name())) {
        (Pooler::Transaction, Some(url)) => (
            DatabaseTarget::Postgres { url },
            db::PoolConfig {
                pooler: Pooler::None,
                ..config.pool.clone()
            },
        ),
        _ => (config.database_for(context.name()), config.pool.clone()),
    }
}

/// Opens every database of `target`, migrates them unless `AGENTBASE_MIGRATE=skip`,
/// and serves until `shutdown` completes.
pub async fn serve(
    settings: &Settings,
    target: Target,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let admin = TcpListener::bind(settings.platform.admin_listen).await.map_err(|e| {
        StartError::Config(format!(
            "AGENTBASE_ADMIN_LISTEN: cannot listen on {}: {e}",
            settings.platform.admin_listen
        ))
    })?;
    serve_counting(
        settings,
        target,
        listener,
        Some(admin),
        shutdown,
        StatementCounter::default(),
    )
    .await
}

/// [`serve`] with the admin listener given (or none), counting every SQL
/// statement the contexts send into `statements`.
pub async fn serve_counting(
    settings: &Settings,
    target: Target,
    listener: TcpListener,
    admin: Option<TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    statements: StatementCounter,
) -> Result<(), StartError> {
    let (config, sessions) = (&settings.platform, &settings.sessions);
    let mut routes = RoutesBuilder::default();
    let mut hosted = Vec::new();
    let mut background = Vec::new();
    let metrics = agentbase_platform::metrics::RpcMetrics::default();
    // One bound for every kind of watch stream the process serves.
    let watches = agentbase_platform::events::WatchSlots::new(config.max_watches);
    metrics.watch_watches(watches.clone());
    let contexts = target.contexts();
    // Without an endpoint of its own, the sessions context asks the scripts
    // context this process serves, on its own listener.
    let scripts_in_this_process = sessions.scripts_endpoint.is_none();
    let scripts_endpoint = match (&sessions.scripts_endpoint, contexts.contains(&Context::Scripts)) {
        (Some(endpoint), _) => endpoint.clone(),
        (None, true) => {
            let address = listener.local_addr().map_err(|e| StartError::Config(e.to_string()))?;
            let host = if address.ip().is_unspecified() {
                "127.0.0.1".to_owned()
            } else {
                address.ip().to_string()
            };
            let scheme = if config.tls.is_some() { "https" } else { "http" };
            format!("{scheme}://{host}:{}", address.port())
        }
        (None, false) => String::new(),
    };
    for context in contexts {
        if config.migrate == MigrateMode::Auto {
            migrate_apart(config, context).await?;
        }
        let outages = OutageMark::default();
        let mut db = open(config, context, &outages).await?;
        // Only the sessions context's hot reads go to a replica so far.
        let mut replica = None;
        if context != Context::Sessions && config.read_url_for(context.name()).is_some() {
            tracing::info!(
                context = context.name(),
                "a read replica is configured, but only the sessions context's hot reads use one; this context reads from its primary"
            );
        }
        statements.attach(&mut db);
        let services = match context {
            Context::Scripts => {
                let events = agentbase_scripts::label::events();
                if let Some(url) = config.listen_url_for(context.name()) {
                    background.push(events.listen_to_postgres(url));
                }
                let labels = agentbase_scripts::label::store::LabelStore::new(db.clone(), events);
                routes.add_service(agentbase_scripts::script_service(db.clone(), labels.clone()));
                routes.add_service(agentbase_scripts::project_service(db.clone(), labels.clone()));
                routes.add_service(agentbase_scripts::label_service(labels, watches.clone()));
                vec![
                    agentbase_scripts::SCRIPT_SERVICE_NAME,
                    agentbase_scripts::PROJECT_SERVICE_NAME,
                    agentbase_scripts::LABEL_SERVICE_NAME,
                ]
            }
            Context::Sessions => {
                if scripts_endpoint.is_empty() {
                    return Err(StartError::Config(
                        "AGENTBASE_SCRIPTS_ENDPOINT: required when this process does not serve scripts".into(),
                    ));
                }
                if scripts_endpoint.starts_with("https://") && sessions.scripts_tls.is_none() {
                    return Err(StartError::Config(
                        "AGENTBASE_SCRIPTS_TLS_CA_FILE: required to call ScriptService over TLS (the CA that signed its certificate)".into(),
                    ));
                }
                if matches!(config.auth, AuthMode::Jwt(_)) && sessions.scripts_token_file.is_none() {
                    // ScriptService will refuse every CreateSession's question
                    // about its script: say so now, not at the first call.
                    tracing::warn!(
                        "AGENTBASE_AUTH=jwt without AGENTBASE_SCRIPTS_TOKEN_FILE: ScriptService refuses the sessions context's calls, so CreateSession answers UNAVAILABLE"
                    );
                }
                let scripts = agentbase_sessions::scripts::ScriptDirectory::connect_lazy(
                    &scripts_endpoint,
                    sessions.scripts_token_file.clone(),
                    sessions.scripts_tls.clone(),
                )
                .map_err(StartError::Config)?;
                let scripts = if scripts_in_this_process {
                    scripts.served_by_this_process()
                } else {
                    scripts
                };
                let events = agentbase_sessions::session::events();
                if let Some(url) = config.listen_url_for(context.name()) {
                    background.push(events.listen_to_postgres(url));
                }
                if let Some(url) = config.read_url_for(context.name()) {
                    let metrics = metrics.clone();
                    let count = move |by_replica| metrics.record_replica_read(agentbase_sessions::CONTEXT, by_replica);
                    replica = Some(db::Replica::open(context.name(), &url, &config.pool, count).await?);
                }
                let reads = db::ReadLane::open(
                    context.name(),
                    &config.database_for(context.name()),
                    &config.pool,
                    &outages,
                    &statements,
                    db.clone(),
                    replica.clone(),
                )
                .await?;
                // Appends get a lane of their own, as many connections as the reads'.
                let appends = db::ReadLane::open(
                    context.name(),
                    &config.database_for(context.name()),
                    &config.pool,
                    &outages,
                    &statements,
                    db.clone(),
                    None,
                )
                .await?;
                background.push(agentbase_sessions::spawn_session_sweep(
                    reads.clone(),
                    events.clone(),
                    sessions.session_sweep_interval,
                ));
                routes.add_service(agentbase_sessions::session_service(
                    reads,
                    appends,
                    scripts,
                    events,
                    watches.clone(),
                    sessions.session_retention,
                ));
                let search_places = sessions
                    .search_concurrency
                    .unwrap_or((config.pool.max_connections as usize / 2).max(1));
                let search_per_user = sessions.search_per_user.unwrap_or((search_places / 2).max(1));
                routes.add_service(agentbase_sessions::memory_service(
                    db.clone(),
                    search_places,
                    search_per_user,
                ));
                background.push(agentbase_sessions::spawn_memory_sweep(
                    db.clone(),
                    sessions.memory_sweep_interval,
                ));
                vec![
                    agentbase_sessions::SESSION_SERVICE_NAME,
                    agentbase_sessions::MEMORY_SERVICE_NAME,
                ]
            }
            Context::Evaluation => {
                let events = agentbase_evaluation::run::events();
                if let Some(url) = config.listen_url_for(context.name()) {
                    background.push(events.listen_to_postgres(url));
                }
                background.push(agentbase_evaluation::spawn_lease_sweep(
                    db.clone(),
                    events.clone(),
                    settings.evaluation.lease_sweep_interval,
                ));
                routes.add_service(agentbase_evaluation::evaluation_service(
                    db.clone(),
                    events,
                    watches.clone(),
                ));
                vec![agentbase_evaluation::EVALUATION_SERVICE_NAME]
            }
        };
        background.push(agentbase_platform::audit::spawn_retention_sweep(
            context.name(),
            db.clone(),
            config.audit_retention,
            config.audit_sweep_interval,
        ));
        let (probe_target, probe_pool) = probe_route(config, context);
        let probe = db::connect_probe(context.name(), &probe_target, &probe_pool).await?;
        hosted.push(HostedContext {
            name: context.name(),
            services,
            db,
            probe,
            outages,
            replica,
        });
    }
    let verifier = match &config.auth {
        AuthMode::None => {
            if !listener.local_addr().is_ok_and(|address| address.ip().is_loopback()) {
                tracing::warn!(
                    "AGENTBASE_AUTH=none on a listener other than loopback: anyone who reaches the port can read and change everything"
                );
            }
            None
        }
        AuthMode::Jwt(settings) => Some(std::sync::Arc::new(
            agentbase_platform::auth::Verifier::new(settings.clone()).map_err(|e| StartError::Config(e.to_string()))?,
        )),
    };
    let tls = match &config.tls {
        Some(settings) => Some(std::sync::Arc::new(
            agentbase_platform::tls::TlsSource::new(settings.clone()).map_err(|e| StartError::Config(e.to_string()))?,
        )),
        None => None,
    };
    let options = ServeOptions {
        metrics,
        request_timeout: config.request_timeout,
        health_interval: config.health_interval,
        shutdown_grace: config.shutdown_grace,
        descriptor_sets: vec![agentbase_proto::FILE_DESCRIPTOR_SET],
        max_in_flight: config.max_in_flight,
        max_waiting: config.max_waiting,
        max_streams_per_connection: config.max_streams_per_connection,
        verifier,
        reflection: config.reflection,
        tls,
    };
    tracing::info!(
        address = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        contexts = ?target.contexts().iter().map(|c| c.name()).collect::<Vec<_>>(),
        "serving"
    );
    let served = server::serve(listener, routes, hosted, options, admin, shutdown).await;
    for task in background {
        task.abort();
    }
    served.map_err(StartError::from)
}
