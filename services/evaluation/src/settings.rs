//! The evaluation context's own settings, read from the environment at start
//! (the platform's configuration knows nothing of them).

use std::time::Duration;

use agentbase_platform::config::{ConfigError, Env};

/// How the evaluation context runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `AGENTBASE_LEASE_SWEEP_INTERVAL_MS`: how often expired task leases are
    /// taken back when no claim does it first (claims take back their run's
    /// expired leases themselves).
    pub lease_sweep_interval: Duration,
}

impl Settings {
    /// Reads the settings through `env`.
    pub fn read(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            lease_sweep_interval: env.millis("AGENTBASE_LEASE_SWEEP_INTERVAL_MS", 30_000, 100, 86_400_000)?,
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
    fn the_sweep_interval_has_a_default_and_bounds() {
        assert_eq!(read(&[]).unwrap().lease_sweep_interval, Duration::from_secs(30));
        let error = read(&[("AGENTBASE_LEASE_SWEEP_INTERVAL_MS", "5")]).unwrap_err();
        assert_eq!(error.variable, "AGENTBASE_LEASE_SWEEP_INTERVAL_MS");
    }
}
