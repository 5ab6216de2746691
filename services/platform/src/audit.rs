//! The audit trail every context keeps in its own `audit_events` table.
//!
//! The call layer knows who calls which method (principal, actor, request
//! id) and puts it in scope for the handler ([`within`]); a store appends
//! the event of a write in the write's own transaction ([`record`]), so a
//! committed change always has its event and a rolled-back one never does.
//! Refused writes are appended by the call layer after the refusal
//! ([`record_refusal`]). Background sweeps run outside any call and are not
//! events: they apply retention the operator configured and are logged.

use std::{sync::Arc, time::Duration};

use agentbase_proto::audit::v1 as proto;
use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait, InsertStatement, Order, Query},
};
use uuid::Uuid;

use crate::{
    error::{FieldViolation, RecordViolation as _},
    paging::{self, PageRequest},
};

/// The table each context's migrations create for its audit trail.
pub const TABLE: &str = "audit_events";

/// The columns of an event, in the order they are written and read.
const COLUMNS: [&str; 11] = [
    "id",
    "occurred_at",
    "principal",
    "actor",
    "method",
    "resource_type",
    "resource_id",
    "outcome",
    "reason",
    "request_id",
    "tenant_id",
];

/// The principal of calls made while authentication is off.
pub const ANONYMOUS: &str = "anonymous";

/// Who makes the current call, and what it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `package.Service/Method`.
    pub method: String,
    /// The authenticated caller, or [`ANONYMOUS`].
    pub principal: String,
    /// The end user the caller acts for, or empty.
    pub actor: String,
    /// The request's `request_id`, or empty.
    pub request_id: String,
    /// The kind of resource the method changes (e.g. `session`).
    pub resource_type: String,
    /// The tenant the call is confined to; its events belong to it.
    pub tenant: String,
}

/// Request fields that name the person a write is done for.
pub const ACTOR_FIELDS: [&str; 4] = ["author", "updated_by", "published_by", "deprecated_by"];

tokio::task_local! {
    static CALL: Arc<Call>;
}

/// Runs `future` (a handler) as part of `call`, so [`record`] can name it.
pub async fn within<F: std::future::Future>(call: Arc<Call>, future: F) -> F::Output {
    CALL.scope(call, future).await
}

/// The call being handled, if any: who makes it, for whom.
pub fn current() -> Option<Arc<Call>> {
    CALL.try_with(Arc::clone).ok()
}

/// Appends the event of the current call's successful write to `resource_id`,
/// on `db` (the write's transaction). Outside a call it does nothing.
pub async fn record(db: &impl ConnectionTrait, resource_id: impl ToString) -> Result<(), DbErr> {
    let Ok(call) = CALL.try_with(Arc::clone) else {
        return Ok(());
    };
    insert(db, &call, &resource_id.to_string(), "OK", "").await
}

/// The event of a bulk deletion: when, by whom, and its id to find it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The event's id.
    pub id: Uuid,
    /// When it was recorded.
    pub occurred_at: DateTime<Utc>,
    /// Who made the call.
    pub principal: String,
}

/// A new event's id, time-ordered: for a write that must name its event
/// before recording it ([`record_counts`]).
pub fn new_event_id() -> Uuid {
    id_at(crate::time::now())
}

/// Appends event `id` ([`new_event_id`]) of the current call's bulk deletion of `resource_id`
/// with how many of each kind it deleted (`counts`, never content), on `db`
/// (the deletion's transaction). Outside a call it records nothing and
/// answers `None`.
pub async fn record_counts(
    db: &impl ConnectionTrait,
    id: Uuid,
    resource_id: impl ToString,
    counts: &[(&str, u64)],
) -> Result<Option<Recorded>, DbErr> {
    let Ok(call) = CALL.try_with(Arc::clone) else {
        return Ok(None);
    };
    let now = crate::time::now();
    let mut values = event_values(&call, &resource_id.to_string(), "OK", "");
    values[0] = Expr::val(id);
    values[1] = Expr::val(now);
    let counts: serde_json::Map<String, serde_json::Value> = counts
        .iter()
        .map(|(kind, count)| ((*kind).to_owned(), serde_json::Value::from(*count)))
        .collect();
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns(COLUMNS.iter().chain(&["counts"]).map(|column| Alias::new(*column)))
        .values_panic(
            values
                .into_iter()
                .chain([Expr::val(serde_json::Value::Object(counts).to_string())]),
        )
        .to_owned();
    db.execute(&insert).await?;
    Ok(Some(Recorded {
        id,
        occurred_at: now,
        principal: call.principal.clone(),
    }))
}

/// The event `id` of `db`'s audit trail, if it is there.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<proto::AuditEvent>, DbErr> {
    let select = select_events()
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(crate::tenant::is_current(Alias::new("tenant_id")))
        .to_owned();
    let statement = db.get_database_backend().build(&select);
    Ok(Row::find_by_statement(statement).one(db).await?.map(to_proto))
}

/// The last step of an audited write: records its event for `resource_id`
/// in `txn`, then commits both.
pub async fn commit(txn: DatabaseTransaction, resource_id: impl ToString) -> Result<(), DbErr> {
    record(&txn, resource_id).await?;
    txn.commit().await
}

/// Records a refused write. Refusals of one principal, method, outcome and
/// reason within one minute share one event, stamped with the minute's
/// start, whose `count` says how many there were: a token that may do
/// nothing must not be able to fill the trail with its refusals. The first
/// refusal's resource and request id are the ones kept. A failure is logged,
/// never returned: the caller's answer is the refusal.
pub async fn record_refusal(db: &DatabaseConnection, call: &Call, resource_id: &str, outcome: &str, reason: &str) {
    let minute = minute_of(crate::time::now());
    let mut values = event_values(call, resource_id, outcome, reason);
    values[0] = Expr::val(refusal_id(minute, call, outcome, reason));
    values[1] = Expr::val(minute);
    let count = || Alias::new("count");
    let upsert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns(COLUMNS.map(Alias::new))
        .values_panic(values)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(Alias::new("id"))
                .value(count(), Expr::col((Alias::new(TABLE), count())).add(1))
                .to_owned(),
        )
        .to_owned();
    let upsert = async {
        // In the writers' turn like every write of this process: on SQLite a
        // write out of turn would break the snapshot of a transaction that
        // read before it wrote (SQLITE_BUSY_SNAPSHOT).
        let _turn = crate::db::write_turn(db).await;
        let write = crate::db::OneWrite::on(db).await?;
        write.execute(&upsert).await?;
        write.commit().await
    };
    // Recorded from the call layer, outside the handler: confined here to
    // the call's tenant, which the event belongs to (and, on PostgreSQL, the
    // connection must be set to for row-level security to admit it).
    let upsert = crate::tenant::within(call.tenant.clone(), upsert);
    match tokio::time::timeout(REFUSAL_WRITE_TIMEOUT, upsert).await {
        Ok(Ok(())) => {}
        Ok(Err(err)) => tracing::warn!(error = %err, method = %call.method, "recording a refused call failed"),
        Err(_) => tracing::warn!(method = %call.method, "recording a refused call timed out"),
    }
}

/// How long a refusal's event may take before it is given up (and logged).
const REFUSAL_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// The start of the minute of `time`.
fn minute_of(time: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = time.timestamp();
    DateTime::from_timestamp(seconds - seconds.rem_euclid(60), 0).unwrap_or(time)
}

/// The one event id of a refusal kind in `minute`: a UUIDv7 of the
/// minute's start (so it sorts and filters by time like every event id)
/// whose other bits are a digest of who was refused what, and why.
fn refusal_id(minute: DateTime<Utc>, call: &Call, outcome: &str, reason: &str) -> Uuid {
    let digest = crate::digest::Parts::of(&[&call.tenant, &call.principal, &call.method, outcome, reason]).finish();
    let mut bytes = *first_id_at(minute).as_bytes();
    bytes[6..].copy_from_slice(&digest[..10]);
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    Uuid::from_bytes(bytes)
}

async fn insert(
    db: &impl ConnectionTrait,
    call: &Call,
    resource_id: &str,
    outcome: &str,
    reason: &str,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table(Alias::new(TABLE))
        .columns(COLUMNS.map(Alias::new))
        .values_panic(event_values(call, resource_id, outcome, reason))
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

/// The current call's event for `resource_id` as `INSERT … SELECT … FROM
/// source`: a data-modifying CTE of a larger statement that records the
/// event only if `source` (a CTE of that statement naming the write) yields
/// its one row, so a write that is a single statement still commits with its
/// event. `None` outside a call.
pub fn insert_when(source: &str, resource_id: impl ToString) -> Option<InsertStatement> {
    let call = CALL.try_with(Arc::clone).ok()?;
    let values = event_values(&call, &resource_id.to_string(), "OK", "");
    let select = Query::select().exprs(values).from(Alias::new(source)).to_owned();
    Some(
        Query::insert()
            .into_table(Alias::new(TABLE))
            .columns(COLUMNS.map(Alias::new))
            .select_from(select)
            .ok()?
            .to_owned(),
    )
}

/// An event's values, in the order of [`COLUMNS`].
fn event_values(call: &Call, resource_id: &str, outcome: &str, reason: &str) -> [Expr; 11] {
    let now = crate::time::now();
    [
        Expr::val(id_at(now)),
        Expr::val(now),
        Expr::val(clip(&call.principal, 1024)),
        Expr::val(clip(&call.actor, 1024)),
        Expr::val(clip(&call.method, 256)),
        Expr::val(call.resource_type.as_str()),
        Expr::val(clip(resource_id, 1024)),
        Expr::val(outcome),
        Expr::val(clip(reason, 128)),
        Expr::val(clip(&call.request_id, 1024)),
        Expr::val(call.tenant.as_str()),
    ]
}

/// The id of an event at `time`: a UUIDv7 of that millisecond, so ids sort
/// by time and time filters are ranges of the primary key.
fn id_at(time: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(time.timestamp_millis()).unwrap_or_default();
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        millis / 1000,
        (millis % 1000) as u32 * 1_000_000,
    ))
}

/// The smallest event id of the millisecond of `time`.
fn first_id_at(time: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(time.timestamp_millis()).unwrap_or_default();
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    Uuid::from_bytes(bytes)
}

fn clip(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

#[derive(FromQueryResult)]
struct Row {
    id: Uuid,
    occurred_at: DateTime<Utc>,
    principal: String,
    actor: String,
    method: String,
    resource_type: String,
    resource_id: String,
    outcome: String,
    reason: String,
    request_id: String,
    count: i64,
    counts: Option<String>,
}

/// A checked `ListAuditEventsRequest`.
#[derive(Debug, Clone)]
pub struct AuditQuery {
    page: PageRequest<Uuid>,
    filters: [(&'static str, String); 4],
    after: Option<DateTime<Utc>>,
    before: Option<DateTime<Utc>>,
}

impl AuditQuery {
    /// Checks the page size, time bounds and page token of `request`.
    pub fn parse(request: &proto::ListAuditEventsRequest) -> Result<Self, Vec<FieldViolation>> {
        let mut violations = Vec::new();
        let after = timestamp("occurred_after", request.occurred_after.as_ref()).or_record(&mut violations);
        let before = timestamp("occurred_before", request.occurred_before.as_ref()).or_record(&mut violations);
        let bounds = format!("{:?}|{:?}", request.occurred_after, request.occurred_before);
        let fingerprint = paging::fingerprint(&[
            &request.resource_type,
            &request.resource_id,
            &request.principal,
            &request.method,
            &bounds,
        ]);
        let page = PageRequest::parse(request.page_size, &request.page_token, fingerprint).or_record(&mut violations);
        match (page, after, before) {
            (Some(page), Some(after), Some(before)) if violations.is_empty() => Ok(Self {
                page,
                filters: [
                    ("resource_type", request.resource_type.clone()),
                    ("resource_id", request.resource_id.clone()),
                    ("principal", request.principal.clone()),
                    ("method", request.method.clone()),
                ],
                after,
                before,
            }),
            _ => Err(violations),
        }
    }
}

/// One page of `db`'s audit trail, newest first, in one statement.
pub async fn list(db: &impl ConnectionTrait, query: &AuditQuery) -> Result<proto::ListAuditEventsResponse, DbErr> {
    let mut select = select_events()
        .and_where(crate::tenant::is_current(Alias::new("tenant_id")))
        .order_by(Alias::new("id"), Order::Desc)
        .limit(query.page.limit + 1)
        .to_owned();
    for (column, value) in &query.filters {
        if !value.is_empty() {
            select.and_where(Expr::col(Alias::new(*column)).eq(value.as_str()));
        }
    }
    if let Some(after) = query.after {
        select.and_where(Expr::col(Alias::new("id")).gte(first_id_at(after)));
    }
    if let Some(before) = query.before {
        select.and_where(Expr::col(Alias::new("id")).lt(first_id_at(before)));
    }
    if let Some(cursor) = query.page.after {
        select.and_where(Expr::col(Alias::new("id")).lt(cursor));
    }
    let statement = db.get_database_backend().build(&select);
    let mut rows = Row::find_by_statement(statement).all(db).await?;
    let next = paging::trim_page(&mut rows, query.page.limit, |row| row.id);
    Ok(proto::ListAuditEventsResponse {
        events: rows.into_iter().map(to_proto).collect(),
        next_page_token: query.page.next_token(next),
    })
}

/// `SELECT` of every column a [`Row`] reads, from the trail.
fn select_events() -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .columns(COLUMNS.map(Alias::new))
        .columns([Alias::new("count"), Alias::new("counts")])
        .from(Alias::new(TABLE))
        .to_owned()
}

fn timestamp(field: &str, raw: Option<&prost_types::Timestamp>) -> Result<Option<DateTime<Utc>>, FieldViolation> {
    // Events are from 1970 on (their ids are UUIDv7): an earlier bound is
    // valid and bounds nothing before, everything after.
    raw.map(|t| crate::time::from_timestamp(field, t)).transpose()
}

fn to_proto(row: Row) -> proto::AuditEvent {
    proto::AuditEvent {
        id: row.id.to_string(),
        occurred_at: Some(crate::time::to_timestamp(row.occurred_at)),
        principal: row.principal,
        actor: row.actor,
        method: row.method,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        outcome: row.outcome,
        reason: row.reason,
        request_id: row.request_id,
        count: row.count,
        // Written by `record_counts` only, as an object of counts.
        counts: row
            .counts
            .and_then(|counts| serde_json::from_str(&counts).ok())
            .unwrap_or_default(),
    }
}

/// Deletes events older than `retention`, every `interval`, for as long as the process runs.
pub fn spawn_retention_sweep(
    context: &'static str,
    db: DatabaseConnection,
    retention: Duration,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            match delete_every_tenants_older_than(&db, retention).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(context, count, "deleted audit events past their retention"),
                Err(err) => tracing::warn!(context, error = %err, "deleting old audit events failed"),
            }
        }
    })
}

/// Deletes every tenant's events older than `retention`, one tenant at a time; how many.
async fn delete_every_tenants_older_than(db: &DatabaseConnection, retention: Duration) -> Result<u64, DbErr> {
    let deleted = crate::tenant::in_each(db, || delete_older_than(db, retention)).await?;
    Ok(deleted.into_iter().sum())
}

/// Deletes the running tenant's events older than `retention`; how many.
pub async fn delete_older_than(db: &DatabaseConnection, retention: Duration) -> Result<u64, DbErr> {
    let cutoff = crate::time::now() - chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
    let delete = Query::delete()
        .from_table(Alias::new(TABLE))
        .and_where(crate::tenant::is_current(Alias::new("tenant_id")))
        .and_where(Expr::col(Alias::new("id")).lt(first_id_at(cutoff)))
        .to_owned();
    let _turn = crate::db::write_turn(db).await;
    let write = crate::db::OneWrite::on(db).await?;
    let deleted = write.execute(&delete).await?.rows_affected();
    write.commit().await?;
    Ok(deleted)
}

/// The id of the resource a request names: its `<resource_type>_id` field,
/// else its `id` field; a release label is named by what it belongs to, its
/// project or script. Empty when none is set, as in a create: a session's
/// create names the script it runs, which is not the session.
pub fn resource_id_of(request: &prost_reflect::DynamicMessage, resource_type: &str) -> String {
    let own = first_text(request, &[&format!("{resource_type}_id"), "id"]);
    if own.is_empty() && resource_type == "label" {
        return first_text(request, &["project_id", "script_id"]);
    }
    own
}

/// The end user a request names in its actor fields, if any.
pub fn actor_of(request: &prost_reflect::DynamicMessage) -> String {
    first_text(request, &ACTOR_FIELDS)
}

/// The request's `request_id`, if it carries one.
pub fn request_id_of(request: &prost_reflect::DynamicMessage) -> String {
    first_text(request, &["request_id"])
}

/// The first of the string fields `names` that `request` sets, or empty.
fn first_text(request: &prost_reflect::DynamicMessage, names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|name| request.get_field_by_name(name))
        .find_map(|value| value.as_str().filter(|text| !text.is_empty()).map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_sort_by_time_and_bounds_fall_before_them() {
        let t = DateTime::from_timestamp(1_780_000_000, 123_000_000).unwrap();
        let id = id_at(t);
        assert_eq!(id.get_version_num(), 7);
        assert!(first_id_at(t) <= id);
        assert!(id < first_id_at(t + chrono::Duration::milliseconds(1)));
        assert!(id_at(t - chrono::Duration::milliseconds(1)) < first_id_at(t));
    }
}
