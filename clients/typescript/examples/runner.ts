// A Roo-style evaluation runner: create a run, then claim tasks under a
// lease, heartbeat while working, record metrics and finish each one, and
// finish the run. Several of these can share a run: no task goes to two.
//
// What a runner in a fleet relies on:
// - The fencing token. Each claimed task comes with its `attempt`; every
//   write about the task sends it back with the worker id. Worker ids are
//   stable (pod names), so after a stall this worker may hold the same task
//   again as a later attempt: the token is what refuses the stale writes.
// - Idempotent writes. The client gives finishTask and recordTaskMetrics a
//   request id and retries them on UNAVAILABLE: a retry after a lost answer
//   is answered as the first call was, never refused.
// - Reasons. A refused write says why: RUN_CANCELLED / RUN_FINISHED (the run
//   is over: stop), LEASE_LOST (another attempt has the task) and
//   LEASE_EXPIRED (this attempt's lease ran out: heartbeat sooner) — drop the
//   task either way —, TASK_FINISHED (this attempt is already done).
//
//   AGENTBASE_URL=http://127.0.0.1:50051 WORKER=pod-a node dist/examples/runner.js

import { pathToFileURL } from "node:url";

import { type AgentbaseClient, AgentbaseError, createAgentbaseClient, evaluation } from "../src/index.js";

const LEASE_SECONDS = 60;
const RUN_OVER = new Set(["RUN_CANCELLED", "RUN_FINISHED"]);
const TASK_GONE = new Set(["LEASE_LOST", "LEASE_EXPIRED", "TASK_FINISHED"]);

/** Runs the agent on one task: its outcome and metrics. */
export type Agent = (
  task: evaluation.Task,
) => Promise<{ outcome: evaluation.TaskOutcome; metrics: { tokensIn: bigint; tokensOut: bigint; durationMs: bigint } }>;

/** … run the agent on task.exercise; here every task passes. */
const runAgent: Agent = async () => ({
  outcome: evaluation.TaskOutcome.PASSED,
  metrics: { tokensIn: 12_000n, tokensOut: 800n, durationMs: 42_000n },
});

function reasonOf(error: unknown): string | undefined {
  return error instanceof AgentbaseError ? error.reason : undefined;
}

/**
 * Claims and runs tasks until none is left or the run is over; returns how
 * many tasks this worker finished.
 */
export async function work(client: AgentbaseClient, runId: string, worker: string, agent: Agent = runAgent): Promise<number> {
  let finished = 0;
  for (;;) {
    let tasks: evaluation.Task[];
    try {
      ({ tasks } = await client.evaluation.claimTasks({ runId, workerId: worker, maxTasks: 2, leaseSeconds: LEASE_SECONDS }));
    } catch (error) {
      if (RUN_OVER.has(reasonOf(error) ?? "")) return finished;
      throw error;
    }
    if (tasks.length === 0) return finished;
    // Each task's lease is renewed on the attempt this worker holds; a lost
    // one comes back with why, and the worker stops on it.
    const lost = new Map<string, string>();
    const held = tasks.map((task) => ({ taskId: task.id, attempt: task.attempt }));
    const heartbeat = setInterval(() => {
      void client.evaluation
        .heartbeatTasks({ workerId: worker, tasks: held, leaseSeconds: LEASE_SECONDS })
        .then((answer) => answer.tasks.filter((t) => t.reason !== "").forEach((t) => lost.set(t.taskId, t.reason)))
        .catch(() => undefined);
    }, (LEASE_SECONDS * 1000) / 3);
    try {
      for (const task of tasks) {
        if (lost.has(task.id)) continue;
        const { outcome, metrics } = await agent(task);
        try {
          await client.evaluation.recordTaskMetrics({ taskId: task.id, workerId: worker, attempt: task.attempt, metrics });
          await client.evaluation.finishTask({ taskId: task.id, workerId: worker, attempt: task.attempt, outcome });
          finished += 1;
        } catch (error) {
          const reason = reasonOf(error) ?? "";
          if (RUN_OVER.has(reason)) return finished;
          if (TASK_GONE.has(reason)) continue; // another attempt has it, or this one is done
          throw error;
        }
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/** Finishes the run, unless other runners still hold tasks of it (the last one to run out finishes it). */
export async function finishRun(client: AgentbaseClient, runId: string): Promise<evaluation.Run | undefined> {
  try {
    return await client.evaluation.finishRun({ id: runId });
  } catch (error) {
    if (reasonOf(error) === "TASKS_IN_FLIGHT") return undefined;
    throw error;
  }
}

async function main(): Promise<void> {
  const client = createAgentbaseClient({ baseUrl: process.env.AGENTBASE_URL ?? "http://127.0.0.1:50051" });
  const worker = process.env.WORKER ?? `runner-${process.pid}`;
  const run =
    process.env.RUN_ID ??
    (
      await client.evaluation.createRun({
        model: "claude-x",
        name: "nightly",
        exercises: [
          { language: evaluation.Language.RUST, exercise: "bowling" },
          { language: evaluation.Language.PYTHON, exercise: "zipper" },
        ],
        iterations: 2,
      })
    ).id;
  const done = await work(client, run, worker);
  const finished = await finishRun(client, run);
  if (finished === undefined) {
    console.log(`${worker} finished ${done} tasks; other runners are still working`);
  } else {
    console.log(`run ${finished.id}: ${finished.totals?.passed} passed of ${finished.totals?.tasks}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
