//! Whose data a call may see: every row of every context belongs to one
//! tenant, and every call is confined to the tenant of its credential.
//!
//! The tenant comes from the caller's credential, never from a request: the
//! token's tenant claim (`AGENTBASE_JWT_TENANT_CLAIM`, default `tenant`), a
//! client certificate's SPIFFE path (`…/tenant/<name>/…`, [`of_certificate`]),
//! or [`DEFAULT`] when neither names one (and with `AGENTBASE_AUTH=none`).
//! The call layer runs each handler [`within`] its tenant; stores read it
//! with [`current`] and name it in every statement ([`is_current`]); on
//! PostgreSQL the connection a statement runs on carries it as well
//! (`agentbase.tenant`), which the row-level security policies compare every
//! row with (docs/SECURITY.md).
//!
//! Outside a call (a sweep) there is no tenant until one is set: every
//! filter then matches nothing, so work that forgets its tenant reads and
//! changes nothing rather than everything.

use std::sync::Arc;

use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef, IntoIden};

/// The tenant of rows that existed before tenants did, and of every call
/// whose credential names none.
pub const DEFAULT: &str = "default";

/// The metadata by which a call acts within another tenant than its
/// credential's: honoured for a caller granted [`ADMIN_SCOPE`], and for a
/// call this process makes to itself on behalf of one of its calls (a
/// session's creation asking ScriptService for its script); refused with
/// PERMISSION_DENIED otherwise.
pub const HEADER: &str = "agentbase-tenant";

/// The scope of an end user's token: the calls of the sessions context that
/// need `sessions.read` or `sessions.write`, confined to the sessions,
/// messages, variables and memories of the user the token's `sub` names.
pub const OWN_SCOPE: &str = "sessions.own";

/// The scope of the platform's administrators, who may act within any
/// tenant ([`HEADER`]); their calls are audited under the tenant they act in.
pub const ADMIN_SCOPE: &str = "platform.admin";

/// The longest tenant name.
pub const MAX_LEN: usize = 64;

/// What a call is confined to: its tenant and, for an end user's token
/// ([`OWN_SCOPE`]), that user's own rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confinement {
    /// The tenant.
    pub tenant: Arc<str>,
    /// The end user whose sessions and memories alone the call may see.
    pub end_user: Option<Arc<str>>,
}

tokio::task_local! {
    static CONFINEMENT: Arc<Confinement>;
}

/// Runs `future` confined to `tenant`.
pub async fn within<F: std::future::Future>(tenant: impl Into<Arc<str>>, future: F) -> F::Output {
    within_confinement(
        Confinement {
            tenant: tenant.into(),
            end_user: None,
        },
        future,
    )
    .await
}

/// Runs `future` confined as `confinement` says.
pub async fn within_confinement<F: std::future::Future>(confinement: Confinement, future: F) -> F::Output {
    CONFINEMENT.scope(Arc::new(confinement), future).await
}

/// What the running call is confined to, or `None` outside a call.
pub fn confinement() -> Option<Arc<Confinement>> {
    CONFINEMENT.try_with(Arc::clone).ok()
}

/// The end user the running call is confined to, if its token is one's.
pub fn end_user() -> Option<Arc<str>> {
    confinement().and_then(|confinement| confinement.end_user.clone())
}

/// Spawns `future` confined to the running call's tenant (a task does not
/// inherit it): for the work a call leaves running, such as a watch.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match confinement() {
        Some(confinement) => tokio::spawn(CONFINEMENT.scope(confinement, future)),
        None => tokio::spawn(future),
    }
}

/// The tenant of the running call, or `None` outside one.
pub fn try_current() -> Option<Arc<str>> {
    confinement().map(|confinement| confinement.tenant.clone())
}

/// The tenant of the running call; outside a call an empty name, which no
/// row carries.
pub fn current() -> String {
    try_current().map(|tenant| tenant.to_string()).unwrap_or_default()
}

/// The condition that `column` holds the running call's tenant.
pub fn is_current(column: impl IntoColumnRef) -> Expr {
    ExprTrait::eq(Expr::col(column), current())
}

/// Runs `work` within each tenant that has written to `db`, one tenant at
/// a time, and answers what each run answered: for sweeps, which no call
/// makes. The first failure ends it.
pub async fn in_each<T, E, F, Fut>(db: &impl sea_orm::ConnectionTrait, mut work: F) -> Result<Vec<T>, E>
where
    E: From<sea_orm::DbErr>,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, E>>,
{
    let mut answers = Vec::new();
    for tenant in registered(db).await? {
        answers.push(within(tenant, work()).await?);
    }
    Ok(answers)
}

/// The tenants that have written to `db`: its `tenants` table, which
/// triggers keep (on the tables a tenant's first rows go into, and on
/// refusals in the audit trail).
async fn registered(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<String>, sea_orm::DbErr> {
    use sea_orm::sea_query::{Alias, Order, Query};
    let select = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new("tenants"))
        .order_by(Alias::new("id"), Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "id"))
        .collect()
}

/// The condition that a row of `E` belongs to the running call's tenant
/// (every entity has `tenant_id`) and, when an end user's token confines
/// the call, that a row of an entity with a `user_id` (a session, a memory)
/// is that user's. Rows of other tables an end user reaches (messages,
/// variables, a memory's history) are reached through their session or
/// memory, whose row the same statement or an earlier one of the call
/// confines.
pub fn confined<E: sea_orm::EntityTrait>() -> sea_orm::Condition {
    use std::str::FromStr;
    let table = E::default().into_iden();
    let tenant = is_current((table.clone(), sea_orm::sea_query::Alias::new("tenant_id")));
    let condition = sea_orm::Condition::all().add(tenant);
    match end_user() {
        Some(user) if E::Column::from_str(OWNER_COLUMN).is_ok() => condition.add(of_end_user(table, &user)),
        _ => condition,
    }
}

/// The column naming a row's end user.
const OWNER_COLUMN: &str = "user_id";

/// The condition that the row of `table` (sessions or memories, or an alias
/// of one) belongs to end user `user`.
pub fn of_end_user(table: impl sea_orm::sea_query::IntoIden, user: &str) -> Expr {
    ExprTrait::eq(
        Expr::col((table.into_iden(), sea_orm::sea_query::Alias::new(OWNER_COLUMN))),
        user,
    )
}

/// Whether `name` can be a tenant: 1 to [`MAX_LEN`] ASCII letters, digits,
/// `.`, `_` or `-`, starting with a letter or digit.
pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_LEN
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// The tenant a client certificate's identity names: the segment after
/// `tenant` in a SPIFFE id's path (`spiffe://example.org/tenant/acme/ns/app`
/// is `acme`), else [`DEFAULT`]. An identity naming an invalid tenant names
/// none.
pub fn of_certificate(identity: &str) -> Option<String> {
    let Some(path) = identity.strip_prefix("spiffe://") else {
        return Some(DEFAULT.to_owned());
    };
    let mut segments = path.split('/').skip(1);
    while let Some(segment) = segments.next() {
        if segment == "tenant" {
            return segments.next().filter(|name| is_valid(name)).map(str::to_owned);
        }
    }
    Some(DEFAULT.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_plain_ascii() {
        assert!(is_valid("acme"));
        assert!(is_valid("team-7.eu_west"));
        assert!(!is_valid(""));
        assert!(!is_valid("-acme"));
        assert!(!is_valid("acme corp"));
        assert!(!is_valid("acmé"));
        assert!(!is_valid("acme\0"));
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
    }

    #[test]
    fn a_certificate_names_its_tenant_in_its_spiffe_path() {
        assert_eq!(
            of_certificate("spiffe://example.org/tenant/acme/ns/app").as_deref(),
            Some("acme")
        );
        assert_eq!(of_certificate("spiffe://example.org/ns/app").as_deref(), Some(DEFAULT));
        assert_eq!(of_certificate("client.example.org").as_deref(), Some(DEFAULT));
        assert_eq!(of_certificate("spiffe://example.org/tenant/").as_deref(), None);
        assert_eq!(of_certificate("spiffe://example.org/tenant/a%20b").as_deref(), None);
    }

    #[tokio::test]
    async fn outside_a_call_the_tenant_is_nobody() {
        assert_eq!(current(), "");
        assert_eq!(within("acme", async { current() }).await, "acme");
    }
}
