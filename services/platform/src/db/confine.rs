//! A PostgreSQL connection is confined to the tenant of the call that takes
//! it (docs/SECURITY.md, "Tenants"): the pool sets `agentbase.tenant` on
//! every checkout, to the running call's tenant ([`crate::tenant::current`];
//! none outside a call), and the row-level security policies admit only rows
//! of that tenant to every statement the connection runs until it goes back.
//! The read lane, which hands its connections from one read to the next
//! without a checkout, sets it whenever the next read's tenant differs.

use sea_orm::sqlx;

/// Sets the tenant of `conn` to `tenant`, for the session (until set again).
pub(crate) async fn set_tenant(conn: &mut sqlx::PgConnection, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT set_config('agentbase.tenant', $1, false)")
        .bind(tenant)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Fits a new connection to its context and to the call opening it: the
/// context's schema first on its search path, and the call's tenant. One
/// round trip.
pub(crate) async fn fit_new(conn: &mut sqlx::PgConnection, search_path: &str, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT set_config('search_path', $1, false), set_config('agentbase.tenant', $2, false)")
        .bind(search_path)
        .bind(tenant)
        .execute(conn)
        .await
        .map(|_| ())
}
