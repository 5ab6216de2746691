// What a caller controls: one deadline over a call's retries and a watch's
// reopens, interceptors and message sizes, gRPC's code names, and the
// listAll helpers only where a list has pages.

import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, test } from "node:test";

import {
  AgentbaseError,
  type Interceptor,
  createAgentbaseClient,
  codeName,
  Code,
  create,
  sessions,
  timestampFromDate,
} from "../src/index.js";
import { TestServer } from "./server.js";

let server: TestServer;

before(async () => {
  server = await TestServer.start();
});

after(async () => {
  await server.stop();
});

/** A port nothing listens on: every attempt fails UNAVAILABLE at once. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((ready) => listener.listen(0, "127.0.0.1", ready));
  const address = listener.address();
  await new Promise((closed) => listener.close(closed));
  return typeof address === "object" && address ? address.port : 0;
}

async function elapsedMs(call: () => Promise<unknown>): Promise<[number, unknown]> {
  const started = performance.now();
  try {
    await call();
    return [performance.now() - started, undefined];
  } catch (error) {
    return [performance.now() - started, error];
  }
}

test("a 500 ms deadline ends a unary call within 600 ms whatever maxAttempts", async () => {
  const port = await closedPort();
  for (const maxAttempts of [1, 5, 10, 100]) {
    const client = createAgentbaseClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts, initialBackoffMs: 50, maxBackoffMs: 200 },
    });
    const [took, error] = await elapsedMs(() => client.scripts.listScripts({}, { timeoutMs: 500 }));
    assert.ok(error instanceof AgentbaseError, String(error));
    assert.equal(error.code, "UNAVAILABLE");
    assert.ok(took < 600, `maxAttempts ${maxAttempts}: ${took.toFixed(0)} ms`);
  }
});

test("a 500 ms deadline ends a watch within 600 ms, its reopens included", async () => {
  const port = await closedPort();
  for (const maxAttempts of [5, 10, 100]) {
    const client = createAgentbaseClient({
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts, initialBackoffMs: 50, maxBackoffMs: 200 },
    });
    const [took, error] = await elapsedMs(async () => {
      for await (const _ of client.sessions.watchMessages({ sessionId: crypto.randomUUID() }, { timeoutMs: 500 })) {
        // Nothing arrives from a closed port.
      }
    });
    assert.ok(error instanceof AgentbaseError, String(error));
    assert.ok(took < 600, `maxAttempts ${maxAttempts}: ${took.toFixed(0)} ms`);
  }
  // On a live server the deadline ends a watch that is waiting for news.
  const live = createAgentbaseClient({ baseUrl: server.baseUrl, retry: { maxAttempts: 10 } });
  const script = await live.scripts.createScript({
    name: `deadline-${crypto.randomUUID()}`,
    content:
      "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n",
  });
  const session = await live.sessions.createSession({ userId: "deadline", scriptId: script.id });
  const [took, error] = await elapsedMs(async () => {
    for await (const _ of live.sessions.watchMessages({ sessionId: session.id }, { timeoutMs: 500 })) {
      // No message is appended.
    }
  });
  assert.ok(error instanceof AgentbaseError && error.code === "DEADLINE_EXCEEDED", String(error));
  assert.ok(took < 600, `${took.toFixed(0)} ms`);
});

test("a deadline too short for the call is not retried past it", async () => {
  const client = createAgentbaseClient({ baseUrl: server.baseUrl, retry: { maxAttempts: 20 } });
  const [took, error] = await elapsedMs(() => client.scripts.listScripts({}, { timeoutMs: 1 }));
  assert.ok(error instanceof AgentbaseError && error.code === "DEADLINE_EXCEEDED", String(error));
  assert.ok(took < 100, `${took.toFixed(0)} ms`);
});

test("interceptors see every attempt; a message too large for the client is not retried", async () => {
  let calls = 0;
  const seen: (string | null)[] = [];
  const counting: Interceptor = (next) => async (request) => {
    calls++;
    seen.push(request.header.get("authorization"));
    return next(request);
  };
  const client = createAgentbaseClient({
    baseUrl: server.baseUrl,
    token: async () => "t0ken",
    interceptors: [counting],
    readMaxBytes: 64,
    retry: { maxAttempts: 5 },
  });
  const [, error] = await elapsedMs(() =>
    client.scripts.createScript({
      name: `large-${crypto.randomUUID()}`,
      content:
        "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n",
    }),
  );
  assert.ok(error instanceof AgentbaseError && error.code === "RESOURCE_EXHAUSTED", String(error));
  assert.equal(calls, 1, "the client's own size limit is not retried");
  assert.deepEqual(seen, ["Bearer t0ken"], "interceptors run inside the token's");
});

test("code names are gRPC's; listAll exists only for paged lists", () => {
  assert.equal(codeName(Code.Canceled), "CANCELLED");
  assert.equal(new AgentbaseError({ grpcCode: Code.Canceled, message: "x" }).code, "CANCELLED");
  assert.equal(codeName(Code.InvalidArgument), "INVALID_ARGUMENT");
  const client = createAgentbaseClient({ baseUrl: server.baseUrl });
  assert.equal(typeof client.sessions.listAllSessions, "function");
  // @ts-expect-error ListVariables answers every variable at once: no pages, no listAll.
  assert.equal(client.sessions.listAllVariables, undefined);
  // @ts-expect-error ListProjectFiles is not paged either.
  assert.equal(client.projects.listAllProjectFiles, undefined);
  // Messages and well-known types are built from the package alone.
  const request = create(sessions.CreateSessionRequestSchema, {
    userId: "u1",
    expireTime: timestampFromDate(new Date(Date.now() + 60_000)),
  });
  assert.equal(request.userId, "u1");
});
