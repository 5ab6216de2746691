//! A memory search in one statement per engine step: the window of matches
//! in the engine's order (most important first, then newest), ranked in the
//! database by relevance, then importance, then recency, and only the page
//! of best ones read whole (docs/ARCHITECTURE.md, "Memory search"). The
//! window reads three narrow columns of each match; the page joins the rest.
//!
//! - SQLite: one FTS5 statement. The rowid of a memory's row in
//!   `memory_search` is its importance rank times 2^48 plus its place in
//!   creation order (`search_seq`), so FTS5 hands matches over in the
//!   ranking's order, newest rowid first, and stops at the window: the cost
//!   is the index entries it steps over, never the memories that match.
//! - PostgreSQL: the scope's memories in the ranking's order (an index on
//!   `(user_id | session_id, importance_rank DESC, search_seq DESC)`), at
//!   most [`SCAN_BUDGET`] of them, each tested against the GIN-indexed
//!   `search_vector`; when they hold fewer matches than the window, the
//!   matches are few or far apart, and the GIN index finds all of them
//!   (cost: the matches) and the top of the window is sorted out of them.
//!   The GIN lookup asks for the query's tokens and the owner's (user,
//!   session), never for a token most memories carry (`#live`, a memory
//!   type): reading such a posting list costs 20–50 ms at a million
//!   memories, whatever the query; those filters are checked on the rows.

use sea_orm::{
    ConnectionTrait, DatabaseBackend, FromQueryResult,
    sea_query::{Alias, Condition, Expr, ExprTrait, Order, Query, SelectStatement},
};

use agentbase_platform::db::{placeholder, search_text_has};

use crate::{
    domain::memory::{MemoryFilter, SearchPlan, Term},
    entity::memory as memories,
    error::Error,
};

/// A memory of the page with its relevance.
pub(super) type Ranked = (memories::Model, i64);

/// A memory's place in creation order within an FTS5 rowid (the low 48 bits).
const SEQ_BITS: u32 = 48;

/// The most of a scope's memories (in the ranking's order) PostgreSQL tests
/// against the query before it asks the GIN index instead: 2 to 6 ms of
/// scanning at 0.25–0.8 µs a memory (warm, one at a time), so that a term
/// in more than one memory in 40 near the top never costs a GIN lookup of
/// all its matches, about 1 µs each (measured in docs/ARCHITECTURE.md,
/// "Memory search").
pub(super) const SCAN_BUDGET: u64 = 8_000;

/// The best `limit` of the first `plan.window` matches of `plan` that
/// `filter` admits, best first, with their relevance to `terms`.
pub(super) async fn ranked<C: ConnectionTrait>(
    db: &C,
    plan: &SearchPlan,
    filter: &MemoryFilter,
    terms: &[Term],
    limit: u64,
) -> Result<Vec<Ranked>, Error> {
    let backend = db.get_database_backend();
    let window = match backend {
        DatabaseBackend::Postgres => {
            let (page, found) = fetch(db, ranking(ordered_scan(plan, filter), terms, limit, backend)).await?;
            if found >= plan.window {
                return Ok(page);
            }
            gin_lookup(plan, filter)
        }
        _ => fts5_lookup(plan, filter),
    };
    Ok(fetch(db, ranking(window, terms, limit, backend)).await?.0)
}

/// The page a ranking statement reads, and how many matches its window held.
async fn fetch<C: ConnectionTrait>(db: &C, statement: SelectStatement) -> Result<(Vec<Ranked>, u64), Error> {
    let statement = db.get_database_backend().build(&statement);
    let mut found = 0;
    let mut page = Vec::new();
    for row in db.query_all_raw(statement).await? {
        let relevance: i64 = row.try_get("", "relevance")?;
        let window: i64 = row.try_get("", "found")?;
        found = u64::try_from(window).unwrap_or(0);
        page.push((memories::Model::from_query_result(&row, "")?, relevance));
    }
    Ok((page, found))
}

/// The columns ranking reads of a match: the window selects these alone.
fn window_columns(select: &mut SelectStatement) -> &mut SelectStatement {
    select.columns([
        (memories::Entity, memories::Column::Id),
        (memories::Entity, memories::Column::ImportanceRank),
        (memories::Entity, memories::Column::SearchText),
    ])
}

/// `window` ranked: relevance (in SQL, as `domain::memory::relevance`
/// counts it: the text with every space doubled, each term's needle's
/// non-overlapping occurrences), then importance, then the newer id; the
/// best `limit` joined to their whole rows. Every row also carries `found`,
/// the matches in the window.
fn ranking(window: SelectStatement, terms: &[Term], limit: u64, backend: DatabaseBackend) -> SelectStatement {
    let doubled = r#"replace("window"."search_text", ' ', '  ')"#;
    let counts: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(n, term)| {
            format!(
                "(length({doubled}) - length(replace({doubled}, {}, ''))) / {}",
                placeholder(backend, n + 1),
                term.needle.chars().count().max(1)
            )
        })
        .collect();
    let relevance = Expr::cust_with_values(
        format!(
            "CAST({} AS BIGINT)",
            if counts.is_empty() {
                "0".to_owned()
            } else {
                counts.join(" + ")
            }
        ),
        terms.iter().map(|term| term.needle.clone()),
    );
    let window_alias = Alias::new("window");
    let ranked_alias = Alias::new("ranked");
    let mut best = Query::select();
    best.column((window_alias.clone(), memories::Column::Id))
        .column((window_alias.clone(), memories::Column::ImportanceRank))
        .expr_as(relevance, Alias::new("relevance"))
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("found"))
        .from_subquery(window, window_alias.clone())
        .order_by_expr(Expr::cust(r#""relevance""#), Order::Desc)
        .order_by((window_alias.clone(), memories::Column::ImportanceRank), Order::Desc)
        .order_by((window_alias, memories::Column::Id), Order::Desc)
        .limit(limit);
    let mut page = Query::select();
    super::readable_columns(&mut page)
        .column((ranked_alias.clone(), Alias::new("relevance")))
        .column((ranked_alias.clone(), Alias::new("found")))
        .from_subquery(best, ranked_alias.clone())
        .inner_join(
            memories::Entity,
            Expr::col((memories::Entity, memories::Column::Id)).equals((ranked_alias.clone(), memories::Column::Id)),
        )
        .order_by((ranked_alias.clone(), Alias::new("relevance")), Order::Desc)
        .order_by((ranked_alias.clone(), memories::Column::ImportanceRank), Order::Desc)
        .order_by((ranked_alias, memories::Column::Id), Order::Desc);
    page
}

/// The memories holding every needle of `plan` that no token proves.
fn containing(plan: &SearchPlan, backend: DatabaseBackend) -> Condition {
    plan.must_contain.iter().fold(Condition::all(), |condition, needle| {
        condition.add(search_text_has(backend, "memories", needle))
    })
}

/// An FTS5 string: the token in double quotes (a token is letters and
/// digits, but a quote would be doubled).
fn fts5_string(token: &str) -> String {
    format!("\"{}\"", token.replace('"', "\"\""))
}

/// SQLite: `memory_search` in rowid order, joined to each match's memory.
fn fts5_lookup(plan: &SearchPlan, filter: &MemoryFilter) -> SelectStatement {
    // `live` is on almost every memory: an AND with it steps through its
    // doclist (3.5 ms instead of 0.3 ms for a rare word at a million
    // memories); superseded memories are few, and the filter drops them
    // from the rows.
    let scope: Vec<String> = plan.scope().map(fts5_string).collect();
    let keys: Vec<String> = plan.tokens.iter().map(|token| fts5_string(token)).collect();
    let mut query = format!("keys : ({})", keys.join(" AND "));
    if !scope.is_empty() {
        query = format!("scope : ({}) AND {query}", scope.join(" AND "));
    }
    let lowest = i64::from(filter.min_importance.map_or(0, |importance| importance.rank())) << SEQ_BITS;
    let mut select = Query::select();
    window_columns(&mut select)
        .from(Alias::new("memory_search"))
        // CROSS JOIN keeps `memory_search` the outer loop: its order is the
        // ranking's, and the window ends the scan.
        .cross_join(memories::Entity)
        .and_where(Expr::cust(format!(
            r#""memories"."search_seq" = ("memory_search"."rowid" & {})"#,
            (1_i64 << SEQ_BITS) - 1
        )))
        .and_where(Expr::cust_with_values(r#""memory_search" MATCH ?"#, [query]))
        .and_where(Expr::cust_with_values(r#""memory_search"."rowid" >= ?"#, [lowest]))
        .cond_where(super::filtered(filter))
        .cond_where(containing(plan, DatabaseBackend::Sqlite))
        .order_by_expr(Expr::cust(r#""memory_search"."rowid""#), Order::Desc)
        .limit(plan.window);
    select
}

/// A tsquery of every one of `lexemes` (quoted: a lexeme is never syntax).
fn tsquery(lexemes: impl IntoIterator<Item = String>) -> String {
    lexemes
        .into_iter()
        .map(|lexeme| format!("'{}'", lexeme.replace('\\', "\\\\").replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" & ")
}

fn matches_tsquery(query: String) -> Expr {
    Expr::cust_with_values(r#""memories"."search_vector" @@ CAST($1 AS tsquery)"#, [query])
}

/// PostgreSQL, first: the scope's first [`SCAN_BUDGET`] memories in the
/// ranking's order, and the matches among them.
fn ordered_scan(plan: &SearchPlan, filter: &MemoryFilter) -> SelectStatement {
    let mut scope = Query::select();
    // Named columns, never `*` (docs/ARCHITECTURE.md, "Request path"): what
    // the window and the filter read.
    window_columns(&mut scope)
        .columns([
            memories::Column::ExpiresAt,
            memories::Column::SessionId,
            memories::Column::UserId,
            memories::Column::MemoryType,
            memories::Column::SupersededBy,
            memories::Column::TenantId,
        ])
        .columns([
            (memories::Entity, Alias::new("search_seq")),
            (memories::Entity, Alias::new("search_vector")),
        ])
        .from(memories::Entity);
    // The tenant and the user (or else the session) lead the index the scan
    // reads; every other filter is checked on the rows it reads.
    scope.cond_where(agentbase_platform::tenant::confined::<memories::Entity>());
    if let Some(user_id) = &filter.user_id {
        scope.and_where(Expr::col((memories::Entity, memories::Column::UserId)).eq(user_id.as_str()));
    }
    if let Some(session_id) = filter.session_id {
        scope.and_where(Expr::col((memories::Entity, memories::Column::SessionId)).eq(session_id));
    }
    if let Some(memory_type) = &filter.memory_type {
        scope.and_where(Expr::col((memories::Entity, memories::Column::MemoryType)).eq(memory_type.as_str()));
    }
    if let Some(min) = filter.min_importance {
        scope.and_where(Expr::col((memories::Entity, memories::Column::ImportanceRank)).gte(min.rank()));
    }
    if !filter.include_superseded {
        scope.cond_where(super::not_superseded());
    }
    scope
        .order_by((memories::Entity, memories::Column::ImportanceRank), Order::Desc)
        .order_by((memories::Entity, Alias::new("search_seq")), Order::Desc)
        .limit(SCAN_BUDGET);
    let mut select = Query::select();
    window_columns(&mut select)
        .from_subquery(scope, memories::Entity)
        .and_where(matches_tsquery(tsquery(plan.tokens.iter().cloned())))
        .cond_where(super::filtered(filter))
        .cond_where(containing(plan, DatabaseBackend::Postgres))
        .order_by((memories::Entity, memories::Column::ImportanceRank), Order::Desc)
        .order_by((memories::Entity, Alias::new("search_seq")), Order::Desc)
        .limit(plan.window);
    select
}

/// PostgreSQL, when the scan found too few: every match from the GIN index
/// (the owner's tokens among the lexemes; the rest of the filter is checked
/// on the rows), sorted. The sort keys are expressions so that no index
/// order can stand in for the GIN lookup.
fn gin_lookup(plan: &SearchPlan, filter: &MemoryFilter) -> SelectStatement {
    let mut lexemes: Vec<String> = plan.tokens.clone();
    lexemes.extend(plan.owner.iter().map(|token| format!("#{token}")));
    let mut select = Query::select();
    window_columns(&mut select)
        .from(memories::Entity)
        .and_where(matches_tsquery(tsquery(lexemes)))
        .cond_where(super::filtered(filter))
        .cond_where(containing(plan, DatabaseBackend::Postgres))
        .order_by_expr(Expr::cust(r#""memories"."importance_rank" + 0"#), Order::Desc)
        .order_by_expr(Expr::cust(r#""memories"."search_seq" + 0"#), Order::Desc)
        .limit(plan.window);
    select
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_quoted_never_syntax() {
        assert_eq!(fts5_string("a\"b"), "\"a\"\"b\"");
        assert_eq!(tsquery(["it's".to_owned(), "a\\b".to_owned()]), "'it''s' & 'a\\\\b'");
    }
}
