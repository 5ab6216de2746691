"""Typed clients of every agentbase service, one method per RPC (generated
by generate.py from proto/; do not edit)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import cast

from agentbase_client.agentbase.audit.v1 import audit_pb2 as _audit_pb2
from agentbase_client.agentbase.auth.v1 import access_pb2 as _access_pb2
from agentbase_client.agentbase.evaluation.v1 import evaluation_pb2 as _evaluation_pb2
from agentbase_client.agentbase.scripts.v1 import labels_pb2 as _labels_pb2
from agentbase_client.agentbase.scripts.v1 import projects_pb2 as _projects_pb2
from agentbase_client.agentbase.scripts.v1 import scripts_pb2 as _scripts_pb2
from agentbase_client.agentbase.sessions.v1 import sessions_pb2 as _sessions_pb2

from ._dispatch import AsyncServiceBase, Metadata, ServiceBase



class EvaluationServiceClient(ServiceBase):
    """
    EvaluationService stores runs of an AI coding agent over exercises: the
    run's tasks, their metrics and tool errors, run totals and pass@k.
    """
    _service = _evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"]

    def CreateRun(
        self,
        request: _evaluation_pb2.CreateRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Creates a run with its exercises × iterations tasks, atomically.
        """
        return cast(_evaluation_pb2.Run, self._unary("CreateRun", _evaluation_pb2.CreateRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetRun(
        self,
        request: _evaluation_pb2.GetRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Returns a run.
        """
        return cast(_evaluation_pb2.Run, self._unary("GetRun", _evaluation_pb2.GetRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListRuns(
        self,
        request: _evaluation_pb2.ListRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListRunsResponse:
        """
        Lists runs, newest first, with filters and keyset pagination.
        """
        return cast(_evaluation_pb2.ListRunsResponse, self._unary("ListRuns", _evaluation_pb2.ListRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_runs(
        self,
        request: _evaluation_pb2.ListRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_evaluation_pb2.Run]:
        """Every runs of every page of ListRuns, in order."""
        return cast(
            Iterator[_evaluation_pb2.Run],
            self._list_all("ListRuns", "runs", _evaluation_pb2.ListRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def UpdateRun(
        self,
        request: _evaluation_pb2.UpdateRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Updates a run's name or description (run notes).
        """
        return cast(_evaluation_pb2.Run, self._unary("UpdateRun", _evaluation_pb2.UpdateRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteRun(
        self,
        request: _evaluation_pb2.DeleteRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.DeleteRunResponse:
        """
        Deletes a run with its tasks, metrics and tool errors.
        """
        return cast(_evaluation_pb2.DeleteRunResponse, self._unary("DeleteRun", _evaluation_pb2.DeleteRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteRuns(
        self,
        request: _evaluation_pb2.DeleteRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.DeleteRunsResponse:
        """
        Deletes runs created before a time and/or unfinished, in one statement.
        """
        return cast(_evaluation_pb2.DeleteRunsResponse, self._unary("DeleteRuns", _evaluation_pb2.DeleteRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def CancelRun(
        self,
        request: _evaluation_pb2.CancelRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Cancels a run: its pending and running tasks become cancelled.
        """
        return cast(_evaluation_pb2.Run, self._unary("CancelRun", _evaluation_pb2.CancelRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def StartTask(
        self,
        request: _evaluation_pb2.StartTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Marks a pending task running (idempotent while running).
        """
        return cast(_evaluation_pb2.Task, self._unary("StartTask", _evaluation_pb2.StartTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def RecordTaskMetrics(
        self,
        request: _evaluation_pb2.RecordTaskMetricsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Records a task's cumulative metrics; the latest report wins. A retry with
        the same `request_id` is answered as the first call was, never refused.
        """
        return cast(_evaluation_pb2.Task, self._unary("RecordTaskMetrics", _evaluation_pb2.RecordTaskMetricsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def FinishTask(
        self,
        request: _evaluation_pb2.FinishTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Finishes a running task with an outcome. A leased task is finished by
        the worker holding the lease of the attempt it names (its fencing token);
        a retry with the same `request_id` is answered as the first call was.
        Refusals say why: `RUN_CANCELLED` / `RUN_FINISHED` (the run ended: stop),
        `LEASE_EXPIRED` (this attempt's lease ran out and no other attempt holds
        the task), `LEASE_LOST` (another attempt holds or finished the task),
        `TASK_FINISHED` (this attempt was already finished).
        """
        return cast(_evaluation_pb2.Task, self._unary("FinishTask", _evaluation_pb2.FinishTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetTask(
        self,
        request: _evaluation_pb2.GetTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Returns a task by id, or by run, language, exercise and iteration.
        """
        return cast(_evaluation_pb2.Task, self._unary("GetTask", _evaluation_pb2.GetTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListTasks(
        self,
        request: _evaluation_pb2.ListTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListTasksResponse:
        """
        Lists a run's tasks with their metrics.
        """
        return cast(_evaluation_pb2.ListTasksResponse, self._unary("ListTasks", _evaluation_pb2.ListTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_tasks(
        self,
        request: _evaluation_pb2.ListTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_evaluation_pb2.Task]:
        """Every tasks of every page of ListTasks, in order."""
        return cast(
            Iterator[_evaluation_pb2.Task],
            self._list_all("ListTasks", "tasks", _evaluation_pb2.ListTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def RecordToolError(
        self,
        request: _evaluation_pb2.RecordToolErrorRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ToolError:
        """
        Records a tool failure of a run (and task).
        """
        return cast(_evaluation_pb2.ToolError, self._unary("RecordToolError", _evaluation_pb2.RecordToolErrorRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListToolErrors(
        self,
        request: _evaluation_pb2.ListToolErrorsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListToolErrorsResponse:
        """
        Lists a run's tool errors.
        """
        return cast(_evaluation_pb2.ListToolErrorsResponse, self._unary("ListToolErrors", _evaluation_pb2.ListToolErrorsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_tool_errors(
        self,
        request: _evaluation_pb2.ListToolErrorsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_evaluation_pb2.ToolError]:
        """Every tool_errors of every page of ListToolErrors, in order."""
        return cast(
            Iterator[_evaluation_pb2.ToolError],
            self._list_all("ListToolErrors", "tool_errors", _evaluation_pb2.ListToolErrorsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def FinishRun(
        self,
        request: _evaluation_pb2.FinishRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Computes and stores the run's totals and marks it finished; idempotent.
        While tasks are running it is refused (`TASKS_IN_FLIGHT`) unless `force`,
        which cancels them in the same transaction: a finished run's totals change
        only through InvalidateTask (which drops a result) or RetryTasks (which
        reopens the run).
        """
        return cast(_evaluation_pb2.Run, self._unary("FinishRun", _evaluation_pb2.FinishRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetRunSummary(
        self,
        request: _evaluation_pb2.GetRunSummaryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.RunSummary:
        """
        Live totals, per-language results, tool errors per tool and pass@k.
        """
        return cast(_evaluation_pb2.RunSummary, self._unary("GetRunSummary", _evaluation_pb2.GetRunSummaryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the evaluation context, newest first: every write
        and every refused write (needs the `evaluation.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            Iterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def ClaimTasks(
        self,
        request: _evaluation_pb2.ClaimTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ClaimTasksResponse:
        """
        Hands a worker up to `max_tasks` pending tasks of a run, each leased to
        it for `lease_seconds` and marked running: a task goes to one worker at a
        time. Tasks are claimed in a fair order (every exercise's first
        iteration before any second; languages take turns). Expired leases are
        taken back first: the task returns to pending as its next attempt, or,
        after the run's `max_attempts`, is errored with `LEASE_EXPIRED`.
        """
        return cast(_evaluation_pb2.ClaimTasksResponse, self._unary("ClaimTasks", _evaluation_pb2.ClaimTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def HeartbeatTasks(
        self,
        request: _evaluation_pb2.HeartbeatTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.HeartbeatTasksResponse:
        """
        Extends the leases a worker still holds; names the tasks whose lease it
        lost (expired, or finished), and reports each task's state, the lease
        left as a duration and, for a lost one, why.
        """
        return cast(_evaluation_pb2.HeartbeatTasksResponse, self._unary("HeartbeatTasks", _evaluation_pb2.HeartbeatTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def WatchRun(
        self,
        request: _evaluation_pb2.WatchRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_evaluation_pb2.WatchRunResponse]:
        """
        Streams a run's task transitions and its own, in `sequence` order, on
        every replica: first those after `after_sequence`, then each new one
        once, with the run's totals. Ends once every event is sent and the run is
        finished or cancelled (a run RetryTasks reopens goes on: its replay
        sends every event). Resume a dropped stream from the last sequence
        received.
        """
        return cast(Iterator[_evaluation_pb2.WatchRunResponse], self._watch("WatchRun", _evaluation_pb2.WatchRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def CompareRuns(
        self,
        request: _evaluation_pb2.CompareRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.CompareRunsResponse:
        """
        Compares a candidate run with a baseline task by task: tasks paired by
        (language, exercise, iteration), outcome flips per language and overall,
        token, cost and duration deltas, McNemar's exact test on the discordant
        pairs and a verdict at the caller's significance level; the regressed
        pairs are listed a page at a time.
        """
        return cast(_evaluation_pb2.CompareRunsResponse, self._unary("CompareRuns", _evaluation_pb2.CompareRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def InvalidateTask(
        self,
        request: _evaluation_pb2.InvalidateTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Flags a finished task's result as not to be counted: totals, summaries,
        pass@k and comparisons leave it out from then on. The task is kept, with
        its reason; a retry starts a new, counted attempt.
        """
        return cast(_evaluation_pb2.Task, self._unary("InvalidateTask", _evaluation_pb2.InvalidateTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def RetryTasks(
        self,
        request: _evaluation_pb2.RetryTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.RetryTasksResponse:
        """
        Puts a run's failed, errored and/or timed-out tasks (or, with
        `invalidated`, its invalidated ones whatever their outcome) back to
        pending as their next attempt, keeping every earlier attempt's ending and
        metrics (ListTaskAttempts); totals and pass@k count each task's latest
        attempt. A finished run is running again; a cancelled run retries nothing.
        """
        return cast(_evaluation_pb2.RetryTasksResponse, self._unary("RetryTasks", _evaluation_pb2.RetryTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListTaskAttempts(
        self,
        request: _evaluation_pb2.ListTaskAttemptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListTaskAttemptsResponse:
        """
        Lists every attempt of a task, oldest first, the current one last.
        """
        return cast(_evaluation_pb2.ListTaskAttemptsResponse, self._unary("ListTaskAttempts", _evaluation_pb2.ListTaskAttemptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_task_attempts(
        self,
        request: _evaluation_pb2.ListTaskAttemptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_evaluation_pb2.TaskAttempt]:
        """Every attempts of every page of ListTaskAttempts, in order."""
        return cast(
            Iterator[_evaluation_pb2.TaskAttempt],
            self._list_all("ListTaskAttempts", "attempts", _evaluation_pb2.ListTaskAttemptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class AsyncEvaluationServiceClient(AsyncServiceBase):
    """
    EvaluationService stores runs of an AI coding agent over exercises: the
    run's tasks, their metrics and tool errors, run totals and pass@k.
    """
    _service = _evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"]

    async def CreateRun(
        self,
        request: _evaluation_pb2.CreateRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Creates a run with its exercises × iterations tasks, atomically.
        """
        return cast(_evaluation_pb2.Run, await self._unary("CreateRun", _evaluation_pb2.CreateRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetRun(
        self,
        request: _evaluation_pb2.GetRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Returns a run.
        """
        return cast(_evaluation_pb2.Run, await self._unary("GetRun", _evaluation_pb2.GetRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListRuns(
        self,
        request: _evaluation_pb2.ListRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListRunsResponse:
        """
        Lists runs, newest first, with filters and keyset pagination.
        """
        return cast(_evaluation_pb2.ListRunsResponse, await self._unary("ListRuns", _evaluation_pb2.ListRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_runs(
        self,
        request: _evaluation_pb2.ListRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_evaluation_pb2.Run]:
        """Every runs of every page of ListRuns, in order."""
        return cast(
            AsyncIterator[_evaluation_pb2.Run],
            self._list_all("ListRuns", "runs", _evaluation_pb2.ListRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def UpdateRun(
        self,
        request: _evaluation_pb2.UpdateRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Updates a run's name or description (run notes).
        """
        return cast(_evaluation_pb2.Run, await self._unary("UpdateRun", _evaluation_pb2.UpdateRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteRun(
        self,
        request: _evaluation_pb2.DeleteRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.DeleteRunResponse:
        """
        Deletes a run with its tasks, metrics and tool errors.
        """
        return cast(_evaluation_pb2.DeleteRunResponse, await self._unary("DeleteRun", _evaluation_pb2.DeleteRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteRuns(
        self,
        request: _evaluation_pb2.DeleteRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.DeleteRunsResponse:
        """
        Deletes runs created before a time and/or unfinished, in one statement.
        """
        return cast(_evaluation_pb2.DeleteRunsResponse, await self._unary("DeleteRuns", _evaluation_pb2.DeleteRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def CancelRun(
        self,
        request: _evaluation_pb2.CancelRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Cancels a run: its pending and running tasks become cancelled.
        """
        return cast(_evaluation_pb2.Run, await self._unary("CancelRun", _evaluation_pb2.CancelRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def StartTask(
        self,
        request: _evaluation_pb2.StartTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Marks a pending task running (idempotent while running).
        """
        return cast(_evaluation_pb2.Task, await self._unary("StartTask", _evaluation_pb2.StartTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def RecordTaskMetrics(
        self,
        request: _evaluation_pb2.RecordTaskMetricsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Records a task's cumulative metrics; the latest report wins. A retry with
        the same `request_id` is answered as the first call was, never refused.
        """
        return cast(_evaluation_pb2.Task, await self._unary("RecordTaskMetrics", _evaluation_pb2.RecordTaskMetricsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def FinishTask(
        self,
        request: _evaluation_pb2.FinishTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Finishes a running task with an outcome. A leased task is finished by
        the worker holding the lease of the attempt it names (its fencing token);
        a retry with the same `request_id` is answered as the first call was.
        Refusals say why: `RUN_CANCELLED` / `RUN_FINISHED` (the run ended: stop),
        `LEASE_EXPIRED` (this attempt's lease ran out and no other attempt holds
        the task), `LEASE_LOST` (another attempt holds or finished the task),
        `TASK_FINISHED` (this attempt was already finished).
        """
        return cast(_evaluation_pb2.Task, await self._unary("FinishTask", _evaluation_pb2.FinishTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetTask(
        self,
        request: _evaluation_pb2.GetTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Returns a task by id, or by run, language, exercise and iteration.
        """
        return cast(_evaluation_pb2.Task, await self._unary("GetTask", _evaluation_pb2.GetTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListTasks(
        self,
        request: _evaluation_pb2.ListTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListTasksResponse:
        """
        Lists a run's tasks with their metrics.
        """
        return cast(_evaluation_pb2.ListTasksResponse, await self._unary("ListTasks", _evaluation_pb2.ListTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_tasks(
        self,
        request: _evaluation_pb2.ListTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_evaluation_pb2.Task]:
        """Every tasks of every page of ListTasks, in order."""
        return cast(
            AsyncIterator[_evaluation_pb2.Task],
            self._list_all("ListTasks", "tasks", _evaluation_pb2.ListTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def RecordToolError(
        self,
        request: _evaluation_pb2.RecordToolErrorRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ToolError:
        """
        Records a tool failure of a run (and task).
        """
        return cast(_evaluation_pb2.ToolError, await self._unary("RecordToolError", _evaluation_pb2.RecordToolErrorRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListToolErrors(
        self,
        request: _evaluation_pb2.ListToolErrorsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListToolErrorsResponse:
        """
        Lists a run's tool errors.
        """
        return cast(_evaluation_pb2.ListToolErrorsResponse, await self._unary("ListToolErrors", _evaluation_pb2.ListToolErrorsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_tool_errors(
        self,
        request: _evaluation_pb2.ListToolErrorsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_evaluation_pb2.ToolError]:
        """Every tool_errors of every page of ListToolErrors, in order."""
        return cast(
            AsyncIterator[_evaluation_pb2.ToolError],
            self._list_all("ListToolErrors", "tool_errors", _evaluation_pb2.ListToolErrorsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def FinishRun(
        self,
        request: _evaluation_pb2.FinishRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Run:
        """
        Computes and stores the run's totals and marks it finished; idempotent.
        While tasks are running it is refused (`TASKS_IN_FLIGHT`) unless `force`,
        which cancels them in the same transaction: a finished run's totals change
        only through InvalidateTask (which drops a result) or RetryTasks (which
        reopens the run).
        """
        return cast(_evaluation_pb2.Run, await self._unary("FinishRun", _evaluation_pb2.FinishRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetRunSummary(
        self,
        request: _evaluation_pb2.GetRunSummaryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.RunSummary:
        """
        Live totals, per-language results, tool errors per tool and pass@k.
        """
        return cast(_evaluation_pb2.RunSummary, await self._unary("GetRunSummary", _evaluation_pb2.GetRunSummaryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the evaluation context, newest first: every write
        and every refused write (needs the `evaluation.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, await self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            AsyncIterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def ClaimTasks(
        self,
        request: _evaluation_pb2.ClaimTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ClaimTasksResponse:
        """
        Hands a worker up to `max_tasks` pending tasks of a run, each leased to
        it for `lease_seconds` and marked running: a task goes to one worker at a
        time. Tasks are claimed in a fair order (every exercise's first
        iteration before any second; languages take turns). Expired leases are
        taken back first: the task returns to pending as its next attempt, or,
        after the run's `max_attempts`, is errored with `LEASE_EXPIRED`.
        """
        return cast(_evaluation_pb2.ClaimTasksResponse, await self._unary("ClaimTasks", _evaluation_pb2.ClaimTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def HeartbeatTasks(
        self,
        request: _evaluation_pb2.HeartbeatTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.HeartbeatTasksResponse:
        """
        Extends the leases a worker still holds; names the tasks whose lease it
        lost (expired, or finished), and reports each task's state, the lease
        left as a duration and, for a lost one, why.
        """
        return cast(_evaluation_pb2.HeartbeatTasksResponse, await self._unary("HeartbeatTasks", _evaluation_pb2.HeartbeatTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def WatchRun(
        self,
        request: _evaluation_pb2.WatchRunRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_evaluation_pb2.WatchRunResponse]:
        """
        Streams a run's task transitions and its own, in `sequence` order, on
        every replica: first those after `after_sequence`, then each new one
        once, with the run's totals. Ends once every event is sent and the run is
        finished or cancelled (a run RetryTasks reopens goes on: its replay
        sends every event). Resume a dropped stream from the last sequence
        received.
        """
        return cast(AsyncIterator[_evaluation_pb2.WatchRunResponse], self._watch("WatchRun", _evaluation_pb2.WatchRunRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def CompareRuns(
        self,
        request: _evaluation_pb2.CompareRunsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.CompareRunsResponse:
        """
        Compares a candidate run with a baseline task by task: tasks paired by
        (language, exercise, iteration), outcome flips per language and overall,
        token, cost and duration deltas, McNemar's exact test on the discordant
        pairs and a verdict at the caller's significance level; the regressed
        pairs are listed a page at a time.
        """
        return cast(_evaluation_pb2.CompareRunsResponse, await self._unary("CompareRuns", _evaluation_pb2.CompareRunsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def InvalidateTask(
        self,
        request: _evaluation_pb2.InvalidateTaskRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.Task:
        """
        Flags a finished task's result as not to be counted: totals, summaries,
        pass@k and comparisons leave it out from then on. The task is kept, with
        its reason; a retry starts a new, counted attempt.
        """
        return cast(_evaluation_pb2.Task, await self._unary("InvalidateTask", _evaluation_pb2.InvalidateTaskRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def RetryTasks(
        self,
        request: _evaluation_pb2.RetryTasksRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.RetryTasksResponse:
        """
        Puts a run's failed, errored and/or timed-out tasks (or, with
        `invalidated`, its invalidated ones whatever their outcome) back to
        pending as their next attempt, keeping every earlier attempt's ending and
        metrics (ListTaskAttempts); totals and pass@k count each task's latest
        attempt. A finished run is running again; a cancelled run retries nothing.
        """
        return cast(_evaluation_pb2.RetryTasksResponse, await self._unary("RetryTasks", _evaluation_pb2.RetryTasksRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListTaskAttempts(
        self,
        request: _evaluation_pb2.ListTaskAttemptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _evaluation_pb2.ListTaskAttemptsResponse:
        """
        Lists every attempt of a task, oldest first, the current one last.
        """
        return cast(_evaluation_pb2.ListTaskAttemptsResponse, await self._unary("ListTaskAttempts", _evaluation_pb2.ListTaskAttemptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_task_attempts(
        self,
        request: _evaluation_pb2.ListTaskAttemptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_evaluation_pb2.TaskAttempt]:
        """Every attempts of every page of ListTaskAttempts, in order."""
        return cast(
            AsyncIterator[_evaluation_pb2.TaskAttempt],
            self._list_all("ListTaskAttempts", "attempts", _evaluation_pb2.ListTaskAttemptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class LabelServiceClient(ServiceBase):
    """
    LabelService keeps release labels: named pointers (`production`, `staging`,
    or any `[a-z][a-z0-9-]{0,62}`) to one version of a project or one revision
    of a script. A label moves atomically, with a reason, and every move is kept
    in its history for ever. A protected label moves only for callers granted
    `scripts.promote`; a label that requires approval moves only when a second,
    different person approves a request to move it.
    """
    _service = _labels_pb2.DESCRIPTOR.services_by_name["LabelService"]

    def SetLabel(
        self,
        request: _labels_pb2.SetLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Points a label at a version or revision, creating the label on its first
        move. Guarded by the label's etag and idempotent by request id.
        """
        return cast(_labels_pb2.Label, self._unary("SetLabel", _labels_pb2.SetLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetLabel(
        self,
        request: _labels_pb2.GetLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Returns one label.
        """
        return cast(_labels_pb2.Label, self._unary("GetLabel", _labels_pb2.GetLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListLabels(
        self,
        request: _labels_pb2.ListLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelsResponse:
        """
        Lists the labels of one project or script, by name.
        """
        return cast(_labels_pb2.ListLabelsResponse, self._unary("ListLabels", _labels_pb2.ListLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_labels(
        self,
        request: _labels_pb2.ListLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_labels_pb2.Label]:
        """Every labels of every page of ListLabels, in order."""
        return cast(
            Iterator[_labels_pb2.Label],
            self._list_all("ListLabels", "labels", _labels_pb2.ListLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def ListLabelHistory(
        self,
        request: _labels_pb2.ListLabelHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelHistoryResponse:
        """
        Lists the moves of one label, newest first.
        """
        return cast(_labels_pb2.ListLabelHistoryResponse, self._unary("ListLabelHistory", _labels_pb2.ListLabelHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_label_history(
        self,
        request: _labels_pb2.ListLabelHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_labels_pb2.LabelMove]:
        """Every moves of every page of ListLabelHistory, in order."""
        return cast(
            Iterator[_labels_pb2.LabelMove],
            self._list_all("ListLabelHistory", "moves", _labels_pb2.ListLabelHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def ProtectLabel(
        self,
        request: _labels_pb2.ProtectLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Changes how a label guards its moves (needs `scripts.promote`).
        """
        return cast(_labels_pb2.Label, self._unary("ProtectLabel", _labels_pb2.ProtectLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteLabel(
        self,
        request: _labels_pb2.DeleteLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.DeleteLabelResponse:
        """
        Deletes a label, guarded like a move; its history stays. A version or
        revision a label points at cannot be deleted, nor the project or script
        holding it, until the label moves away or is deleted.
        """
        return cast(_labels_pb2.DeleteLabelResponse, self._unary("DeleteLabel", _labels_pb2.DeleteLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def RequestLabelMove(
        self,
        request: _labels_pb2.RequestLabelMoveRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.LabelMoveRequest:
        """
        Asks to move a label that requires approval; the label moves when a
        second, different person approves the request. Idempotent by request id.
        """
        return cast(_labels_pb2.LabelMoveRequest, self._unary("RequestLabelMove", _labels_pb2.RequestLabelMoveRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ApproveLabelMove(
        self,
        request: _labels_pb2.ApproveLabelMoveRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Approves a pending request: the label moves, and its history records who
        asked and who approved. The person who asked cannot approve; approving a
        protected label's move needs `scripts.promote`. A request the label moved
        away from meanwhile is superseded and cannot be approved.
        """
        return cast(_labels_pb2.Label, self._unary("ApproveLabelMove", _labels_pb2.ApproveLabelMoveRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListLabelMoveRequests(
        self,
        request: _labels_pb2.ListLabelMoveRequestsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelMoveRequestsResponse:
        """
        Lists the requests to move one project's or script's labels, newest first.
        """
        return cast(_labels_pb2.ListLabelMoveRequestsResponse, self._unary("ListLabelMoveRequests", _labels_pb2.ListLabelMoveRequestsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_label_move_requests(
        self,
        request: _labels_pb2.ListLabelMoveRequestsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_labels_pb2.LabelMoveRequest]:
        """Every requests of every page of ListLabelMoveRequests, in order."""
        return cast(
            Iterator[_labels_pb2.LabelMoveRequest],
            self._list_all("ListLabelMoveRequests", "requests", _labels_pb2.ListLabelMoveRequestsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def WatchLabels(
        self,
        request: _labels_pb2.WatchLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_labels_pb2.WatchLabelsResponse]:
        """
        Streams label moves in `sequence` order as they commit, on every replica:
        first those after the cursor, then each new one once. Resume a dropped
        stream from the last `sequence` received. Never ends by itself.
        """
        return cast(Iterator[_labels_pb2.WatchLabelsResponse], self._watch("WatchLabels", _labels_pb2.WatchLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


class AsyncLabelServiceClient(AsyncServiceBase):
    """
    LabelService keeps release labels: named pointers (`production`, `staging`,
    or any `[a-z][a-z0-9-]{0,62}`) to one version of a project or one revision
    of a script. A label moves atomically, with a reason, and every move is kept
    in its history for ever. A protected label moves only for callers granted
    `scripts.promote`; a label that requires approval moves only when a second,
    different person approves a request to move it.
    """
    _service = _labels_pb2.DESCRIPTOR.services_by_name["LabelService"]

    async def SetLabel(
        self,
        request: _labels_pb2.SetLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Points a label at a version or revision, creating the label on its first
        move. Guarded by the label's etag and idempotent by request id.
        """
        return cast(_labels_pb2.Label, await self._unary("SetLabel", _labels_pb2.SetLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetLabel(
        self,
        request: _labels_pb2.GetLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Returns one label.
        """
        return cast(_labels_pb2.Label, await self._unary("GetLabel", _labels_pb2.GetLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListLabels(
        self,
        request: _labels_pb2.ListLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelsResponse:
        """
        Lists the labels of one project or script, by name.
        """
        return cast(_labels_pb2.ListLabelsResponse, await self._unary("ListLabels", _labels_pb2.ListLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_labels(
        self,
        request: _labels_pb2.ListLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_labels_pb2.Label]:
        """Every labels of every page of ListLabels, in order."""
        return cast(
            AsyncIterator[_labels_pb2.Label],
            self._list_all("ListLabels", "labels", _labels_pb2.ListLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def ListLabelHistory(
        self,
        request: _labels_pb2.ListLabelHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelHistoryResponse:
        """
        Lists the moves of one label, newest first.
        """
        return cast(_labels_pb2.ListLabelHistoryResponse, await self._unary("ListLabelHistory", _labels_pb2.ListLabelHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_label_history(
        self,
        request: _labels_pb2.ListLabelHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_labels_pb2.LabelMove]:
        """Every moves of every page of ListLabelHistory, in order."""
        return cast(
            AsyncIterator[_labels_pb2.LabelMove],
            self._list_all("ListLabelHistory", "moves", _labels_pb2.ListLabelHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def ProtectLabel(
        self,
        request: _labels_pb2.ProtectLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Changes how a label guards its moves (needs `scripts.promote`).
        """
        return cast(_labels_pb2.Label, await self._unary("ProtectLabel", _labels_pb2.ProtectLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteLabel(
        self,
        request: _labels_pb2.DeleteLabelRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.DeleteLabelResponse:
        """
        Deletes a label, guarded like a move; its history stays. A version or
        revision a label points at cannot be deleted, nor the project or script
        holding it, until the label moves away or is deleted.
        """
        return cast(_labels_pb2.DeleteLabelResponse, await self._unary("DeleteLabel", _labels_pb2.DeleteLabelRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def RequestLabelMove(
        self,
        request: _labels_pb2.RequestLabelMoveRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.LabelMoveRequest:
        """
        Asks to move a label that requires approval; the label moves when a
        second, different person approves the request. Idempotent by request id.
        """
        return cast(_labels_pb2.LabelMoveRequest, await self._unary("RequestLabelMove", _labels_pb2.RequestLabelMoveRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ApproveLabelMove(
        self,
        request: _labels_pb2.ApproveLabelMoveRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.Label:
        """
        Approves a pending request: the label moves, and its history records who
        asked and who approved. The person who asked cannot approve; approving a
        protected label's move needs `scripts.promote`. A request the label moved
        away from meanwhile is superseded and cannot be approved.
        """
        return cast(_labels_pb2.Label, await self._unary("ApproveLabelMove", _labels_pb2.ApproveLabelMoveRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListLabelMoveRequests(
        self,
        request: _labels_pb2.ListLabelMoveRequestsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _labels_pb2.ListLabelMoveRequestsResponse:
        """
        Lists the requests to move one project's or script's labels, newest first.
        """
        return cast(_labels_pb2.ListLabelMoveRequestsResponse, await self._unary("ListLabelMoveRequests", _labels_pb2.ListLabelMoveRequestsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_label_move_requests(
        self,
        request: _labels_pb2.ListLabelMoveRequestsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_labels_pb2.LabelMoveRequest]:
        """Every requests of every page of ListLabelMoveRequests, in order."""
        return cast(
            AsyncIterator[_labels_pb2.LabelMoveRequest],
            self._list_all("ListLabelMoveRequests", "requests", _labels_pb2.ListLabelMoveRequestsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def WatchLabels(
        self,
        request: _labels_pb2.WatchLabelsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_labels_pb2.WatchLabelsResponse]:
        """
        Streams label moves in `sequence` order as they commit, on every replica:
        first those after the cursor, then each new one once. Resume a dropped
        stream from the last `sequence` received. Never ends by itself.
        """
        return cast(AsyncIterator[_labels_pb2.WatchLabelsResponse], self._watch("WatchLabels", _labels_pb2.WatchLabelsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


class ProjectServiceClient(ServiceBase):
    """
    ProjectService stores multi-file script workspaces: a working copy of files
    whose validation state (the draft) is recomputed on every change, and
    immutable published versions that can be listed, compared and rolled back to.
    """
    _service = _projects_pb2.DESCRIPTOR.services_by_name["ProjectService"]

    def CreateProject(
        self,
        request: _projects_pb2.CreateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Creates a project with empty `global`, `roles` and `skills` files and its draft.
        """
        return cast(_projects_pb2.Project, self._unary("CreateProject", _projects_pb2.CreateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetProject(
        self,
        request: _projects_pb2.GetProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Returns a project with its file count, current version and draft status.
        """
        return cast(_projects_pb2.Project, self._unary("GetProject", _projects_pb2.GetProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListProjects(
        self,
        request: _projects_pb2.ListProjectsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListProjectsResponse:
        """
        Lists projects with filters and keyset pagination; deprecated projects
        are hidden unless asked for.
        """
        return cast(_projects_pb2.ListProjectsResponse, self._unary("ListProjects", _projects_pb2.ListProjectsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_projects(
        self,
        request: _projects_pb2.ListProjectsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_projects_pb2.Project]:
        """Every projects of every page of ListProjects, in order."""
        return cast(
            Iterator[_projects_pb2.Project],
            self._list_all("ListProjects", "projects", _projects_pb2.ListProjectsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def UpdateProject(
        self,
        request: _projects_pb2.UpdateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Updates the fields named in update_mask; a stale etag gives ABORTED.
        """
        return cast(_projects_pb2.Project, self._unary("UpdateProject", _projects_pb2.UpdateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def CopyProject(
        self,
        request: _projects_pb2.CopyProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Copies a project's working copy (files with their paths, no versions) into a new project.
        """
        return cast(_projects_pb2.Project, self._unary("CopyProject", _projects_pb2.CopyProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ArchiveProject(
        self,
        request: _projects_pb2.ArchiveProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Archives a project: read-only from then on.
        """
        return cast(_projects_pb2.Project, self._unary("ArchiveProject", _projects_pb2.ArchiveProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeprecateProject(
        self,
        request: _projects_pb2.DeprecateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Deprecates a project; the reason is kept in its deprecation history.
        """
        return cast(_projects_pb2.Project, self._unary("DeprecateProject", _projects_pb2.DeprecateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def RestoreProject(
        self,
        request: _projects_pb2.RestoreProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Restores a deprecated project to draft.
        """
        return cast(_projects_pb2.Project, self._unary("RestoreProject", _projects_pb2.RestoreProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteProject(
        self,
        request: _projects_pb2.DeleteProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DeleteProjectResponse:
        """
        Deletes a project with its files, draft and versions.
        """
        return cast(_projects_pb2.DeleteProjectResponse, self._unary("DeleteProject", _projects_pb2.DeleteProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def CreateProjectFile(
        self,
        request: _projects_pb2.CreateProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Adds a file to the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.ProjectFile, self._unary("CreateProjectFile", _projects_pb2.CreateProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetProjectFile(
        self,
        request: _projects_pb2.GetProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Returns one file of the working copy.
        """
        return cast(_projects_pb2.ProjectFile, self._unary("GetProjectFile", _projects_pb2.GetProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListProjectFiles(
        self,
        request: _projects_pb2.ListProjectFilesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListProjectFilesResponse:
        """
        Lists the working copy's files.
        """
        return cast(_projects_pb2.ListProjectFilesResponse, self._unary("ListProjectFiles", _projects_pb2.ListProjectFilesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def UpdateProjectFile(
        self,
        request: _projects_pb2.UpdateProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Updates a file of the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.ProjectFile, self._unary("UpdateProjectFile", _projects_pb2.UpdateProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteProjectFile(
        self,
        request: _projects_pb2.DeleteProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DeleteProjectFileResponse:
        """
        Removes a file from the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.DeleteProjectFileResponse, self._unary("DeleteProjectFile", _projects_pb2.DeleteProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetDraft(
        self,
        request: _projects_pb2.GetDraftRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Draft:
        """
        Returns the draft: the working copy and its validation.
        """
        return cast(_projects_pb2.Draft, self._unary("GetDraft", _projects_pb2.GetDraftRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def SaveDraft(
        self,
        request: _projects_pb2.SaveDraftRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Draft:
        """
        Replaces the whole working copy in one transaction, guarded by the draft's etag.
        """
        return cast(_projects_pb2.Draft, self._unary("SaveDraft", _projects_pb2.SaveDraftRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def PublishVersion(
        self,
        request: _projects_pb2.PublishVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Publishes the working copy as a new immutable version; refused unless the
        draft is valid and differs from the current version.
        """
        return cast(_projects_pb2.ProjectVersion, self._unary("PublishVersion", _projects_pb2.PublishVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListVersions(
        self,
        request: _projects_pb2.ListVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListVersionsResponse:
        """
        Lists a project's versions, newest first.
        """
        return cast(_projects_pb2.ListVersionsResponse, self._unary("ListVersions", _projects_pb2.ListVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_versions(
        self,
        request: _projects_pb2.ListVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_projects_pb2.ProjectVersion]:
        """Every versions of every page of ListVersions, in order."""
        return cast(
            Iterator[_projects_pb2.ProjectVersion],
            self._list_all("ListVersions", "versions", _projects_pb2.ListVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def GetVersion(
        self,
        request: _projects_pb2.GetVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Returns one version with its snapshot.
        """
        return cast(_projects_pb2.ProjectVersion, self._unary("GetVersion", _projects_pb2.GetVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def RollbackToVersion(
        self,
        request: _projects_pb2.RollbackToVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Restores the working copy to a version and publishes that as a new version.
        """
        return cast(_projects_pb2.ProjectVersion, self._unary("RollbackToVersion", _projects_pb2.RollbackToVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DiffVersions(
        self,
        request: _projects_pb2.DiffVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DiffVersionsResponse:
        """
        Compares two versions, or a version and the working copy, file by file.
        """
        return cast(_projects_pb2.DiffVersionsResponse, self._unary("DiffVersions", _projects_pb2.DiffVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


class AsyncProjectServiceClient(AsyncServiceBase):
    """
    ProjectService stores multi-file script workspaces: a working copy of files
    whose validation state (the draft) is recomputed on every change, and
    immutable published versions that can be listed, compared and rolled back to.
    """
    _service = _projects_pb2.DESCRIPTOR.services_by_name["ProjectService"]

    async def CreateProject(
        self,
        request: _projects_pb2.CreateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Creates a project with empty `global`, `roles` and `skills` files and its draft.
        """
        return cast(_projects_pb2.Project, await self._unary("CreateProject", _projects_pb2.CreateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetProject(
        self,
        request: _projects_pb2.GetProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Returns a project with its file count, current version and draft status.
        """
        return cast(_projects_pb2.Project, await self._unary("GetProject", _projects_pb2.GetProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListProjects(
        self,
        request: _projects_pb2.ListProjectsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListProjectsResponse:
        """
        Lists projects with filters and keyset pagination; deprecated projects
        are hidden unless asked for.
        """
        return cast(_projects_pb2.ListProjectsResponse, await self._unary("ListProjects", _projects_pb2.ListProjectsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_projects(
        self,
        request: _projects_pb2.ListProjectsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_projects_pb2.Project]:
        """Every projects of every page of ListProjects, in order."""
        return cast(
            AsyncIterator[_projects_pb2.Project],
            self._list_all("ListProjects", "projects", _projects_pb2.ListProjectsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def UpdateProject(
        self,
        request: _projects_pb2.UpdateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Updates the fields named in update_mask; a stale etag gives ABORTED.
        """
        return cast(_projects_pb2.Project, await self._unary("UpdateProject", _projects_pb2.UpdateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def CopyProject(
        self,
        request: _projects_pb2.CopyProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Copies a project's working copy (files with their paths, no versions) into a new project.
        """
        return cast(_projects_pb2.Project, await self._unary("CopyProject", _projects_pb2.CopyProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ArchiveProject(
        self,
        request: _projects_pb2.ArchiveProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Archives a project: read-only from then on.
        """
        return cast(_projects_pb2.Project, await self._unary("ArchiveProject", _projects_pb2.ArchiveProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeprecateProject(
        self,
        request: _projects_pb2.DeprecateProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Deprecates a project; the reason is kept in its deprecation history.
        """
        return cast(_projects_pb2.Project, await self._unary("DeprecateProject", _projects_pb2.DeprecateProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def RestoreProject(
        self,
        request: _projects_pb2.RestoreProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Project:
        """
        Restores a deprecated project to draft.
        """
        return cast(_projects_pb2.Project, await self._unary("RestoreProject", _projects_pb2.RestoreProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteProject(
        self,
        request: _projects_pb2.DeleteProjectRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DeleteProjectResponse:
        """
        Deletes a project with its files, draft and versions.
        """
        return cast(_projects_pb2.DeleteProjectResponse, await self._unary("DeleteProject", _projects_pb2.DeleteProjectRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def CreateProjectFile(
        self,
        request: _projects_pb2.CreateProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Adds a file to the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.ProjectFile, await self._unary("CreateProjectFile", _projects_pb2.CreateProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetProjectFile(
        self,
        request: _projects_pb2.GetProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Returns one file of the working copy.
        """
        return cast(_projects_pb2.ProjectFile, await self._unary("GetProjectFile", _projects_pb2.GetProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListProjectFiles(
        self,
        request: _projects_pb2.ListProjectFilesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListProjectFilesResponse:
        """
        Lists the working copy's files.
        """
        return cast(_projects_pb2.ListProjectFilesResponse, await self._unary("ListProjectFiles", _projects_pb2.ListProjectFilesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def UpdateProjectFile(
        self,
        request: _projects_pb2.UpdateProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectFile:
        """
        Updates a file of the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.ProjectFile, await self._unary("UpdateProjectFile", _projects_pb2.UpdateProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteProjectFile(
        self,
        request: _projects_pb2.DeleteProjectFileRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DeleteProjectFileResponse:
        """
        Removes a file from the working copy and revalidates the draft.
        """
        return cast(_projects_pb2.DeleteProjectFileResponse, await self._unary("DeleteProjectFile", _projects_pb2.DeleteProjectFileRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetDraft(
        self,
        request: _projects_pb2.GetDraftRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Draft:
        """
        Returns the draft: the working copy and its validation.
        """
        return cast(_projects_pb2.Draft, await self._unary("GetDraft", _projects_pb2.GetDraftRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def SaveDraft(
        self,
        request: _projects_pb2.SaveDraftRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.Draft:
        """
        Replaces the whole working copy in one transaction, guarded by the draft's etag.
        """
        return cast(_projects_pb2.Draft, await self._unary("SaveDraft", _projects_pb2.SaveDraftRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def PublishVersion(
        self,
        request: _projects_pb2.PublishVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Publishes the working copy as a new immutable version; refused unless the
        draft is valid and differs from the current version.
        """
        return cast(_projects_pb2.ProjectVersion, await self._unary("PublishVersion", _projects_pb2.PublishVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListVersions(
        self,
        request: _projects_pb2.ListVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ListVersionsResponse:
        """
        Lists a project's versions, newest first.
        """
        return cast(_projects_pb2.ListVersionsResponse, await self._unary("ListVersions", _projects_pb2.ListVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_versions(
        self,
        request: _projects_pb2.ListVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_projects_pb2.ProjectVersion]:
        """Every versions of every page of ListVersions, in order."""
        return cast(
            AsyncIterator[_projects_pb2.ProjectVersion],
            self._list_all("ListVersions", "versions", _projects_pb2.ListVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def GetVersion(
        self,
        request: _projects_pb2.GetVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Returns one version with its snapshot.
        """
        return cast(_projects_pb2.ProjectVersion, await self._unary("GetVersion", _projects_pb2.GetVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def RollbackToVersion(
        self,
        request: _projects_pb2.RollbackToVersionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.ProjectVersion:
        """
        Restores the working copy to a version and publishes that as a new version.
        """
        return cast(_projects_pb2.ProjectVersion, await self._unary("RollbackToVersion", _projects_pb2.RollbackToVersionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DiffVersions(
        self,
        request: _projects_pb2.DiffVersionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _projects_pb2.DiffVersionsResponse:
        """
        Compares two versions, or a version and the working copy, file by file.
        """
        return cast(_projects_pb2.DiffVersionsResponse, await self._unary("DiffVersions", _projects_pb2.DiffVersionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


class ScriptServiceClient(ServiceBase):
    """
    ScriptService stores the YAML scripts that drive conversations. Every content
    change appends an immutable revision, so a session pinned to a revision keeps
    running unchanged while the script moves on.
    """
    _service = _scripts_pb2.DESCRIPTOR.services_by_name["ScriptService"]

    def CreateScript(
        self,
        request: _scripts_pb2.CreateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Creates a script and its first revision. The content is validated first;
        errors reject the call with INVALID_ARGUMENT (one field violation per
        problem), warnings are stored with the revision. Idempotent by request_id.
        """
        return cast(_scripts_pb2.Script, self._unary("CreateScript", _scripts_pb2.CreateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetScript(
        self,
        request: _scripts_pb2.GetScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Returns a script by id or by name, with its current revision or the
        revision asked for.
        """
        return cast(_scripts_pb2.Script, self._unary("GetScript", _scripts_pb2.GetScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListScripts(
        self,
        request: _scripts_pb2.ListScriptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ListScriptsResponse:
        """
        Lists scripts in creation order, with filters and keyset pagination.
        """
        return cast(_scripts_pb2.ListScriptsResponse, self._unary("ListScripts", _scripts_pb2.ListScriptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_scripts(
        self,
        request: _scripts_pb2.ListScriptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_scripts_pb2.Script]:
        """Every scripts of every page of ListScripts, in order."""
        return cast(
            Iterator[_scripts_pb2.Script],
            self._list_all("ListScripts", "scripts", _scripts_pb2.ListScriptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def UpdateScript(
        self,
        request: _scripts_pb2.UpdateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Updates the fields named in update_mask. A content change appends a new
        revision; unchanged content appends nothing. A stale etag gives ABORTED.
        """
        return cast(_scripts_pb2.Script, self._unary("UpdateScript", _scripts_pb2.UpdateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def PublishScript(
        self,
        request: _scripts_pb2.PublishScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Marks a valid script as published. An invalid or archived script gives
        FAILED_PRECONDITION.
        """
        return cast(_scripts_pb2.Script, self._unary("PublishScript", _scripts_pb2.PublishScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ArchiveScript(
        self,
        request: _scripts_pb2.ArchiveScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Archives a script: it can no longer be edited or published, and new
        sessions cannot start from it.
        """
        return cast(_scripts_pb2.Script, self._unary("ArchiveScript", _scripts_pb2.ArchiveScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteScript(
        self,
        request: _scripts_pb2.DeleteScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.DeleteScriptResponse:
        """
        Deletes a script and all its revisions.
        """
        return cast(_scripts_pb2.DeleteScriptResponse, self._unary("DeleteScript", _scripts_pb2.DeleteScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ValidateScript(
        self,
        request: _scripts_pb2.ValidateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ValidateScriptResponse:
        """
        Validates content without storing anything.
        """
        return cast(_scripts_pb2.ValidateScriptResponse, self._unary("ValidateScript", _scripts_pb2.ValidateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListScriptRevisions(
        self,
        request: _scripts_pb2.ListScriptRevisionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ListScriptRevisionsResponse:
        """
        Lists the revisions of a script, oldest first, with keyset pagination.
        """
        return cast(_scripts_pb2.ListScriptRevisionsResponse, self._unary("ListScriptRevisions", _scripts_pb2.ListScriptRevisionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_script_revisions(
        self,
        request: _scripts_pb2.ListScriptRevisionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_scripts_pb2.ScriptRevision]:
        """Every revisions of every page of ListScriptRevisions, in order."""
        return cast(
            Iterator[_scripts_pb2.ScriptRevision],
            self._list_all("ListScriptRevisions", "revisions", _scripts_pb2.ListScriptRevisionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the scripts & projects context, newest first: every write
        and every refused write (needs the `scripts.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            Iterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class AsyncScriptServiceClient(AsyncServiceBase):
    """
    ScriptService stores the YAML scripts that drive conversations. Every content
    change appends an immutable revision, so a session pinned to a revision keeps
    running unchanged while the script moves on.
    """
    _service = _scripts_pb2.DESCRIPTOR.services_by_name["ScriptService"]

    async def CreateScript(
        self,
        request: _scripts_pb2.CreateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Creates a script and its first revision. The content is validated first;
        errors reject the call with INVALID_ARGUMENT (one field violation per
        problem), warnings are stored with the revision. Idempotent by request_id.
        """
        return cast(_scripts_pb2.Script, await self._unary("CreateScript", _scripts_pb2.CreateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetScript(
        self,
        request: _scripts_pb2.GetScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Returns a script by id or by name, with its current revision or the
        revision asked for.
        """
        return cast(_scripts_pb2.Script, await self._unary("GetScript", _scripts_pb2.GetScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListScripts(
        self,
        request: _scripts_pb2.ListScriptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ListScriptsResponse:
        """
        Lists scripts in creation order, with filters and keyset pagination.
        """
        return cast(_scripts_pb2.ListScriptsResponse, await self._unary("ListScripts", _scripts_pb2.ListScriptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_scripts(
        self,
        request: _scripts_pb2.ListScriptsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_scripts_pb2.Script]:
        """Every scripts of every page of ListScripts, in order."""
        return cast(
            AsyncIterator[_scripts_pb2.Script],
            self._list_all("ListScripts", "scripts", _scripts_pb2.ListScriptsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def UpdateScript(
        self,
        request: _scripts_pb2.UpdateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Updates the fields named in update_mask. A content change appends a new
        revision; unchanged content appends nothing. A stale etag gives ABORTED.
        """
        return cast(_scripts_pb2.Script, await self._unary("UpdateScript", _scripts_pb2.UpdateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def PublishScript(
        self,
        request: _scripts_pb2.PublishScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Marks a valid script as published. An invalid or archived script gives
        FAILED_PRECONDITION.
        """
        return cast(_scripts_pb2.Script, await self._unary("PublishScript", _scripts_pb2.PublishScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ArchiveScript(
        self,
        request: _scripts_pb2.ArchiveScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.Script:
        """
        Archives a script: it can no longer be edited or published, and new
        sessions cannot start from it.
        """
        return cast(_scripts_pb2.Script, await self._unary("ArchiveScript", _scripts_pb2.ArchiveScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteScript(
        self,
        request: _scripts_pb2.DeleteScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.DeleteScriptResponse:
        """
        Deletes a script and all its revisions.
        """
        return cast(_scripts_pb2.DeleteScriptResponse, await self._unary("DeleteScript", _scripts_pb2.DeleteScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ValidateScript(
        self,
        request: _scripts_pb2.ValidateScriptRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ValidateScriptResponse:
        """
        Validates content without storing anything.
        """
        return cast(_scripts_pb2.ValidateScriptResponse, await self._unary("ValidateScript", _scripts_pb2.ValidateScriptRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListScriptRevisions(
        self,
        request: _scripts_pb2.ListScriptRevisionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _scripts_pb2.ListScriptRevisionsResponse:
        """
        Lists the revisions of a script, oldest first, with keyset pagination.
        """
        return cast(_scripts_pb2.ListScriptRevisionsResponse, await self._unary("ListScriptRevisions", _scripts_pb2.ListScriptRevisionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_script_revisions(
        self,
        request: _scripts_pb2.ListScriptRevisionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_scripts_pb2.ScriptRevision]:
        """Every revisions of every page of ListScriptRevisions, in order."""
        return cast(
            AsyncIterator[_scripts_pb2.ScriptRevision],
            self._list_all("ListScriptRevisions", "revisions", _scripts_pb2.ListScriptRevisionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the scripts & projects context, newest first: every write
        and every refused write (needs the `scripts.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, await self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            AsyncIterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class SessionServiceClient(ServiceBase):
    """
    SessionService stores conversation sessions pinned to a script revision,
    their ordered messages and their scoped variables.
    """
    _service = _sessions_pb2.DESCRIPTOR.services_by_name["SessionService"]

    def CreateSession(
        self,
        request: _sessions_pb2.CreateSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Starts a session from a script that exists and is not archived (asked of
        ScriptService), pinning the script's current revision.
        """
        return cast(_sessions_pb2.Session, self._unary("CreateSession", _sessions_pb2.CreateSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetSession(
        self,
        request: _sessions_pb2.GetSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Returns a session with its current variables.
        """
        return cast(_sessions_pb2.Session, self._unary("GetSession", _sessions_pb2.GetSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListSessions(
        self,
        request: _sessions_pb2.ListSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListSessionsResponse:
        """
        Lists sessions, newest first, with filters and keyset pagination.
        """
        return cast(_sessions_pb2.ListSessionsResponse, self._unary("ListSessions", _sessions_pb2.ListSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_sessions(
        self,
        request: _sessions_pb2.ListSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_sessions_pb2.Session]:
        """Every sessions of every page of ListSessions, in order."""
        return cast(
            Iterator[_sessions_pb2.Session],
            self._list_all("ListSessions", "sessions", _sessions_pb2.ListSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def UpdateSession(
        self,
        request: _sessions_pb2.UpdateSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Updates status, execution status, position or metadata. Completed and
        failed are terminal; moving phase or topic clears the variables of that scope.
        """
        return cast(_sessions_pb2.Session, self._unary("UpdateSession", _sessions_pb2.UpdateSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteSession(
        self,
        request: _sessions_pb2.DeleteSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteSessionResponse:
        """
        Deletes a session with its messages, variables and memories.
        """
        return cast(_sessions_pb2.DeleteSessionResponse, self._unary("DeleteSession", _sessions_pb2.DeleteSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ForkSession(
        self,
        request: _sessions_pb2.ForkSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Starts a new session from an existing one: messages 1..at_seq, and the
        variables, position, script pin and metadata as they are now (variables
        are not versioned). The fork is active and independent of its parent
        afterwards; memories stay with the parent. Idempotent with request_id.
        """
        return cast(_sessions_pb2.Session, self._unary("ForkSession", _sessions_pb2.ForkSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def PurgeExpiredSessions(
        self,
        request: _sessions_pb2.PurgeExpiredSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.PurgeExpiredSessionsResponse:
        """
        Deletes the sessions whose expire_time has passed, with their messages,
        variables and memories, in bounded batches (or, with dry_run, counts
        them). Expired sessions are already invisible to every read; the
        background sweeper does the same work on its own schedule.
        """
        return cast(_sessions_pb2.PurgeExpiredSessionsResponse, self._unary("PurgeExpiredSessions", _sessions_pb2.PurgeExpiredSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def EraseUserData(
        self,
        request: _sessions_pb2.EraseUserDataRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.EraseUserDataResponse:
        """
        Erases everything this context holds about one end user: their
        sessions (with messages and variables, forks included) and their
        memories (with revisions and search-index entries). Everything becomes
        NOT_FOUND to every call in one transaction, which also records the
        receipt in the audit trail; the rows are then deleted in bounded batches
        before the call answers. Data written for the user after that
        transaction is not erased. Idempotent with request_id (a retry answers
        the first receipt and finishes any deletion left); with dry_run it only
        counts. Needs sessions.admin.
        """
        return cast(_sessions_pb2.EraseUserDataResponse, self._unary("EraseUserData", _sessions_pb2.EraseUserDataRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def AppendMessages(
        self,
        request: _sessions_pb2.AppendMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.AppendMessagesResponse:
        """
        Appends 1–100 messages atomically, numbering them 1, 2, 3… per session.
        """
        return cast(_sessions_pb2.AppendMessagesResponse, self._unary("AppendMessages", _sessions_pb2.AppendMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListMessages(
        self,
        request: _sessions_pb2.ListMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMessagesResponse:
        """
        Lists messages by sequence number, in either direction.
        """
        return cast(_sessions_pb2.ListMessagesResponse, self._unary("ListMessages", _sessions_pb2.ListMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_messages(
        self,
        request: _sessions_pb2.ListMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_sessions_pb2.Message]:
        """Every messages of every page of ListMessages, in order."""
        return cast(
            Iterator[_sessions_pb2.Message],
            self._list_all("ListMessages", "messages", _sessions_pb2.ListMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def WatchMessages(
        self,
        request: _sessions_pb2.WatchMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_sessions_pb2.WatchMessagesResponse]:
        """
        Replays messages after `after_seq`, then streams new ones as they are
        appended; ends when the session completes or fails.
        """
        return cast(Iterator[_sessions_pb2.WatchMessagesResponse], self._watch("WatchMessages", _sessions_pb2.WatchMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def SetVariables(
        self,
        request: _sessions_pb2.SetVariablesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.SetVariablesResponse:
        """
        Upserts up to 500 variables atomically.
        """
        return cast(_sessions_pb2.SetVariablesResponse, self._unary("SetVariables", _sessions_pb2.SetVariablesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListVariables(
        self,
        request: _sessions_pb2.ListVariablesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListVariablesResponse:
        """
        Lists a session's variables.
        """
        return cast(_sessions_pb2.ListVariablesResponse, self._unary("ListVariables", _sessions_pb2.ListVariablesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def DeleteVariable(
        self,
        request: _sessions_pb2.DeleteVariableRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteVariableResponse:
        """
        Deletes one variable.
        """
        return cast(_sessions_pb2.DeleteVariableResponse, self._unary("DeleteVariable", _sessions_pb2.DeleteVariableRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the sessions context, newest first: every write
        and every refused write (needs the `sessions.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            Iterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class AsyncSessionServiceClient(AsyncServiceBase):
    """
    SessionService stores conversation sessions pinned to a script revision,
    their ordered messages and their scoped variables.
    """
    _service = _sessions_pb2.DESCRIPTOR.services_by_name["SessionService"]

    async def CreateSession(
        self,
        request: _sessions_pb2.CreateSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Starts a session from a script that exists and is not archived (asked of
        ScriptService), pinning the script's current revision.
        """
        return cast(_sessions_pb2.Session, await self._unary("CreateSession", _sessions_pb2.CreateSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetSession(
        self,
        request: _sessions_pb2.GetSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Returns a session with its current variables.
        """
        return cast(_sessions_pb2.Session, await self._unary("GetSession", _sessions_pb2.GetSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListSessions(
        self,
        request: _sessions_pb2.ListSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListSessionsResponse:
        """
        Lists sessions, newest first, with filters and keyset pagination.
        """
        return cast(_sessions_pb2.ListSessionsResponse, await self._unary("ListSessions", _sessions_pb2.ListSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_sessions(
        self,
        request: _sessions_pb2.ListSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_sessions_pb2.Session]:
        """Every sessions of every page of ListSessions, in order."""
        return cast(
            AsyncIterator[_sessions_pb2.Session],
            self._list_all("ListSessions", "sessions", _sessions_pb2.ListSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def UpdateSession(
        self,
        request: _sessions_pb2.UpdateSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Updates status, execution status, position or metadata. Completed and
        failed are terminal; moving phase or topic clears the variables of that scope.
        """
        return cast(_sessions_pb2.Session, await self._unary("UpdateSession", _sessions_pb2.UpdateSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteSession(
        self,
        request: _sessions_pb2.DeleteSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteSessionResponse:
        """
        Deletes a session with its messages, variables and memories.
        """
        return cast(_sessions_pb2.DeleteSessionResponse, await self._unary("DeleteSession", _sessions_pb2.DeleteSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ForkSession(
        self,
        request: _sessions_pb2.ForkSessionRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Session:
        """
        Starts a new session from an existing one: messages 1..at_seq, and the
        variables, position, script pin and metadata as they are now (variables
        are not versioned). The fork is active and independent of its parent
        afterwards; memories stay with the parent. Idempotent with request_id.
        """
        return cast(_sessions_pb2.Session, await self._unary("ForkSession", _sessions_pb2.ForkSessionRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def PurgeExpiredSessions(
        self,
        request: _sessions_pb2.PurgeExpiredSessionsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.PurgeExpiredSessionsResponse:
        """
        Deletes the sessions whose expire_time has passed, with their messages,
        variables and memories, in bounded batches (or, with dry_run, counts
        them). Expired sessions are already invisible to every read; the
        background sweeper does the same work on its own schedule.
        """
        return cast(_sessions_pb2.PurgeExpiredSessionsResponse, await self._unary("PurgeExpiredSessions", _sessions_pb2.PurgeExpiredSessionsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def EraseUserData(
        self,
        request: _sessions_pb2.EraseUserDataRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.EraseUserDataResponse:
        """
        Erases everything this context holds about one end user: their
        sessions (with messages and variables, forks included) and their
        memories (with revisions and search-index entries). Everything becomes
        NOT_FOUND to every call in one transaction, which also records the
        receipt in the audit trail; the rows are then deleted in bounded batches
        before the call answers. Data written for the user after that
        transaction is not erased. Idempotent with request_id (a retry answers
        the first receipt and finishes any deletion left); with dry_run it only
        counts. Needs sessions.admin.
        """
        return cast(_sessions_pb2.EraseUserDataResponse, await self._unary("EraseUserData", _sessions_pb2.EraseUserDataRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def AppendMessages(
        self,
        request: _sessions_pb2.AppendMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.AppendMessagesResponse:
        """
        Appends 1–100 messages atomically, numbering them 1, 2, 3… per session.
        """
        return cast(_sessions_pb2.AppendMessagesResponse, await self._unary("AppendMessages", _sessions_pb2.AppendMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListMessages(
        self,
        request: _sessions_pb2.ListMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMessagesResponse:
        """
        Lists messages by sequence number, in either direction.
        """
        return cast(_sessions_pb2.ListMessagesResponse, await self._unary("ListMessages", _sessions_pb2.ListMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_messages(
        self,
        request: _sessions_pb2.ListMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_sessions_pb2.Message]:
        """Every messages of every page of ListMessages, in order."""
        return cast(
            AsyncIterator[_sessions_pb2.Message],
            self._list_all("ListMessages", "messages", _sessions_pb2.ListMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def WatchMessages(
        self,
        request: _sessions_pb2.WatchMessagesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_sessions_pb2.WatchMessagesResponse]:
        """
        Replays messages after `after_seq`, then streams new ones as they are
        appended; ends when the session completes or fails.
        """
        return cast(AsyncIterator[_sessions_pb2.WatchMessagesResponse], self._watch("WatchMessages", _sessions_pb2.WatchMessagesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def SetVariables(
        self,
        request: _sessions_pb2.SetVariablesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.SetVariablesResponse:
        """
        Upserts up to 500 variables atomically.
        """
        return cast(_sessions_pb2.SetVariablesResponse, await self._unary("SetVariables", _sessions_pb2.SetVariablesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListVariables(
        self,
        request: _sessions_pb2.ListVariablesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListVariablesResponse:
        """
        Lists a session's variables.
        """
        return cast(_sessions_pb2.ListVariablesResponse, await self._unary("ListVariables", _sessions_pb2.ListVariablesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def DeleteVariable(
        self,
        request: _sessions_pb2.DeleteVariableRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteVariableResponse:
        """
        Deletes one variable.
        """
        return cast(_sessions_pb2.DeleteVariableResponse, await self._unary("DeleteVariable", _sessions_pb2.DeleteVariableRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListAuditEvents(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _audit_pb2.ListAuditEventsResponse:
        """
        Lists the audit trail of the sessions context, newest first: every write
        and every refused write (needs the `sessions.admin` scope).
        """
        return cast(_audit_pb2.ListAuditEventsResponse, await self._unary("ListAuditEvents", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_audit_events(
        self,
        request: _audit_pb2.ListAuditEventsRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_audit_pb2.AuditEvent]:
        """Every events of every page of ListAuditEvents, in order."""
        return cast(
            AsyncIterator[_audit_pb2.AuditEvent],
            self._list_all("ListAuditEvents", "events", _audit_pb2.ListAuditEventsRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )


class MemoryServiceClient(ServiceBase):
    """
    MemoryService stores searchable memories of users and sessions.
    """
    _service = _sessions_pb2.DESCRIPTOR.services_by_name["MemoryService"]

    def CreateMemory(
        self,
        request: _sessions_pb2.CreateMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Creates a memory. Content equal to a live (unexpired, not superseded)
        memory's of the same user, session and type — compared after lower-casing,
        reducing whitespace to single spaces and setting a closing `.`, `!` or
        `?` aside; every other character counts (signs, operators, emoticons,
        emoji) — creates nothing: the existing memory is returned unchanged.
        """
        return cast(_sessions_pb2.Memory, self._unary("CreateMemory", _sessions_pb2.CreateMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def GetMemory(
        self,
        request: _sessions_pb2.GetMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Returns a memory and counts the access (access_count + 1, access_time now).
        """
        return cast(_sessions_pb2.Memory, self._unary("GetMemory", _sessions_pb2.GetMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListMemories(
        self,
        request: _sessions_pb2.ListMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMemoriesResponse:
        """
        Lists memories, newest first; expired ones are hidden.
        """
        return cast(_sessions_pb2.ListMemoriesResponse, self._unary("ListMemories", _sessions_pb2.ListMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_memories(
        self,
        request: _sessions_pb2.ListMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_sessions_pb2.Memory]:
        """Every memories of every page of ListMemories, in order."""
        return cast(
            Iterator[_sessions_pb2.Memory],
            self._list_all("ListMemories", "memories", _sessions_pb2.ListMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def SearchMemories(
        self,
        request: _sessions_pb2.SearchMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.SearchMemoriesResponse:
        """
        Full-text search over content and tags, ranked by relevance, then
        importance and recency; expired memories are hidden.
        """
        return cast(_sessions_pb2.SearchMemoriesResponse, self._unary("SearchMemories", _sessions_pb2.SearchMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def UpdateMemory(
        self,
        request: _sessions_pb2.UpdateMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Updates the fields named in update_mask. A change of content, importance
        or tags keeps the previous ones in the memory's history.
        """
        return cast(_sessions_pb2.Memory, self._unary("UpdateMemory", _sessions_pb2.UpdateMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def ListMemoryHistory(
        self,
        request: _sessions_pb2.ListMemoryHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMemoryHistoryResponse:
        """
        Lists the earlier states of a memory's content, importance and tags,
        newest first.
        """
        return cast(_sessions_pb2.ListMemoryHistoryResponse, self._unary("ListMemoryHistory", _sessions_pb2.ListMemoryHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_memory_history(
        self,
        request: _sessions_pb2.ListMemoryHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> Iterator[_sessions_pb2.MemoryRevision]:
        """Every revisions of every page of ListMemoryHistory, in order."""
        return cast(
            Iterator[_sessions_pb2.MemoryRevision],
            self._list_all("ListMemoryHistory", "revisions", _sessions_pb2.ListMemoryHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    def DeleteMemory(
        self,
        request: _sessions_pb2.DeleteMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteMemoryResponse:
        """
        Deletes a memory.
        """
        return cast(_sessions_pb2.DeleteMemoryResponse, self._unary("DeleteMemory", _sessions_pb2.DeleteMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def PurgeExpiredMemories(
        self,
        request: _sessions_pb2.PurgeExpiredMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.PurgeExpiredMemoriesResponse:
        """
        Deletes (or, with dry_run, counts) expired memories.
        """
        return cast(_sessions_pb2.PurgeExpiredMemoriesResponse, self._unary("PurgeExpiredMemories", _sessions_pb2.PurgeExpiredMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


class AsyncMemoryServiceClient(AsyncServiceBase):
    """
    MemoryService stores searchable memories of users and sessions.
    """
    _service = _sessions_pb2.DESCRIPTOR.services_by_name["MemoryService"]

    async def CreateMemory(
        self,
        request: _sessions_pb2.CreateMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Creates a memory. Content equal to a live (unexpired, not superseded)
        memory's of the same user, session and type — compared after lower-casing,
        reducing whitespace to single spaces and setting a closing `.`, `!` or
        `?` aside; every other character counts (signs, operators, emoticons,
        emoji) — creates nothing: the existing memory is returned unchanged.
        """
        return cast(_sessions_pb2.Memory, await self._unary("CreateMemory", _sessions_pb2.CreateMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def GetMemory(
        self,
        request: _sessions_pb2.GetMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Returns a memory and counts the access (access_count + 1, access_time now).
        """
        return cast(_sessions_pb2.Memory, await self._unary("GetMemory", _sessions_pb2.GetMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListMemories(
        self,
        request: _sessions_pb2.ListMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMemoriesResponse:
        """
        Lists memories, newest first; expired ones are hidden.
        """
        return cast(_sessions_pb2.ListMemoriesResponse, await self._unary("ListMemories", _sessions_pb2.ListMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_memories(
        self,
        request: _sessions_pb2.ListMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_sessions_pb2.Memory]:
        """Every memories of every page of ListMemories, in order."""
        return cast(
            AsyncIterator[_sessions_pb2.Memory],
            self._list_all("ListMemories", "memories", _sessions_pb2.ListMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def SearchMemories(
        self,
        request: _sessions_pb2.SearchMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.SearchMemoriesResponse:
        """
        Full-text search over content and tags, ranked by relevance, then
        importance and recency; expired memories are hidden.
        """
        return cast(_sessions_pb2.SearchMemoriesResponse, await self._unary("SearchMemories", _sessions_pb2.SearchMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def UpdateMemory(
        self,
        request: _sessions_pb2.UpdateMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.Memory:
        """
        Updates the fields named in update_mask. A change of content, importance
        or tags keeps the previous ones in the memory's history.
        """
        return cast(_sessions_pb2.Memory, await self._unary("UpdateMemory", _sessions_pb2.UpdateMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def ListMemoryHistory(
        self,
        request: _sessions_pb2.ListMemoryHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.ListMemoryHistoryResponse:
        """
        Lists the earlier states of a memory's content, importance and tags,
        newest first.
        """
        return cast(_sessions_pb2.ListMemoryHistoryResponse, await self._unary("ListMemoryHistory", _sessions_pb2.ListMemoryHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    def list_all_memory_history(
        self,
        request: _sessions_pb2.ListMemoryHistoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> AsyncIterator[_sessions_pb2.MemoryRevision]:
        """Every revisions of every page of ListMemoryHistory, in order."""
        return cast(
            AsyncIterator[_sessions_pb2.MemoryRevision],
            self._list_all("ListMemoryHistory", "revisions", _sessions_pb2.ListMemoryHistoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready),
        )

    async def DeleteMemory(
        self,
        request: _sessions_pb2.DeleteMemoryRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.DeleteMemoryResponse:
        """
        Deletes a memory.
        """
        return cast(_sessions_pb2.DeleteMemoryResponse, await self._unary("DeleteMemory", _sessions_pb2.DeleteMemoryRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))

    async def PurgeExpiredMemories(
        self,
        request: _sessions_pb2.PurgeExpiredMemoriesRequest,
        *,
        timeout: float | None = None,
        metadata: Metadata | None = None,
        wait_for_ready: bool | None = None,
    ) -> _sessions_pb2.PurgeExpiredMemoriesResponse:
        """
        Deletes (or, with dry_run, counts) expired memories.
        """
        return cast(_sessions_pb2.PurgeExpiredMemoriesResponse, await self._unary("PurgeExpiredMemories", _sessions_pb2.PurgeExpiredMemoriesRequest, request, timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready))


__all__ = ['AsyncEvaluationServiceClient', 'AsyncLabelServiceClient', 'AsyncMemoryServiceClient', 'AsyncProjectServiceClient', 'AsyncScriptServiceClient', 'AsyncSessionServiceClient', 'EvaluationServiceClient', 'LabelServiceClient', 'MemoryServiceClient', 'ProjectServiceClient', 'ScriptServiceClient', 'SessionServiceClient']
