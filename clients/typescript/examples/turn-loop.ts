// A HeartRule-style turn loop: start a session on a script (pinned by its
// `production` label when it has one), append the user's message, and wait
// for the assistant's reply on the session's watch.
//
//   AGENTBASE_URL=http://127.0.0.1:50051 SCRIPT_ID=… node dist/examples/turn-loop.js

import { AgentbaseError, createAgentbaseClient, sessions } from "../src/index.js";

async function main(): Promise<void> {
  const client = createAgentbaseClient({
    baseUrl: process.env.AGENTBASE_URL ?? "http://127.0.0.1:50051",
    token: process.env.AGENTBASE_TOKEN ? () => process.env.AGENTBASE_TOKEN ?? "" : undefined,
  });
  const scriptId = process.env.SCRIPT_ID ?? "";
  // CreateSession carries a generated request id: a retry after a lost answer starts one session.
  const session = await client.sessions
    .createSession({ userId: "user-42", scriptId, scriptLabel: "production" })
    .catch((error: unknown) => {
      if (error instanceof AgentbaseError && error.reason === "SCRIPT_LABEL_NOT_FOUND") {
        return client.sessions.createSession({ userId: "user-42", scriptId });
      }
      throw error;
    });
  console.log(`session ${session.id} on revision ${session.scriptRevision}`);

  const turn = await client.sessions.appendMessages({
    sessionId: session.id,
    messages: [{ role: sessions.MessageRole.USER, content: "I have been sleeping badly." }],
  });
  const lastSeq = turn.messages[turn.messages.length - 1]?.seq ?? 0n;

  // The engine appends the assistant's reply; the watch resumes by itself if the stream drops.
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30_000);
  for await (const event of client.sessions.watchMessages(
    { sessionId: session.id, afterSeq: lastSeq },
    { signal: controller.signal },
  )) {
    if (event.message?.role === sessions.MessageRole.ASSISTANT) {
      console.log(`assistant: ${event.message.content}`);
      break;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
