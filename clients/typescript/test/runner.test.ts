// The runner example (examples/runner.ts) against a live server: two
// workers share a run and finish every task once under their fencing
// tokens, a stale attempt is refused, a retried finish gets the first
// answer, and a cancelled run stops the workers without an error.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { finishRun, work } from "../examples/runner.js";
import { type AgentbaseClient, AgentbaseError, createAgentbaseClient, evaluation } from "../src/index.js";
import { TestServer } from "./server.js";

let server: TestServer;
let client: AgentbaseClient;

before(async () => {
  server = await TestServer.start();
  client = createAgentbaseClient({
    baseUrl: server.baseUrl,
    retry: { maxAttempts: 40, initialBackoffMs: 50, maxBackoffMs: 500 },
  });
});

after(async () => {
  await server.stop();
});

async function newRun(exercises: number): Promise<string> {
  const run = await client.evaluation.createRun({
    model: "claude-x",
    name: `example-${crypto.randomUUID()}`,
    exercises: Array.from({ length: exercises }, (_, i) => ({ language: evaluation.Language.PYTHON, exercise: `e${i}` })),
    iterations: 2,
  });
  return run.id;
}

test("two example workers finish every task once", async () => {
  const runId = await newRun(6);
  const done = await Promise.all([work(client, runId, "pod-a"), work(client, runId, "pod-b")]);
  assert.equal(done[0] + done[1], 12);
  const finished = await finishRun(client, runId);
  assert.equal(finished?.totals?.passed, 12n);
  assert.equal(finished?.totals?.unfinished, 0n);
});

test("a stale attempt is refused under the same worker id; a retried finish gets the first answer", async () => {
  const runId = await newRun(1);
  const [first] = (await client.evaluation.claimTasks({ runId, workerId: "pod-a", maxTasks: 1, leaseSeconds: 1 })).tasks;
  await new Promise((done) => setTimeout(done, 1300));
  const [again] = (await client.evaluation.claimTasks({ runId, workerId: "pod-a", maxTasks: 1, leaseSeconds: 60 })).tasks;
  assert.deepEqual([again.id, again.attempt], [first.id, 2]);
  await assert.rejects(
    client.evaluation.finishTask({ taskId: first.id, workerId: "pod-a", attempt: 1, outcome: evaluation.TaskOutcome.PASSED }),
    (error: unknown) => error instanceof AgentbaseError && error.reason === "LEASE_LOST",
  );
  const request = {
    taskId: again.id,
    workerId: "pod-a",
    attempt: again.attempt,
    outcome: evaluation.TaskOutcome.FAILED,
    requestId: crypto.randomUUID(),
  };
  const answer = await client.evaluation.finishTask(request);
  const retried = await client.evaluation.finishTask(request);
  assert.deepEqual(retried, answer);
});

test("a cancelled run stops the example workers", async () => {
  const runId = await newRun(3);
  const cancelling = async () => {
    await client.evaluation.cancelRun({ id: runId });
    return { outcome: evaluation.TaskOutcome.PASSED, metrics: { tokensIn: 1n, tokensOut: 1n, durationMs: 1n } };
  };
  assert.equal(await work(client, runId, "pod-a", cancelling), 0);
  assert.equal(await work(client, runId, "pod-b"), 0);
});
