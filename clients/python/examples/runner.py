"""An evaluation runner: create a run (or join one), claim tasks under a
lease, heartbeat while working, record metrics and finish each task, then
finish the run. Several runners can share a run: no task goes to two.

What a runner in a fleet relies on:

- The fencing token. Each claimed task comes with its ``attempt``; every write
  about the task sends it back with the worker id. Worker ids are stable (pod
  names), so after a stall this worker may hold the same task again as a later
  attempt: the token is what refuses the stale one's writes.
- Idempotent writes. The client gives FinishTask and RecordTaskMetrics a
  request id and retries them on UNAVAILABLE: a retry after a lost answer is
  answered as the first call was, never refused.
- Reasons. A refused write says why: ``RUN_CANCELLED`` / ``RUN_FINISHED``
  (the run is over: stop), ``LEASE_LOST`` (another attempt has the task) and
  ``LEASE_EXPIRED`` (this attempt's lease ran out: heartbeat sooner) — drop
  the task either way —, ``TASK_FINISHED`` (this attempt is already done).

    AGENTBASE_TARGET=127.0.0.1:50051 WORKER=pod-a python examples/runner.py
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from agentbase_client.agentbase.evaluation.v1 import evaluation_pb2 as ev
from agentbase_client import AgentbaseClient, AgentbaseError

LEASE_SECONDS = 60
RUN_OVER = {"RUN_CANCELLED", "RUN_FINISHED"}
TASK_GONE = {"LEASE_LOST", "LEASE_EXPIRED"}

Agent = Callable[[ev.Task], tuple[ev.TaskOutcome, ev.TaskMetrics]]


def run_agent(task: ev.Task) -> tuple[ev.TaskOutcome, ev.TaskMetrics]:
    """… run the agent on task.exercise; here every task passes."""
    return ev.TASK_OUTCOME_PASSED, ev.TaskMetrics(tokens_in=12_000, tokens_out=800, duration_ms=42_000)


class Heartbeat:
    """Renews the leases of the tasks in hand, each on its attempt, and
    notes the ones lost (with why) so the worker stops on them."""

    def __init__(self, client: AgentbaseClient, worker: str, tasks: list[ev.Task]) -> None:
        self.lost: dict[str, str] = {}
        self._stop = threading.Event()
        held = [ev.HeldTask(task_id=t.id, attempt=t.attempt) for t in tasks]

        def beat() -> None:
            while not self._stop.wait(LEASE_SECONDS / 3):
                answer = client.evaluation.HeartbeatTasks(
                    ev.HeartbeatTasksRequest(worker_id=worker, tasks=held, lease_seconds=LEASE_SECONDS)
                )
                self.lost.update({t.task_id: t.reason for t in answer.tasks if t.reason})

        self._thread = threading.Thread(target=beat, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()


def work(client: AgentbaseClient, run_id: str, worker: str, agent: Agent = run_agent) -> int:
    """Claims and runs tasks until none is left or the run is over; returns
    how many tasks this worker finished."""
    finished = 0
    while True:
        try:
            claimed = client.evaluation.ClaimTasks(
                ev.ClaimTasksRequest(run_id=run_id, worker_id=worker, max_tasks=2, lease_seconds=LEASE_SECONDS)
            ).tasks
        except AgentbaseError as error:
            if error.reason in RUN_OVER:
                return finished
            raise
        if not claimed:
            return finished
        heartbeat = Heartbeat(client, worker, list(claimed))
        try:
            for task in claimed:
                if task.id in heartbeat.lost:
                    continue
                outcome, metrics = agent(task)
                try:
                    client.evaluation.RecordTaskMetrics(
                        ev.RecordTaskMetricsRequest(
                            task_id=task.id, worker_id=worker, attempt=task.attempt, metrics=metrics
                        )
                    )
                    client.evaluation.FinishTask(
                        ev.FinishTaskRequest(task_id=task.id, worker_id=worker, attempt=task.attempt, outcome=outcome)
                    )
                    finished += 1
                except AgentbaseError as error:
                    if error.reason in RUN_OVER:
                        return finished
                    if error.reason in TASK_GONE:
                        continue  # another attempt has it, or will: drop it
                    if error.reason == "TASK_FINISHED":
                        continue  # this attempt is done already
                    raise
        finally:
            heartbeat.stop()


def finish_run(client: AgentbaseClient, run_id: str) -> ev.Run | None:
    """Finishes the run, unless other runners still hold tasks of it (the
    last one to run out finishes it)."""
    try:
        return client.evaluation.FinishRun(ev.FinishRunRequest(id=run_id))
    except AgentbaseError as error:
        if error.reason == "TASKS_IN_FLIGHT":
            return None
        raise


def main() -> None:
    worker = os.environ.get("WORKER", f"runner-{os.getpid()}")
    with AgentbaseClient(os.environ.get("AGENTBASE_TARGET", "127.0.0.1:50051")) as client:
        run_id = os.environ.get("RUN_ID") or client.evaluation.CreateRun(
            ev.CreateRunRequest(
                model="claude-x",
                name="nightly",
                exercises=[
                    ev.Exercise(language=ev.LANGUAGE_PYTHON, exercise="zipper"),
                    ev.Exercise(language=ev.LANGUAGE_RUST, exercise="bowling"),
                ],
                iterations=2,
            )
        ).id
        done = work(client, run_id, worker)
        finished = finish_run(client, run_id)
        if finished is None:
            print(f"{worker} finished {done} tasks; other runners are still working")
        else:
            print(f"run {finished.id}: {finished.totals.passed} passed of {finished.totals.tasks}")


if __name__ == "__main__":
    main()
