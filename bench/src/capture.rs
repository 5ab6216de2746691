//! The PostgreSQL side of a comparison: the statements one call of a
//! workload sent, read back from the server's log (`log_statement = all`
//! for the length of that one call), replayed by pgbench.

use std::{path::Path, process::Command, time::Duration};

use sea_orm::{ConnectionTrait, Database};

use crate::load::Call;

/// Makes one call with statement logging on and returns what the server ran,
/// parameters in place, in order.
pub async fn statements_of(call: &Call, admin_url: &str, log: &Path) -> Result<Vec<String>, String> {
    let admin = Database::connect(admin_url).await.map_err(|e| e.to_string())?;
    let set = |sql: &'static str| {
        let admin = admin.clone();
        async move { admin.execute_unprepared(sql).await.map_err(|e| e.to_string()) }
    };
    set("ALTER SYSTEM SET log_statement = 'all'").await?;
    set("SELECT pg_reload_conf()").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let from = std::fs::metadata(log).map(|m| m.len()).unwrap_or(0);
    call(0)
        .await
        .map_err(|status| format!("the captured call failed: {status:?}"))?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    set("ALTER SYSTEM RESET log_statement").await?;
    set("SELECT pg_reload_conf()").await?;
    admin.close().await.ok();
    let text = std::fs::read(log).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(text.get(from as usize..).unwrap_or_default()).into_owned();
    Ok(parse_log(&text))
}

/// Statements in a PostgreSQL log excerpt (default `log_line_prefix`), each
/// with its `DETAIL: parameters` substituted; bookkeeping statements of the
/// bench itself and the server's probes are left out.
pub fn parse_log(text: &str) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(continued) = line.strip_prefix('\t') {
            if let Some(sql) = current.as_mut() {
                sql.push(' ');
                sql.push_str(continued.trim());
            }
            continue;
        }
        if let Some(parameters) = line.split_once("DETAIL:  parameters: ").map(|(_, p)| p) {
            if let Some(sql) = current.as_mut() {
                *sql = substitute(sql, &parse_parameters(parameters));
            }
            continue;
        }
        let logged = line
            .split_once("LOG:  execute ")
            .and_then(|(_, rest)| rest.split_once(": ").map(|(_, sql)| sql))
            .or_else(|| line.split_once("LOG:  statement: ").map(|(_, sql)| sql));
        if let Some(sql) = logged {
            statements.extend(current.take());
            current = Some(sql.trim().to_owned());
        }
    }
    statements.extend(current);
    statements.retain(|sql| {
        let sql = sql.trim();
        !sql.is_empty()
            && !sql.contains("pg_namespace")
            && !sql.contains("pg_reload_conf")
            && !sql.contains("ALTER SYSTEM")
    });
    statements
}

/// `$1 = 'a', $2 = NULL, …` as SQL literals in order.
fn parse_parameters(text: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once(" = ") {
        if let Some(quoted) = after.strip_prefix('\'') {
            let mut literal = String::from("'");
            let mut chars = quoted.char_indices().peekable();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, next)| *next == '\'') {
                        chars.next();
                        literal.push_str("''");
                        continue;
                    }
                    end = i + 1;
                    break;
                }
                literal.push(c);
            }
            literal.push('\'');
            values.push(literal);
            rest = quoted.get(end..).unwrap_or_default();
        } else {
            let value = after.split(", $").next().unwrap_or(after);
            values.push(value.trim().to_owned());
            rest = after.get(value.len()..).unwrap_or_default();
        }
    }
    values
}

/// `sql` with `$n` replaced by the n-th literal (highest n first, so `$1` never eats `$10`).
fn substitute(sql: &str, values: &[String]) -> String {
    let mut sql = sql.to_owned();
    for (i, value) in values.iter().enumerate().rev() {
        sql = sql.replace(&format!("${}", i + 1), value);
    }
    sql
}

/// pgbench's transactions per second running `statements` as one
/// transaction script (`-M prepared`), `clients` at once for `seconds`.
pub fn pgbench(
    statements: &[String],
    database: &str,
    schema: &str,
    port: u16,
    clients: usize,
    seconds: u64,
    dir: &Path,
) -> Result<f64, String> {
    let script = dir.join(format!("pgbench-{}.sql", uuid::Uuid::now_v7().simple()));
    let body: String = statements
        .iter()
        .map(|sql| format!("{};\n", sql.trim_end_matches(';')))
        .collect();
    std::fs::write(&script, body).map_err(|e| e.to_string())?;
    let output = Command::new("pgbench")
        .args(["-n", "-M", "prepared", "-h", "127.0.0.1", "-U", "postgres"])
        .args(["-p", &port.to_string(), "-c", &clients.to_string()])
        .args(["-j", "2", "-T", &seconds.to_string(), "-f"])
        .arg(&script)
        .arg(database)
        // The session settings of the service's own connections (platform::db).
        .env("PGOPTIONS", format!("-c search_path={schema} -c jit=off"))
        .output()
        .map_err(|e| format!("cannot run pgbench (install postgresql-contrib / postgresql-client): {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
        .ok_or_else(|| {
            format!(
                "pgbench gave no tps: {}{}",
                stdout,
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_come_back_with_their_parameters() {
        let log = "2026-11-29 10:00:00.000 UTC [42] LOG:  statement: BEGIN\n\
2026-11-29 10:00:00.001 UTC [42] LOG:  execute sqlx_s_1: SELECT \"id\" FROM \"sessions\"\n\
\tWHERE \"id\" = $1 AND n = $2\n\
2026-11-29 10:00:00.001 UTC [42] DETAIL:  parameters: $1 = 'it''s', $2 = NULL\n\
2026-11-29 10:00:00.002 UTC [7] LOG:  execute <unnamed>: SELECT 1 FROM pg_namespace WHERE nspname = $1\n\
2026-11-29 10:00:00.003 UTC [42] LOG:  statement: COMMIT\n";
        assert_eq!(
            parse_log(log),
            [
                "BEGIN",
                "SELECT \"id\" FROM \"sessions\" WHERE \"id\" = 'it''s' AND n = NULL",
                "COMMIT"
            ]
        );
        assert_eq!(
            substitute("$1 $10", &(1..=10).map(|n| n.to_string()).collect::<Vec<_>>()),
            "1 10"
        );
    }
}
