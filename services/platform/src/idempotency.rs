//! Request-id idempotency (AIP-155) backed by each context's `request_ids` table.
//!
//! A create that carries a `request_id` records `(operation, request_id) →
//! resource id` in the same transaction that creates the resource. A retry
//! finds the record and returns the first result; a concurrent duplicate loses
//! on the primary key and then finds the winner's record. The table lives in
//! the context's own schema, so the guarantee survives restarts.

use sea_orm::{
    ConnectionTrait, DbErr, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use crate::error::FieldViolation;

/// The table every context's first migration creates for request ids.
pub const TABLE: &str = "request_ids";

/// Parses an optional `request_id` field: empty means none, otherwise a UUID.
pub fn parse_request_id(raw: &str) -> Result<Option<Uuid>, FieldViolation> {
    if raw.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(raw)
        .map(Some)
        .map_err(|_| FieldViolation::new("request_id", "must be a UUID"))
}

/// What a previous call with the same request id produced.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct RecordedRequest {
    /// The id of the resource the first call created.
    pub resource_id: Uuid,
    /// The fingerprint of the first call's request, to detect a reused id.
    pub fingerprint: String,
}

/// Looks up a previous call of `operation` with `request_id`.
pub async fn lookup(
    db: &impl ConnectionTrait,
    operation: &str,
    request_id: Uuid,
) -> Result<Option<RecordedRequest>, DbErr> {
    let query = Query::select()
        .columns([Alias::new("resource_id"), Alias::new("fingerprint")])
        .from(Alias::new(TABLE))
        .and_where(Expr::col(Alias::new("operation")).eq(operation))
        .and_where(Expr::col(Alias::new("request_id")).eq(request_id))
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    RecordedRequest::find_by_statement(statement).one(db).await
}

/// Records that `request_id` of `operation` created `resource_id`.
///
/// Returns `false` when another call recorded the same id first (a concurrent
/// retry); the caller then rolls back and returns that call's result.
pub async fn remember(
    db: &impl ConnectionTrait,
    operation: &str,
    request_id: Uuid,
    fingerprint: &str,
    resource_id: Uuid,
) -> Result<bool, DbErr> {
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns([
            Alias::new("operation"),
            Alias::new("request_id"),
            Alias::new("fingerprint"),
            Alias::new("resource_id"),
            Alias::new("created_at"),
        ])
        .values_panic([
            operation.into(),
            request_id.into(),
            fingerprint.into(),
            resource_id.into(),
            chrono::Utc::now().into(),
        ])
        .on_conflict(
            OnConflict::columns([Alias::new("operation"), Alias::new("request_id")])
                .do_nothing()
                .to_owned(),
        )
        .to_owned();
    let result = db.execute(&insert).await?;
    Ok(result.rows_affected() == 1)
}
