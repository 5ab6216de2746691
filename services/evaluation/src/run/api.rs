//! RunService's run RPCs, as `EvaluationService` hands them over
//! (`crate::service`): parse, call the store, map errors.

use agentbase_platform::{error::FieldViolation, paging::PageRequest};
use agentbase_proto::evaluation::v1 as pb;
use std::pin::Pin;
use tokio::sync::mpsc;
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, watch::watch};
use crate::{
    domain::RunFilter,
    error::Error,
    store::EvaluationStore,
    wire::{RpcResult, id},
};

/// The stream WatchRun answers with.
pub type EventStream = Pin<Box<dyn Stream<Item = Result<pb::WatchRunResponse, Status>> + Send>>;

/// The handlers of runs, their summaries and their watchers.
pub struct RunApi {
    store: EvaluationStore,
    watches: agentbase_platform::events::WatchSlots,
}

impl RunApi {
    /// The handlers over `store`, WatchRun streams taking their slots from `watches`.
    pub fn new(store: EvaluationStore, watches: agentbase_platform::events::WatchSlots) -> Self {
        Self { store, watches }
    }

    /// The list audit events RPC.
    pub async fn list_audit_events(
        &self,
        request: Request<agentbase_proto::audit::v1::ListAuditEventsRequest>,
    ) -> RpcResult<agentbase_proto::audit::v1::ListAuditEventsResponse> {
        let query = agentbase_platform::audit::AuditQuery::parse(request.get_ref()).map_err(Error::invalid_argument)?;
        Ok(Response::new(self.store.audit_events(&query).await?))
    }

    /// The create run RPC.
    pub async fn create_run(&self, request: Request<pb::CreateRunRequest>) -> RpcResult<pb::Run> {
        let command = convert::create_run(request.into_inner())?;
        Ok(Response::new(convert::run_to_pb(self.store.create_run(command).await?)))
    }

    /// The get run RPC.
    pub async fn get_run(&self, request: Request<pb::GetRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::run_to_pb(self.store.get_run(run_id).await?)))
    }

    /// The list runs RPC.
    pub async fn list_runs(&self, request: Request<pb::ListRunsRequest>) -> RpcResult<pb::ListRunsResponse> {
        let request = request.into_inner();
        let (filter, page) = PageRequest::<Uuid>::with_filter(
            convert::run_filter(&request).map_err(Error::invalid_argument),
            RunFilter::fingerprint,
            request.page_size,
            &request.page_token,
        )?;
        let before = page.after;
        let (runs, next) = self.store.list_runs(&filter, before, page.limit).await?;
        Ok(Response::new(pb::ListRunsResponse {
            runs: runs.into_iter().map(convert::run_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    /// The update run RPC.
    pub async fn update_run(&self, request: Request<pb::UpdateRunRequest>) -> RpcResult<pb::Run> {
        let command = convert::update_run(request.into_inner())?;
        Ok(Response::new(convert::run_to_pb(self.store.update_run(command).await?)))
    }

    /// The delete run RPC.
    pub async fn delete_run(&self, request: Request<pb::DeleteRunRequest>) -> RpcResult<pb::DeleteRunResponse> {
        self.store.delete_run(id("id", &request.get_ref().id)?).await?;
        Ok(Response::new(pb::DeleteRunResponse {}))
    }

    /// The delete runs RPC.
    pub async fn delete_runs(&self, request: Request<pb::DeleteRunsRequest>) -> RpcResult<pb::DeleteRunsResponse> {
        let command = convert::delete_runs(request.get_ref())?;
        let count = self.store.delete_runs(command).await?;
        Ok(Response::new(pb::DeleteRunsResponse {
            count: i64::try_from(count).unwrap_or(i64::MAX),
        }))
    }

    /// The cancel run RPC.
    pub async fn cancel_run(&self, request: Request<pb::CancelRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::run_to_pb(self.store.cancel_run(run_id).await?)))
    }

    /// The finish run RPC.
    pub async fn finish_run(&self, request: Request<pb::FinishRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        let force = request.get_ref().force;
        Ok(Response::new(convert::run_to_pb(
            self.store.finish_run(run_id, force).await?,
        )))
    }

    /// The get run summary RPC.
    pub async fn get_run_summary(&self, request: Request<pb::GetRunSummaryRequest>) -> RpcResult<pb::RunSummary> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::summary_to_pb(self.store.summary(run_id).await?)))
    }

    /// The watch run RPC.
    pub async fn watch_run(&self, request: Request<pb::WatchRunRequest>) -> RpcResult<EventStream> {
        let request = request.into_inner();
        let run_id = id("run_id", &request.run_id)?;
        if request.after_sequence < 0 {
            return Err(Error::from(FieldViolation::new("after_sequence", "must not be negative")).into());
        }
        let permit = self.watches.take().map_err(Error::from)?;
        self.store.get_run(run_id).await?;
        // Subscribe before the first read, so nothing committed in between is missed.
        let wakeups = self.store.events().subscribe();
        let (sender, receiver) = mpsc::channel(64);
        let store = self.store.clone();
        agentbase_platform::tenant::spawn(async move {
            watch(store, run_id, request.after_sequence, wakeups, sender).await;
            drop(permit);
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }
}
