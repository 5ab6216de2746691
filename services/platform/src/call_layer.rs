//! Policies applied to every call before it reaches a service: the edge check
//! of the request ([`crate::intake`]), load shedding, the deadline, and
//! ErrorInfo on every error response, including the ones tonic produces
//! before a handler runs (unknown method, message too large).

use std::{
    collections::HashMap,
    future::Future,
    pin::Pin,
    sync::Arc,
    sync::atomic::AtomicBool,
    task::{Context, Poll},
    time::Duration,
};

use http_body_util::BodyExt;
use tonic::{Code, Status, body::Body};
use tonic_types::{ErrorDetails, StatusExt};

use crate::{error::ApiError, intake::Intake, metrics::RpcMetrics};

/// Wraps the routes in [`CallService`].
#[derive(Clone)]
pub struct CallLayer {
    /// Deadline of calls without a `grpc-timeout` header (and the longest one honoured).
    pub default_deadline: Duration,
    /// Where each call's method, code and latency are counted.
    pub metrics: RpcMetrics,
    /// The served methods and the check of their requests.
    pub intake: Arc<Intake>,
    /// Unary calls of the served contracts that may run at once, and the fair,
    /// bounded wait for a place (`admission`).
    pub admission: Arc<crate::admission::Admission>,
    /// The largest request message accepted.
    pub max_message_bytes: usize,
    /// Whether each service's database answers its health probe (by service name).
    pub reachability: Arc<HashMap<String, Arc<AtomicBool>>>,
    /// Verifies bearer tokens; `None` when authentication is off.
    pub verifier: Option<Arc<crate::auth::Verifier>>,
    /// What each contract method (by path) requires of a token.
    pub access: Arc<HashMap<String, crate::auth::Access>>,
    /// Where refused writes are recorded: each service's context database (by service name).
    pub audit_logs: Arc<HashMap<String, sea_orm::DatabaseConnection>>,
    /// The primaries of the services whose context has a read replica (by
    /// service name): their writes answer a consistency token.
    pub replicated: Arc<HashMap<String, sea_orm::DatabaseConnection>>,
}

impl<S> tower::Layer<S> for CallLayer {
    type Service = CallService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CallService {
            inner,
            policy: self.clone(),
        }
    }
}

/// Checks, admits, bounds and completes one call; see [`CallLayer`].
///
/// Calls that carry `grpc-timeout` are bounded by tonic too, which answers
/// CANCELLED without details from outside this layer; this layer ends them
/// a little earlier so the caller sees DEADLINE_EXCEEDED with ErrorInfo.
#[derive(Clone)]
pub struct CallService<S> {
    inner: S,
    policy: CallLayer,
}

impl<S> tower::Service<http::Request<Body>> for CallService<S>
where
    S: tower::Service<http::Request<Body>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let started = std::time::Instant::now();
        let path = request.uri().path().to_owned();
        let domain = domain_of(&path);
        let policy = self.policy.clone();
        let method = policy.intake.method(&path).cloned();
        let label = method.clone();
        let deadline = deadline_of(request.headers(), policy.default_deadline);
        // The ready service answers this call; a fresh clone waits for the next one.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        Box::pin(async move {
            let outcome = async {
                let Some(method) = method.filter(|m| is_contract(&m.path)) else {
                    // Fail closed: a contract path the intake does not know
                    // never reaches a service (whose routes might).
                    if is_contract(&path) {
                        return Err(Outcome::Refused(ApiError::new(
                            Code::Unimplemented,
                            "UNKNOWN_METHOD",
                            format!("there is no method {}", crate::error::excerpt(&path, 128)),
                        )));
                    }
                    return inner.call(request).await.map_err(Outcome::Failed);
                };
                let (mut parts, body) = request.into_parts();
                let nested = NestedCall::take_from(&mut parts.headers);
                let authorization = parts
                    .headers
                    .get(http::header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                // Who calls is known from the headers alone: a call without a
                // valid token is answered before a byte of its body is read,
                // so unauthenticated callers cannot make the server buffer.
                let principal = match &policy.verifier {
                    Some(verifier) => Some(
                        verifier
                            .verify(authorization.as_deref())
                            .map_err(|err| Outcome::Refused(unauthenticated(&err)))?,
                    ),
                    None => None,
                };
                let tenant = tenancy::tenant_of_call(principal.as_deref(), &mut parts, nested)
                    .map_err(|refusal| Outcome::Refused(*refusal))?;
                let access = policy.access.get(&method.path);
                let is_write = access.is_none_or(|access| !access.read_only);
                let audit_log = policy.audit_logs.get(service_of(&method.path)).filter(|_| is_write);
                // The token's actor, else (once the request is read) the one
                // the request names, for accepted and refused calls alike.
                let mut call = crate::audit::Call {
                    method: method.path.trim_start_matches('/').to_owned(),
                    principal: caller_name(principal.as_deref(), &parts.extensions),
                    actor: principal.as_ref().and_then(|p| p.actor.clone()).unwrap_or_default(),
                    request_id: String::new(),
                    resource_type: access.map_or_else(String::new, |access| access.resource.clone()),
                    tenant: tenant.clone(),
                };
                if method.client_streaming {
                    // Its messages are never buffered here, so no field can be
                    // looked at: the method's strictest scope is required.
                    if let Some(principal) = principal {
                        let needed = access.map(crate::auth::Access::strictest);
                        if !needed.is_some_and(|scope| principal.has(scope)) {
                            let refusal = permission_denied(needed);
                            if let Some(db) = audit_log {
                                let request = prost_reflect::DynamicMessage::new(method.input.clone());
                                record_refusal(db, &call, &request, Code::PermissionDenied, refusal.reason()).await;
                            }
                            return Err(Outcome::Refused(refusal));
                        }
                        parts.extensions.insert(principal);
                    }
                    let handler = crate::audit::within(
                        Arc::new(call),
                        crate::tenant::within(tenant, inner.call(http::Request::from_parts(parts, body))),
                    );
                    return crate::db::bounded_by(started + deadline, handler)
                        .await
                        .map_err(Outcome::Failed);
                }
                // The body is read before anything else is answered: answering
                // first would make HTTP/2 reset the stream, and a connection
                // that sees many resets is closed (with every call on it).
                let bytes = read_body(body, policy.max_message_bytes)
                    .await
                    .map_err(Outcome::Refused)?;
                let reachable = policy.reachability.get(service_of(&method.path)).cloned();
                // A database the health probe cannot reach answers no call:
                // say so at once (to an authenticated caller) rather than
                // queue calls that will wait for it.
                if reachable
                    .as_ref()
                    .is_some_and(|flag| !flag.load(std::sync::atomic::Ordering::Relaxed))
                {
                    return Err(Outcome::Refused(ApiError::database_unavailable()));
                }
                // Watches are bounded by their own cap; unary calls wait for a
                // place (`admission`), except a call this process makes from
                // within a call it already admitted (`NestedCall`).
                let permit = if method.server_streaming || nested {
                    None
                } else {
                    let caller = admission_key(principal.as_deref(), &parts.extensions);
                    // Half the time left for the wait, half for the call.
                    let patience = deadline.saturating_sub(started.elapsed()) / 2;
                    Some(
                        policy
                            .admission
                            .admit(&caller, &method.path, patience)
                            .await
                            .map_err(|_| {
                                Outcome::Refused(
                                    ApiError::new(
                                        Code::ResourceExhausted,
                                        "OVERLOADED",
                                        "the server is at its limit of calls in flight and its queue; retry shortly",
                                    )
                                    .with_retry_after(crate::error::RETRY_AFTER),
                                )
                            })?,
                    )
                };
                let mut request = policy
                    .intake
                    .check(&method, &bytes, policy.max_message_bytes)
                    .map_err(|rejection| Outcome::Refused(rejection.into()))?;
                if call.actor.is_empty() {
                    call.actor = crate::audit::actor_of(&request);
                }
                call.request_id = crate::audit::request_id_of(&request);
                let mut bytes = bytes;
                let mut end_user = None;
                if let Some(principal) = principal {
                    // An end user's token acts for its own user only.
                    let as_end_user = match access {
                        Some(access) => crate::auth::as_end_user(&principal, access, &mut request),
                        None => crate::auth::EndUser::NotOne,
                    };
                    match as_end_user {
                        crate::auth::EndUser::NotOne => {}
                        crate::auth::EndUser::Confined { user, stamped } => {
                            if stamped {
                                use prost::Message;
                                bytes = crate::intake::frame(&request.encode_to_vec()).into();
                            }
                            end_user = Some(user);
                        }
                        crate::auth::EndUser::NamesAnother => {
                            let refusal = ApiError::new(
                                Code::PermissionDenied,
                                "PERMISSION_DENIED",
                                "an end user's token acts for its own user only: leave user_id empty or name the token's subject",
                            )
                            .with_metadata("field", crate::auth::OWNER_FIELD);
                            if let Some(db) = audit_log {
                                record_refusal(db, &call, &request, Code::PermissionDenied, refusal.reason()).await;
                            }
                            return Err(Outcome::Refused(refusal));
                        }
                    }
                    // Scopes are checked before the handler runs, so a refusal
                    // never depends on whether the resource exists (AIP-211).
                    let needed = access.map(|access| access.required(&request));
                    let granted = |scope: &str| {
                        principal.has(scope) || (end_user.is_some() && access.is_some_and(|a| a.scope == scope))
                    };
                    if !needed.is_some_and(granted) {
                        let refusal = permission_denied(needed);
                        if let Some(db) = audit_log {
                            record_refusal(db, &call, &request, Code::PermissionDenied, refusal.reason()).await;
                        }
                        return Err(Outcome::Refused(refusal));
                    }
                    // The token's actor stamps what a write records; a read's
                    // filters (`author` of ListScripts) stay the caller's own.
                    if is_write && crate::auth::act_for(&principal, &mut request) {
                        use prost::Message;
                        bytes = crate::intake::frame(&request.encode_to_vec()).into();
                    }
                    parts.extensions.insert(principal);
                }
                let read_after =
                    consistency::read_after(&parts.headers).map_err(|refusal| Outcome::Refused(*refusal))?;
                let worker_deaths = crate::db::worker_deaths();
                let call = Arc::new(call);
                let confinement = crate::tenant::Confinement {
                    tenant: tenant.into(),
                    end_user: end_user.map(Into::into),
                };
                let handler = crate::audit::within(
                    call.clone(),
                    crate::tenant::within_confinement(
                        confinement,
                        inner.call(http::Request::from_parts(
                            parts,
                            Body::new(http_body_util::Full::new(bytes)),
                        )),
                    ),
                );
                let handler = crate::consistency::within(read_after, handler);
                // Its statements end with it (`db::bounded_by`).
                let handler = crate::db::bounded_by(started + deadline, handler);
                let response = match reachable {
                    Some(flag) => crate::failure::with_reachability(flag, handler).await,
                    None => handler.await,
                }
                .map_err(Outcome::Failed);
                if crate::db::worker_deaths() != worker_deaths && !method.server_streaming {
                    // A connection's thread died during the call, and its rows
                    // may have ended early (`db::workers`). A read is asked
                    // again; a write that answered an error committed nothing.
                    let committed_write = is_write
                        && matches!(&response, Ok(answer) if Status::from_header_map(answer.headers()).is_none());
                    if !committed_write {
                        return Err(Outcome::Refused(ApiError::database_connection_lost()));
                    }
                }
                let refusal = match &response {
                    Ok(response) if audit_log.is_some() => Status::from_header_map(response.headers())
                        .filter(|status| matches!(status.code(), Code::FailedPrecondition | Code::PermissionDenied)),
                    _ => None,
                };
                if let (Some(status), Some(db)) = (refusal, audit_log) {
                    let reason = status
                        .get_details_error_info()
                        .map(|info| info.reason)
                        .unwrap_or_default();
                    record_refusal(db, &call, &request, status.code(), &reason).await;
                }
                let mut response = response;
                if let (true, Some(primary), Ok(answer)) = (
                    is_write,
                    policy.replicated.get(service_of(&method.path)),
                    response.as_mut(),
                ) && Status::from_header_map(answer.headers()).is_none()
                {
                    consistency::stamp_write(answer.headers_mut(), primary).await;
                }
                drop(permit);
                // A stream lives no longer than its token (`stream_token`).
                match (&policy.verifier, authorization) {
                    (Some(verifier), Some(authorization)) if method.server_streaming => response.map(|answer| {
                        answer.map(|body| {
                            Body::new(crate::stream_token::UntilTokenEnds::new(
                                body,
                                verifier.clone(),
                                authorization,
                                domain.clone(),
                            ))
                        })
                    }),
                    _ => response,
                }
            };
            let mut response = match tokio::time::timeout(deadline, outcome).await {
                Ok(Ok(response)) => response,
                Ok(Err(Outcome::Failed(error))) => return Err(error),
                Ok(Err(Outcome::Refused(error))) => error.into_status(&domain).into_http(),
                Err(_) => ApiError::new(
                    Code::DeadlineExceeded,
                    "DEADLINE_EXCEEDED",
                    format!(
                        "the call did not finish within its deadline of {} ms",
                        deadline.as_millis()
                    ),
                )
                .into_status(&domain)
                .into_http(),
            };
            complete_error_details(response.headers_mut(), &domain);
            // Trailers-only responses (every unary error) carry the code in the headers; a
            // response without one is a success whose status follows in the trailers.
            let code = Status::from_header_map(response.headers()).map_or(Code::Ok, |status| status.code());
            policy
                .metrics
                .record(label.as_deref().map(|m| &m.metric_labels), code, started.elapsed());
            Ok(response)
        })
    }
}

/// A call this process makes to itself from within a call it admitted: a
/// session's creation asks ScriptService, served by the same process, for the
/// script. The outer call holds an in-flight permit until the inner one
/// answers, so admitting the inner one again could refuse it for a permit its
/// own caller holds: with every permit held by an outer call, every nested
/// call would be shed. The header carries a secret drawn at process start, so
/// only this process can mark a call as nested; it is removed before the
/// handler runs and checked by nothing else (authentication and scopes apply).
pub struct NestedCall;

impl NestedCall {
    /// The metadata key of the mark.
    pub const HEADER: &'static str = "agentbase-nested-call";

    /// The mark of this process.
    pub fn key() -> &'static str {
        static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        KEY.get_or_init(|| uuid::Uuid::new_v4().simple().to_string())
    }

    /// Whether `headers` carry this process's mark; the mark is removed.
    fn take_from(headers: &mut http::HeaderMap) -> bool {
        let key = Self::key().as_bytes();
        // Compared in constant time: the mark is a secret.
        headers.remove(Self::HEADER).is_some_and(|value| {
            let value = value.as_bytes();
            value.len() == key.len() && value.iter().zip(key).fold(0, |differ, (a, b)| differ | (a ^ b)) == 0
        })
    }
}

/// The gRPC-framed body of a unary request, at most `max_message_bytes`
/// of message.
async fn read_body(body: Body, max_message_bytes: usize) -> Result<bytes::Bytes, ApiError> {
    match http_body_util::Limited::new(body, max_message_bytes + 5)
        .collect()
        .await
    {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => Err(ApiError::new(
            Code::ResourceExhausted,
            "MESSAGE_TOO_LARGE",
            format!("the request is larger than the limit of {max_message_bytes} bytes"),
        )),
        Err(_) => Err(crate::intake::Rejection::Malformed("the request body could not be read").into()),
    }
}

enum Outcome<E> {
    Refused(ApiError),
    Failed(E),
}

/// Whose queue a call waits in (`admission`): the token's subject, else the
/// client certificate's identity, else the connection.
fn admission_key(principal: Option<&crate::auth::Principal>, extensions: &http::Extensions) -> String {
    if let Some(principal) = principal {
        return format!("sub:{}", principal.subject);
    }
    if let Some(peer) = extensions.get::<crate::tls::PeerIdentity>() {
        return match (&peer.principal, peer.remote) {
            (Some(name), _) => format!("peer:{name}"),
            (None, Some(remote)) => format!("addr:{remote}"),
            (None, None) => "anonymous".to_owned(),
        };
    }
    extensions
        .get::<tonic::transport::server::TcpConnectInfo>()
        .and_then(|info| info.remote_addr())
        .map_or_else(|| "anonymous".to_owned(), |remote| format!("addr:{remote}"))
}

/// Who the audit trail names as the caller: the token's subject, else the
/// client certificate's SAN, else [`crate::audit::ANONYMOUS`].
fn caller_name(principal: Option<&crate::auth::Principal>, extensions: &http::Extensions) -> String {
    principal
        .map(|p| p.subject.clone())
        .or_else(|| {
            extensions
                .get::<crate::tls::PeerIdentity>()
                .and_then(|peer| peer.principal.clone())
        })
        .unwrap_or_else(|| crate::audit::ANONYMOUS.to_owned())
}

/// Records a refused write of `call` on the resource `request` names.
async fn record_refusal(
    db: &sea_orm::DatabaseConnection,
    call: &crate::audit::Call,
    request: &prost_reflect::DynamicMessage,
    code: Code,
    reason: &str,
) {
    let resource_id = crate::audit::resource_id_of(request, &call.resource_type);
    crate::audit::record_refusal(db, call, &resource_id, self::reason(code), reason).await;
}

fn unauthenticated(err: &crate::auth::AuthError) -> ApiError {
    ApiError::new(Code::Unauthenticated, "UNAUTHENTICATED", err.to_string())
}

fn permission_denied(scope: Option<&str>) -> ApiError {
    match scope {
        Some(scope) => ApiError::new(
            Code::PermissionDenied,
            "PERMISSION_DENIED",
            format!("the call needs the scope `{scope}`"),
        )
        .with_metadata("scope", scope),
        None => ApiError::new(
            Code::PermissionDenied,
            "PERMISSION_DENIED",
            "no scope grants this method",
        ),
    }
}

/// `/package.Service/Method` → `package.Service`.
fn service_of(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or_default()
}

/// Whether `path` belongs to an agentbase contract (not health or reflection,
/// which are never shed nor buffered).
fn is_contract(path: &str) -> bool {
    path.starts_with("/agentbase.")
}

/// The deadline this layer enforces: the caller's `grpc-timeout` (ended a
/// little before tonic's own timer fires), capped by the server default.
fn deadline_of(headers: &http::HeaderMap, default: Duration) -> Duration {
    match headers
        .get("grpc-timeout")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_grpc_timeout)
    {
        Some(requested) => {
            // At least 5 ms (the answer has to reach the caller before its
            // own timer fires), at most 20 ms, never more than half.
            let lead = (requested / 20)
                .clamp(Duration::from_millis(5), Duration::from_millis(20))
                .min(requested / 2);
            requested.saturating_sub(lead).min(default)
        }
        None => default,
    }
}

/// `grpc-timeout`: at most 8 digits and a unit (H, M, S, m, u, n).
fn parse_grpc_timeout(raw: &str) -> Option<Duration> {
    if raw.len() < 2 || raw.len() > 9 {
        return None;
    }
    let (digits, unit) = raw.split_at(raw.len() - 1);
    let value: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(value.checked_mul(3600)?),
        "M" => Duration::from_secs(value.checked_mul(60)?),
        "S" => Duration::from_secs(value),
        "m" => Duration::from_millis(value),
        "u" => Duration::from_micros(value),
        "n" => Duration::from_nanos(value),
        _ => return None,
    })
}

/// `/agentbase.scripts.v1.ScriptService/X` → `scripts.agentbase`; anything else → `agentbase`.
fn domain_of(path: &str) -> String {
    let mut parts = path.trim_start_matches('/').split('.');
    match (parts.next(), parts.next()) {
        (Some("agentbase"), Some(context)) if !context.is_empty() => format!("{context}.agentbase"),
        _ => "agentbase".to_owned(),
    }
}

/// A trailers-only error response (status in the headers) without details gets ErrorInfo.
fn complete_error_details(headers: &mut http::HeaderMap, domain: &str) {
    if headers.contains_key("grpc-status-details-bin") {
        return;
    }
    let Some(status) = Status::from_header_map(headers) else {
        return;
    };
    if status.code() == Code::Ok {
        return;
    }
    let mut details = ErrorDetails::new();
    details.set_error_info(reason(status.code()), domain, std::collections::HashMap::new());
    let detailed = Status::with_error_details(status.code(), status.message(), details);
    let _ = detailed.add_header(headers);
}

/// The UPPER_SNAKE reason for an error tonic raised itself.
fn reason(code: Code) -> &'static str {
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}

mod consistency;
mod tenancy;
#[cfg(test)]
mod tests;
