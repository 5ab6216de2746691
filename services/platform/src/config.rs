//! Configuration read from the environment (the table in README.md).
//!
//! Every value is parsed once at start; a bad value is an error that names the
//! variable, so a misconfigured pod fails fast with a message an operator can act on.

use std::{collections::HashMap, net::SocketAddr, path::PathBuf, time::Duration};

/// A configuration value that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: String,
    /// What is wrong with its value.
    pub problem: String,
}

/// Whether migrations run when a server starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrateMode {
    /// Apply pending migrations before serving.
    Auto,
    /// Assume a migration job has already run.
    Skip,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object per line (the default, for log collectors).
    Json,
    /// Human-readable lines, for a terminal.
    Text,
}

pub use crate::db::{DatabaseTarget, PoolConfig, Pooler};
pub use urls::ContextUrls;

mod urls;

/// The process configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `AGENTBASE_DATABASE_URL`: the shared PostgreSQL cluster, if any.
    pub database_url: Option<String>,
    /// `AGENTBASE_<CONTEXT>_DATABASE_URL`, keyed by lower-case context name.
    pub context_database_urls: HashMap<String, String>,
    /// `AGENTBASE_LISTEN_DATABASE_URL` and `AGENTBASE_<CONTEXT>_LISTEN_DATABASE_URL`:
    /// a direct connection to the primary for LISTEN, past a transaction pooler.
    pub listen_database_urls: ContextUrls,
    /// `AGENTBASE_READ_DATABASE_URL` and `AGENTBASE_<CONTEXT>_READ_DATABASE_URL`:
    /// a hot standby of the context's primary for its hot reads.
    pub read_database_urls: ContextUrls,
    /// `AGENTBASE_DATA_DIR`: where SQLite files live.
    pub data_dir: PathBuf,
    /// `AGENTBASE_LISTEN`: the gRPC address.
    pub listen: SocketAddr,
    /// `AGENTBASE_ADMIN_LISTEN`: the metrics address.
    pub admin_listen: SocketAddr,
    /// `AGENTBASE_DB_*`: pool settings.
    pub pool: PoolConfig,
    /// `AGENTBASE_MIGRATE`.
    pub migrate: MigrateMode,
    /// `AGENTBASE_LOG_FORMAT`.
    pub log_format: LogFormat,
    /// `AGENTBASE_HEALTH_INTERVAL_MS`: how often each context's database is probed.
    pub health_interval: Duration,
    /// `AGENTBASE_REQUEST_TIMEOUT_MS`: the deadline of a call whose caller set none.
    pub request_timeout: Duration,
    /// `AGENTBASE_SHUTDOWN_GRACE_MS`: how long in-flight calls may drain on shutdown.
    pub shutdown_grace: Duration,
    /// `AGENTBASE_AUDIT_RETENTION_DAYS`: how long audit events are kept (default 400 days).
    pub audit_retention: Duration,
    /// `AGENTBASE_AUDIT_SWEEP_INTERVAL_MS`: how often audit events past their retention are deleted.
    pub audit_sweep_interval: Duration,
    /// `AGENTBASE_MAX_IN_FLIGHT`: unary calls served at once; more wait for a
    /// place. Unset, the limit follows latency (`admission::Limit::Adaptive`)
    /// between twice a pool's connections and 64 times the CPUs this process
    /// may use (its cgroup quota in a container), and shedding takes it down
    /// to twice the CPUs.
    pub max_in_flight: crate::admission::Limit,
    /// `AGENTBASE_MAX_WAITING`: unary calls that may wait for a place; more
    /// are shed (OVERLOADED), as is a call whose turn would not come in time.
    pub max_waiting: usize,
    /// `AGENTBASE_MAX_STREAMS_PER_CONNECTION`: HTTP/2 streams one connection may open at once.
    pub max_streams_per_connection: u32,
    /// `AGENTBASE_MAX_WATCHES`: watch streams (WatchMessages, WatchLabels)
    /// open at once in this process, all kinds together.
    pub max_watches: usize,
    /// `AGENTBASE_AUTH` and `AGENTBASE_JWT_*`: how callers are authenticated.
    pub auth: AuthMode,
    /// `AGENTBASE_REFLECTION`: whether gRPC reflection is offered (`on`, the default, or `off`).
    pub reflection: bool,
    /// `AGENTBASE_TLS_CERT_FILE`, `AGENTBASE_TLS_KEY_FILE` and
    /// `AGENTBASE_TLS_CLIENT_CA_FILE`: TLS (and mutual TLS) on the listener.
    pub tls: Option<crate::tls::TlsSettings>,
}

/// How callers are authenticated (`AGENTBASE_AUTH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMode {
    /// Every caller is served (the embedded local default).
    None,
    /// Every call to a contract needs a verified bearer token with the method's scope.
    Jwt(crate::auth::JwtSettings),
}

/// The environment, as a context crate reads its own settings from it:
/// blank values count as unset, and a bad value names its variable.
pub struct Env<'a>(Box<Lookup<'a>>);

/// Answers a variable's value, if set.
type Lookup<'a> = dyn Fn(&str) -> Option<String> + 'a;

impl<'a> Env<'a> {
    /// The environment `lookup` answers for.
    pub fn new(lookup: impl Fn(&str) -> Option<String> + 'a) -> Self {
        Self(Box::new(lookup))
    }

    /// The value of `name`, unless unset or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.trim().is_empty())
    }

    /// A whole number from `min` to `max`; `default` when unset.
    pub fn number(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, ConfigError> {
        Ok(self.optional_number(name, min, max)?.unwrap_or(default))
    }

    /// A whole number from `min` to `max`, or `None` when unset (the caller
    /// works out a default of its own).
    pub fn optional_number(&self, name: &str, min: u64, max: u64) -> Result<Option<u64>, ConfigError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match raw.trim().parse::<u64>() {
            Ok(v) if (min..=max).contains(&v) => Ok(Some(v)),
            _ => Err(ConfigError {
                variable: name.into(),
                problem: format!("`{raw}` is not a whole number from {min} to {max}"),
            }),
        }
    }

    /// A duration given in milliseconds (see [`Env::number`]).
    pub fn millis(&self, name: &str, default: u64, min: u64, max: u64) -> Result<Duration, ConfigError> {
        self.number(name, default, min, max).map(Duration::from_millis)
    }
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env(contexts: &[&str]) -> Result<Self, ConfigError> {
        Self::read(&Env::new(|name| std::env::var(name).ok()), contexts)
    }

    /// Reads the configuration through `lookup`, which returns a variable's value if set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>, contexts: &[&str]) -> Result<Self, ConfigError> {
        Self::read(&Env::new(lookup), contexts)
    }

    /// Reads the configuration from `env`; `contexts` are the contexts whose
    /// `AGENTBASE_<CONTEXT>_DATABASE_URL` is recognised (the binary knows them).
    pub fn read(env: &Env<'_>, contexts: &[&str]) -> Result<Self, ConfigError> {
        let get = |name: &str| env.get(name);

        let ContextUrls {
            shared: database_url,
            by_context: context_database_urls,
        } = ContextUrls::read(env, contexts, "DATABASE_URL")?;
        let listen_database_urls = ContextUrls::read(env, contexts, "LISTEN_DATABASE_URL")?;
        let read_database_urls = ContextUrls::read(env, contexts, "READ_DATABASE_URL")?;

        let listen = match get("AGENTBASE_LISTEN") {
            None => SocketAddr::from(([127, 0, 0, 1], 50051)),
            Some(raw) => raw.parse().map_err(|_| ConfigError {
                variable: "AGENTBASE_LISTEN".into(),
                problem: format!("`{raw}` is not a socket address like 127.0.0.1:50051"),
            })?,
        };

        let admin_listen = match get("AGENTBASE_ADMIN_LISTEN") {
            None => SocketAddr::from(([127, 0, 0, 1], 9090)),
            Some(raw) => raw.parse().map_err(|_| ConfigError {
                variable: "AGENTBASE_ADMIN_LISTEN".into(),
                problem: format!("`{raw}` is not a socket address like 127.0.0.1:9090"),
            })?,
        };

        let migrate = match get("AGENTBASE_MIGRATE").as_deref() {
            None | Some("auto") => MigrateMode::Auto,
            Some("skip") => MigrateMode::Skip,
            Some(other) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_MIGRATE".into(),
                    problem: format!("`{other}` is not one of auto, skip"),
                });
            }
        };
        let log_format = match get("AGENTBASE_LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("text") => LogFormat::Text,
            Some(other) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_LOG_FORMAT".into(),
                    problem: format!("`{other}` is not one of json, text"),
                });
            }
        };

        let number = |name: &str, default: u64, min: u64, max: u64| env.number(name, default, min, max);
        let millis = |name: &str, default: u64, min: u64, max: u64| env.millis(name, default, min, max);

        let max_connections = number("AGENTBASE_DB_MAX_CONNECTIONS", 10, 1, 1000)? as u32;
        let min_connections = number("AGENTBASE_DB_MIN_CONNECTIONS", 0, 0, 1000)? as u32;
        if min_connections > max_connections {
            return Err(ConfigError {
                variable: "AGENTBASE_DB_MIN_CONNECTIONS".into(),
                problem: format!("{min_connections} is above AGENTBASE_DB_MAX_CONNECTIONS ({max_connections})"),
            });
        }
        let request_timeout = millis("AGENTBASE_REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000)?;
        let pool = PoolConfig {
            max_connections,
            min_connections,
            read_connections: number("AGENTBASE_DB_READ_CONNECTIONS", 4, 0, 1000)? as u32,
            connect_timeout: millis("AGENTBASE_DB_CONNECT_TIMEOUT_MS", 5_000, 100, 600_000)?,
            acquire_timeout: millis("AGENTBASE_DB_ACQUIRE_TIMEOUT_MS", 5_000, 100, 600_000)?,
            idle_timeout: millis("AGENTBASE_DB_IDLE_TIMEOUT_MS", 600_000, 1_000, 86_400_000)?,
            max_lifetime: millis("AGENTBASE_DB_MAX_LIFETIME_MS", 1_800_000, 1_000, 86_400_000)?,
            startup_timeout: millis("AGENTBASE_DB_STARTUP_TIMEOUT_MS", 30_000, 0, 600_000)?,
            statement_timeout: request_timeout,
            pooler: match get("AGENTBASE_DB_POOLER").as_deref() {
                None | Some("none") => Pooler::None,
                Some("transaction") => Pooler::Transaction,
                Some(_) => {
                    return Err(ConfigError {
                        variable: "AGENTBASE_DB_POOLER".into(),
                        problem: "must be none or transaction".into(),
                    });
                }
            },
        };
        if pool.pooler == Pooler::Transaction && pool.min_connections > 0 {
            // A connection opened ahead of any call would hold a server
            // connection of the pooler in its idle transaction.
            return Err(ConfigError {
                variable: "AGENTBASE_DB_MIN_CONNECTIONS".into(),
                problem: "must be 0 with AGENTBASE_DB_POOLER=transaction: the pooler keeps the idle connections".into(),
            });
        }
        if pool.pooler == Pooler::Transaction {
            for context in contexts {
                let on_postgres = context_database_urls.contains_key(*context) || database_url.is_some();
                if on_postgres && listen_database_urls.for_context(context).is_none() {
                    return Err(ConfigError {
                        variable: "AGENTBASE_LISTEN_DATABASE_URL".into(),
                        problem: format!(
                            "required with AGENTBASE_DB_POOLER=transaction (or AGENTBASE_{}_LISTEN_DATABASE_URL): \
                             LISTEN needs a session of its own, a direct connection to the primary",
                            context.to_uppercase()
                        ),
                    });
                }
            }
        }

        let auth = match get("AGENTBASE_AUTH").as_deref() {
            None | Some("none") => AuthMode::None,
            Some("jwt") => {
                let required = |name: &str| {
                    get(name).ok_or_else(|| ConfigError {
                        variable: name.into(),
                        problem: "required when AGENTBASE_AUTH=jwt".into(),
                    })
                };
                let settings = crate::auth::JwtSettings {
                    jwks_file: get("AGENTBASE_JWT_JWKS_FILE").map(PathBuf::from),
                    hs256_secret_file: get("AGENTBASE_JWT_HS256_SECRET_FILE").map(PathBuf::from),
                    issuer: required("AGENTBASE_JWT_ISSUER")?,
                    audience: required("AGENTBASE_JWT_AUDIENCE")?,
                    actor_claim: get("AGENTBASE_JWT_ACTOR_CLAIM"),
                    tenant_claim: get("AGENTBASE_JWT_TENANT_CLAIM").unwrap_or_else(|| "tenant".to_owned()),
                    tenant_required: match get("AGENTBASE_JWT_TENANT_REQUIRED").as_deref() {
                        None | Some("off") => false,
                        Some("on") => true,
                        Some(other) => {
                            return Err(ConfigError {
                                variable: "AGENTBASE_JWT_TENANT_REQUIRED".into(),
                                problem: format!("`{other}` is not one of on, off"),
                            });
                        }
                    },
                };
                if settings.jwks_file.is_none() && settings.hs256_secret_file.is_none() {
                    return Err(ConfigError {
                        variable: "AGENTBASE_JWT_JWKS_FILE".into(),
                        problem: "AGENTBASE_AUTH=jwt needs it or AGENTBASE_JWT_HS256_SECRET_FILE".into(),
                    });
                }
                AuthMode::Jwt(settings)
            }
            Some(other) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_AUTH".into(),
                    problem: format!("`{other}` is not one of none, jwt"),
                });
            }
        };

        let reflection = match get("AGENTBASE_REFLECTION").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_REFLECTION".into(),
                    problem: format!("`{other}` is not one of on, off"),
                });
            }
        };

        let tls = match (get("AGENTBASE_TLS_CERT_FILE"), get("AGENTBASE_TLS_KEY_FILE")) {
            (Some(cert), Some(key)) => Some(crate::tls::TlsSettings {
                cert_file: cert.into(),
                key_file: key.into(),
                client_ca_file: get("AGENTBASE_TLS_CLIENT_CA_FILE").map(PathBuf::from),
            }),
            (None, None) if get("AGENTBASE_TLS_CLIENT_CA_FILE").is_some() => {
                return Err(ConfigError {
                    variable: "AGENTBASE_TLS_CLIENT_CA_FILE".into(),
                    problem: "mutual TLS needs AGENTBASE_TLS_CERT_FILE and AGENTBASE_TLS_KEY_FILE".into(),
                });
            }
            (None, None) => None,
            (cert, _) => {
                return Err(ConfigError {
                    variable: if cert.is_some() {
                        "AGENTBASE_TLS_KEY_FILE"
                    } else {
                        "AGENTBASE_TLS_CERT_FILE"
                    }
                    .into(),
                    problem: "TLS needs both AGENTBASE_TLS_CERT_FILE and AGENTBASE_TLS_KEY_FILE".into(),
                });
            }
        };

        let max_in_flight = match env.optional_number("AGENTBASE_MAX_IN_FLIGHT", 1, 100_000)? {
            Some(limit) => crate::admission::Limit::Fixed(limit as usize),
            None => adaptive_in_flight(&pool),
        };
        Ok(Self {
            auth,
            reflection,
            tls,
            database_url,
            context_database_urls,
            listen_database_urls,
            read_database_urls,
            data_dir: get("AGENTBASE_DATA_DIR").map_or_else(|| PathBuf::from("./data"), PathBuf::from),
            listen,
            admin_listen,
            pool,
            migrate,
            log_format,
            health_interval: millis("AGENTBASE_HEALTH_INTERVAL_MS", 500, 50, 600_000)?,
            request_timeout,
            shutdown_grace: millis("AGENTBASE_SHUTDOWN_GRACE_MS", 25_000, 0, 3_600_000)?,
            audit_retention: Duration::from_secs(number("AGENTBASE_AUDIT_RETENTION_DAYS", 400, 1, 36_500)? * 86_400),
            audit_sweep_interval: millis("AGENTBASE_AUDIT_SWEEP_INTERVAL_MS", 3_600_000, 100, 86_400_000)?,
            max_in_flight,
            max_waiting: number("AGENTBASE_MAX_WAITING", 512, 0, 100_000)? as usize,
            max_streams_per_connection: number("AGENTBASE_MAX_STREAMS_PER_CONNECTION", 256, 1, 100_000)? as u32,
            max_watches: number("AGENTBASE_MAX_WATCHES", 4_096, 1, 1_000_000)? as usize,
        })
    }

    /// Where `context`'s LISTEN connects, on PostgreSQL: its own listen URL,
    /// else the shared one, else (with no transaction pooler) its database URL.
    pub fn listen_url_for(&self, context: &str) -> Option<String> {
        match self.database_for(context) {
            DatabaseTarget::Postgres { url } => self.listen_database_urls.for_context(context).cloned().or((self
                .pool
                .pooler
                == Pooler::None)
                .then_some(url)),
            DatabaseTarget::Sqlite { .. } => None,
        }
    }

    /// The read replica of `context`, on PostgreSQL: its own read URL, else the shared one.
    pub fn read_url_for(&self, context: &str) -> Option<String> {
        match self.database_for(context) {
            DatabaseTarget::Postgres { .. } => self.read_database_urls.for_context(context).cloned(),
            DatabaseTarget::Sqlite { .. } => None,
        }
    }

    /// Where `context` keeps its data: its own URL, else the shared cluster, else a SQLite file.
    pub fn database_for(&self, context: &str) -> DatabaseTarget {
        match self.context_database_urls.get(context).or(self.database_url.as_ref()) {
            Some(url) => DatabaseTarget::Postgres { url: url.clone() },
            None => DatabaseTarget::Sqlite {
                path: self.data_dir.join(format!("{context}.db")),
            },
        }
    }
}

/// Up to 64 times the CPUs the process may use (calls that mostly wait on
/// the database need many in flight to keep it busy); latency alone never
/// leaves fewer than twice a database pool's connections, which keeps every
/// connection busy while the next calls wait for one; shedding takes it down
/// to twice the CPUs (admitted calls then wait for a CPU at most about two
/// calls long, which keeps latency bounded under a flood).
/// docs/RELIABILITY.md has the measurements.
fn adaptive_in_flight(pool: &PoolConfig) -> crate::admission::Limit {
    let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let max = 64 * cpus;
    crate::admission::Limit::Adaptive {
        min: (2 * pool.max_connections as usize).clamp(2 * cpus, max),
        overload_min: 2 * cpus,
        max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_lookup(|name| vars.get(name).cloned(), &["scripts", "sessions", "evaluation"])
    }

    #[test]
    fn defaults_to_sqlite_under_data_dir() {
        let config = config(&[]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:50051");
        assert_eq!(config.migrate, MigrateMode::Auto);
        assert_eq!(config.request_timeout, Duration::from_secs(30));
        assert_eq!(
            config.database_for("scripts"),
            DatabaseTarget::Sqlite {
                path: PathBuf::from("./data/scripts.db")
            }
        );
    }

    #[test]
    fn context_url_overrides_shared_url() {
        let config = config(&[
            ("AGENTBASE_DATABASE_URL", "postgres://shared/db"),
            ("AGENTBASE_SCRIPTS_DATABASE_URL", "postgres://scripts-role/db"),
        ])
        .unwrap();
        assert_eq!(
            config.database_for("scripts"),
            DatabaseTarget::Postgres {
                url: "postgres://scripts-role/db".into()
            }
        );
        assert_eq!(
            config.database_for("sessions"),
            DatabaseTarget::Postgres {
                url: "postgres://shared/db".into()
            }
        );
    }

    #[test]
    fn tls_needs_a_certificate_and_its_key() {
        assert!(config(&[]).unwrap().tls.is_none());
        let tls = config(&[
            ("AGENTBASE_TLS_CERT_FILE", "/tls/tls.crt"),
            ("AGENTBASE_TLS_KEY_FILE", "/tls/tls.key"),
            ("AGENTBASE_TLS_CLIENT_CA_FILE", "/tls/ca.crt"),
        ])
        .unwrap()
        .tls
        .unwrap();
        assert_eq!(tls.client_ca_file, Some(PathBuf::from("/tls/ca.crt")));
        for (vars, blamed) in [
            (&[("AGENTBASE_TLS_CERT_FILE", "/c")][..], "AGENTBASE_TLS_KEY_FILE"),
            (&[("AGENTBASE_TLS_KEY_FILE", "/k")][..], "AGENTBASE_TLS_CERT_FILE"),
            (
                &[("AGENTBASE_TLS_CLIENT_CA_FILE", "/ca")][..],
                "AGENTBASE_TLS_CLIENT_CA_FILE",
            ),
        ] {
            assert_eq!(config(vars).unwrap_err().variable, blamed, "{vars:?}");
        }
    }

    #[test]
    fn jwt_needs_an_issuer_an_audience_and_keys() {
        let err = config(&[("AGENTBASE_AUTH", "jwt")]).unwrap_err();
        assert_eq!(err.variable, "AGENTBASE_JWT_ISSUER");
        let err = config(&[
            ("AGENTBASE_AUTH", "jwt"),
            ("AGENTBASE_JWT_ISSUER", "i"),
            ("AGENTBASE_JWT_AUDIENCE", "a"),
        ])
        .unwrap_err();
        assert_eq!(err.variable, "AGENTBASE_JWT_JWKS_FILE");
        assert_eq!(config(&[]).unwrap().auth, AuthMode::None);
    }

    #[test]
    fn several_hosts_are_refused_naming_the_routes_and_no_password() {
        let url = "postgres://app:s3cret@h1:5432,h2:5433/db?target_session_attrs=read-write";
        for variable in ["AGENTBASE_DATABASE_URL", "AGENTBASE_SESSIONS_DATABASE_URL"] {
            let err = config(&[(variable, url)]).unwrap_err();
            assert_eq!(err.variable, variable);
            let text = err.to_string();
            assert!(text.contains("several hosts") && text.contains("/primary"), "{text}");
            assert!(!text.contains("s3cret") && !text.contains("h1"), "{text}");
        }
        let err = config(&[("AGENTBASE_DATABASE_URL", "postgres://app:s3cret@h1:port/db")]).unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
        for (url, secret) in [
            ("postgres://app@127.0.0.1/db?sslpassword=Pw9zq", "Pw9zq"),
            ("postgres://postgres:1234?Pw9zq@127.0.0.1:5432/db", "Pw9zq"),
            ("postgres://postgres@Pw9zq@127.0.0.1/db", "Pw9zq"),
            ("postgres://app:s3cret@h/db?host=h1,h2", "s3cret"),
        ] {
            let err = config(&[("AGENTBASE_DATABASE_URL", url)]).unwrap_err();
            assert!(!err.to_string().contains(secret), "{err}");
        }
        config(&[(
            "AGENTBASE_DATABASE_URL",
            "postgres://u:p@h/db?sslmode=disable&application_name=x",
        )])
        .unwrap();
        // One host with the attribute is a URL the driver takes.
        config(&[(
            "AGENTBASE_DATABASE_URL",
            "postgres://app:s3cret@h1:5432/db?target_session_attrs=read-write",
        )])
        .unwrap();
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (variable, value) in [
            ("AGENTBASE_LISTEN", "localhost"),
            ("AGENTBASE_MIGRATE", "sometimes"),
            ("AGENTBASE_DB_MAX_CONNECTIONS", "0"),
            ("AGENTBASE_DB_MAX_CONNECTIONS", "ten"),
            ("AGENTBASE_DATABASE_URL", "mysql://x"),
            ("AGENTBASE_LOG_FORMAT", "xml"),
            ("AGENTBASE_AUTH", "basic"),
            ("AGENTBASE_REFLECTION", "maybe"),
            ("AGENTBASE_DATABASE_URL", "postgres://u:secret@h:port/db"),
        ] {
            let err = config(&[(variable, value)]).unwrap_err();
            assert_eq!(err.variable, variable);
            assert!(err.to_string().starts_with(variable), "{err}");
        }
    }
}
