"""The runner example (examples/runner.py) against a live server: two
workers share a run, each task is finished once under its fencing token, a
retried FinishTask gets the first answer, a stale attempt is refused, and a
cancelled run stops the workers without an error."""

from __future__ import annotations

import importlib.util
import threading
import time
import uuid
from pathlib import Path
from types import ModuleType

import pytest

from agentbase_client.agentbase.evaluation.v1 import evaluation_pb2 as ev
from agentbase_client import AgentbaseClient, AgentbaseError, RetryPolicy

PATIENT = RetryPolicy(max_attempts=40, initial_backoff=0.05, max_backoff=0.5)


def load_runner() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "examples" / "runner.py"
    spec = importlib.util.spec_from_file_location("runner_example", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def new_run(client: AgentbaseClient, exercises: int) -> str:
    return client.evaluation.CreateRun(
        ev.CreateRunRequest(
            model="claude-x",
            name=f"example-{uuid.uuid4()}",
            exercises=[ev.Exercise(language=ev.LANGUAGE_PYTHON, exercise=f"e{i}") for i in range(exercises)],
            iterations=2,
        )
    ).id


def test_two_example_workers_finish_every_task_once(server):
    runner = load_runner()
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        run_id = new_run(client, 6)
        done: dict[str, int] = {}
        workers = [
            threading.Thread(target=lambda w=w: done.__setitem__(w, runner.work(client, run_id, w)))
            for w in ("pod-a", "pod-b")
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert sum(done.values()) == 12
        finished = runner.finish_run(client, run_id)
        assert finished is not None
        assert (finished.totals.passed, finished.totals.unfinished) == (12, 0)


def test_a_stale_attempt_is_refused_and_a_retried_finish_is_answered(server):
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        run_id = new_run(client, 1)
        first = client.evaluation.ClaimTasks(
            ev.ClaimTasksRequest(run_id=run_id, worker_id="pod-a", max_tasks=1, lease_seconds=1)
        ).tasks[0]
        time.sleep(1.3)
        again = client.evaluation.ClaimTasks(
            ev.ClaimTasksRequest(run_id=run_id, worker_id="pod-a", max_tasks=1, lease_seconds=60)
        ).tasks[0]
        assert (again.id, again.attempt) == (first.id, 2)
        with pytest.raises(AgentbaseError) as stale:
            client.evaluation.FinishTask(
                ev.FinishTaskRequest(
                    task_id=first.id, worker_id="pod-a", attempt=1, outcome=ev.TASK_OUTCOME_PASSED
                )
            )
        assert stale.value.reason == "LEASE_LOST"
        request = ev.FinishTaskRequest(
            task_id=again.id,
            worker_id="pod-a",
            attempt=again.attempt,
            outcome=ev.TASK_OUTCOME_FAILED,
            request_id=str(uuid.uuid4()),
        )
        answer = client.evaluation.FinishTask(request)
        assert client.evaluation.FinishTask(request) == answer


def test_a_cancelled_run_stops_the_workers(server):
    runner = load_runner()
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        run_id = new_run(client, 3)

        def cancelling_agent(task: ev.Task) -> tuple[int, ev.TaskMetrics]:
            client.evaluation.CancelRun(ev.CancelRunRequest(id=run_id))
            return ev.TASK_OUTCOME_PASSED, ev.TaskMetrics()

        assert runner.work(client, run_id, "pod-a", cancelling_agent) == 0
        assert runner.work(client, run_id, "pod-b") == 0
