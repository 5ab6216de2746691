// A consumer program, as a new project writes one: type-checked with tsc
// --strict against the installed package, then run against a live server.

import {
  AgentbaseError,
  Code,
  type MessageInitShape,
  createAgentbaseClient,
  create,
  sessions,
  timestampFromDate,
} from "@agentbase/client";
import { AuditEventSchema } from "@agentbase/client/gen/agentbase/audit/v1/audit_pb";
import { SessionSchema } from "@agentbase/client/gen/agentbase/sessions/v1/sessions_pb.js";

const client = createAgentbaseClient({ baseUrl: process.env.AGENTBASE_URL ?? "http://127.0.0.1:50051" });

const script = await client.scripts.createScript({
  name: `consumer-${Date.now()}`,
  content:
    "technique_id: consumer\ntopic:\n  topic_id: t\n  actions:\n" +
    "    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n",
});
const init: MessageInitShape<typeof sessions.CreateSessionRequestSchema> = {
  userId: "consumer",
  scriptId: script.id,
  expireTime: timestampFromDate(new Date(Date.now() + 3_600_000)),
};
const session = await client.sessions.createSession(create(sessions.CreateSessionRequestSchema, init));
const appended = await client.sessions.appendMessages({
  sessionId: session.id,
  messages: [{ role: sessions.MessageRole.USER, content: "from a consumer" }],
});
let listed = 0;
for await (const _ of client.sessions.listAllMessages({ sessionId: session.id })) {
  listed++;
}
try {
  await client.sessions.getSession({ id: "nope" });
  throw new Error("an invalid id was accepted");
} catch (error) {
  if (!(error instanceof AgentbaseError) || error.grpcCode !== Code.InvalidArgument) throw error;
}
// Deep imports of the generated modules, with or without the extension.
if (AuditEventSchema.typeName !== "agentbase.audit.v1.AuditEvent" || SessionSchema.typeName !== "agentbase.sessions.v1.Session") {
  throw new Error("deep imports resolve to other modules");
}
console.log(`ok ${appended.messages.length} ${listed}`);
