// The client against a live server: retries through a restart with one
// request id, paging to the end, a watch resumed across a restart, and
// decoded errors.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { type AgentbaseClient, AgentbaseError, createAgentbaseClient, evaluation, sessions } from "../src/index.js";
import { TestServer } from "./server.js";

const TECHNIQUE =
  "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n";

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

async function newSession(userId: string): Promise<string> {
  const script = await client.scripts.createScript({ name: `s-${crypto.randomUUID()}`, content: TECHNIQUE });
  const session = await client.sessions.createSession({ userId, scriptId: script.id });
  return session.id;
}

function text(content: string) {
  return { role: sessions.MessageRole.USER, content };
}

test("an append retried through a server restart applies once", async () => {
  const sessionId = await newSession("retry");
  await client.sessions.appendMessages({ sessionId, messages: [text("before")] });
  // The server dies while the append is on its way and comes back; the
  // client retries with the request id it generated, so the append is
  // applied exactly once whether or not the first attempt committed.
  const appended = client.sessions.appendMessages({ sessionId, messages: [text("during"), text("outage")] });
  await server.kill();
  await new Promise((done) => setTimeout(done, 300));
  await server.startAgain();
  const answer = await appended;
  assert.deepEqual(
    answer.messages.map((m) => [m.seq, m.content]),
    [
      [2n, "during"],
      [3n, "outage"],
    ],
  );
  const all = [];
  for await (const message of client.sessions.listAllMessages({ sessionId })) {
    all.push([message.seq, message.content]);
  }
  assert.deepEqual(all, [
    [1n, "before"],
    [2n, "during"],
    [3n, "outage"],
  ]);
  const session = await client.sessions.getSession({ id: sessionId });
  assert.equal(session.messageCount, 3n, "gap-free and counted once");
});

test("listAll pages through 1,234 sessions, each once", async () => {
  const script = await client.scripts.createScript({ name: `many-${crypto.randomUUID()}`, content: TECHNIQUE });
  const userId = `lister-${crypto.randomUUID()}`;
  const created = new Set<string>();
  for (let batch = 0; batch < 1_234; batch += 8) {
    const count = Math.min(8, 1_234 - batch);
    const ids = await Promise.all(
      Array.from({ length: count }, () => client.sessions.createSession({ userId, scriptId: script.id })),
    );
    for (const session of ids) created.add(session.id);
  }
  const seen: string[] = [];
  for await (const session of client.sessions.listAllSessions({ userId, pageSize: 100 })) {
    seen.push(session.id);
  }
  assert.equal(seen.length, 1_234);
  assert.equal(new Set(seen).size, 1_234, "none twice");
  assert.deepEqual(new Set(seen), created);
});

test("a watch cut by a server restart resumes and delivers every message once, in order", async () => {
  const sessionId = await newSession("watcher");
  const received: string[] = [];
  const watching = (async () => {
    for await (const event of client.sessions.watchMessages({ sessionId })) {
      received.push(event.message?.content ?? "");
      if (received.length === 10) return;
    }
  })();
  for (let i = 0; i < 5; i++) {
    await client.sessions.appendMessages({ sessionId, messages: [text(`m${i}`)] });
  }
  while (received.length < 5) await new Promise((done) => setTimeout(done, 20));
  await server.kill();
  await new Promise((done) => setTimeout(done, 300));
  await server.startAgain();
  for (let i = 5; i < 10; i++) {
    await client.sessions.appendMessages({ sessionId, messages: [text(`m${i}`)] });
  }
  await watching;
  assert.deepEqual(
    received,
    Array.from({ length: 10 }, (_, i) => `m${i}`),
  );
});

test("errors name the field, the reason and the domain", async () => {
  await assert.rejects(
    client.sessions.createSession({ userId: "", scriptId: "not-a-uuid" }),
    (error: unknown) => {
      assert.ok(error instanceof AgentbaseError);
      assert.equal(error.code, "INVALID_ARGUMENT");
      assert.equal(error.domain, "sessions.agentbase");
      assert.deepEqual(
        error.fieldViolations.map((v) => v.field),
        ["user_id", "script_id"],
      );
      return true;
    },
  );
  await assert.rejects(client.sessions.getSession({ id: crypto.randomUUID() }), (error: unknown) => {
    assert.ok(error instanceof AgentbaseError);
    assert.equal(error.code, "NOT_FOUND");
    assert.equal(error.reason, "SESSION_NOT_FOUND");
    assert.equal(error.retryDelay, undefined, "nothing to retry");
    return true;
  });
});

test("an outage surfaces UNAVAILABLE with a retry delay once the retry budget is spent", async () => {
  const impatient = createAgentbaseClient({
    baseUrl: server.baseUrl,
    retry: { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 },
  });
  await server.kill();
  try {
    await assert.rejects(impatient.sessions.getSession({ id: crypto.randomUUID() }), (error: unknown) => {
      assert.ok(error instanceof AgentbaseError);
      assert.equal(error.code, "UNAVAILABLE");
      assert.ok(error.retryDelay !== undefined && error.retryDelay >= 0);
      return true;
    });
  } finally {
    await server.startAgain();
  }
});

test("watchRun resumes across a restart and ends with the run", async () => {
  const run = await client.evaluation.createRun({
    model: "claude-x",
    exercises: [
      { language: evaluation.Language.GO, exercise: "a" },
      { language: evaluation.Language.GO, exercise: "b" },
    ],
  });
  const seen: string[] = [];
  const watching = (async () => {
    for await (const response of client.evaluation.watchRun({ runId: run.id })) {
      const event = response.event;
      seen.push(event?.taskId ? `${event.exercise}:${evaluation.TaskStatus[event.taskStatus]}` : `run:${evaluation.RunStatus[event?.runStatus ?? 0]}`);
    }
  })();
  const claim = () => client.evaluation.claimTasks({ runId: run.id, workerId: "w", maxTasks: 1, leaseSeconds: 600 });
  const first = await claim();
  while (seen.length < 2) await new Promise((done) => setTimeout(done, 20));
  await server.kill();
  await new Promise((done) => setTimeout(done, 300));
  await server.startAgain();
  const second = await claim();
  for (const task of [...first.tasks, ...second.tasks]) {
    await client.evaluation.finishTask({ taskId: task.id, workerId: "w", outcome: evaluation.TaskOutcome.PASSED });
  }
  await client.evaluation.finishRun({ id: run.id });
  await watching;
  assert.deepEqual(seen, [
    "a:RUNNING",
    "run:RUNNING",
    "b:RUNNING",
    "a:PASSED",
    "b:PASSED",
    "run:FINISHED",
  ]);
});
