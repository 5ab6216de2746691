"""An evaluation runner: create a run (or join one), claim tasks under a
lease, heartbeat while working, record metrics and finish each task, then
finish the run. Several runners can share a run: no task goes to two.

    AGENTBASE_TARGET=127.0.0.1:50051 WORKER=pod-a python examples/runner.py
"""

from __future__ import annotations

import os
import threading

from agentbase.evaluation.v1 import evaluation_pb2 as ev
from agentbase_client import AgentbaseClient, AgentbaseError


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
        while True:
            claimed = client.evaluation.ClaimTasks(
                ev.ClaimTasksRequest(run_id=run_id, worker_id=worker, max_tasks=2, lease_seconds=60)
            ).tasks
            if not claimed:
                break
            done = threading.Event()

            def heartbeat() -> None:
                while not done.wait(20):
                    client.evaluation.HeartbeatTasks(
                        ev.HeartbeatTasksRequest(worker_id=worker, task_ids=[t.id for t in claimed], lease_seconds=60)
                    )

            beating = threading.Thread(target=heartbeat, daemon=True)
            beating.start()
            try:
                for task in claimed:
                    # … run the agent on task.exercise …
                    client.evaluation.RecordTaskMetrics(
                        ev.RecordTaskMetricsRequest(
                            task_id=task.id,
                            worker_id=worker,
                            metrics=ev.TaskMetrics(tokens_in=12_000, tokens_out=800, duration_ms=42_000),
                        )
                    )
                    client.evaluation.FinishTask(
                        ev.FinishTaskRequest(task_id=task.id, worker_id=worker, outcome=ev.TASK_OUTCOME_PASSED)
                    )
            except AgentbaseError as error:
                # Our lease expired and the task went to another worker: drop it.
                if error.reason != "LEASE_LOST":
                    raise
            finally:
                done.set()
        finished = client.evaluation.FinishRun(ev.FinishRunRequest(id=run_id))
        print(f"run {finished.id}: {finished.totals.passed} passed of {finished.totals.tasks}")


if __name__ == "__main__":
    main()
