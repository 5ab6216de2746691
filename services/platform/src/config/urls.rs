//! The PostgreSQL URLs of the configuration: one kind (database, LISTEN,
//! read replica) for every context or per context, each checked at start-up
//! without ever reporting the URL or its password.

use std::collections::HashMap;

use super::{ConfigError, Env};

/// PostgreSQL URLs of one kind: `AGENTBASE_<KIND>` for every context and
/// `AGENTBASE_<CONTEXT>_<KIND>` for one.
#[derive(Debug, Clone, Default)]
pub struct ContextUrls {
    /// The URL every context uses unless it has its own.
    pub shared: Option<String>,
    /// Each context's own, keyed by lower-case context name.
    pub by_context: HashMap<String, String>,
}

impl ContextUrls {
    pub(super) fn read(env: &Env<'_>, contexts: &[&str], kind: &str) -> Result<Self, ConfigError> {
        let shared_variable = format!("AGENTBASE_{kind}");
        let shared = env
            .get(&shared_variable)
            .map(|url| check_database_url(&shared_variable, url))
            .transpose()?;
        let mut by_context = HashMap::new();
        for context in contexts {
            let variable = format!("AGENTBASE_{}_{kind}", context.to_uppercase());
            if let Some(url) = env.get(&variable) {
                by_context.insert((*context).to_owned(), check_database_url(&variable, url)?);
            }
        }
        Ok(Self { shared, by_context })
    }

    /// The URL of `context`: its own, else the shared one.
    pub fn for_context(&self, context: &str) -> Option<&String> {
        self.by_context.get(context).or(self.shared.as_ref())
    }
}

/// The query parameters the driver reads; `target_session_attrs` it
/// ignores, and with one host the health probe does its work.
const KNOWN_PARAMETERS: [&str; 19] = [
    "sslmode",
    "ssl-mode",
    "sslrootcert",
    "ssl-root-cert",
    "ssl-ca",
    "sslcert",
    "ssl-cert",
    "sslkey",
    "ssl-key",
    "statement-cache-capacity",
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "application_name",
    "options",
    "target_session_attrs",
];

/// Where a URL of several hosts must point instead (docs/OPERATIONS.md, "Failover").
const ONE_HOST_ROUTES: &str = "give one host that always reaches the primary: a virtual IP, a Kubernetes \
Service over Patroni's leader endpoint, or HAProxy with Patroni's /primary health check (docs/OPERATIONS.md, \
\"Failover\")";

/// A PostgreSQL URL the driver can use, checked at start-up; neither the
/// URL nor its password is ever part of the problem reported.
fn check_database_url(variable: &str, url: String) -> Result<String, ConfigError> {
    let refuse = |problem: String| ConfigError {
        variable: variable.into(),
        problem,
    };
    let Some((_, rest)) = url
        .split_once("://")
        .filter(|(scheme, _)| matches!(*scheme, "postgres" | "postgresql"))
    else {
        return Err(refuse(
            "must be a postgres:// URL (leave it unset for embedded SQLite)".into(),
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let (userinfo, hosts) = authority.rsplit_once('@').unwrap_or(("", authority));
    if userinfo.contains('@') {
        return Err(refuse(
            "holds an @ in its user or password: percent-encode it (%40)".into(),
        ));
    }
    let parameters: Vec<(&str, &str)> = rest
        .split_once('?')
        .map(|(_, query)| query.split('#').next().unwrap_or_default())
        .into_iter()
        .flat_map(|query| query.split('&'))
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    // The driver logs the value of a parameter it does not know, which may
    // be a secret (or, after an unencoded `?` in a password, the rest of
    // the URL): such a URL is refused, naming no part of it.
    if parameters.iter().any(|(key, _)| !KNOWN_PARAMETERS.contains(key)) {
        return Err(refuse(format!(
            "has a parameter the driver does not know (known: {})",
            KNOWN_PARAMETERS.join(", ")
        )));
    }
    let several_hosts = hosts.contains(',')
        || parameters
            .iter()
            .any(|(key, value)| matches!(*key, "host" | "hostaddr") && value.contains(','));
    if several_hosts {
        return Err(refuse(format!(
            "names several hosts, which is not supported: {ONE_HOST_ROUTES}"
        )));
    }
    match url.parse::<sea_orm::sqlx::postgres::PgConnectOptions>() {
        Ok(_) => Ok(url),
        Err(err) => Err(refuse(format!(
            "cannot be parsed ({})",
            crate::failure::without_credentials(&err.to_string())
        ))),
    }
}
