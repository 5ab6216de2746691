//! The sessions context's own settings, read from the environment at start
//! (the platform's configuration knows nothing of them).

use std::{path::PathBuf, time::Duration};

use agentbase_platform::{
    config::{ConfigError, Env},
    tls::ClientTls,
};

/// How the sessions context runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `AGENTBASE_SCRIPTS_ENDPOINT`: where ScriptService is; unset, a process
    /// that also serves scripts calls its own listener.
    pub scripts_endpoint: Option<String>,
    /// `AGENTBASE_SCRIPTS_TOKEN_FILE`: the bearer token presented to ScriptService.
    pub scripts_token_file: Option<PathBuf>,
    /// `AGENTBASE_SCRIPTS_TLS_CA_FILE`, `_CERT_FILE`, `_KEY_FILE`: ScriptService over TLS.
    pub scripts_tls: Option<ClientTls>,
    /// `AGENTBASE_MEMORY_SWEEP_INTERVAL_MS`: how often expired memories are purged.
    pub memory_sweep_interval: Duration,
    /// `AGENTBASE_MEMORY_STATS_INTERVAL_MS`: how often the sampled entry
    /// counts of common search keys are refreshed.
    pub memory_stats_interval: Duration,
    /// `AGENTBASE_MAX_WATCHES`: WatchMessages streams open at once in this process.
    pub max_watches: usize,
}

impl Settings {
    /// Reads the settings from `env`.
    pub fn read(env: &Env<'_>) -> Result<Self, ConfigError> {
        let scripts_tls = match (
            env.get("AGENTBASE_SCRIPTS_TLS_CA_FILE"),
            env.get("AGENTBASE_SCRIPTS_TLS_CERT_FILE"),
            env.get("AGENTBASE_SCRIPTS_TLS_KEY_FILE"),
        ) {
            (None, None, None) => None,
            (Some(ca), None, None) => Some(ClientTls {
                ca_file: ca.into(),
                identity: None,
            }),
            (Some(ca), Some(cert), Some(key)) => Some(ClientTls {
                ca_file: ca.into(),
                identity: Some((cert.into(), key.into())),
            }),
            (None, _, _) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_SCRIPTS_TLS_CA_FILE".into(),
                    problem: "required with AGENTBASE_SCRIPTS_TLS_CERT_FILE and AGENTBASE_SCRIPTS_TLS_KEY_FILE".into(),
                });
            }
            (Some(_), _, _) => {
                return Err(ConfigError {
                    variable: "AGENTBASE_SCRIPTS_TLS_CERT_FILE".into(),
                    problem: "a client certificate needs both AGENTBASE_SCRIPTS_TLS_CERT_FILE and AGENTBASE_SCRIPTS_TLS_KEY_FILE"
                        .into(),
                });
            }
        };
        Ok(Self {
            scripts_endpoint: env.get("AGENTBASE_SCRIPTS_ENDPOINT"),
            scripts_token_file: env.get("AGENTBASE_SCRIPTS_TOKEN_FILE").map(PathBuf::from),
            scripts_tls,
            memory_sweep_interval: env.millis("AGENTBASE_MEMORY_SWEEP_INTERVAL_MS", 3_600_000, 100, 86_400_000)?,
            memory_stats_interval: env.millis("AGENTBASE_MEMORY_STATS_INTERVAL_MS", 300_000, 100, 86_400_000)?,
            max_watches: env.number("AGENTBASE_MAX_WATCHES", 4_096, 1, 1_000_000)? as usize,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::read(&Env::new(|name| {
            vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
        }))
    }

    #[test]
    fn defaults_and_tls_rules() {
        let settings = read(&[]).unwrap();
        assert_eq!(settings.max_watches, 4_096);
        assert!(settings.scripts_tls.is_none() && settings.scripts_endpoint.is_none());
        for (vars, blamed) in [
            (
                &[
                    ("AGENTBASE_SCRIPTS_TLS_CERT_FILE", "/c"),
                    ("AGENTBASE_SCRIPTS_TLS_KEY_FILE", "/k"),
                ][..],
                "AGENTBASE_SCRIPTS_TLS_CA_FILE",
            ),
            (
                &[
                    ("AGENTBASE_SCRIPTS_TLS_CA_FILE", "/ca"),
                    ("AGENTBASE_SCRIPTS_TLS_CERT_FILE", "/c"),
                ][..],
                "AGENTBASE_SCRIPTS_TLS_CERT_FILE",
            ),
            (&[("AGENTBASE_MAX_WATCHES", "0")][..], "AGENTBASE_MAX_WATCHES"),
        ] {
            assert_eq!(read(vars).unwrap_err().variable, blamed, "{vars:?}");
        }
    }
}
