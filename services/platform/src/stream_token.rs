//! Server streams live no longer than the token that opened them.
//!
//! A token is checked when a call opens; a watch can stay open for hours.
//! The response body of a stream opened with a token is wrapped so that,
//! once a second, the same token is verified again — through the verifier's
//! cache, which a key reload clears — and the stream ends with
//! UNAUTHENTICATED (with ErrorInfo) as soon as a new call with that token
//! would be refused: when it expires (past the leeway) or when its key
//! leaves the configured files. The caller resumes with a fresh token from
//! its last cursor.

use std::{
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use bytes::Bytes;
use http_body::Frame;
use tonic::{Status, body::Body};

use crate::{auth::Verifier, error::ApiError};

/// How often an open stream's token is verified again.
pub const RECHECK_INTERVAL: Duration = Duration::from_secs(1);

/// A streaming response body that ends when its token stops verifying.
pub struct UntilTokenEnds {
    inner: Body,
    verifier: Arc<Verifier>,
    authorization: String,
    domain: String,
    recheck: Pin<Box<tokio::time::Sleep>>,
    ended: bool,
}

impl UntilTokenEnds {
    /// `inner`, opened with `authorization` (the header's value), in `domain`.
    pub fn new(inner: Body, verifier: Arc<Verifier>, authorization: String, domain: String) -> Self {
        Self {
            inner,
            verifier,
            authorization,
            domain,
            recheck: Box::pin(tokio::time::sleep(RECHECK_INTERVAL)),
            ended: false,
        }
    }

    /// The trailers that end the stream because of `error`.
    fn refusal(&self, error: &crate::auth::AuthError) -> http::HeaderMap {
        let status = ApiError::new(
            tonic::Code::Unauthenticated,
            "UNAUTHENTICATED",
            format!("the stream's token no longer verifies ({error}); resume with a fresh token"),
        )
        .into_status(&self.domain);
        let mut trailers = http::HeaderMap::new();
        let _ = status.add_header(&mut trailers);
        trailers
    }
}

impl http_body::Body for UntilTokenEnds {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        while self.recheck.as_mut().poll(cx).is_ready() {
            if let Err(error) = self.verifier.verify(Some(&self.authorization)) {
                self.ended = true;
                let trailers = self.refusal(&error);
                return Poll::Ready(Some(Ok(Frame::trailers(trailers))));
            }
            let next = tokio::time::Instant::now() + RECHECK_INTERVAL;
            self.recheck.as_mut().reset(next);
        }
        let answer = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(answer, Poll::Ready(None)) {
            self.ended = true;
        }
        answer
    }

    fn is_end_stream(&self) -> bool {
        self.ended || self.inner.is_end_stream()
    }
}
