//! The task RPCs of `EvaluationService` (tasks, leases, attempts), as
//! `crate::service` hands them over: parse, call the store, map errors.

use agentbase_platform::error::RecordViolation as _;
use agentbase_platform::ids::{parse_id, parse_optional_id};
use agentbase_platform::{
    error::FieldViolation,
    paging::{self, PageRequest},
};
use agentbase_proto::evaluation::v1 as pb;
use tonic::{Request, Response};
use uuid::Uuid;

use super::convert;
use crate::{
    error::Error,
    store::EvaluationStore,
    wire::{RpcResult, id},
};

/// The handlers of tasks, their leases and attempts.
pub struct TaskApi {
    store: EvaluationStore,
}

impl TaskApi {
    /// The handlers over `store`.
    pub fn new(store: EvaluationStore) -> Self {
        Self { store }
    }

    /// The start task RPC.
    pub async fn start_task(&self, request: Request<pb::StartTaskRequest>) -> RpcResult<pb::Task> {
        let task_id = id("task_id", &request.get_ref().task_id)?;
        Ok(Response::new(convert::task_to_pb(
            self.store.start_task(task_id).await?,
        )))
    }

    /// The record task metrics RPC.
    pub async fn record_task_metrics(&self, request: Request<pb::RecordTaskMetricsRequest>) -> RpcResult<pb::Task> {
        let command = convert::record_metrics(request.into_inner())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.record_metrics(command).await?,
        )))
    }

    /// The finish task RPC.
    pub async fn finish_task(&self, request: Request<pb::FinishTaskRequest>) -> RpcResult<pb::Task> {
        let command = convert::finish_task(request.get_ref())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.finish_task(command).await?,
        )))
    }

    /// The get task RPC.
    pub async fn get_task(&self, request: Request<pb::GetTaskRequest>) -> RpcResult<pb::Task> {
        let task = match &request.get_ref().selector {
            Some(pb::get_task_request::Selector::TaskId(task_id)) => {
                self.store.get_task(id("task_id", task_id)?).await?
            }
            Some(pb::get_task_request::Selector::Key(key)) => {
                let run_id = id("key.run_id", &key.run_id)?;
                let language = crate::wire::language("key.language", key.language, true)
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

    /// The list tasks RPC.
    pub async fn list_tasks(&self, request: Request<pb::ListTasksRequest>) -> RpcResult<pb::ListTasksResponse> {
        let request = request.into_inner();
        let mut violations = Vec::new();
        let run_id = parse_id("run_id", &request.run_id).or_record(&mut violations);
        let status = crate::wire::task_status("status", request.status).or_record(&mut violations);
        let language = crate::wire::language("language", request.language, false).or_record(&mut violations);
        let query = match (run_id, status, language) {
            (Some(run_id), Some(status), Some(language)) if violations.is_empty() => Ok((run_id, status, language)),
            _ => Err(Error::invalid_argument(violations)),
        };
        let ((run_id, status, language), page) = PageRequest::<Uuid>::with_filter(
            query,
            |(run_id, _, _)| {
                paging::fingerprint(&[
                    "tasks",
                    &run_id.to_string(),
                    &request.status.to_string(),
                    &request.language.to_string(),
                ])
            },
            request.page_size,
            &request.page_token,
        )?;
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

    /// The record tool error RPC.
    pub async fn record_tool_error(&self, request: Request<pb::RecordToolErrorRequest>) -> RpcResult<pb::ToolError> {
        let command = convert::tool_error(request.into_inner())?;
        let recorded = self.store.record_tool_error(command).await?;
        Ok(Response::new(convert::tool_error_to_pb(recorded)))
    }

    /// The list tool errors RPC.
    pub async fn list_tool_errors(
        &self,
        request: Request<pb::ListToolErrorsRequest>,
    ) -> RpcResult<pb::ListToolErrorsResponse> {
        let request = request.into_inner();
        let mut violations = Vec::new();
        let run_id = parse_id("run_id", &request.run_id).or_record(&mut violations);
        let task_id = parse_optional_id("task_id", &request.task_id).or_record(&mut violations);
        let query = match (run_id, task_id) {
            (Some(run_id), Some(task_id)) if violations.is_empty() => Ok((run_id, task_id)),
            _ => Err(Error::invalid_argument(violations)),
        };
        let ((run_id, task_id), page) = PageRequest::<Uuid>::with_filter(
            query,
            |(run_id, _)| {
                paging::fingerprint(&["tool_errors", &run_id.to_string(), &request.task_id, &request.tool_name])
            },
            request.page_size,
            &request.page_token,
        )?;
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

    /// The claim tasks RPC.
    pub async fn claim_tasks(&self, request: Request<pb::ClaimTasksRequest>) -> RpcResult<pb::ClaimTasksResponse> {
        let command = convert::claim_tasks(request.get_ref())?;
        let lease = command.lease;
        let (tasks, expires_at) = self.store.claim_tasks(command).await?;
        Ok(Response::new(pb::ClaimTasksResponse {
            tasks: tasks.into_iter().map(convert::task_to_pb).collect(),
            lease_expire_time: Some(agentbase_platform::time::to_timestamp(expires_at)),
            lease_duration: prost_types::Duration::try_from(lease).ok(),
        }))
    }

    /// The heartbeat tasks RPC.
    pub async fn heartbeat_tasks(
        &self,
        request: Request<pb::HeartbeatTasksRequest>,
    ) -> RpcResult<pb::HeartbeatTasksResponse> {
        let command = convert::heartbeat_tasks(request.get_ref())?;
        let lease = command.lease;
        let (states, expires_at) = self.store.heartbeat(command).await?;
        Ok(Response::new(convert::heartbeat_to_pb(states, expires_at, lease)))
    }

    /// The invalidate task RPC.
    pub async fn invalidate_task(&self, request: Request<pb::InvalidateTaskRequest>) -> RpcResult<pb::Task> {
        let command = convert::invalidate_task(request.get_ref())?;
        Ok(Response::new(convert::task_to_pb(
            self.store.invalidate_task(command).await?,
        )))
    }

    /// The retry tasks RPC.
    pub async fn retry_tasks(&self, request: Request<pb::RetryTasksRequest>) -> RpcResult<pb::RetryTasksResponse> {
        let command = convert::retry_tasks(request.get_ref())?;
        let retried = self.store.retry_tasks(command).await?;
        Ok(Response::new(pb::RetryTasksResponse {
            retried: i64::try_from(retried).unwrap_or(i64::MAX),
        }))
    }

    /// The list task attempts RPC.
    pub async fn list_task_attempts(
        &self,
        request: Request<pb::ListTaskAttemptsRequest>,
    ) -> RpcResult<pb::ListTaskAttemptsResponse> {
        let request = request.into_inner();
        let (task_id, page) = PageRequest::<i64>::with_filter(
            parse_id("task_id", &request.task_id).map_err(Error::from),
            |task_id| paging::fingerprint(&["attempts", &task_id.to_string()]),
            request.page_size,
            &request.page_token,
        )?;
        let (attempts, next) = self.store.task_attempts(task_id, page.after, page.limit).await?;
        Ok(Response::new(pb::ListTaskAttemptsResponse {
            attempts: attempts.into_iter().map(convert::attempt_to_pb).collect(),
            next_page_token: page.next_token(next),
        }))
    }
}
