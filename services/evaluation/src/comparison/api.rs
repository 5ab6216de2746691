//! CompareRuns, as `crate::service` hands it over: parse, read both runs,
//! compare in `domain`, map errors.

use agentbase_platform::paging::{self, PageRequest};
use agentbase_proto::evaluation::v1 as pb;
use tonic::{Request, Response};
use uuid::Uuid;

use super::convert;
use crate::{error::Error, store::EvaluationStore, wire::RpcResult};

/// The handlers of run comparisons.
pub struct ComparisonApi {
    store: EvaluationStore,
}

impl ComparisonApi {
    /// The handler over `store`.
    pub fn new(store: EvaluationStore) -> Self {
        Self { store }
    }

    /// The compare runs RPC.
    pub async fn compare_runs(&self, request: Request<pb::CompareRunsRequest>) -> RpcResult<pb::CompareRunsResponse> {
        let request = request.into_inner();
        let ((baseline, candidate, alpha), page) = PageRequest::<Uuid>::with_filter(
            convert::compare_runs(&request).map_err(Error::invalid_argument),
            |(baseline, candidate, alpha)| {
                paging::fingerprint(&[
                    "compare",
                    &baseline.to_string(),
                    &candidate.to_string(),
                    &alpha.to_string(),
                ])
            },
            request.page_size,
            &request.page_token,
        )?;
        let baseline_tasks = self.store.task_results(baseline).await?;
        let candidate_tasks = self.store.task_results(candidate).await?;
        let comparison = crate::domain::compare(baseline_tasks, candidate_tasks, alpha);
        let (mut response, next) = convert::comparison_to_pb(comparison, page.after, page.limit);
        response.next_page_token = page.next_token(next);
        Ok(Response::new(response))
    }
}
