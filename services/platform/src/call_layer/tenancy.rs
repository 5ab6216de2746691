//! Which tenant a call is confined to (`crate::tenant`): its credential's,
//! or the one its `agentbase-tenant` metadata names when the caller may name
//! one.

use tonic::Code;

use crate::error::ApiError;

/// The tenant of a call: its credential's ([`tenant_of`]), or the one its
/// [`crate::tenant::HEADER`] names (removed from `parts`), which only the
/// credential's own tenant, a call this process nests in one of its calls,
/// or a caller granted [`crate::tenant::ADMIN_SCOPE`] may name.
pub(super) fn tenant_of_call(
    principal: Option<&crate::auth::Principal>,
    parts: &mut http::request::Parts,
    nested: bool,
) -> Result<String, Box<ApiError>> {
    let own = tenant_of(principal, &parts.extensions).ok_or_else(|| {
        Box::new(ApiError::new(
            Code::Unauthenticated,
            "UNAUTHENTICATED",
            "the client certificate names no valid tenant",
        ))
    })?;
    let Some(named) = parts.headers.remove(crate::tenant::HEADER) else {
        return Ok(own);
    };
    let named = named.to_str().unwrap_or_default();
    let may_name =
        named == own || nested || principal.is_some_and(|principal| principal.has(crate::tenant::ADMIN_SCOPE));
    if !may_name {
        return Err(Box::new(
            ApiError::new(
                Code::PermissionDenied,
                "PERMISSION_DENIED",
                format!(
                    "acting within another tenant needs the scope `{}`",
                    crate::tenant::ADMIN_SCOPE
                ),
            )
            .with_metadata("scope", crate::tenant::ADMIN_SCOPE),
        ));
    }
    if !crate::tenant::is_valid(named) {
        return Err(Box::new(ApiError::new(
            Code::InvalidArgument,
            "INVALID_TENANT",
            format!("the {} metadata names no valid tenant", crate::tenant::HEADER),
        )));
    }
    Ok(named.to_owned())
}

/// Whose data the call may see: the token's tenant, else the one the client
/// certificate's identity names ([`crate::tenant::of_certificate`]), else the
/// default tenant. `None` when the certificate names an invalid one.
fn tenant_of(principal: Option<&crate::auth::Principal>, extensions: &http::Extensions) -> Option<String> {
    if let Some(principal) = principal {
        return Some(principal.tenant.clone());
    }
    match extensions
        .get::<crate::tls::PeerIdentity>()
        .and_then(|peer| peer.principal.as_deref())
    {
        Some(identity) => crate::tenant::of_certificate(identity),
        None => Some(crate::tenant::DEFAULT.to_owned()),
    }
}
