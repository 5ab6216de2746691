import type { GenFile, GenMessage } from "@bufbuild/protobuf/codegenv2";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/audit/v1/audit.proto.
 */
export declare const file_agentbase_audit_v1_audit: GenFile;
/**
 * One write, or one refused write, in a context's audit trail. Every
 * accepted write appends its event in the transaction that makes the change,
 * so no committed change lacks one; refused writes (PERMISSION_DENIED,
 * FAILED_PRECONDITION) are appended after the refusal.
 *
 * @generated from message agentbase.audit.v1.AuditEvent
 */
export type AuditEvent = Message<"agentbase.audit.v1.AuditEvent"> & {
    /**
     * The event's id (UUIDv7, time-ordered).
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * When the call was made.
     *
     * @generated from field: google.protobuf.Timestamp occurred_at = 2;
     */
    occurredAt?: Timestamp | undefined;
    /**
     * The authenticated caller: the token's `sub`, the client certificate's
     * SAN, or `anonymous` when authentication is off.
     *
     * @generated from field: string principal = 3;
     */
    principal: string;
    /**
     * The end user the caller acted for (the token's actor claim, else the
     * request's author/updated_by/published_by/deprecated_by), or empty.
     *
     * @generated from field: string actor = 4;
     */
    actor: string;
    /**
     * The RPC, e.g. `agentbase.scripts.v1.ScriptService/PublishScript`.
     *
     * @generated from field: string method = 5;
     */
    method: string;
    /**
     * The kind of resource changed: script, project, session, memory, run,
     * task, or user (EraseUserData, whose resource_id is the user id).
     *
     * @generated from field: string resource_type = 6;
     */
    resourceType: string;
    /**
     * The resource's id; empty for bulk changes (DeleteRuns,
     * PurgeExpiredMemories) and for refused creates.
     *
     * @generated from field: string resource_id = 7;
     */
    resourceId: string;
    /**
     * OK, or the refusal's gRPC code name (PERMISSION_DENIED, FAILED_PRECONDITION).
     *
     * @generated from field: string outcome = 8;
     */
    outcome: string;
    /**
     * The refusal's ErrorInfo reason (e.g. ETAG_MISMATCH); empty when OK.
     *
     * @generated from field: string reason = 9;
     */
    reason: string;
    /**
     * The request's request_id, when it carried one.
     *
     * @generated from field: string request_id = 10;
     */
    requestId: string;
    /**
     * How many calls the event stands for: 1 for a write; refusals of one
     * principal, method, outcome and reason within one minute share one event
     * (its occurred_at is the minute's start, its resource_id and request_id
     * the first refusal's), and this counts them.
     *
     * @generated from field: int64 count = 11;
     */
    count: bigint;
    /**
     * For calls that delete in bulk (EraseUserData): how many of each kind
     * they deleted, e.g. `sessions`, `messages`. Never content.
     *
     * @generated from field: map<string, int64> counts = 12;
     */
    counts: {
        [key: string]: bigint;
    };
};
/**
 * Describes the message agentbase.audit.v1.AuditEvent.
 * Use `create(AuditEventSchema)` to create a new message.
 */
export declare const AuditEventSchema: GenMessage<AuditEvent>;
/**
 * Filters of an audit trail listing; every filter set must match.
 *
 * @generated from message agentbase.audit.v1.ListAuditEventsRequest
 */
export type ListAuditEventsRequest = Message<"agentbase.audit.v1.ListAuditEventsRequest"> & {
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
     * Only events of this resource type.
     *
     * @generated from field: string resource_type = 3;
     */
    resourceType: string;
    /**
     * Only events of this resource id.
     *
     * @generated from field: string resource_id = 4;
     */
    resourceId: string;
    /**
     * Only events of this principal.
     *
     * @generated from field: string principal = 5;
     */
    principal: string;
    /**
     * Only events of this method (full name, e.g. `agentbase.sessions.v1.SessionService/DeleteSession`).
     *
     * @generated from field: string method = 6;
     */
    method: string;
    /**
     * Only events at or after this time.
     *
     * @generated from field: google.protobuf.Timestamp occurred_after = 7;
     */
    occurredAfter?: Timestamp | undefined;
    /**
     * Only events before this time.
     *
     * @generated from field: google.protobuf.Timestamp occurred_before = 8;
     */
    occurredBefore?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.audit.v1.ListAuditEventsRequest.
 * Use `create(ListAuditEventsRequestSchema)` to create a new message.
 */
export declare const ListAuditEventsRequestSchema: GenMessage<ListAuditEventsRequest>;
/**
 * A page of audit events, newest first.
 *
 * @generated from message agentbase.audit.v1.ListAuditEventsResponse
 */
export type ListAuditEventsResponse = Message<"agentbase.audit.v1.ListAuditEventsResponse"> & {
    /**
     * The events.
     *
     * @generated from field: repeated agentbase.audit.v1.AuditEvent events = 1;
     */
    events: AuditEvent[];
    /**
     * Pass as page_token for the next page; empty on the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.audit.v1.ListAuditEventsResponse.
 * Use `create(ListAuditEventsResponseSchema)` to create a new message.
 */
export declare const ListAuditEventsResponseSchema: GenMessage<ListAuditEventsResponse>;
