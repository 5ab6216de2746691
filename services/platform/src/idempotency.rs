//! Request-id idempotency (AIP-155) backed by each context's `request_ids` table.
//!
//! A create that carries a `request_id` records `(tenant, operation,
//! request_id) → resource id` in the same transaction that creates the resource. A retry
//! finds the record and returns the first result; a concurrent duplicate loses
//! on the primary key and then finds the winner's record. The table lives in
//! the context's own schema, so the guarantee survives restarts.

use std::future::Future;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult,
    sea_query::{Alias, Expr, ExprTrait, OnConflict, Query},
};
use uuid::Uuid;

use crate::error::FieldViolation;

/// The table every context's first migration creates for request ids.
pub const TABLE: &str = "request_ids";

/// The operation a request id is recorded under: for an end user's call
/// (`crate::tenant::end_user`) the operation and the user, so that users of
/// one tenant neither see nor take each other's request ids.
fn scoped(operation: &str) -> String {
    match crate::tenant::end_user() {
        Some(user) => format!("{operation}\u{1f}{user}"),
        None => operation.to_owned(),
    }
}

/// Parses an optional `request_id` field: empty means none, otherwise a UUID.
pub fn parse_request_id(raw: &str) -> Result<Option<Uuid>, FieldViolation> {
    if raw.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(raw)
        .map(Some)
        .map_err(|_| FieldViolation::new("request_id", "must be a UUID"))
}

/// A caller's request id with the fingerprint of the request it came with:
/// a retry carries both unchanged, a reused id a different fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    /// Chosen by the caller, once per logical request.
    pub id: Uuid,
    /// [`crate::digest::fingerprint`] of the request's content.
    pub fingerprint: String,
}

impl RequestKey {
    /// The key of a request that carried `id` (if it did), fingerprinted over `parts`.
    pub fn of(id: Option<Uuid>, parts: &[&str]) -> Option<Self> {
        id.map(|id| Self {
            id,
            fingerprint: crate::digest::fingerprint(parts),
        })
    }
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
        .and_where(Expr::col(Alias::new("operation")).eq(scoped(operation)))
        .and_where(Expr::col(Alias::new("request_id")).eq(request_id))
        .and_where(crate::tenant::is_current(Alias::new("tenant_id")))
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    RecordedRequest::find_by_statement(statement).one(db).await
}

/// What an earlier call of `operation` with the same request id wrote: the id
/// of the resource it recorded, if there was such a call. A request id reused
/// for another request is an error. For writes that are not creates; the
/// caller records its own with [`remember`] in the write's transaction.
pub async fn replayed<E: CreateErrors>(
    db: &impl ConnectionTrait,
    operation: &str,
    key: &RequestKey,
) -> Result<Option<Uuid>, E> {
    match lookup(db, operation, key.id).await? {
        Some(recorded) if recorded.fingerprint != key.fingerprint => Err(E::request_id_reused()),
        recorded => Ok(recorded.map(|recorded| recorded.resource_id)),
    }
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
            Alias::new("tenant_id"),
        ])
        .values_panic([
            scoped(operation).into(),
            request_id.into(),
            fingerprint.into(),
            resource_id.into(),
            chrono::Utc::now().into(),
            crate::tenant::current().into(),
        ])
        .on_conflict(
            OnConflict::columns([
                Alias::new("tenant_id"),
                Alias::new("operation"),
                Alias::new("request_id"),
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    let result = db.execute(&insert).await?;
    Ok(result.rows_affected() == 1)
}

/// The errors a context's create can fail with beyond the database's own,
/// so [`create_once`] can build them.
pub trait CreateErrors: From<DbErr> {
    /// The request id was first used for a different request.
    fn request_id_reused() -> Self;
    /// A request id is recorded, but the resource it names is gone or unreadable.
    fn recorded_without_resource(operation: &str) -> Self;
}

/// A create made at most once per request id: `operation` (e.g.
/// `CreateScript`) names it, `request` is the caller's key when it sent one.
#[derive(Debug, Clone, Copy)]
pub struct Once<'a> {
    /// Recorded with the request id: one id may serve one create of each kind.
    pub operation: &'static str,
    /// None when the caller sent no request id: then every call creates.
    pub request: Option<&'a RequestKey>,
}

impl Once<'_> {
    /// What an earlier call with the same request id created (read with
    /// `read` by its id), if there was one; a request id reused for another
    /// request is an error.
    pub async fn replay<T, E, R, RF>(&self, db: &impl ConnectionTrait, read: R) -> Result<Option<T>, E>
    where
        E: CreateErrors,
        R: FnOnce(Uuid) -> RF,
        RF: Future<Output = Result<T, E>>,
    {
        let Some(request) = self.request else {
            return Ok(None);
        };
        match replayed::<E>(db, self.operation, request).await? {
            Some(resource_id) => read(resource_id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Runs `create` for the resource `id` in one transaction that also
    /// records the request id, and answers what `create` read back inside
    /// it: nothing is re-read after the commit. `create` gets the
    /// transaction and hands it back with its result. A concurrent call with
    /// the same request id that committed first wins; its resource is
    /// answered (read with `read`).
    pub async fn create<T, E, R, RF, C, CF>(
        &self,
        db: &DatabaseConnection,
        id: Uuid,
        read: R,
        create: C,
    ) -> Result<T, E>
    where
        E: CreateErrors,
        R: FnOnce(Uuid) -> RF,
        RF: Future<Output = Result<T, E>>,
        C: FnOnce(DatabaseTransaction) -> CF,
        CF: Future<Output = Result<(DatabaseTransaction, T), E>>,
    {
        let _turn = crate::db::write_turn(db).await;
        let txn = crate::db::begin(db).await?;
        if let Some(request) = self.request
            && !remember(&txn, self.operation, request.id, &request.fingerprint, id).await?
        {
            txn.rollback().await?;
            return self
                .replay(db, read)
                .await?
                .ok_or_else(|| E::recorded_without_resource(self.operation));
        }
        let (txn, created) = create(txn).await?;
        txn.commit().await?;
        Ok(created)
    }

    /// [`Once::replay`], else [`Once::create`].
    pub async fn replay_or_create<T, E, R, RF, C, CF>(
        &self,
        db: &DatabaseConnection,
        id: Uuid,
        read: R,
        create: C,
    ) -> Result<T, E>
    where
        E: CreateErrors,
        R: Fn(Uuid) -> RF,
        RF: Future<Output = Result<T, E>>,
        C: FnOnce(DatabaseTransaction) -> CF,
        CF: Future<Output = Result<(DatabaseTransaction, T), E>>,
    {
        if let Some(earlier) = self.replay(db, &read).await? {
            return Ok(earlier);
        }
        self.create(db, id, read, create).await
    }
}
