//! The tonic implementation of `EvaluationService`: one service over three
//! aggregates. Each method hands its request to the aggregate that owns it
//! (`run`, `task`, `comparison`), whose handler parses it, calls the store
//! and maps the error.

use agentbase_proto::evaluation::v1::{self as pb, evaluation_service_server::EvaluationService};
use tonic::Request;

use crate::{
    comparison::api::ComparisonApi,
    run::api::{EventStream, RunApi},
    store::EvaluationStore,
    task::api::TaskApi,
    wire::RpcResult,
};

/// `agentbase.evaluation.v1.EvaluationService` over an [`EvaluationStore`].
pub struct EvaluationApi {
    runs: RunApi,
    tasks: TaskApi,
    comparisons: ComparisonApi,
}

impl EvaluationApi {
    /// The service over `store`, WatchRun streams taking their slots from `watches`.
    pub fn new(store: EvaluationStore, watches: agentbase_platform::events::WatchSlots) -> Self {
        Self {
            runs: RunApi::new(store.clone(), watches),
            tasks: TaskApi::new(store.clone()),
            comparisons: ComparisonApi::new(store),
        }
    }
}

#[tonic::async_trait]
impl EvaluationService for EvaluationApi {
    async fn list_audit_events(
        &self,
        request: Request<agentbase_proto::audit::v1::ListAuditEventsRequest>,
    ) -> RpcResult<agentbase_proto::audit::v1::ListAuditEventsResponse> {
        self.runs.list_audit_events(request).await
    }

    async fn create_run(&self, request: Request<pb::CreateRunRequest>) -> RpcResult<pb::Run> {
        self.runs.create_run(request).await
    }

    async fn get_run(&self, request: Request<pb::GetRunRequest>) -> RpcResult<pb::Run> {
        self.runs.get_run(request).await
    }

    async fn list_runs(&self, request: Request<pb::ListRunsRequest>) -> RpcResult<pb::ListRunsResponse> {
        self.runs.list_runs(request).await
    }

    async fn update_run(&self, request: Request<pb::UpdateRunRequest>) -> RpcResult<pb::Run> {
        self.runs.update_run(request).await
    }

    async fn delete_run(&self, request: Request<pb::DeleteRunRequest>) -> RpcResult<pb::DeleteRunResponse> {
        self.runs.delete_run(request).await
    }

    async fn delete_runs(&self, request: Request<pb::DeleteRunsRequest>) -> RpcResult<pb::DeleteRunsResponse> {
        self.runs.delete_runs(request).await
    }

    async fn cancel_run(&self, request: Request<pb::CancelRunRequest>) -> RpcResult<pb::Run> {
        self.runs.cancel_run(request).await
    }

    async fn finish_run(&self, request: Request<pb::FinishRunRequest>) -> RpcResult<pb::Run> {
        self.runs.finish_run(request).await
    }

    async fn get_run_summary(&self, request: Request<pb::GetRunSummaryRequest>) -> RpcResult<pb::RunSummary> {
        self.runs.get_run_summary(request).await
    }

    type WatchRunStream = EventStream;

    async fn watch_run(&self, request: Request<pb::WatchRunRequest>) -> RpcResult<Self::WatchRunStream> {
        self.runs.watch_run(request).await
    }

    async fn start_task(&self, request: Request<pb::StartTaskRequest>) -> RpcResult<pb::Task> {
        self.tasks.start_task(request).await
    }

    async fn record_task_metrics(&self, request: Request<pb::RecordTaskMetricsRequest>) -> RpcResult<pb::Task> {
        self.tasks.record_task_metrics(request).await
    }

    async fn finish_task(&self, request: Request<pb::FinishTaskRequest>) -> RpcResult<pb::Task> {
        self.tasks.finish_task(request).await
    }

    async fn get_task(&self, request: Request<pb::GetTaskRequest>) -> RpcResult<pb::Task> {
        self.tasks.get_task(request).await
    }

    async fn list_tasks(&self, request: Request<pb::ListTasksRequest>) -> RpcResult<pb::ListTasksResponse> {
        self.tasks.list_tasks(request).await
    }

    async fn record_tool_error(&self, request: Request<pb::RecordToolErrorRequest>) -> RpcResult<pb::ToolError> {
        self.tasks.record_tool_error(request).await
    }

    async fn list_tool_errors(
        &self,
        request: Request<pb::ListToolErrorsRequest>,
    ) -> RpcResult<pb::ListToolErrorsResponse> {
        self.tasks.list_tool_errors(request).await
    }

    async fn claim_tasks(&self, request: Request<pb::ClaimTasksRequest>) -> RpcResult<pb::ClaimTasksResponse> {
        self.tasks.claim_tasks(request).await
    }

    async fn heartbeat_tasks(
        &self,
        request: Request<pb::HeartbeatTasksRequest>,
    ) -> RpcResult<pb::HeartbeatTasksResponse> {
        self.tasks.heartbeat_tasks(request).await
    }

    async fn invalidate_task(&self, request: Request<pb::InvalidateTaskRequest>) -> RpcResult<pb::Task> {
        self.tasks.invalidate_task(request).await
    }

    async fn retry_tasks(&self, request: Request<pb::RetryTasksRequest>) -> RpcResult<pb::RetryTasksResponse> {
        self.tasks.retry_tasks(request).await
    }

    async fn list_task_attempts(
        &self,
        request: Request<pb::ListTaskAttemptsRequest>,
    ) -> RpcResult<pb::ListTaskAttemptsResponse> {
        self.tasks.list_task_attempts(request).await
    }

    async fn compare_runs(&self, request: Request<pb::CompareRunsRequest>) -> RpcResult<pb::CompareRunsResponse> {
        self.comparisons.compare_runs(request).await
    }
}
