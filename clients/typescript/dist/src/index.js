// @agentbase/client: clients of every agentbase context, the generated
// messages and services they speak, and what a caller needs to build them.
export { createAgentbaseClient } from "./client.js";
export { AgentbaseError, codeName } from "./errors.js";
export { isRetryable } from "./retry.js";
export * as audit from "./gen/agentbase/audit/v1/audit_pb.js";
export * as evaluation from "./gen/agentbase/evaluation/v1/evaluation_pb.js";
export * as labels from "./gen/agentbase/scripts/v1/labels_pb.js";
export * as projects from "./gen/agentbase/scripts/v1/projects_pb.js";
export * as scripts from "./gen/agentbase/scripts/v1/scripts_pb.js";
export * as sessions from "./gen/agentbase/sessions/v1/sessions_pb.js";
// Building messages and reading well-known types, without a second import.
export { create, fromBinary, fromJson, toBinary, toJson, } from "@bufbuild/protobuf";
export { durationFromMs, durationMs, timestampDate, timestampFromDate, timestampFromMs, timestampMs, timestampNow, } from "@bufbuild/protobuf/wkt";
export { Code } from "@connectrpc/connect";
