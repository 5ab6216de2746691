//! The sessions context's own settings, read from the environment at start
//! (the platform's configuration knows nothing of them).

use std::{path::PathBuf, time::Duration};

use agentbase_platform::{
    config::{ConfigError, Env},
    tls::ClientTls,
};

use crate::domain::Retention;

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
    /// `AGENTBASE_SESSION_RETENTION`: how long sessions are kept after they
    /// complete or fail, unless their caller set an expiry (`30d`, `12h`,
    /// `45m`, `90s`; unset or `off`: for ever).
    pub session_retention: Option<Retention>,
    /// `AGENTBASE_SESSION_SWEEP_INTERVAL_MS`: how often expired sessions are deleted.
    pub session_sweep_interval: Duration,
    /// `AGENTBASE_SEARCH_CONCURRENCY`: memory searches run at once in this
    /// process (unset: half the pool's connections, at least one), so that
    /// searches never take the connections writes and reads need.
    pub search_concurrency: Option<usize>,
    /// `AGENTBASE_SEARCH_PER_USER`: memory searches of one user (or, without
    /// a user, of every unscoped search together) run at once (unset: half
    /// the search places, at least one, so one user's fleet runs searches
    /// side by side and still leaves the other half to other users).
    pub search_per_user: Option<usize>,
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
            session_retention: retention(env)?,
            session_sweep_interval: env.millis("AGENTBASE_SESSION_SWEEP_INTERVAL_MS", 60_000, 100, 86_400_000)?,
            search_concurrency: env
                .optional_number("AGENTBASE_SEARCH_CONCURRENCY", 1, 1000)?
                .map(|n| n as usize),
            search_per_user: env
                .optional_number("AGENTBASE_SEARCH_PER_USER", 1, 1000)?
                .map(|n| n as usize),
        })
    }
}

const RETENTION: &str = "AGENTBASE_SESSION_RETENTION";

/// A retention of a whole number of days, hours, minutes or seconds, from a
/// minute to a hundred years.
fn retention(env: &Env<'_>) -> Result<Option<Retention>, ConfigError> {
    let Some(raw) = env
        .get(RETENTION)
        .filter(|raw| !raw.trim().is_empty() && raw.trim() != "off")
    else {
        return Ok(None);
    };
    let invalid = || ConfigError {
        variable: RETENTION.into(),
        problem: format!("`{raw}` is not a duration such as 30d, 12h, 45m or 90s, from 1m to 36500d, or off"),
    };
    let raw = raw.trim();
    let (number, unit) = raw.split_at(raw.len() - raw.chars().last().map_or(0, char::len_utf8));
    let seconds = match unit {
        "d" => 86_400,
        "h" => 3_600,
        "m" => 60,
        "s" => 1,
        _ => return Err(invalid()),
    };
    let keep = number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(seconds))
        .filter(|keep| (60..=36_500 * 86_400).contains(keep))
        .ok_or_else(invalid)?;
    Ok(Some(Retention(Duration::from_secs(keep))))
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
        assert_eq!(settings.session_retention, None);
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
            (&[(RETENTION, "30")][..], RETENTION),
            (&[(RETENTION, "30s")][..], RETENTION),
            (&[(RETENTION, "-1d")][..], RETENTION),
            (&[(RETENTION, "1w")][..], RETENTION),
            (&[(RETENTION, "99999999999999999d")][..], RETENTION),
        ] {
            assert_eq!(read(vars).unwrap_err().variable, blamed, "{vars:?}");
        }
    }
}

#[cfg(test)]
mod retention_tests {
    use super::*;

    #[test]
    fn retention_is_a_duration_or_off() {
        let read = |raw: &str| {
            Settings::read(&Env::new(|name| (name == RETENTION).then(|| raw.to_owned())))
                .unwrap()
                .session_retention
        };
        assert_eq!(read("30d"), Some(Retention(Duration::from_secs(30 * 86_400))));
        assert_eq!(read("12h"), Some(Retention(Duration::from_secs(12 * 3_600))));
        assert_eq!(read("90s"), Some(Retention(Duration::from_secs(90))));
        assert_eq!(read("off"), None);
        assert_eq!(read(""), None);
    }
}
