//! What several of the evaluation tests share: the context's refusal
//! reasons, and WatchRun streams read to their end.

use std::time::Duration;

use agentbase_proto::evaluation::v1::{
    RunEvent, Totals, WatchRunRequest, WatchRunResponse, evaluation_service_client::EvaluationServiceClient,
};
use agentbase_testkit::errors::reason_in;
use tokio_stream::StreamExt;
use tonic::{Status, Streaming, transport::Channel};

/// The ErrorInfo reason of an evaluation error.
pub fn reason(status: &Status) -> String {
    reason_in(status, "evaluation.agentbase")
}

/// A WatchRun stream from after `after_sequence`.
pub async fn watch(
    client: &mut EvaluationServiceClient<Channel>,
    run_id: &str,
    after_sequence: i64,
) -> Streaming<WatchRunResponse> {
    client
        .watch_run(WatchRunRequest {
            run_id: run_id.into(),
            after_sequence,
        })
        .await
        .unwrap()
        .into_inner()
}

/// Every event, with the totals it carried, until the stream ends; panics
/// if the stream stays open `patience` without sending one.
pub async fn until_end_with_totals(
    stream: &mut Streaming<WatchRunResponse>,
    patience: Duration,
) -> Vec<(RunEvent, Option<Totals>)> {
    let mut seen = Vec::new();
    while let Some(next) = tokio::time::timeout(patience, stream.next())
        .await
        .expect("an event or the end of the stream in time")
    {
        let response = next.unwrap();
        seen.push((response.event.unwrap(), response.totals));
    }
    seen
}

/// Every event until the stream ends (at most 10 s between two).
pub async fn until_end(stream: &mut Streaming<WatchRunResponse>) -> Vec<RunEvent> {
    until_end_with_totals(stream, Duration::from_secs(10))
        .await
        .into_iter()
        .map(|(event, _)| event)
        .collect()
}
