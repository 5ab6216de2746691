// A Roo-style evaluation runner: create a run, then claim tasks under a
// lease, heartbeat while working, record metrics and finish each one, and
// finish the run. Several of these can share a run: no task goes to two.
//
//   AGENTBASE_URL=http://127.0.0.1:50051 WORKER=pod-a node dist/examples/runner.js

import { AgentbaseError, createAgentbaseClient, evaluation } from "../src/index.js";

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

  for (;;) {
    const { tasks } = await client.evaluation.claimTasks({ runId: run, workerId: worker, maxTasks: 2, leaseSeconds: 60 });
    if (tasks.length === 0) break;
    const heartbeat = setInterval(() => {
      void client.evaluation.heartbeatTasks({ workerId: worker, taskIds: tasks.map((t) => t.id), leaseSeconds: 60 });
    }, 20_000);
    try {
      for (const task of tasks) {
        // … run the agent on task.exercise …
        await client.evaluation.recordTaskMetrics({
          taskId: task.id,
          workerId: worker,
          metrics: { tokensIn: 12_000n, tokensOut: 800n, durationMs: 42_000n },
        });
        await client.evaluation.finishTask({
          taskId: task.id,
          workerId: worker,
          outcome: evaluation.TaskOutcome.PASSED,
        });
      }
    } catch (error) {
      // Our lease expired and the task went to another worker: drop it.
      if (!(error instanceof AgentbaseError && error.reason === "LEASE_LOST")) throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }
  const finished = await client.evaluation.finishRun({ id: run });
  console.log(`run ${finished.id}: ${finished.totals?.passed} passed of ${finished.totals?.tasks}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
