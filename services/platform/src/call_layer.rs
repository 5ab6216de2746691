//! Policies applied to every call before it reaches a service: the default
//! deadline for callers that set none, and ErrorInfo on every error response,
//! including the ones tonic produces before a handler runs (unknown method,
//! message too large).

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::metrics::RpcMetrics;

/// Wraps the routes in [`CallService`].
#[derive(Clone)]
pub struct CallLayer {
    /// Deadline of calls without a `grpc-timeout` header.
    pub default_deadline: Duration,
    /// Where each call's method, code and latency are counted.
    pub metrics: RpcMetrics,
}

impl<S> tower::Layer<S> for CallLayer {
    type Service = CallService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CallService {
            inner,
            default_deadline: self.default_deadline,
            metrics: self.metrics.clone(),
        }
    }
}

/// Applies the default deadline and adds `google.rpc.ErrorInfo` to error
/// responses that carry no details.
///
/// Calls that carry `grpc-timeout` are bounded by tonic itself; the caller's
/// own deadline ends them on its side at the same moment.
#[derive(Clone)]
pub struct CallService<S> {
    inner: S,
    default_deadline: Duration,
    metrics: RpcMetrics,
}

impl<S, B, ResBody> tower::Service<http::Request<B>> for CallService<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    ResBody: Default,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let started = std::time::Instant::now();
        let method = request.uri().path().to_owned();
        let domain = domain_of(&method);
        let metrics = self.metrics.clone();
        let deadline = (!request.headers().contains_key("grpc-timeout")).then_some(self.default_deadline);
        let response = self.inner.call(request);
        Box::pin(async move {
            let mut response = match deadline {
                None => response.await?,
                Some(deadline) => match tokio::time::timeout(deadline, response).await {
                    Ok(response) => response?,
                    Err(_) => Status::deadline_exceeded(format!(
                        "the call took longer than the server's default deadline of {} ms",
                        deadline.as_millis()
                    ))
                    .into_http(),
                },
            };
            complete_error_details(response.headers_mut(), &domain);
            // Trailers-only responses (every unary error) carry the code in the headers; a
            // response without one is a success whose status follows in the trailers.
            let code = Status::from_header_map(response.headers()).map_or("OK", |status| reason(status.code()));
            metrics.record(&method, code, started.elapsed());
            Ok(response)
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_follow_the_package() {
        assert_eq!(
            domain_of("/agentbase.scripts.v1.ScriptService/GetScript"),
            "scripts.agentbase"
        );
        assert_eq!(domain_of("/grpc.health.v1.Health/Check"), "agentbase");
        assert_eq!(domain_of("/"), "agentbase");
    }

    #[test]
    fn bare_errors_get_error_info_and_detailed_ones_are_kept() {
        let mut headers = http::HeaderMap::new();
        Status::resource_exhausted("too big").add_header(&mut headers).unwrap();
        complete_error_details(&mut headers, "scripts.agentbase");
        let status = Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), Code::ResourceExhausted);
        assert_eq!(status.message(), "too big");
        let info = status.get_details_error_info().unwrap();
        assert_eq!(
            (info.reason.as_str(), info.domain.as_str()),
            ("RESOURCE_EXHAUSTED", "scripts.agentbase")
        );

        let mut details = ErrorDetails::new();
        details.set_error_info("MINE", "x", std::collections::HashMap::new());
        let mut headers = http::HeaderMap::new();
        Status::with_error_details(Code::NotFound, "m", details)
            .add_header(&mut headers)
            .unwrap();
        complete_error_details(&mut headers, "scripts.agentbase");
        let info = Status::from_header_map(&headers)
            .unwrap()
            .get_details_error_info()
            .unwrap();
        assert_eq!(info.reason, "MINE");
    }
}
