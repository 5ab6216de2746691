// @agentbase/client: clients of every agentbase context, the generated
// messages and services they speak, and what a caller needs to build them.

export { type AgentbaseClient, type ClientOptions, type ServiceClient, createAgentbaseClient } from "./client.js";
export { AgentbaseError, type FieldViolation, codeName } from "./errors.js";
export { type RetryPolicy, isRetryable } from "./retry.js";
export * as audit from "./gen/agentbase/audit/v1/audit_pb.js";
export * as evaluation from "./gen/agentbase/evaluation/v1/evaluation_pb.js";
export * as labels from "./gen/agentbase/scripts/v1/labels_pb.js";
export * as projects from "./gen/agentbase/scripts/v1/projects_pb.js";
export * as scripts from "./gen/agentbase/scripts/v1/scripts_pb.js";
export * as sessions from "./gen/agentbase/sessions/v1/sessions_pb.js";
// Building messages and reading well-known types, without a second import.
export {
  type MessageInitShape,
  type MessageShape,
  create,
  fromBinary,
  fromJson,
  toBinary,
  toJson,
} from "@bufbuild/protobuf";
export {
  durationFromMs,
  durationMs,
  timestampDate,
  timestampFromDate,
  timestampFromMs,
  timestampMs,
  timestampNow,
} from "@bufbuild/protobuf/wkt";
export { type CallOptions, Code, type Interceptor } from "@connectrpc/connect";
