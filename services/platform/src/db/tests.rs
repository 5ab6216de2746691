//! Tests of `db`.

use super::*;

#[test]
fn like_wildcards_are_escaped() {
    assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
}
#[test]
fn connections_opened_before_an_outage_mark_are_stale() {
    let outages = OutageMark::default();
    assert!(!outages.predates(Duration::from_secs(3600)), "no outage yet");
    std::thread::sleep(Duration::from_millis(20));
    outages.mark();
    assert!(outages.predates(Duration::from_millis(10)), "opened before the mark");
    std::thread::sleep(Duration::from_millis(20));
    assert!(!outages.predates(Duration::from_millis(5)), "opened after the mark");
}

#[test]
fn statement_text_is_rendered_once_per_backend_and_binds_each_calls_values() {
    use sea_orm::{
        Statement, Value,
        sea_query::{ExprTrait, Query},
    };
    let text = StatementText::new();
    let renders = std::cell::Cell::new(0);
    let select = |backend: DbBackend, id: i64| {
        renders.set(renders.get() + 1);
        let query = Query::select()
            .column("name")
            .from("things")
            .and_where(Expr::col("id").eq(id))
            .to_owned();
        backend.build(&query)
    };
    let first = text.bind(DbBackend::Postgres, vec![Value::from(1i64)], || {
        select(DbBackend::Postgres, 1)
    });
    let second = text.bind(DbBackend::Postgres, vec![Value::from(2i64)], || {
        select(DbBackend::Postgres, 2)
    });
    let on_sqlite = text.bind(DbBackend::Sqlite, vec![Value::from(3i64)], || {
        select(DbBackend::Sqlite, 3)
    });
    assert_eq!(renders.get(), 2, "once per backend");
    assert_eq!(second.sql, first.sql);
    assert_eq!(
        second,
        Statement::from_sql_and_values(DbBackend::Postgres, first.sql.clone(), [2i64.into()])
    );
    assert_eq!(on_sqlite, select(DbBackend::Sqlite, 3));
}
