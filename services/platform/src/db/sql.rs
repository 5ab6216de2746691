//! SQL text the stores build by hand where sea-query has no expression for
//! it: per-backend placeholders, text search conditions, JSON array
//! membership, quoting, LIKE escapes, and statements rendered once.

use std::sync::OnceLock;

use sea_orm::{DbBackend, sea_query::Expr};

/// The placeholder of the `position`th (from 1) bound value of one custom
/// SQL expression: `$position` on PostgreSQL, `?` (values in order) on SQLite.
pub fn placeholder(backend: DbBackend, position: usize) -> String {
    if backend == DbBackend::Postgres {
        format!("${position}")
    } else {
        "?".to_owned()
    }
}

/// `"<table>"."search_text"` contains `text` literally: LIKE wildcards are
/// escaped and the value is bound, so user input is never pattern syntax.
/// Callers store `search_text` case-folded and fold `text` the same way.
pub fn search_text_contains(backend: DbBackend, table: &str, text: &str) -> Expr {
    Expr::cust_with_values(
        format!(r#""{table}"."search_text" LIKE {} ESCAPE '\'"#, placeholder(backend, 1)),
        [format!("%{}%", escape_like(text))],
    )
}

/// `table.search_text` contains `text` literally, as a function the planner
/// cannot estimate: for a check applied to candidates that an index order
/// already yields, where [`search_text_contains`]'s LIKE of a rare-looking
/// pattern would lead PostgreSQL to scan the table for it instead.
pub fn search_text_has(backend: DbBackend, table: &str, text: &str) -> Expr {
    let function = match backend {
        DbBackend::Postgres => "strpos",
        _ => "instr",
    };
    Expr::cust_with_values(
        format!(
            r#"{function}("{table}"."search_text", {}) > 0"#,
            placeholder(backend, 1)
        ),
        [text.to_owned()],
    )
}

/// Quotes a PostgreSQL identifier.
pub fn quote_ident(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Whether the JSON array in `table`.`column` holds the string `value`,
/// tested natively per backend (`@>` on PostgreSQL's jsonb, `json_each` on
/// SQLite). `table` and `column` are identifiers of the code, never input.
pub fn json_array_contains(backend: DbBackend, table: &str, column: &str, value: &str) -> Expr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            format!(r#""{table}"."{column}" @> jsonb_build_array(CAST($1 AS text))"#),
            [value.to_owned()],
        ),
        _ => Expr::cust_with_values(
            format!(r#"EXISTS (SELECT 1 FROM json_each("{table}"."{column}") AS t WHERE t.value = ?)"#),
            [value.to_owned()],
        ),
    }
}

/// Escapes LIKE wildcards so user text matches literally (with `ESCAPE '\'`).
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The text of a statement whose shape never changes, rendered by sea-query
/// once per backend; each call binds its own values to it. On the hottest
/// reads, building the query tree and rendering it again on every call cost
/// about as much of the server's CPU as decoding the rows (docs/ARCHITECTURE.md).
#[derive(Debug, Default)]
pub struct StatementText {
    postgres: OnceLock<String>,
    sqlite: OnceLock<String>,
}

impl StatementText {
    /// An empty cache, for a `static`.
    pub const fn new() -> Self {
        Self {
            postgres: OnceLock::new(),
            sqlite: OnceLock::new(),
        }
    }

    /// The statement `build` renders for `backend`, with `values` bound in
    /// place of the ones it was rendered with. `values` must be the values
    /// `build` binds, in its order; the first render checks that it is.
    pub fn bind(
        &self,
        backend: DbBackend,
        values: Vec<sea_orm::Value>,
        build: impl FnOnce() -> sea_orm::Statement,
    ) -> sea_orm::Statement {
        // An end user's statement carries the user's condition besides the
        // tenant's: built for it, never kept (`crate::tenant::confined`).
        if crate::tenant::end_user().is_some() {
            return build();
        }
        let cache = match backend {
            DbBackend::Postgres => &self.postgres,
            _ => &self.sqlite,
        };
        if let Some(sql) = cache.get() {
            return sea_orm::Statement::from_sql_and_values(backend, sql.clone(), values);
        }
        let built = build();
        let rendered_with = built.values.as_ref().map_or(&[][..], |v| v.0.as_slice());
        debug_assert_eq!(
            rendered_with,
            values.as_slice(),
            "the values bound are not the statement's"
        );
        // A statement whose values differ from the caller's is not of a fixed
        // shape: it is used as built and its text is not kept.
        if rendered_with == values.as_slice() {
            let _ = cache.set(built.sql.clone());
        }
        built
    }
}
