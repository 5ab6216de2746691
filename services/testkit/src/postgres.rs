//! Finding PostgreSQL for tests (README.md, "Test it").
//!
//! `TEST_DATABASE_URL` wins when set, but only for a local host and a database
//! whose name contains `test`, so a mistyped variable can never point the
//! suite at a shared server. Otherwise a throwaway cluster is started from the
//! local `initdb`/`pg_ctl` in a temporary directory, shared by every test
//! process of this user (guarded by a file lock) and reused across runs. When
//! neither is possible the suite fails with what to install: it never skips.

use std::{
    fs::{self, File},
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

use sea_orm::{ConnectionTrait, Database};

/// The server the suite uses: a maintenance URL, plus how to build a URL for another database.
#[derive(Debug, Clone)]
pub struct PgServer {
    /// `postgres://user@host:port` without a database.
    base: String,
    /// The database used to create and drop test databases.
    maintenance_db: String,
    /// Query string to keep (e.g. `?sslmode=disable`), with its `?`.
    query: String,
}

impl PgServer {
    /// The URL of `database` on this server.
    pub fn url(&self, database: &str) -> String {
        format!("{}/{}{}", self.base, database, self.query)
    }

    /// The URL of `database` with a password in it, and that password: the
    /// one to look for in logs, which must never hold it. A server that trusts
    /// local connections ignores a password it was not asked for; a URL of
    /// `TEST_DATABASE_URL` that has one keeps it.
    pub fn url_with_password(&self, database: &str) -> (String, String) {
        let url = self.url(database);
        let Some((scheme, rest)) = url.split_once("://") else {
            return (url, String::new());
        };
        match rest.split_once('@') {
            Some((user, _)) if user.contains(':') => {
                let password = user.split_once(':').map(|(_, p)| p.to_owned()).unwrap_or_default();
                (url, password)
            }
            Some((user, host)) => {
                let password = format!("pw-{}", uuid::Uuid::now_v7().simple());
                (format!("{scheme}://{user}:{password}@{host}"), password)
            }
            None => (url, String::new()),
        }
    }

    /// The URL of the server reached through `host:port` instead (for proxies).
    pub fn url_via(&self, database: &str, host_port: &str) -> String {
        let (scheme_user, _) = self.base.rsplit_once('@').map_or((None, ""), |(a, b)| (Some(a), b));
        match scheme_user {
            Some(prefix) => format!("{prefix}@{host_port}/{database}{}", self.query),
            None => format!("postgres://{host_port}/{database}{}", self.query),
        }
    }

    /// The user the suite connects as, and its password if the URL has one.
    pub(crate) fn credentials(&self) -> (String, Option<String>) {
        let rest = self
            .base
            .trim_start_matches("postgres://")
            .trim_start_matches("postgresql://");
        match rest.rsplit_once('@') {
            Some((userinfo, _)) => match userinfo.split_once(':') {
                Some((user, password)) => (user.to_owned(), Some(password.to_owned())),
                None => (userinfo.to_owned(), None),
            },
            None => ("postgres".to_owned(), None),
        }
    }

    /// The `host:port` the server listens on.
    pub fn host_port(&self) -> String {
        self.base.rsplit_once('@').map_or_else(
            || {
                self.base
                    .trim_start_matches("postgres://")
                    .trim_start_matches("postgresql://")
                    .to_owned()
            },
            |(_, hp)| hp.to_owned(),
        )
    }

    /// Creates an empty database and returns its name.
    pub async fn create_database(&self) -> String {
        let name = format!("agentbase_test_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(self.url(&self.maintenance_db))
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL at {}: {e}", self.base));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create a test database: {e}"));
        admin.close().await.ok();
        name
    }

    /// Drops a test database, disconnecting whoever still uses it.
    pub async fn drop_database(&self, name: &str) {
        if let Ok(admin) = Database::connect(self.url(&self.maintenance_db)).await {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
            admin.close().await.ok();
        }
    }
}

/// The PostgreSQL server of this test process, found or started once.
pub fn server() -> &'static PgServer {
    static SERVER: OnceLock<PgServer> = OnceLock::new();
    SERVER.get_or_init(|| match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => from_test_database_url(&url).unwrap_or_else(|problem| panic!("{problem}")),
        _ => start_throwaway_cluster().unwrap_or_else(|problem| panic!("{problem}")),
    })
}

/// Parses and guards `TEST_DATABASE_URL`.
pub fn from_test_database_url(url: &str) -> Result<PgServer, String> {
    let refuse = |why: &str| Err(format!("TEST_DATABASE_URL is refused: {why} (got {url})"));
    let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    else {
        return refuse("it must be a postgres:// URL");
    };
    let (authority_path, query) = rest
        .split_once('?')
        .map_or((rest, String::new()), |(a, q)| (a, format!("?{q}")));
    let Some((authority, database)) = authority_path.split_once('/') else {
        return refuse("it must name a database");
    };
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default().to_owned()
    };
    if !matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]" | "") {
        return refuse("its host must be local (localhost, 127.0.0.1 or [::1])");
    }
    if !database.contains("test") {
        return refuse("its database name must contain `test`");
    }
    Ok(PgServer {
        base: format!("postgres://{authority}"),
        maintenance_db: database.to_owned(),
        query,
    })
}

const INSTALL_HINT: &str = "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under \
/usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: `apt-get install postgresql`; macOS: \
`brew install postgresql`) or set TEST_DATABASE_URL=postgres://USER@localhost:PORT/SOME_test_DB";

/// The directory of the PostgreSQL server tools (`initdb`, `pg_ctl`, `postgres`), if installed.
pub fn find_bin_dir() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                // Where the tools really are: a PATH of symlinks to some of
                // them (initdb, pg_ctl) lacks the others (pg_basebackup).
                return fs::canonicalize(dir.join("pg_ctl"))
                    .ok()
                    .and_then(|real| real.parent().map(Path::to_path_buf))
                    .or(Some(dir));
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether this process runs as root (PostgreSQL tools then run as `postgres`).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root (initdb refuses root).
fn pg_command(bin_dir: &Path, tool: &str, as_postgres: bool) -> Command {
    let program = bin_dir.join(tool);
    if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(mut command: Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("{what}: cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Creates a cluster in `data`: superuser `postgres`, trust auth, UTF-8.
fn initdb(bin_dir: &Path, as_postgres: bool, data: &Path, what: &str) -> Result<(), String> {
    let mut initdb = pg_command(bin_dir, "initdb", as_postgres);
    initdb.arg("-D").arg(data).args([
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    ]);
    run(initdb, &format!("initdb of {what}"))
}

fn start_throwaway_cluster() -> Result<PgServer, String> {
    let bin_dir = find_bin_dir().ok_or_else(|| INSTALL_HINT.to_owned())?;
    let as_postgres = is_root();
    let uid_tag = if as_postgres {
        "root".to_owned()
    } else {
        std::env::var("USER").unwrap_or_else(|_| "user".into())
    };
    let root = std::env::temp_dir().join(format!("agentbase-test-pg-{uid_tag}"));
    fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let lock = File::create(root.join("lock")).map_err(|e| format!("cannot create the cluster lock: {e}"))?;
    lock.lock().map_err(|e| format!("cannot lock the test cluster: {e}"))?;

    let data = root.join("data");
    let port_file = root.join("port");
    if as_postgres {
        run(
            {
                let mut c = Command::new("chown");
                c.arg("postgres:postgres").arg(&root);
                c
            },
            "chown of the test cluster directory",
        )?;
    }

    let running = |port: u16| {
        let mut status = pg_command(&bin_dir, "pg_ctl", as_postgres);
        status.arg("status").arg("-D").arg(&data);
        status.output().is_ok_and(|o| o.status.success()) && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    };
    let recorded_port = fs::read_to_string(&port_file)
        .ok()
        .and_then(|p| p.trim().parse::<u16>().ok());
    if let Some(port) = recorded_port.filter(|port| running(*port)) {
        return Ok(local_server(port));
    }

    let mut attempt = 0;
    loop {
        attempt += 1;
        if !data.join("PG_VERSION").is_file() {
            let _ = fs::remove_dir_all(&data);
            initdb(&bin_dir, as_postgres, &data, "the throwaway test cluster")?;
        }
        let port = crate::free_port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB",
            root.display()
        );
        let mut start = pg_command(&bin_dir, "pg_ctl", as_postgres);
        start
            .arg("start")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(root.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options]);
        match run(start, "starting the throwaway test cluster") {
            Ok(()) => {
                fs::write(&port_file, port.to_string()).map_err(|e| format!("cannot record the port: {e}"))?;
                let server = local_server(port);
                drop_leftover_databases(&server);
                return Ok(server);
            }
            Err(problem) if attempt >= 2 => return Err(problem),
            Err(_) => {
                // A stale or broken data directory: start over from initdb once.
                let mut stop = pg_command(&bin_dir, "pg_ctl", as_postgres);
                stop.arg("stop").arg("-D").arg(&data).args(["-m", "immediate"]);
                let _ = stop.output();
                let _ = fs::remove_dir_all(&data);
            }
        }
    }
}

/// A cluster of one test's own, which it may stop and restart (the shared
/// cluster must never be). Commits are durable across a process crash
/// (`synchronous_commit=on`), as in production; it is removed when dropped.
pub struct PrivateCluster {
    bin_dir: PathBuf,
    as_postgres: bool,
    root: PathBuf,
    port: u16,
}

impl PrivateCluster {
    /// Creates and starts a cluster in a fresh temporary directory.
    pub fn start() -> Result<Self, String> {
        let bin_dir = find_bin_dir().ok_or_else(|| INSTALL_HINT.to_owned())?;
        let cluster = Self::empty_root(&bin_dir, is_root())?;
        initdb(
            &bin_dir,
            cluster.as_postgres,
            &cluster.root.join("data"),
            "a private cluster",
        )?;
        cluster.pg_ctl(&["start"])?;
        Ok(cluster)
    }

    /// The server's log file (`log_statement` output lands here).
    pub fn log_path(&self) -> PathBuf {
        self.root.join("server.log")
    }

    /// The process id of the server's postmaster (its backends are its children).
    pub fn postmaster_pid(&self) -> Option<u32> {
        fs::read_to_string(self.root.join("data").join("postmaster.pid"))
            .ok()?
            .lines()
            .next()?
            .trim()
            .parse()
            .ok()
    }

    /// The port the server listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of the cluster's `postgres` database, with a password that
    /// trust authentication ignores and no log line may show (`secrets`).
    pub fn url(&self) -> String {
        let password = format!("pw-{}", self.port);
        crate::secrets::register(&password);
        format!("postgres://postgres:{password}@127.0.0.1:{}/postgres", self.port)
    }

    /// Restarts the server; `mode` is `fast` (clean) or `immediate` (crash, recovery on start).
    pub fn restart(&self, mode: &str) -> Result<(), String> {
        self.pg_ctl(&["restart", "-m", mode])
    }

    /// Stops the server (`fast` or `immediate`).
    pub fn stop(&self, mode: &str) -> Result<(), String> {
        self.pg_ctl(&["stop", "-m", mode])
    }

    /// Starts the stopped server again on the same port.
    pub fn start_again(&self) -> Result<(), String> {
        self.pg_ctl(&["start"])
    }

    /// A new cluster and a hot standby of it (see [`Self::start_standby`]).
    pub fn start_with_standby() -> Result<(Self, Self), String> {
        let primary = Self::start()?;
        let standby = primary.start_standby()?;
        Ok((primary, standby))
    }

    /// A hot standby of this cluster, streaming its WAL asynchronously: a
    /// base backup (`pg_basebackup -R`) started on a port of its own.
    pub fn start_standby(&self) -> Result<Self, String> {
        let standby = Self::empty_root(&self.bin_dir, self.as_postgres)?;
        let mut backup = pg_command(&self.bin_dir, "pg_basebackup", self.as_postgres);
        backup
            .arg("-D")
            .arg(standby.root.join("data"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres"])
            .args(["-X", "stream", "-R", "--no-sync", "-c", "fast"]);
        run(backup, "pg_basebackup of a standby")?;
        standby.pg_ctl(&["start"])?;
        Ok(standby)
    }

    /// Appends `setting` (`name = 'value'`) to the server's configuration and
    /// reloads it.
    pub fn configure(&self, setting: &str) -> Result<(), String> {
        let auto_conf = self.root.join("data").join("postgresql.auto.conf");
        let mut text = fs::read_to_string(&auto_conf).unwrap_or_default();
        text.push_str(&format!("\n{setting}\n"));
        fs::write(&auto_conf, text).map_err(|e| format!("postgresql.auto.conf: {e}"))?;
        self.pg_ctl(&["reload"])
    }

    /// Promotes this standby to a primary and waits until it accepts writes.
    pub fn promote(&self) -> Result<(), String> {
        self.pg_ctl(&["promote"])
    }

    /// Starts this stopped primary again as a standby of `primary` (the one
    /// promoted in its place): a demoted primary. Stopped cleanly (`fast`)
    /// before the promotion, it follows the new timeline without a rewind.
    pub fn start_as_standby_of(&self, primary: &Self) -> Result<(), String> {
        let data = self.root.join("data");
        let conninfo = format!(
            "\nprimary_conninfo = 'host=127.0.0.1 port={} user=postgres'\nrecovery_target_timeline = 'latest'\n",
            primary.port
        );
        let mut auto_conf = fs::read_to_string(data.join("postgresql.auto.conf")).unwrap_or_default();
        auto_conf.push_str(&conninfo);
        fs::write(data.join("postgresql.auto.conf"), auto_conf).map_err(|e| format!("postgresql.auto.conf: {e}"))?;
        fs::write(data.join("standby.signal"), "").map_err(|e| format!("standby.signal: {e}"))?;
        if self.as_postgres {
            let mut chown = Command::new("chown");
            chown.arg("-R").arg("postgres:postgres").arg(&data);
            run(chown, "chown of the demoted primary")?;
        }
        self.start_again()
    }

    fn empty_root(bin_dir: &Path, as_postgres: bool) -> Result<Self, String> {
        let root = std::env::temp_dir().join(format!("agentbase-private-pg-{}", uuid::Uuid::now_v7().simple()));
        fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
        if as_postgres {
            let mut chown = Command::new("chown");
            chown.arg("postgres:postgres").arg(&root);
            run(chown, "chown of the private cluster directory")?;
        }
        Ok(Self {
            bin_dir: bin_dir.to_owned(),
            as_postgres,
            root,
            port: crate::free_port(),
        })
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let mut command = pg_command(&self.bin_dir, "pg_ctl", self.as_postgres);
        command
            .args(args)
            .arg("-D")
            .arg(self.root.join("data"))
            .args(["-w", "-t", "60"]);
        if args.first().is_some_and(|a| matches!(*a, "start" | "restart")) {
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                self.port,
                self.root.display()
            );
            command
                .arg("-l")
                .arg(self.root.join("server.log"))
                .args(["-o", &options]);
        }
        run(command, &format!("pg_ctl {}", args.join(" ")))
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = self.stop("immediate");
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn local_server(port: u16) -> PgServer {
    PgServer {
        base: format!("postgres://postgres@127.0.0.1:{port}"),
        maintenance_db: "postgres".into(),
        query: String::new(),
    }
}

/// Databases left by earlier runs; safe to drop only while no test can be using
/// them, which holds when this process has just started the cluster.
fn drop_leftover_databases(server: &PgServer) {
    let server = server.clone();
    let cleanup = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        runtime.block_on(async {
            let Ok(admin) = Database::connect(server.url(&server.maintenance_db)).await else {
                return;
            };
            let Ok(rows) = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'agentbase\\_test\\_%'",
                ))
                .await
            else {
                return;
            };
            for row in rows {
                if let Ok(name) = row.try_get::<String>("", "datname") {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                }
            }
            admin.close().await.ok();
        });
    });
    let _ = cleanup.join();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_database_url_is_guarded() {
        assert!(from_test_database_url("postgres://u@localhost:5432/app_test").is_ok());
        assert!(from_test_database_url("postgres://127.0.0.1/test").is_ok());
        assert!(from_test_database_url("postgres://u@db.prod:5432/app_test").is_err());
        assert!(from_test_database_url("postgres://u@localhost:5432/app").is_err());
        assert!(from_test_database_url("mysql://localhost/test").is_err());
        let server = from_test_database_url("postgres://u:p@localhost:5432/test?sslmode=disable").unwrap();
        assert_eq!(server.url("x"), "postgres://u:p@localhost:5432/x?sslmode=disable");
        assert_eq!(
            server.url_via("x", "127.0.0.1:9"),
            "postgres://u:p@127.0.0.1:9/x?sslmode=disable"
        );
        assert_eq!(server.host_port(), "localhost:5432");
    }
}
