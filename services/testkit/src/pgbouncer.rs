//! PgBouncer in transaction mode in front of the suite's PostgreSQL
//! (`Backend::Pooled`; docs/OPERATIONS.md, "Transaction pooling").
//!
//! The binary is `AGENTBASE_PGBOUNCER`, else `target/tools/pgbouncer/bin/pgbouncer`
//! (what `.ci/install-pgbouncer` builds from Debian's source package), else
//! `pgbouncer` on the PATH; it must be 1.21 or later, which tracks named
//! prepared statements (`max_prepared_statements`). Like the PostgreSQL
//! cluster, one PgBouncer per user is started on first use and reused by
//! every test process and run (guarded by a file lock). When none can be
//! found the suite fails with what to run: it never skips.

use std::{
    fs::{self, File},
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

/// Server connections PgBouncer opens to PostgreSQL, for every client together.
pub const SERVER_CONNECTIONS: u32 = 20;

const INSTALL_HINT: &str = "PgBouncer 1.21 or later is needed for the tests through a transaction pooler: \
run `bash .ci/install-pgbouncer` (builds Debian's pgbouncer 1.24.1 source package into target/tools/pgbouncer), \
or set AGENTBASE_PGBOUNCER to a pgbouncer binary";

/// The running PgBouncer.
#[derive(Debug, Clone)]
pub struct Bouncer {
    port: u16,
    admin_user: String,
}

impl Bouncer {
    /// The URL of `database` through PgBouncer, with the test server's user.
    pub fn url(&self, database: &str) -> String {
        let server = crate::postgres::server();
        server.url_via(database, &format!("127.0.0.1:{}", self.port))
    }

    /// PgBouncer's port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of PgBouncer's admin console (`SHOW POOLS`, …).
    pub fn admin_url(&self) -> String {
        format!("postgres://{}@127.0.0.1:{}/pgbouncer", self.admin_user, self.port)
    }
}

/// The suite's PgBouncer, found or started once per test process.
pub fn bouncer() -> &'static Bouncer {
    static BOUNCER: OnceLock<Bouncer> = OnceLock::new();
    BOUNCER.get_or_init(|| start().unwrap_or_else(|problem| panic!("{problem}")))
}

/// The PgBouncer binary, if one of 1.21 or later is found.
pub fn binary() -> Option<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = [
        std::env::var_os("AGENTBASE_PGBOUNCER").map(PathBuf::from),
        Some(workspace.join("target/tools/pgbouncer/bin/pgbouncer")),
        Some(PathBuf::from("pgbouncer")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|candidate| version_of(candidate).is_some_and(|(major, minor)| (major, minor) >= (1, 21)))
}

/// `pgbouncer --version`'s first line: "PgBouncer 1.24.1".
fn version_of(binary: &Path) -> Option<(u32, u32)> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let version = text.lines().next()?.strip_prefix("PgBouncer ")?;
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn start() -> Result<Bouncer, String> {
    let binary = binary().ok_or_else(|| INSTALL_HINT.to_owned())?;
    let server = crate::postgres::server();
    let (user, password) = server.credentials();
    let uid_tag = if crate::postgres::is_root() {
        "root".to_owned()
    } else {
        std::env::var("USER").unwrap_or_else(|_| "user".into())
    };
    let root = std::env::temp_dir().join(format!("agentbase-test-pgbouncer-{uid_tag}"));
    fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let lock = File::create(root.join("lock")).map_err(|e| format!("cannot create the PgBouncer lock: {e}"))?;
    lock.lock()
        .map_err(|e| format!("cannot lock the test PgBouncer: {e}"))?;

    let upstream = server.host_port();
    let recorded = fs::read_to_string(root.join("state")).ok();
    if let Some((port, recorded_upstream)) = recorded.as_deref().and_then(|state| state.trim().split_once(' '))
        && recorded_upstream == upstream
        && let Ok(port) = port.parse::<u16>()
        && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    {
        return Ok(Bouncer { port, admin_user: user });
    }
    // A PgBouncer of an earlier run for another upstream, or one that died.
    if let Ok(pid) = fs::read_to_string(root.join("pgbouncer.pid")) {
        let _ = Command::new("kill").arg(pid.trim()).status();
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let port = launch(&binary, &root, &upstream, &user, password.as_deref())?;
    fs::write(root.join("state"), format!("{port} {upstream}")).map_err(|e| format!("state: {e}"))?;
    Ok(Bouncer { port, admin_user: user })
}

/// A PgBouncer of its own in front of `upstream` (`host:port`, trusting
/// `user`), stopped when dropped: for the capacity bench.
pub struct PrivateBouncer {
    root: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl PrivateBouncer {
    /// Starts one in a fresh temporary directory.
    pub fn start(upstream: &str, user: &str) -> Result<Self, String> {
        let binary = binary().ok_or_else(|| INSTALL_HINT.to_owned())?;
        let root = std::env::temp_dir().join(format!("agentbase-pgbouncer-{}", uuid::Uuid::now_v7().simple()));
        fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
        let port = launch(&binary, &root, upstream, user, None)?;
        Ok(Self { root, port })
    }

    /// Its process id.
    pub fn pid(&self) -> Option<u32> {
        fs::read_to_string(self.root.join("pgbouncer.pid"))
            .ok()?
            .trim()
            .parse()
            .ok()
    }
}

impl Drop for PrivateBouncer {
    fn drop(&mut self) {
        if let Some(pid) = self.pid() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// Writes a transaction-mode configuration for `upstream` into `root`,
/// starts PgBouncer as a daemon and waits until it listens; its port.
fn launch(binary: &Path, root: &Path, upstream: &str, user: &str, password: Option<&str>) -> Result<u16, String> {
    let (upstream_host, upstream_port) = upstream.rsplit_once(':').unwrap_or((upstream, "5432"));
    let as_postgres = crate::postgres::is_root();
    let port = crate::free_port();
    let users = format!("\"{user}\" \"{}\"\n", password.unwrap_or_default());
    fs::write(root.join("users.txt"), users).map_err(|e| format!("users.txt: {e}"))?;
    let config = format!(
        "[databases]\n\
         * = host={upstream_host} port={upstream_port}\n\
         [pgbouncer]\n\
         listen_addr = 127.0.0.1\n\
         listen_port = {port}\n\
         unix_socket_dir =\n\
         auth_type = trust\n\
         auth_file = {root}/users.txt\n\
         admin_users = {user}\n\
         pool_mode = transaction\n\
         max_prepared_statements = 500\n\
         default_pool_size = {SERVER_CONNECTIONS}\n\
         max_db_connections = {SERVER_CONNECTIONS}\n\
         max_client_conn = 2000\n\
         server_lifetime = 3600\n\
         logfile = {root}/pgbouncer.log\n\
         pidfile = {root}/pgbouncer.pid\n",
        root = root.display()
    );
    let ini = root.join("pgbouncer.ini");
    fs::write(&ini, config).map_err(|e| format!("pgbouncer.ini: {e}"))?;
    // PgBouncer refuses to run as root.
    let mut command = if as_postgres {
        let mut chown = Command::new("chown");
        chown.arg("-R").arg("postgres:postgres").arg(root);
        chown.status().map_err(|e| format!("chown: {e}"))?;
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(binary);
        command
    } else {
        Command::new(binary)
    };
    let output = command
        .arg("-d")
        .arg(&ini)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "PgBouncer did not start ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr),
            fs::read_to_string(root.join("pgbouncer.log")).unwrap_or_default()
        ));
    }
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Err(format!(
        "PgBouncer did not listen on {port}: {}",
        fs::read_to_string(root.join("pgbouncer.log")).unwrap_or_default()
    ))
}
