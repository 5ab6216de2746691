import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { ListAuditEventsRequestSchema, ListAuditEventsResponseSchema } from "../../audit/v1/audit_pb.js";
import type { Duration, FieldMask, Timestamp, Value } from "@bufbuild/protobuf/wkt";
import type { JsonObject, Message as Message$1 } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/sessions/v1/sessions.proto.
 */
export declare const file_agentbase_sessions_v1_sessions: GenFile;
/**
 * Where in the script a session is.
 *
 * @generated from message agentbase.sessions.v1.Position
 */
export type Position = Message$1<"agentbase.sessions.v1.Position"> & {
    /**
     * 0-based phase index.
     *
     * @generated from field: int32 phase_index = 1;
     */
    phaseIndex: number;
    /**
     * 0-based topic index within the phase.
     *
     * @generated from field: int32 topic_index = 2;
     */
    topicIndex: number;
    /**
     * 0-based action index within the topic.
     *
     * @generated from field: int32 action_index = 3;
     */
    actionIndex: number;
    /**
     * The current action's id.
     *
     * @generated from field: string action_id = 4;
     */
    actionId: string;
};
/**
 * Describes the message agentbase.sessions.v1.Position.
 * Use `create(PositionSchema)` to create a new message.
 */
export declare const PositionSchema: GenMessage<Position>;
/**
 * A conversation session.
 *
 * @generated from message agentbase.sessions.v1.Session
 */
export type Session = Message$1<"agentbase.sessions.v1.Session"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The user the session belongs to.
     *
     * @generated from field: string user_id = 2;
     */
    userId: string;
    /**
     * The script it runs.
     *
     * @generated from field: string script_id = 3;
     */
    scriptId: string;
    /**
     * The script revision pinned at creation.
     *
     * @generated from field: int32 script_revision = 4;
     */
    scriptRevision: number;
    /**
     * The project version pinned at creation, if any.
     *
     * @generated from field: string project_version_id = 5;
     */
    projectVersionId: string;
    /**
     * Lifecycle status.
     *
     * @generated from field: agentbase.sessions.v1.SessionStatus status = 6;
     */
    status: SessionStatus;
    /**
     * Engine status.
     *
     * @generated from field: agentbase.sessions.v1.ExecutionStatus execution_status = 7;
     */
    executionStatus: ExecutionStatus;
    /**
     * Current position.
     *
     * @generated from field: agentbase.sessions.v1.Position position = 8;
     */
    position?: Position | undefined;
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 9;
     */
    metadata?: JsonObject | undefined;
    /**
     * Messages so far.
     *
     * @generated from field: int64 message_count = 10;
     */
    messageCount: bigint;
    /**
     * When the last message was appended.
     *
     * @generated from field: google.protobuf.Timestamp last_message_time = 11;
     */
    lastMessageTime?: Timestamp | undefined;
    /**
     * Changes whenever the session changes.
     *
     * @generated from field: string etag = 12;
     */
    etag: string;
    /**
     * When the session was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 13;
     */
    createTime?: Timestamp | undefined;
    /**
     * When the session last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 14;
     */
    updateTime?: Timestamp | undefined;
    /**
     * When the session completed.
     *
     * @generated from field: google.protobuf.Timestamp complete_time = 15;
     */
    completeTime?: Timestamp | undefined;
    /**
     * Current variables (GetSession only).
     *
     * @generated from field: repeated agentbase.sessions.v1.Variable variables = 16;
     */
    variables: Variable[];
    /**
     * The session this one was forked from; empty unless forked. Kept after
     * the parent is deleted.
     *
     * @generated from field: string parent_session_id = 17;
     */
    parentSessionId: string;
    /**
     * The parent's last message this one started with; 0 unless forked.
     *
     * @generated from field: int64 forked_at_seq = 18;
     */
    forkedAtSeq: bigint;
    /**
     * When the session expires; unset, never. From that moment it is NOT_FOUND
     * to every call and hidden from lists, watches and memory search, and the
     * sweeper deletes it later. Set on create or update, or stamped when the
     * session completes or fails and the service keeps ended sessions for a
     * limited time (AGENTBASE_SESSION_RETENTION).
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 19;
     */
    expireTime?: Timestamp | undefined;
    /**
     * The script's release label the session was created by, if any:
     * `script_revision` is the revision it pointed at then. Moving the label
     * later does not change the session.
     *
     * @generated from field: string script_label = 20;
     */
    scriptLabel: string;
};
/**
 * Describes the message agentbase.sessions.v1.Session.
 * Use `create(SessionSchema)` to create a new message.
 */
export declare const SessionSchema: GenMessage<Session>;
/**
 * A message of a session.
 *
 * @generated from message agentbase.sessions.v1.Message
 */
export type Message = Message$1<"agentbase.sessions.v1.Message"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * 1, 2, 3… per session, gap-free.
     *
     * @generated from field: int64 seq = 2;
     */
    seq: bigint;
    /**
     * Who wrote it.
     *
     * @generated from field: agentbase.sessions.v1.MessageRole role = 3;
     */
    role: MessageRole;
    /**
     * Text, at most 256 KiB.
     *
     * @generated from field: string content = 4;
     */
    content: string;
    /**
     * The action that produced it, if any.
     *
     * @generated from field: string action_id = 5;
     */
    actionId: string;
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 6;
     */
    metadata?: JsonObject | undefined;
    /**
     * When it was appended.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 7;
     */
    createTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.Message.
 * Use `create(MessageSchema)` to create a new message.
 */
export declare const MessageSchema: GenMessage<Message>;
/**
 * A session variable.
 *
 * @generated from message agentbase.sessions.v1.Variable
 */
export type Variable = Message$1<"agentbase.sessions.v1.Variable"> & {
    /**
     * Scope.
     *
     * @generated from field: agentbase.sessions.v1.VariableScope scope = 1;
     */
    scope: VariableScope;
    /**
     * Name, 1–255 characters.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Value (JSON).
     *
     * @generated from field: google.protobuf.Value value = 3;
     */
    value?: Value | undefined;
    /**
     * Derived: string, number, boolean, object, array or null.
     *
     * @generated from field: string value_type = 4;
     */
    valueType: string;
    /**
     * Who set it (e.g. an action id).
     *
     * @generated from field: string source = 5;
     */
    source: string;
    /**
     * When it was first set.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 6;
     */
    createTime?: Timestamp | undefined;
    /**
     * When it last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 7;
     */
    updateTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.Variable.
 * Use `create(VariableSchema)` to create a new message.
 */
export declare const VariableSchema: GenMessage<Variable>;
/**
 * Request for CreateSession.
 *
 * @generated from message agentbase.sessions.v1.CreateSessionRequest
 */
export type CreateSessionRequest = Message$1<"agentbase.sessions.v1.CreateSessionRequest"> & {
    /**
     * The user, 1–255 characters.
     *
     * @generated from field: string user_id = 1;
     */
    userId: string;
    /**
     * The script to run.
     *
     * @generated from field: string script_id = 2;
     */
    scriptId: string;
    /**
     * A project version to pin, if any.
     *
     * @generated from field: string project_version_id = 3;
     */
    projectVersionId: string;
    /**
     * Free-form metadata, at most 256 KiB as JSON.
     *
     * @generated from field: google.protobuf.Struct metadata = 4;
     */
    metadata?: JsonObject | undefined;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 5;
     */
    requestId: string;
    /**
     * When the session expires, if it should; must be in the future.
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 6;
     */
    expireTime?: Timestamp | undefined;
    /**
     * Pin the revision this release label of the script points at now,
     * instead of the script's current revision (e.g. `production`). Resolved
     * once: the session keeps that revision when the label moves.
     *
     * @generated from field: string script_label = 7;
     */
    scriptLabel: string;
};
/**
 * Describes the message agentbase.sessions.v1.CreateSessionRequest.
 * Use `create(CreateSessionRequestSchema)` to create a new message.
 */
export declare const CreateSessionRequestSchema: GenMessage<CreateSessionRequest>;
/**
 * Request for GetSession.
 *
 * @generated from message agentbase.sessions.v1.GetSessionRequest
 */
export type GetSessionRequest = Message$1<"agentbase.sessions.v1.GetSessionRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.sessions.v1.GetSessionRequest.
 * Use `create(GetSessionRequestSchema)` to create a new message.
 */
export declare const GetSessionRequestSchema: GenMessage<GetSessionRequest>;
/**
 * Request for ListSessions. Filters combine with AND.
 *
 * @generated from message agentbase.sessions.v1.ListSessionsRequest
 */
export type ListSessionsRequest = Message$1<"agentbase.sessions.v1.ListSessionsRequest"> & {
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 1;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same filters.
     *
     * @generated from field: string page_token = 2;
     */
    pageToken: string;
    /**
     * Only this user's sessions.
     *
     * @generated from field: string user_id = 3;
     */
    userId: string;
    /**
     * Only this status.
     *
     * @generated from field: agentbase.sessions.v1.SessionStatus status = 4;
     */
    status: SessionStatus;
    /**
     * Only sessions of this script.
     *
     * @generated from field: string script_id = 5;
     */
    scriptId: string;
    /**
     * Only sessions created at or after this time.
     *
     * @generated from field: google.protobuf.Timestamp created_after = 6;
     */
    createdAfter?: Timestamp | undefined;
    /**
     * Only sessions created before this time.
     *
     * @generated from field: google.protobuf.Timestamp created_before = 7;
     */
    createdBefore?: Timestamp | undefined;
    /**
     * Only sessions forked from this session.
     *
     * @generated from field: string parent_session_id = 8;
     */
    parentSessionId: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListSessionsRequest.
 * Use `create(ListSessionsRequestSchema)` to create a new message.
 */
export declare const ListSessionsRequestSchema: GenMessage<ListSessionsRequest>;
/**
 * Response of ListSessions.
 *
 * @generated from message agentbase.sessions.v1.ListSessionsResponse
 */
export type ListSessionsResponse = Message$1<"agentbase.sessions.v1.ListSessionsResponse"> & {
    /**
     * The page, newest first.
     *
     * @generated from field: repeated agentbase.sessions.v1.Session sessions = 1;
     */
    sessions: Session[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListSessionsResponse.
 * Use `create(ListSessionsResponseSchema)` to create a new message.
 */
export declare const ListSessionsResponseSchema: GenMessage<ListSessionsResponse>;
/**
 * Request for UpdateSession.
 *
 * @generated from message agentbase.sessions.v1.UpdateSessionRequest
 */
export type UpdateSessionRequest = Message$1<"agentbase.sessions.v1.UpdateSessionRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Mask path `status`.
     *
     * @generated from field: agentbase.sessions.v1.SessionStatus status = 2;
     */
    status: SessionStatus;
    /**
     * Mask path `execution_status`.
     *
     * @generated from field: agentbase.sessions.v1.ExecutionStatus execution_status = 3;
     */
    executionStatus: ExecutionStatus;
    /**
     * Mask path `position`.
     *
     * @generated from field: agentbase.sessions.v1.Position position = 4;
     */
    position?: Position | undefined;
    /**
     * Mask path `metadata`.
     *
     * @generated from field: google.protobuf.Struct metadata = 5;
     */
    metadata?: JsonObject | undefined;
    /**
     * Which fields to change; empty means every field that is set.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 6;
     */
    updateMask?: FieldMask | undefined;
    /**
     * If set, applies only while the session still has this etag.
     *
     * @generated from field: string etag = 7;
     */
    etag: string;
    /**
     * Mask path `expire_time`: a future time, or unset with the path in the
     * mask to keep the session until it is deleted.
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 8;
     */
    expireTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.UpdateSessionRequest.
 * Use `create(UpdateSessionRequestSchema)` to create a new message.
 */
export declare const UpdateSessionRequestSchema: GenMessage<UpdateSessionRequest>;
/**
 * Request for DeleteSession.
 *
 * @generated from message agentbase.sessions.v1.DeleteSessionRequest
 */
export type DeleteSessionRequest = Message$1<"agentbase.sessions.v1.DeleteSessionRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, applies only while the session still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.sessions.v1.DeleteSessionRequest.
 * Use `create(DeleteSessionRequestSchema)` to create a new message.
 */
export declare const DeleteSessionRequestSchema: GenMessage<DeleteSessionRequest>;
/**
 * Response of DeleteSession.
 *
 * @generated from message agentbase.sessions.v1.DeleteSessionResponse
 */
export type DeleteSessionResponse = Message$1<"agentbase.sessions.v1.DeleteSessionResponse"> & {};
/**
 * Describes the message agentbase.sessions.v1.DeleteSessionResponse.
 * Use `create(DeleteSessionResponseSchema)` to create a new message.
 */
export declare const DeleteSessionResponseSchema: GenMessage<DeleteSessionResponse>;
/**
 * Request for ForkSession.
 *
 * @generated from message agentbase.sessions.v1.ForkSessionRequest
 */
export type ForkSessionRequest = Message$1<"agentbase.sessions.v1.ForkSessionRequest"> & {
    /**
     * The session to fork.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * The fork holds the parent's messages 1..at_seq: 0 to the parent's
     * message count.
     *
     * @generated from field: int64 at_seq = 2;
     */
    atSeq: bigint;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 3;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.sessions.v1.ForkSessionRequest.
 * Use `create(ForkSessionRequestSchema)` to create a new message.
 */
export declare const ForkSessionRequestSchema: GenMessage<ForkSessionRequest>;
/**
 * A message to append.
 *
 * @generated from message agentbase.sessions.v1.NewMessage
 */
export type NewMessage = Message$1<"agentbase.sessions.v1.NewMessage"> & {
    /**
     * Who wrote it.
     *
     * @generated from field: agentbase.sessions.v1.MessageRole role = 1;
     */
    role: MessageRole;
    /**
     * Text, at most 256 KiB.
     *
     * @generated from field: string content = 2;
     */
    content: string;
    /**
     * The action that produced it.
     *
     * @generated from field: string action_id = 3;
     */
    actionId: string;
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 4;
     */
    metadata?: JsonObject | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.NewMessage.
 * Use `create(NewMessageSchema)` to create a new message.
 */
export declare const NewMessageSchema: GenMessage<NewMessage>;
/**
 * Request for AppendMessages.
 *
 * @generated from message agentbase.sessions.v1.AppendMessagesRequest
 */
export type AppendMessagesRequest = Message$1<"agentbase.sessions.v1.AppendMessagesRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * 1–100 messages, appended in this order.
     *
     * @generated from field: repeated agentbase.sessions.v1.NewMessage messages = 2;
     */
    messages: NewMessage[];
    /**
     * If set, appends only while the session's last seq is this (turn-taking);
     * otherwise ABORTED.
     *
     * @generated from field: optional int64 expected_last_seq = 3;
     */
    expectedLastSeq?: bigint | undefined;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 4;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.sessions.v1.AppendMessagesRequest.
 * Use `create(AppendMessagesRequestSchema)` to create a new message.
 */
export declare const AppendMessagesRequestSchema: GenMessage<AppendMessagesRequest>;
/**
 * Response of AppendMessages.
 *
 * @generated from message agentbase.sessions.v1.AppendMessagesResponse
 */
export type AppendMessagesResponse = Message$1<"agentbase.sessions.v1.AppendMessagesResponse"> & {
    /**
     * The appended messages with their sequence numbers.
     *
     * @generated from field: repeated agentbase.sessions.v1.Message messages = 1;
     */
    messages: Message[];
};
/**
 * Describes the message agentbase.sessions.v1.AppendMessagesResponse.
 * Use `create(AppendMessagesResponseSchema)` to create a new message.
 */
export declare const AppendMessagesResponseSchema: GenMessage<AppendMessagesResponse>;
/**
 * Request for ListMessages.
 *
 * @generated from message agentbase.sessions.v1.ListMessagesRequest
 */
export type ListMessagesRequest = Message$1<"agentbase.sessions.v1.ListMessagesRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 2;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call.
     *
     * @generated from field: string page_token = 3;
     */
    pageToken: string;
    /**
     * Newest first instead of oldest first.
     *
     * @generated from field: bool descending = 4;
     */
    descending: boolean;
    /**
     * Only this role.
     *
     * @generated from field: agentbase.sessions.v1.MessageRole role = 5;
     */
    role: MessageRole;
};
/**
 * Describes the message agentbase.sessions.v1.ListMessagesRequest.
 * Use `create(ListMessagesRequestSchema)` to create a new message.
 */
export declare const ListMessagesRequestSchema: GenMessage<ListMessagesRequest>;
/**
 * Response of ListMessages.
 *
 * @generated from message agentbase.sessions.v1.ListMessagesResponse
 */
export type ListMessagesResponse = Message$1<"agentbase.sessions.v1.ListMessagesResponse"> & {
    /**
     * The page.
     *
     * @generated from field: repeated agentbase.sessions.v1.Message messages = 1;
     */
    messages: Message[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListMessagesResponse.
 * Use `create(ListMessagesResponseSchema)` to create a new message.
 */
export declare const ListMessagesResponseSchema: GenMessage<ListMessagesResponse>;
/**
 * Request for WatchMessages.
 *
 * @generated from message agentbase.sessions.v1.WatchMessagesRequest
 */
export type WatchMessagesRequest = Message$1<"agentbase.sessions.v1.WatchMessagesRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * Replay messages with a greater seq first (0 replays everything).
     *
     * @generated from field: int64 after_seq = 2;
     */
    afterSeq: bigint;
};
/**
 * Describes the message agentbase.sessions.v1.WatchMessagesRequest.
 * Use `create(WatchMessagesRequestSchema)` to create a new message.
 */
export declare const WatchMessagesRequestSchema: GenMessage<WatchMessagesRequest>;
/**
 * One event of WatchMessages.
 *
 * @generated from message agentbase.sessions.v1.WatchMessagesResponse
 */
export type WatchMessagesResponse = Message$1<"agentbase.sessions.v1.WatchMessagesResponse"> & {
    /**
     * A message, in seq order, each exactly once.
     *
     * @generated from field: agentbase.sessions.v1.Message message = 1;
     */
    message?: Message | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.WatchMessagesResponse.
 * Use `create(WatchMessagesResponseSchema)` to create a new message.
 */
export declare const WatchMessagesResponseSchema: GenMessage<WatchMessagesResponse>;
/**
 * A variable to set.
 *
 * @generated from message agentbase.sessions.v1.VariableInput
 */
export type VariableInput = Message$1<"agentbase.sessions.v1.VariableInput"> & {
    /**
     * Scope (required).
     *
     * @generated from field: agentbase.sessions.v1.VariableScope scope = 1;
     */
    scope: VariableScope;
    /**
     * Name, 1–255 characters.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Value; at most 256 KiB as JSON.
     *
     * @generated from field: google.protobuf.Value value = 3;
     */
    value?: Value | undefined;
    /**
     * Who sets it.
     *
     * @generated from field: string source = 4;
     */
    source: string;
};
/**
 * Describes the message agentbase.sessions.v1.VariableInput.
 * Use `create(VariableInputSchema)` to create a new message.
 */
export declare const VariableInputSchema: GenMessage<VariableInput>;
/**
 * Request for SetVariables.
 *
 * @generated from message agentbase.sessions.v1.SetVariablesRequest
 */
export type SetVariablesRequest = Message$1<"agentbase.sessions.v1.SetVariablesRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * 1–500 variables, upserted atomically.
     *
     * @generated from field: repeated agentbase.sessions.v1.VariableInput variables = 2;
     */
    variables: VariableInput[];
};
/**
 * Describes the message agentbase.sessions.v1.SetVariablesRequest.
 * Use `create(SetVariablesRequestSchema)` to create a new message.
 */
export declare const SetVariablesRequestSchema: GenMessage<SetVariablesRequest>;
/**
 * Response of SetVariables.
 *
 * @generated from message agentbase.sessions.v1.SetVariablesResponse
 */
export type SetVariablesResponse = Message$1<"agentbase.sessions.v1.SetVariablesResponse"> & {
    /**
     * The variables as stored.
     *
     * @generated from field: repeated agentbase.sessions.v1.Variable variables = 1;
     */
    variables: Variable[];
};
/**
 * Describes the message agentbase.sessions.v1.SetVariablesResponse.
 * Use `create(SetVariablesResponseSchema)` to create a new message.
 */
export declare const SetVariablesResponseSchema: GenMessage<SetVariablesResponse>;
/**
 * Request for ListVariables.
 *
 * @generated from message agentbase.sessions.v1.ListVariablesRequest
 */
export type ListVariablesRequest = Message$1<"agentbase.sessions.v1.ListVariablesRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * Only this scope.
     *
     * @generated from field: agentbase.sessions.v1.VariableScope scope = 2;
     */
    scope: VariableScope;
};
/**
 * Describes the message agentbase.sessions.v1.ListVariablesRequest.
 * Use `create(ListVariablesRequestSchema)` to create a new message.
 */
export declare const ListVariablesRequestSchema: GenMessage<ListVariablesRequest>;
/**
 * Response of ListVariables.
 *
 * @generated from message agentbase.sessions.v1.ListVariablesResponse
 */
export type ListVariablesResponse = Message$1<"agentbase.sessions.v1.ListVariablesResponse"> & {
    /**
     * The variables by scope then name.
     *
     * @generated from field: repeated agentbase.sessions.v1.Variable variables = 1;
     */
    variables: Variable[];
};
/**
 * Describes the message agentbase.sessions.v1.ListVariablesResponse.
 * Use `create(ListVariablesResponseSchema)` to create a new message.
 */
export declare const ListVariablesResponseSchema: GenMessage<ListVariablesResponse>;
/**
 * Request for DeleteVariable.
 *
 * @generated from message agentbase.sessions.v1.DeleteVariableRequest
 */
export type DeleteVariableRequest = Message$1<"agentbase.sessions.v1.DeleteVariableRequest"> & {
    /**
     * The session.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * Scope.
     *
     * @generated from field: agentbase.sessions.v1.VariableScope scope = 2;
     */
    scope: VariableScope;
    /**
     * Name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
};
/**
 * Describes the message agentbase.sessions.v1.DeleteVariableRequest.
 * Use `create(DeleteVariableRequestSchema)` to create a new message.
 */
export declare const DeleteVariableRequestSchema: GenMessage<DeleteVariableRequest>;
/**
 * Response of DeleteVariable.
 *
 * @generated from message agentbase.sessions.v1.DeleteVariableResponse
 */
export type DeleteVariableResponse = Message$1<"agentbase.sessions.v1.DeleteVariableResponse"> & {};
/**
 * Describes the message agentbase.sessions.v1.DeleteVariableResponse.
 * Use `create(DeleteVariableResponseSchema)` to create a new message.
 */
export declare const DeleteVariableResponseSchema: GenMessage<DeleteVariableResponse>;
/**
 * A memory.
 *
 * @generated from message agentbase.sessions.v1.Memory
 */
export type Memory = Message$1<"agentbase.sessions.v1.Memory"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The session it belongs to, if any.
     *
     * @generated from field: string session_id = 2;
     */
    sessionId: string;
    /**
     * The user it belongs to, if any.
     *
     * @generated from field: string user_id = 3;
     */
    userId: string;
    /**
     * Free-form type, e.g. `fact`, `preference`.
     *
     * @generated from field: string memory_type = 4;
     */
    memoryType: string;
    /**
     * Text, at most 64 KiB.
     *
     * @generated from field: string content = 5;
     */
    content: string;
    /**
     * Importance.
     *
     * @generated from field: agentbase.sessions.v1.Importance importance = 6;
     */
    importance: Importance;
    /**
     * Labels.
     *
     * @generated from field: repeated string tags = 7;
     */
    tags: string[];
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 8;
     */
    metadata?: JsonObject | undefined;
    /**
     * Times read through GetMemory.
     *
     * @generated from field: int64 access_count = 9;
     */
    accessCount: bigint;
    /**
     * Last GetMemory.
     *
     * @generated from field: google.protobuf.Timestamp access_time = 10;
     */
    accessTime?: Timestamp | undefined;
    /**
     * When it expires, if ever.
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 11;
     */
    expireTime?: Timestamp | undefined;
    /**
     * Changes whenever the memory changes.
     *
     * @generated from field: string etag = 12;
     */
    etag: string;
    /**
     * When it was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 13;
     */
    createTime?: Timestamp | undefined;
    /**
     * When it last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 14;
     */
    updateTime?: Timestamp | undefined;
    /**
     * The memory this one replaced, if any.
     *
     * @generated from field: string supersedes_memory_id = 15;
     */
    supersedesMemoryId: string;
    /**
     * The memory that replaced this one, if any: then it is hidden from lists
     * and searches that do not include superseded memories.
     *
     * @generated from field: string superseded_by_memory_id = 16;
     */
    supersededByMemoryId: string;
};
/**
 * Describes the message agentbase.sessions.v1.Memory.
 * Use `create(MemorySchema)` to create a new message.
 */
export declare const MemorySchema: GenMessage<Memory>;
/**
 * Request for CreateMemory.
 *
 * @generated from message agentbase.sessions.v1.CreateMemoryRequest
 */
export type CreateMemoryRequest = Message$1<"agentbase.sessions.v1.CreateMemoryRequest"> & {
    /**
     * The session, if any.
     *
     * @generated from field: string session_id = 1;
     */
    sessionId: string;
    /**
     * The user, if any.
     *
     * @generated from field: string user_id = 2;
     */
    userId: string;
    /**
     * Type, 1–64 characters.
     *
     * @generated from field: string memory_type = 3;
     */
    memoryType: string;
    /**
     * Text, 1 byte – 64 KiB.
     *
     * @generated from field: string content = 4;
     */
    content: string;
    /**
     * Importance; defaults to medium.
     *
     * @generated from field: agentbase.sessions.v1.Importance importance = 5;
     */
    importance: Importance;
    /**
     * Labels.
     *
     * @generated from field: repeated string tags = 6;
     */
    tags: string[];
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 7;
     */
    metadata?: JsonObject | undefined;
    /**
     * When it expires, if ever. A time already past is accepted and makes
     * the memory expired from the start: NOT_FOUND to every call (the answer
     * of this create aside), deleted by the next purge.
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 8;
     */
    expireTime?: Timestamp | undefined;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 9;
     */
    requestId: string;
    /**
     * A live memory of the same user this one replaces: in the same
     * transaction it is marked superseded by the new memory.
     *
     * @generated from field: string supersedes_memory_id = 10;
     */
    supersedesMemoryId: string;
};
/**
 * Describes the message agentbase.sessions.v1.CreateMemoryRequest.
 * Use `create(CreateMemoryRequestSchema)` to create a new message.
 */
export declare const CreateMemoryRequestSchema: GenMessage<CreateMemoryRequest>;
/**
 * Request for GetMemory.
 *
 * @generated from message agentbase.sessions.v1.GetMemoryRequest
 */
export type GetMemoryRequest = Message$1<"agentbase.sessions.v1.GetMemoryRequest"> & {
    /**
     * The memory.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.sessions.v1.GetMemoryRequest.
 * Use `create(GetMemoryRequestSchema)` to create a new message.
 */
export declare const GetMemoryRequestSchema: GenMessage<GetMemoryRequest>;
/**
 * Request for ListMemories. Filters combine with AND.
 *
 * @generated from message agentbase.sessions.v1.ListMemoriesRequest
 */
export type ListMemoriesRequest = Message$1<"agentbase.sessions.v1.ListMemoriesRequest"> & {
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 1;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same filters.
     *
     * @generated from field: string page_token = 2;
     */
    pageToken: string;
    /**
     * Only this session's memories.
     *
     * @generated from field: string session_id = 3;
     */
    sessionId: string;
    /**
     * Only this user's memories.
     *
     * @generated from field: string user_id = 4;
     */
    userId: string;
    /**
     * Only this type.
     *
     * @generated from field: string memory_type = 5;
     */
    memoryType: string;
    /**
     * Only at least this important.
     *
     * @generated from field: agentbase.sessions.v1.Importance min_importance = 6;
     */
    minImportance: Importance;
    /**
     * Also memories another one superseded.
     *
     * @generated from field: bool include_superseded = 7;
     */
    includeSuperseded: boolean;
};
/**
 * Describes the message agentbase.sessions.v1.ListMemoriesRequest.
 * Use `create(ListMemoriesRequestSchema)` to create a new message.
 */
export declare const ListMemoriesRequestSchema: GenMessage<ListMemoriesRequest>;
/**
 * Response of ListMemories.
 *
 * @generated from message agentbase.sessions.v1.ListMemoriesResponse
 */
export type ListMemoriesResponse = Message$1<"agentbase.sessions.v1.ListMemoriesResponse"> & {
    /**
     * The page, newest first.
     *
     * @generated from field: repeated agentbase.sessions.v1.Memory memories = 1;
     */
    memories: Memory[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListMemoriesResponse.
 * Use `create(ListMemoriesResponseSchema)` to create a new message.
 */
export declare const ListMemoriesResponseSchema: GenMessage<ListMemoriesResponse>;
/**
 * Request for SearchMemories.
 *
 * @generated from message agentbase.sessions.v1.SearchMemoriesRequest
 */
export type SearchMemoriesRequest = Message$1<"agentbase.sessions.v1.SearchMemoriesRequest"> & {
    /**
     * Plain text: words, or a substring for scripts without spaces (Chinese).
     * Never interpreted as query syntax.
     *
     * @generated from field: string query = 1;
     */
    query: string;
    /**
     * At most this many hits: 0 means 20, above 100 means 100.
     *
     * @generated from field: int32 page_size = 2;
     */
    pageSize: number;
    /**
     * Only this session's memories.
     *
     * @generated from field: string session_id = 3;
     */
    sessionId: string;
    /**
     * Only this user's memories.
     *
     * @generated from field: string user_id = 4;
     */
    userId: string;
    /**
     * Only this type.
     *
     * @generated from field: string memory_type = 5;
     */
    memoryType: string;
    /**
     * Only at least this important.
     *
     * @generated from field: agentbase.sessions.v1.Importance min_importance = 6;
     */
    minImportance: Importance;
    /**
     * Also memories another one superseded.
     *
     * @generated from field: bool include_superseded = 7;
     */
    includeSuperseded: boolean;
};
/**
 * Describes the message agentbase.sessions.v1.SearchMemoriesRequest.
 * Use `create(SearchMemoriesRequestSchema)` to create a new message.
 */
export declare const SearchMemoriesRequestSchema: GenMessage<SearchMemoriesRequest>;
/**
 * One search hit.
 *
 * @generated from message agentbase.sessions.v1.MemoryHit
 */
export type MemoryHit = Message$1<"agentbase.sessions.v1.MemoryHit"> & {
    /**
     * The memory.
     *
     * @generated from field: agentbase.sessions.v1.Memory memory = 1;
     */
    memory?: Memory | undefined;
    /**
     * Relevance; higher is better (comparable within one response only).
     *
     * @generated from field: double score = 2;
     */
    score: number;
};
/**
 * Describes the message agentbase.sessions.v1.MemoryHit.
 * Use `create(MemoryHitSchema)` to create a new message.
 */
export declare const MemoryHitSchema: GenMessage<MemoryHit>;
/**
 * Response of SearchMemories.
 *
 * @generated from message agentbase.sessions.v1.SearchMemoriesResponse
 */
export type SearchMemoriesResponse = Message$1<"agentbase.sessions.v1.SearchMemoriesResponse"> & {
    /**
     * Hits, best first.
     *
     * @generated from field: repeated agentbase.sessions.v1.MemoryHit hits = 1;
     */
    hits: MemoryHit[];
};
/**
 * Describes the message agentbase.sessions.v1.SearchMemoriesResponse.
 * Use `create(SearchMemoriesResponseSchema)` to create a new message.
 */
export declare const SearchMemoriesResponseSchema: GenMessage<SearchMemoriesResponse>;
/**
 * Request for UpdateMemory.
 *
 * @generated from message agentbase.sessions.v1.UpdateMemoryRequest
 */
export type UpdateMemoryRequest = Message$1<"agentbase.sessions.v1.UpdateMemoryRequest"> & {
    /**
     * The memory.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Mask path `content`.
     *
     * @generated from field: string content = 2;
     */
    content: string;
    /**
     * Mask path `importance`.
     *
     * @generated from field: agentbase.sessions.v1.Importance importance = 3;
     */
    importance: Importance;
    /**
     * Mask path `tags`.
     *
     * @generated from field: repeated string tags = 4;
     */
    tags: string[];
    /**
     * Mask path `metadata`.
     *
     * @generated from field: google.protobuf.Struct metadata = 5;
     */
    metadata?: JsonObject | undefined;
    /**
     * Mask path `memory_type`.
     *
     * @generated from field: string memory_type = 6;
     */
    memoryType: string;
    /**
     * Mask path `expire_time` (unset clears it). A time already past expires
     * the memory now, as DeleteMemory would (the purge deletes it).
     *
     * @generated from field: google.protobuf.Timestamp expire_time = 7;
     */
    expireTime?: Timestamp | undefined;
    /**
     * Which fields to change; empty means every field that is set.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 8;
     */
    updateMask?: FieldMask | undefined;
    /**
     * If set, applies only while the memory still has this etag.
     *
     * @generated from field: string etag = 9;
     */
    etag: string;
};
/**
 * Describes the message agentbase.sessions.v1.UpdateMemoryRequest.
 * Use `create(UpdateMemoryRequestSchema)` to create a new message.
 */
export declare const UpdateMemoryRequestSchema: GenMessage<UpdateMemoryRequest>;
/**
 * Request for ListMemoryHistory.
 *
 * @generated from message agentbase.sessions.v1.ListMemoryHistoryRequest
 */
export type ListMemoryHistoryRequest = Message$1<"agentbase.sessions.v1.ListMemoryHistoryRequest"> & {
    /**
     * The memory.
     *
     * @generated from field: string memory_id = 1;
     */
    memoryId: string;
    /**
     * At most this many: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 2;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call for the same memory.
     *
     * @generated from field: string page_token = 3;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListMemoryHistoryRequest.
 * Use `create(ListMemoryHistoryRequestSchema)` to create a new message.
 */
export declare const ListMemoryHistoryRequestSchema: GenMessage<ListMemoryHistoryRequest>;
/**
 * An earlier state of a memory, kept when UpdateMemory changed its content,
 * importance or tags.
 *
 * @generated from message agentbase.sessions.v1.MemoryRevision
 */
export type MemoryRevision = Message$1<"agentbase.sessions.v1.MemoryRevision"> & {
    /**
     * 1 for the state the memory was created with, then 2, 3…
     *
     * @generated from field: int32 version = 1;
     */
    version: number;
    /**
     * Content then.
     *
     * @generated from field: string content = 2;
     */
    content: string;
    /**
     * Importance then.
     *
     * @generated from field: agentbase.sessions.v1.Importance importance = 3;
     */
    importance: Importance;
    /**
     * Tags then.
     *
     * @generated from field: repeated string tags = 4;
     */
    tags: string[];
    /**
     * When an update replaced this state.
     *
     * @generated from field: google.protobuf.Timestamp replace_time = 5;
     */
    replaceTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.MemoryRevision.
 * Use `create(MemoryRevisionSchema)` to create a new message.
 */
export declare const MemoryRevisionSchema: GenMessage<MemoryRevision>;
/**
 * Response of ListMemoryHistory.
 *
 * @generated from message agentbase.sessions.v1.ListMemoryHistoryResponse
 */
export type ListMemoryHistoryResponse = Message$1<"agentbase.sessions.v1.ListMemoryHistoryResponse"> & {
    /**
     * The page, newest first.
     *
     * @generated from field: repeated agentbase.sessions.v1.MemoryRevision revisions = 1;
     */
    revisions: MemoryRevision[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.sessions.v1.ListMemoryHistoryResponse.
 * Use `create(ListMemoryHistoryResponseSchema)` to create a new message.
 */
export declare const ListMemoryHistoryResponseSchema: GenMessage<ListMemoryHistoryResponse>;
/**
 * Request for DeleteMemory.
 *
 * @generated from message agentbase.sessions.v1.DeleteMemoryRequest
 */
export type DeleteMemoryRequest = Message$1<"agentbase.sessions.v1.DeleteMemoryRequest"> & {
    /**
     * The memory.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, applies only while the memory still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.sessions.v1.DeleteMemoryRequest.
 * Use `create(DeleteMemoryRequestSchema)` to create a new message.
 */
export declare const DeleteMemoryRequestSchema: GenMessage<DeleteMemoryRequest>;
/**
 * Response of DeleteMemory.
 *
 * @generated from message agentbase.sessions.v1.DeleteMemoryResponse
 */
export type DeleteMemoryResponse = Message$1<"agentbase.sessions.v1.DeleteMemoryResponse"> & {};
/**
 * Describes the message agentbase.sessions.v1.DeleteMemoryResponse.
 * Use `create(DeleteMemoryResponseSchema)` to create a new message.
 */
export declare const DeleteMemoryResponseSchema: GenMessage<DeleteMemoryResponse>;
/**
 * Request for PurgeExpiredSessions.
 *
 * @generated from message agentbase.sessions.v1.PurgeExpiredSessionsRequest
 */
export type PurgeExpiredSessionsRequest = Message$1<"agentbase.sessions.v1.PurgeExpiredSessionsRequest"> & {
    /**
     * Count without deleting.
     *
     * @generated from field: bool dry_run = 1;
     */
    dryRun: boolean;
};
/**
 * Describes the message agentbase.sessions.v1.PurgeExpiredSessionsRequest.
 * Use `create(PurgeExpiredSessionsRequestSchema)` to create a new message.
 */
export declare const PurgeExpiredSessionsRequestSchema: GenMessage<PurgeExpiredSessionsRequest>;
/**
 * Response of PurgeExpiredSessions.
 *
 * @generated from message agentbase.sessions.v1.PurgeExpiredSessionsResponse
 */
export type PurgeExpiredSessionsResponse = Message$1<"agentbase.sessions.v1.PurgeExpiredSessionsResponse"> & {
    /**
     * Sessions deleted (or, with dry_run, that would be).
     *
     * @generated from field: int64 session_count = 1;
     */
    sessionCount: bigint;
    /**
     * Their messages.
     *
     * @generated from field: int64 message_count = 2;
     */
    messageCount: bigint;
    /**
     * Transactions the deletion took (0 with dry_run): each holds its locks
     * for one batch of at most 100 sessions or 10,000 messages.
     *
     * @generated from field: int64 batch_count = 3;
     */
    batchCount: bigint;
    /**
     * The longest of those transactions.
     *
     * @generated from field: google.protobuf.Duration longest_batch = 4;
     */
    longestBatch?: Duration | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.PurgeExpiredSessionsResponse.
 * Use `create(PurgeExpiredSessionsResponseSchema)` to create a new message.
 */
export declare const PurgeExpiredSessionsResponseSchema: GenMessage<PurgeExpiredSessionsResponse>;
/**
 * Request for EraseUserData.
 *
 * @generated from message agentbase.sessions.v1.EraseUserDataRequest
 */
export type EraseUserDataRequest = Message$1<"agentbase.sessions.v1.EraseUserDataRequest"> & {
    /**
     * The end user whose data is erased, as sessions and memories name them
     * (their user_id). Required.
     *
     * @generated from field: string user_id = 1;
     */
    userId: string;
    /**
     * Count without deleting or recording anything.
     *
     * @generated from field: bool dry_run = 2;
     */
    dryRun: boolean;
    /**
     * Idempotency key (UUID): a retry with the same key and user_id answers
     * the first call's receipt.
     *
     * @generated from field: string request_id = 3;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.sessions.v1.EraseUserDataRequest.
 * Use `create(EraseUserDataRequestSchema)` to create a new message.
 */
export declare const EraseUserDataRequestSchema: GenMessage<EraseUserDataRequest>;
/**
 * Response of EraseUserData.
 *
 * @generated from message agentbase.sessions.v1.EraseUserDataResponse
 */
export type EraseUserDataResponse = Message$1<"agentbase.sessions.v1.EraseUserDataResponse"> & {
    /**
     * What was erased (or, with dry_run, would be).
     *
     * @generated from field: agentbase.sessions.v1.ErasureReceipt receipt = 1;
     */
    receipt?: ErasureReceipt | undefined;
};
/**
 * Describes the message agentbase.sessions.v1.EraseUserDataResponse.
 * Use `create(EraseUserDataResponseSchema)` to create a new message.
 */
export declare const EraseUserDataResponseSchema: GenMessage<EraseUserDataResponse>;
/**
 * Proof of an erasure: what, how much, when and by whom — never the
 * content. The same counts are in the erasure's audit event (`counts`).
 *
 * @generated from message agentbase.sessions.v1.ErasureReceipt
 */
export type ErasureReceipt = Message$1<"agentbase.sessions.v1.ErasureReceipt"> & {
    /**
     * The end user erased.
     *
     * @generated from field: string user_id = 1;
     */
    userId: string;
    /**
     * Whether this only counted.
     *
     * @generated from field: bool dry_run = 2;
     */
    dryRun: boolean;
    /**
     * Sessions erased, forks included.
     *
     * @generated from field: int64 session_count = 3;
     */
    sessionCount: bigint;
    /**
     * Messages of those sessions.
     *
     * @generated from field: int64 message_count = 4;
     */
    messageCount: bigint;
    /**
     * Variables of those sessions.
     *
     * @generated from field: int64 variable_count = 5;
     */
    variableCount: bigint;
    /**
     * Memories erased: the user's own, and any other in their sessions.
     *
     * @generated from field: int64 memory_count = 6;
     */
    memoryCount: bigint;
    /**
     * Earlier revisions of those memories (ListMemoryHistory entries).
     *
     * @generated from field: int64 memory_revision_count = 7;
     */
    memoryRevisionCount: bigint;
    /**
     * When the data became NOT_FOUND to every call; unset with dry_run.
     *
     * @generated from field: google.protobuf.Timestamp erased_at = 8;
     */
    erasedAt?: Timestamp | undefined;
    /**
     * The principal who erased it; empty with dry_run.
     *
     * @generated from field: string erased_by = 9;
     */
    erasedBy: string;
    /**
     * The id of the audit event recording the erasure (ListAuditEvents);
     * empty with dry_run.
     *
     * @generated from field: string audit_event_id = 10;
     */
    auditEventId: string;
    /**
     * The request_id of the erasure, when it carried one.
     *
     * @generated from field: string request_id = 11;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.sessions.v1.ErasureReceipt.
 * Use `create(ErasureReceiptSchema)` to create a new message.
 */
export declare const ErasureReceiptSchema: GenMessage<ErasureReceipt>;
/**
 * Request for PurgeExpiredMemories.
 *
 * @generated from message agentbase.sessions.v1.PurgeExpiredMemoriesRequest
 */
export type PurgeExpiredMemoriesRequest = Message$1<"agentbase.sessions.v1.PurgeExpiredMemoriesRequest"> & {
    /**
     * Count without deleting.
     *
     * @generated from field: bool dry_run = 1;
     */
    dryRun: boolean;
};
/**
 * Describes the message agentbase.sessions.v1.PurgeExpiredMemoriesRequest.
 * Use `create(PurgeExpiredMemoriesRequestSchema)` to create a new message.
 */
export declare const PurgeExpiredMemoriesRequestSchema: GenMessage<PurgeExpiredMemoriesRequest>;
/**
 * Response of PurgeExpiredMemories.
 *
 * @generated from message agentbase.sessions.v1.PurgeExpiredMemoriesResponse
 */
export type PurgeExpiredMemoriesResponse = Message$1<"agentbase.sessions.v1.PurgeExpiredMemoriesResponse"> & {
    /**
     * Memories deleted (or, with dry_run, that would be).
     *
     * @generated from field: int64 count = 1;
     */
    count: bigint;
};
/**
 * Describes the message agentbase.sessions.v1.PurgeExpiredMemoriesResponse.
 * Use `create(PurgeExpiredMemoriesResponseSchema)` to create a new message.
 */
export declare const PurgeExpiredMemoriesResponseSchema: GenMessage<PurgeExpiredMemoriesResponse>;
/**
 * Where a session is in its lifecycle.
 *
 * @generated from enum agentbase.sessions.v1.SessionStatus
 */
export declare enum SessionStatus {
    /**
     * Not given.
     *
     * @generated from enum value: SESSION_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Running.
     *
     * @generated from enum value: SESSION_STATUS_ACTIVE = 1;
     */
    ACTIVE = 1,
    /**
     * Paused; may resume.
     *
     * @generated from enum value: SESSION_STATUS_PAUSED = 2;
     */
    PAUSED = 2,
    /**
     * Finished (terminal).
     *
     * @generated from enum value: SESSION_STATUS_COMPLETED = 3;
     */
    COMPLETED = 3,
    /**
     * Failed (terminal).
     *
     * @generated from enum value: SESSION_STATUS_FAILED = 4;
     */
    FAILED = 4
}
/**
 * Describes the enum agentbase.sessions.v1.SessionStatus.
 */
export declare const SessionStatusSchema: GenEnum<SessionStatus>;
/**
 * What the engine is doing in a session.
 *
 * @generated from enum agentbase.sessions.v1.ExecutionStatus
 */
export declare enum ExecutionStatus {
    /**
     * Not given.
     *
     * @generated from enum value: EXECUTION_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Executing actions.
     *
     * @generated from enum value: EXECUTION_STATUS_RUNNING = 1;
     */
    RUNNING = 1,
    /**
     * Waiting for the user.
     *
     * @generated from enum value: EXECUTION_STATUS_WAITING_INPUT = 2;
     */
    WAITING_INPUT = 2,
    /**
     * Paused.
     *
     * @generated from enum value: EXECUTION_STATUS_PAUSED = 3;
     */
    PAUSED = 3,
    /**
     * Done.
     *
     * @generated from enum value: EXECUTION_STATUS_COMPLETED = 4;
     */
    COMPLETED = 4,
    /**
     * Stopped on an error.
     *
     * @generated from enum value: EXECUTION_STATUS_ERROR = 5;
     */
    ERROR = 5
}
/**
 * Describes the enum agentbase.sessions.v1.ExecutionStatus.
 */
export declare const ExecutionStatusSchema: GenEnum<ExecutionStatus>;
/**
 * Who wrote a message.
 *
 * @generated from enum agentbase.sessions.v1.MessageRole
 */
export declare enum MessageRole {
    /**
     * Never valid on a message.
     *
     * @generated from enum value: MESSAGE_ROLE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * The user.
     *
     * @generated from enum value: MESSAGE_ROLE_USER = 1;
     */
    USER = 1,
    /**
     * The assistant.
     *
     * @generated from enum value: MESSAGE_ROLE_ASSISTANT = 2;
     */
    ASSISTANT = 2,
    /**
     * The system.
     *
     * @generated from enum value: MESSAGE_ROLE_SYSTEM = 3;
     */
    SYSTEM = 3
}
/**
 * Describes the enum agentbase.sessions.v1.MessageRole.
 */
export declare const MessageRoleSchema: GenEnum<MessageRole>;
/**
 * The scope a variable lives in.
 *
 * @generated from enum agentbase.sessions.v1.VariableScope
 */
export declare enum VariableScope {
    /**
     * Not given: in a filter, every scope.
     *
     * @generated from enum value: VARIABLE_SCOPE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Project-wide.
     *
     * @generated from enum value: VARIABLE_SCOPE_GLOBAL = 1;
     */
    GLOBAL = 1,
    /**
     * The whole session.
     *
     * @generated from enum value: VARIABLE_SCOPE_SESSION = 2;
     */
    SESSION = 2,
    /**
     * Cleared when the session moves to another phase.
     *
     * @generated from enum value: VARIABLE_SCOPE_PHASE = 3;
     */
    PHASE = 3,
    /**
     * Cleared when the session moves to another topic (or phase).
     *
     * @generated from enum value: VARIABLE_SCOPE_TOPIC = 4;
     */
    TOPIC = 4
}
/**
 * Describes the enum agentbase.sessions.v1.VariableScope.
 */
export declare const VariableScopeSchema: GenEnum<VariableScope>;
/**
 * How much a memory matters.
 *
 * @generated from enum agentbase.sessions.v1.Importance
 */
export declare enum Importance {
    /**
     * Not given: medium on create, any in a filter.
     *
     * @generated from enum value: IMPORTANCE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Low.
     *
     * @generated from enum value: IMPORTANCE_LOW = 1;
     */
    LOW = 1,
    /**
     * Medium.
     *
     * @generated from enum value: IMPORTANCE_MEDIUM = 2;
     */
    MEDIUM = 2,
    /**
     * High.
     *
     * @generated from enum value: IMPORTANCE_HIGH = 3;
     */
    HIGH = 3,
    /**
     * Critical.
     *
     * @generated from enum value: IMPORTANCE_CRITICAL = 4;
     */
    CRITICAL = 4
}
/**
 * Describes the enum agentbase.sessions.v1.Importance.
 */
export declare const ImportanceSchema: GenEnum<Importance>;
/**
 * SessionService stores conversation sessions pinned to a script revision,
 * their ordered messages and their scoped variables.
 *
 * @generated from service agentbase.sessions.v1.SessionService
 */
export declare const SessionService: GenService<{
    /**
     * Starts a session from a script that exists and is not archived (asked of
     * ScriptService), pinning the script's current revision.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.CreateSession
     */
    createSession: {
        methodKind: "unary";
        input: typeof CreateSessionRequestSchema;
        output: typeof SessionSchema;
    };
    /**
     * Returns a session with its current variables.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.GetSession
     */
    getSession: {
        methodKind: "unary";
        input: typeof GetSessionRequestSchema;
        output: typeof SessionSchema;
    };
    /**
     * Lists sessions, newest first, with filters and keyset pagination.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.ListSessions
     */
    listSessions: {
        methodKind: "unary";
        input: typeof ListSessionsRequestSchema;
        output: typeof ListSessionsResponseSchema;
    };
    /**
     * Updates status, execution status, position or metadata. Completed and
     * failed are terminal; moving phase or topic clears the variables of that scope.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.UpdateSession
     */
    updateSession: {
        methodKind: "unary";
        input: typeof UpdateSessionRequestSchema;
        output: typeof SessionSchema;
    };
    /**
     * Deletes a session with its messages, variables and memories.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.DeleteSession
     */
    deleteSession: {
        methodKind: "unary";
        input: typeof DeleteSessionRequestSchema;
        output: typeof DeleteSessionResponseSchema;
    };
    /**
     * Starts a new session from an existing one: messages 1..at_seq, and the
     * variables, position, script pin and metadata as they are now (variables
     * are not versioned). The fork is active and independent of its parent
     * afterwards; memories stay with the parent. Idempotent with request_id.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.ForkSession
     */
    forkSession: {
        methodKind: "unary";
        input: typeof ForkSessionRequestSchema;
        output: typeof SessionSchema;
    };
    /**
     * Deletes the sessions whose expire_time has passed, with their messages,
     * variables and memories, in bounded batches (or, with dry_run, counts
     * them). Expired sessions are already invisible to every read; the
     * background sweeper does the same work on its own schedule.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.PurgeExpiredSessions
     */
    purgeExpiredSessions: {
        methodKind: "unary";
        input: typeof PurgeExpiredSessionsRequestSchema;
        output: typeof PurgeExpiredSessionsResponseSchema;
    };
    /**
     * Erases everything this context holds about one end user: their
     * sessions (with messages and variables, forks included) and their
     * memories (with revisions and search-index entries). Everything becomes
     * NOT_FOUND to every call in one transaction, which also records the
     * receipt in the audit trail; the rows are then deleted in bounded batches
     * before the call answers. Data written for the user after that
     * transaction is not erased. Idempotent with request_id (a retry answers
     * the first receipt and finishes any deletion left); with dry_run it only
     * counts. Needs sessions.admin.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.EraseUserData
     */
    eraseUserData: {
        methodKind: "unary";
        input: typeof EraseUserDataRequestSchema;
        output: typeof EraseUserDataResponseSchema;
    };
    /**
     * Appends 1–100 messages atomically, numbering them 1, 2, 3… per session.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.AppendMessages
     */
    appendMessages: {
        methodKind: "unary";
        input: typeof AppendMessagesRequestSchema;
        output: typeof AppendMessagesResponseSchema;
    };
    /**
     * Lists messages by sequence number, in either direction.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.ListMessages
     */
    listMessages: {
        methodKind: "unary";
        input: typeof ListMessagesRequestSchema;
        output: typeof ListMessagesResponseSchema;
    };
    /**
     * Replays messages after `after_seq`, then streams new ones as they are
     * appended; ends when the session completes or fails.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.WatchMessages
     */
    watchMessages: {
        methodKind: "server_streaming";
        input: typeof WatchMessagesRequestSchema;
        output: typeof WatchMessagesResponseSchema;
    };
    /**
     * Upserts up to 500 variables atomically.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.SetVariables
     */
    setVariables: {
        methodKind: "unary";
        input: typeof SetVariablesRequestSchema;
        output: typeof SetVariablesResponseSchema;
    };
    /**
     * Lists a session's variables.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.ListVariables
     */
    listVariables: {
        methodKind: "unary";
        input: typeof ListVariablesRequestSchema;
        output: typeof ListVariablesResponseSchema;
    };
    /**
     * Deletes one variable.
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.DeleteVariable
     */
    deleteVariable: {
        methodKind: "unary";
        input: typeof DeleteVariableRequestSchema;
        output: typeof DeleteVariableResponseSchema;
    };
    /**
     * Lists the audit trail of the sessions context, newest first: every write
     * and every refused write (needs the `sessions.admin` scope).
     *
     * @generated from rpc agentbase.sessions.v1.SessionService.ListAuditEvents
     */
    listAuditEvents: {
        methodKind: "unary";
        input: typeof ListAuditEventsRequestSchema;
        output: typeof ListAuditEventsResponseSchema;
    };
}>;
/**
 * MemoryService stores searchable memories of users and sessions.
 *
 * @generated from service agentbase.sessions.v1.MemoryService
 */
export declare const MemoryService: GenService<{
    /**
     * Creates a memory. Content equal to a live (unexpired, not superseded)
     * memory's of the same user, session and type — compared after lower-casing,
     * reducing whitespace to single spaces and setting a closing `.`, `!` or
     * `?` aside; every other character counts (signs, operators, emoticons,
     * emoji) — creates nothing: the existing memory is returned unchanged.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.CreateMemory
     */
    createMemory: {
        methodKind: "unary";
        input: typeof CreateMemoryRequestSchema;
        output: typeof MemorySchema;
    };
    /**
     * Returns a memory and counts the access (access_count + 1, access_time now).
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.GetMemory
     */
    getMemory: {
        methodKind: "unary";
        input: typeof GetMemoryRequestSchema;
        output: typeof MemorySchema;
    };
    /**
     * Lists memories, newest first; expired ones are hidden.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.ListMemories
     */
    listMemories: {
        methodKind: "unary";
        input: typeof ListMemoriesRequestSchema;
        output: typeof ListMemoriesResponseSchema;
    };
    /**
     * Full-text search over content and tags, ranked by relevance, then
     * importance and recency; expired memories are hidden.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.SearchMemories
     */
    searchMemories: {
        methodKind: "unary";
        input: typeof SearchMemoriesRequestSchema;
        output: typeof SearchMemoriesResponseSchema;
    };
    /**
     * Updates the fields named in update_mask. A change of content, importance
     * or tags keeps the previous ones in the memory's history.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.UpdateMemory
     */
    updateMemory: {
        methodKind: "unary";
        input: typeof UpdateMemoryRequestSchema;
        output: typeof MemorySchema;
    };
    /**
     * Lists the earlier states of a memory's content, importance and tags,
     * newest first.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.ListMemoryHistory
     */
    listMemoryHistory: {
        methodKind: "unary";
        input: typeof ListMemoryHistoryRequestSchema;
        output: typeof ListMemoryHistoryResponseSchema;
    };
    /**
     * Deletes a memory.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.DeleteMemory
     */
    deleteMemory: {
        methodKind: "unary";
        input: typeof DeleteMemoryRequestSchema;
        output: typeof DeleteMemoryResponseSchema;
    };
    /**
     * Deletes (or, with dry_run, counts) expired memories.
     *
     * @generated from rpc agentbase.sessions.v1.MemoryService.PurgeExpiredMemories
     */
    purgeExpiredMemories: {
        methodKind: "unary";
        input: typeof PurgeExpiredMemoriesRequestSchema;
        output: typeof PurgeExpiredMemoriesResponseSchema;
    };
}>;
