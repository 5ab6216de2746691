//! The tonic implementation of `EvaluationService`: parse, call the store, map errors.

use agentbase_platform::events::WatchSlots;
use agentbase_platform::ids::{parse_id, parse_optional_id};
use agentbase_platform::{
    error::FieldViolation,
    paging::{self, PageRequest},
};
use agentbase_proto::evaluation::v1::{self as pb, evaluation_service_server::EvaluationService};
use std::pin::Pin;
use tokio::sync::mpsc;
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status};
use uuid::Uuid;

use super::{convert, store::EvaluationStore, watch::watch};
use crate::error::Error;

/// `agentbase.evaluation.v1.EvaluationService` over an [`EvaluationStore`].
pub struct EvaluationApi {
    store: EvaluationStore,
    watches: WatchSlots,
}

impl EvaluationApi {
    /// The service over `store`, WatchRun streams taking their slots from `watches`.
    pub fn new(store: EvaluationStore, watches: WatchSlots) -> Self {
        Self { store, watches }
    }
}

type RpcResult<T> = Result<Response<T>, Status>;
type EventStream = Pin<Box<dyn Stream<Item = Result<pb::WatchRunResponse, Status>> + Send>>;

fn id(field: &str, raw: &str) -> Result<Uuid, Error> {
    parse_id(field, raw).map_err(Error::from)
}

#[tonic::async_trait]
impl EvaluationService for EvaluationApi {
    async fn list_audit_events(
        &self,
        request: Request<agentbase_proto::audit::v1::ListAuditEventsRequest>,
    ) -> RpcResult<agentbase_proto::audit::v1::ListAuditEventsResponse> {
        let query = agentbase_platform::audit::AuditQuery::parse(request.get_ref()).map_err(Error::invalid_argument)?;
        Ok(Response::new(self.store.audit_events(&query).await?))
    }

    async fn create_run(&self, request: Request<pb::CreateRunRequest>) -> RpcResult<pb::Run> {
        let command = convert::create_run(request.into_inner())?;
        Ok(Response::new(convert::run_to_pb(self.store.create_run(command).await?)))
    }

    async fn get_run(&self, request: Request<pb::GetRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::run_to_pb(self.store.get_run(run_id).await?)))
    }

    async fn list_runs(&self, request: Request<pb::ListRunsRequest>) -> RpcResult<pb::ListRunsResponse> {
        let request = request.into_inner();
        let filter = convert::run_filter(&request)?;
        let fingerprint = filter.fingerprint();
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
        let before = page.after;
        let (runs, next) = self.store.list_runs(&filter, before, page.limit).await?;
        Ok(Response::new(pb::ListRunsResponse {
            runs: runs.into_iter().map(convert::run_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn update_run(&self, request: Request<pb::UpdateRunRequest>) -> RpcResult<pb::Run> {
        let command = convert::update_run(request.into_inner())?;
        Ok(Response::new(convert::run_to_pb(self.store.update_run(command).await?)))
    }

    async fn delete_run(&self, request: Request<pb::DeleteRunRequest>) -> RpcResult<pb::DeleteRunResponse> {
        self.store.delete_run(id("id", &request.get_ref().id)?).await?;
        Ok(Response::new(pb::DeleteRunResponse {}))
    }

    async fn delete_runs(&self, request: Request<pb::DeleteRunsRequest>) -> RpcResult<pb::DeleteRunsResponse> {
        let command = convert::delete_runs(request.get_ref())?;
        let count = self.store.delete_runs(command).await?;
        Ok(Response::new(pb::DeleteRunsResponse {
            count: i64::try_from(count).unwrap_or(i64::MAX),
        }))
    }

    async fn cancel_run(&self, request: Request<pb::CancelRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::run_to_pb(self.store.cancel_run(run_id).await?)))
    }

    async fn start_task(&self, request: Request<pb::StartTaskRequest>) -> RpcResult<pb::Task> {
        let task_id = id("task_id", &request.get_ref().task_id)?;
        Ok(Response::new(convert::task_to_pb(
            self.store.start_task(task_id).await?,
        )))
    }

    async fn record_task_metrics(&self, request: Request<pb::RecordTaskMetricsRequest>) -> RpcResult<pb::Task> {
        let command = convert::record_metrics(request.into_inner())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.record_metrics(command).await?,
        )))
    }

    async fn finish_task(&self, request: Request<pb::FinishTaskRequest>) -> RpcResult<pb::Task> {
        let command = convert::finish_task(request.get_ref())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.finish_task(command).await?,
        )))
    }

    async fn get_task(&self, request: Request<pb::GetTaskRequest>) -> RpcResult<pb::Task> {
        let task = match &request.get_ref().selector {
            Some(pb::get_task_request::Selector::TaskId(task_id)) => {
                self.store.get_task(id("task_id", task_id)?).await?
            }
            Some(pb::get_task_request::Selector::Key(key)) => {
                let run_id = id("key.run_id", &key.run_id)?;
                let language = convert::language("key.language", key.language, true)
                    .map_err(Error::from)?
                    .ok_or_else(|| Error::from(FieldViolation::new("key.language", "is required")))?;
                if key.iteration < 1 {
                    return Err(Error::from(FieldViolation::new("key.iteration", "must be 1 or more")).into());
                }
                self.store
                    .find_task(run_id, language, &key.exercise, key.iteration)
                    .await?
            }
            None => return Err(Error::from(FieldViolation::new("task_id", "give task_id or key")).into()),
        };
        Ok(Response::new(convert::task_to_pb(task)))
    }

    async fn list_tasks(&self, request: Request<pb::ListTasksRequest>) -> RpcResult<pb::ListTasksResponse> {
        let request = request.into_inner();
        let run_id = id("run_id", &request.run_id)?;
        let status = convert::task_status("status", request.status).map_err(Error::from)?;
        let language = convert::language("language", request.language, false).map_err(Error::from)?;
        let fingerprint = paging::fingerprint(&[
            "tasks",
            &run_id.to_string(),
            &request.status.to_string(),
            &request.language.to_string(),
        ]);
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
        let after = page.after;
        let (tasks, next) = self
            .store
            .list_tasks(run_id, status, language, after, page.limit)
            .await?;
        Ok(Response::new(pb::ListTasksResponse {
            tasks: tasks.into_iter().map(convert::task_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn record_tool_error(&self, request: Request<pb::RecordToolErrorRequest>) -> RpcResult<pb::ToolError> {
        let command = convert::tool_error(request.into_inner())?;
        let recorded = self.store.record_tool_error(command).await?;
        Ok(Response::new(convert::tool_error_to_pb(recorded)))
    }

    async fn list_tool_errors(
        &self,
        request: Request<pb::ListToolErrorsRequest>,
    ) -> RpcResult<pb::ListToolErrorsResponse> {
        let request = request.into_inner();
        let run_id = id("run_id", &request.run_id)?;
        let task_id = parse_optional_id("task_id", &request.task_id).map_err(Error::from)?;
        let fingerprint =
            paging::fingerprint(&["tool_errors", &run_id.to_string(), &request.task_id, &request.tool_name]);
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
        let after = page.after;
        let tool_name = (!request.tool_name.is_empty()).then_some(request.tool_name);
        let (errors, next) = self
            .store
            .list_tool_errors(run_id, task_id, tool_name, after, page.limit)
            .await?;
        Ok(Response::new(pb::ListToolErrorsResponse {
            tool_errors: errors.into_iter().map(convert::tool_error_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }

    async fn finish_run(&self, request: Request<pb::FinishRunRequest>) -> RpcResult<pb::Run> {
        let run_id = id("id", &request.get_ref().id)?;
        let force = request.get_ref().force;
        Ok(Response::new(convert::run_to_pb(
            self.store.finish_run(run_id, force).await?,
        )))
    }

    async fn get_run_summary(&self, request: Request<pb::GetRunSummaryRequest>) -> RpcResult<pb::RunSummary> {
        let run_id = id("id", &request.get_ref().id)?;
        Ok(Response::new(convert::summary_to_pb(self.store.summary(run_id).await?)))
    }

    async fn claim_tasks(&self, request: Request<pb::ClaimTasksRequest>) -> RpcResult<pb::ClaimTasksResponse> {
        let command = convert::claim_tasks(request.get_ref())?;
        let lease = command.lease;
        let (tasks, expires_at) = self.store.claim_tasks(command).await?;
        Ok(Response::new(pb::ClaimTasksResponse {
            tasks: tasks.into_iter().map(convert::task_to_pb).collect(),
            lease_expire_time: Some(agentbase_platform::time::to_timestamp(expires_at)),
            lease_duration: prost_types::Duration::try_from(lease).ok(),
        }))
    }

    async fn heartbeat_tasks(
        &self,
        request: Request<pb::HeartbeatTasksRequest>,
    ) -> RpcResult<pb::HeartbeatTasksResponse> {
        let command = convert::heartbeat_tasks(request.get_ref())?;
        let lease = command.lease;
        let (states, expires_at) = self.store.heartbeat(command).await?;
        Ok(Response::new(convert::heartbeat_to_pb(states, expires_at, lease)))
    }

    type WatchRunStream = EventStream;

    async fn watch_run(&self, request: Request<pb::WatchRunRequest>) -> RpcResult<Self::WatchRunStream> {
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
        tokio::spawn(async move {
            watch(store, run_id, request.after_sequence, wakeups, sender).await;
            drop(permit);
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(receiver))))
    }

    async fn compare_runs(&self, request: Request<pb::CompareRunsRequest>) -> RpcResult<pb::CompareRunsResponse> {
        let request = request.into_inner();
        let (baseline, candidate, alpha) = convert::compare_runs(&request)?;
        let fingerprint = paging::fingerprint(&[
            "compare",
            &baseline.to_string(),
            &candidate.to_string(),
            &alpha.to_string(),
        ]);
        let page = PageRequest::<Uuid>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
        let baseline_tasks = self.store.task_results(baseline).await?;
        let candidate_tasks = self.store.task_results(candidate).await?;
        let comparison = crate::domain::compare(baseline_tasks, candidate_tasks, alpha);
        let (mut response, next) = convert::comparison_to_pb(comparison, page.after, page.limit);
        response.next_page_token = page.next_token(next);
        Ok(Response::new(response))
    }

    async fn invalidate_task(&self, request: Request<pb::InvalidateTaskRequest>) -> RpcResult<pb::Task> {
        let command = convert::invalidate_task(request.get_ref())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.invalidate_task(command).await?,
        )))
    }

    async fn retry_tasks(&self, request: Request<pb::RetryTasksRequest>) -> RpcResult<pb::RetryTasksResponse> {
        let command = convert::retry_tasks(request.get_ref())?;
        let retried = self.store.retry_tasks(command).await?;
        Ok(Response::new(pb::RetryTasksResponse {
            retried: i64::try_from(retried).unwrap_or(i64::MAX),
        }))
    }

    async fn list_task_attempts(
        &self,
        request: Request<pb::ListTaskAttemptsRequest>,
    ) -> RpcResult<pb::ListTaskAttemptsResponse> {
        let request = request.into_inner();
        let task_id = id("task_id", &request.task_id)?;
        let fingerprint = paging::fingerprint(&["attempts", &task_id.to_string()]);
        let page = PageRequest::<i64>::parse(request.page_size, &request.page_token, fingerprint)
            .map_err(Error::invalid_argument)?;
        let (attempts, next) = self.store.task_attempts(task_id, page.after, page.limit).await?;
        Ok(Response::new(pb::ListTaskAttemptsResponse {
            attempts: attempts.into_iter().map(convert::attempt_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }
}
