import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/scripts/v1/labels.proto.
 */
export declare const file_agentbase_scripts_v1_labels: GenFile;
/**
 * A release label.
 *
 * @generated from message agentbase.scripts.v1.Label
 */
export type Label = Message<"agentbase.scripts.v1.Label"> & {
    /**
     * The project the label belongs to (project labels).
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The script the label belongs to (script labels).
     *
     * @generated from field: string script_id = 2;
     */
    scriptId: string;
    /**
     * The label's name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * The project version it points at (project labels).
     *
     * @generated from field: string version_id = 4;
     */
    versionId: string;
    /**
     * The script revision it points at (script labels).
     *
     * @generated from field: int32 revision = 5;
     */
    revision: number;
    /**
     * Moving it needs the `scripts.promote` scope.
     *
     * @generated from field: bool protected = 6;
     */
    protected: boolean;
    /**
     * Moving it needs a request approved by a second, different person.
     *
     * @generated from field: bool requires_approval = 7;
     */
    requiresApproval: boolean;
    /**
     * Changes with every move; SetLabel and ProtectLabel may require it.
     *
     * @generated from field: string etag = 8;
     */
    etag: string;
    /**
     * When it was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 9;
     */
    createTime?: Timestamp | undefined;
    /**
     * When it last moved or changed its protection.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 10;
     */
    updateTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.Label.
 * Use `create(LabelSchema)` to create a new message.
 */
export declare const LabelSchema: GenMessage<Label>;
/**
 * One move of a label, as its history keeps it.
 *
 * @generated from message agentbase.scripts.v1.LabelMove
 */
export type LabelMove = Message<"agentbase.scripts.v1.LabelMove"> & {
    /**
     * The move's position in the history of every label of the context:
     * increasing, without reuse.
     *
     * @generated from field: int64 sequence = 1;
     */
    sequence: bigint;
    /**
     * The project the label belongs to (project labels).
     *
     * @generated from field: string project_id = 2;
     */
    projectId: string;
    /**
     * The script the label belongs to (script labels).
     *
     * @generated from field: string script_id = 3;
     */
    scriptId: string;
    /**
     * The label's name.
     *
     * @generated from field: string name = 4;
     */
    name: string;
    /**
     * The version it pointed at before (project labels; empty on its first move).
     *
     * @generated from field: string from_version_id = 5;
     */
    fromVersionId: string;
    /**
     * The version it points at since (project labels; empty when the move
     * deleted the label).
     *
     * @generated from field: string to_version_id = 6;
     */
    toVersionId: string;
    /**
     * The revision it pointed at before (script labels; 0 on its first move).
     *
     * @generated from field: int32 from_revision = 7;
     */
    fromRevision: number;
    /**
     * The revision it points at since (script labels; 0 when the move deleted
     * the label).
     *
     * @generated from field: int32 to_revision = 8;
     */
    toRevision: number;
    /**
     * Why it moved.
     *
     * @generated from field: string reason = 9;
     */
    reason: string;
    /**
     * The calling service that moved it (the token's subject, or `anonymous`).
     *
     * @generated from field: string principal = 10;
     */
    principal: string;
    /**
     * The person the caller acted for, if any.
     *
     * @generated from field: string actor = 11;
     */
    actor: string;
    /**
     * When it moved.
     *
     * @generated from field: google.protobuf.Timestamp move_time = 12;
     */
    moveTime?: Timestamp | undefined;
    /**
     * The request id of the move, if it had one.
     *
     * @generated from field: string request_id = 13;
     */
    requestId: string;
    /**
     * The request to move the label this move approved, if it was one.
     *
     * @generated from field: string move_request_id = 14;
     */
    moveRequestId: string;
    /**
     * The calling service that approved the move (approved moves only; then
     * `principal` and `actor` are who asked for it).
     *
     * @generated from field: string approver_principal = 15;
     */
    approverPrincipal: string;
    /**
     * The person who approved the move (approved moves only).
     *
     * @generated from field: string approver_actor = 16;
     */
    approverActor: string;
};
/**
 * Describes the message agentbase.scripts.v1.LabelMove.
 * Use `create(LabelMoveSchema)` to create a new message.
 */
export declare const LabelMoveSchema: GenMessage<LabelMove>;
/**
 * A request to move a label that requires approval.
 *
 * @generated from message agentbase.scripts.v1.LabelMoveRequest
 */
export type LabelMoveRequest = Message<"agentbase.scripts.v1.LabelMoveRequest"> & {
    /**
     * The request's id.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The project the label belongs to (project labels).
     *
     * @generated from field: string project_id = 2;
     */
    projectId: string;
    /**
     * The script the label belongs to (script labels).
     *
     * @generated from field: string script_id = 3;
     */
    scriptId: string;
    /**
     * The label's name.
     *
     * @generated from field: string name = 4;
     */
    name: string;
    /**
     * The version to point at (project labels).
     *
     * @generated from field: string version_id = 5;
     */
    versionId: string;
    /**
     * The revision to point at (script labels).
     *
     * @generated from field: int32 revision = 6;
     */
    revision: number;
    /**
     * Why the label should move.
     *
     * @generated from field: string reason = 7;
     */
    reason: string;
    /**
     * Where the request stands.
     *
     * @generated from field: agentbase.scripts.v1.LabelMoveRequestState state = 8;
     */
    state: LabelMoveRequestState;
    /**
     * The calling service that asked (the token's subject, or `anonymous`).
     *
     * @generated from field: string principal = 9;
     */
    principal: string;
    /**
     * The person who asked, if any.
     *
     * @generated from field: string actor = 10;
     */
    actor: string;
    /**
     * When it was asked.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 11;
     */
    createTime?: Timestamp | undefined;
    /**
     * The calling service that approved it (approved requests).
     *
     * @generated from field: string approver_principal = 12;
     */
    approverPrincipal: string;
    /**
     * The person who approved it (approved requests).
     *
     * @generated from field: string approver_actor = 13;
     */
    approverActor: string;
    /**
     * When it was approved or superseded.
     *
     * @generated from field: google.protobuf.Timestamp decide_time = 14;
     */
    decideTime?: Timestamp | undefined;
    /**
     * The request id the request was made with, if any.
     *
     * @generated from field: string request_id = 15;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.scripts.v1.LabelMoveRequest.
 * Use `create(LabelMoveRequestSchema)` to create a new message.
 */
export declare const LabelMoveRequestSchema: GenMessage<LabelMoveRequest>;
/**
 * Request for SetLabel.
 *
 * @generated from message agentbase.scripts.v1.SetLabelRequest
 */
export type SetLabelRequest = Message<"agentbase.scripts.v1.SetLabelRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.SetLabelRequest.owner
     */
    owner: {
        /**
         * The project (the label points at one of its versions).
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script (the label points at one of its revisions).
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name: a lowercase letter, then up to 62 lowercase letters,
     * digits and hyphens.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * The version to point at (project labels).
     *
     * @generated from field: string version_id = 4;
     */
    versionId: string;
    /**
     * The revision to point at (script labels), 1 or more.
     *
     * @generated from field: int32 revision = 5;
     */
    revision: number;
    /**
     * Why it moves, 1–1024 characters; required.
     *
     * @generated from field: string reason = 6;
     */
    reason: string;
    /**
     * If set, the move applies only while the label still has this etag.
     *
     * @generated from field: string etag = 7;
     */
    etag: string;
    /**
     * Optional UUID making the call idempotent: a retry with the same id
     * returns the label and moves nothing.
     *
     * @generated from field: string request_id = 8;
     */
    requestId: string;
    /**
     * The person moving the label, up to 255 characters; a token's actor
     * claim wins over it.
     *
     * @generated from field: string updated_by = 9;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.SetLabelRequest.
 * Use `create(SetLabelRequestSchema)` to create a new message.
 */
export declare const SetLabelRequestSchema: GenMessage<SetLabelRequest>;
/**
 * Request for GetLabel.
 *
 * @generated from message agentbase.scripts.v1.GetLabelRequest
 */
export type GetLabelRequest = Message<"agentbase.scripts.v1.GetLabelRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.GetLabelRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetLabelRequest.
 * Use `create(GetLabelRequestSchema)` to create a new message.
 */
export declare const GetLabelRequestSchema: GenMessage<GetLabelRequest>;
/**
 * Request for ListLabels.
 *
 * @generated from message agentbase.scripts.v1.ListLabelsRequest
 */
export type ListLabelsRequest = Message<"agentbase.scripts.v1.ListLabelsRequest"> & {
    /**
     * Whose labels.
     *
     * @generated from oneof agentbase.scripts.v1.ListLabelsRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * At most this many labels: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 3;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same owner.
     *
     * @generated from field: string page_token = 4;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelsRequest.
 * Use `create(ListLabelsRequestSchema)` to create a new message.
 */
export declare const ListLabelsRequestSchema: GenMessage<ListLabelsRequest>;
/**
 * Response of ListLabels.
 *
 * @generated from message agentbase.scripts.v1.ListLabelsResponse
 */
export type ListLabelsResponse = Message<"agentbase.scripts.v1.ListLabelsResponse"> & {
    /**
     * The page of labels, by name.
     *
     * @generated from field: repeated agentbase.scripts.v1.Label labels = 1;
     */
    labels: Label[];
    /**
     * Token for the next page; empty when this is the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelsResponse.
 * Use `create(ListLabelsResponseSchema)` to create a new message.
 */
export declare const ListLabelsResponseSchema: GenMessage<ListLabelsResponse>;
/**
 * Request for ListLabelHistory.
 *
 * @generated from message agentbase.scripts.v1.ListLabelHistoryRequest
 */
export type ListLabelHistoryRequest = Message<"agentbase.scripts.v1.ListLabelHistoryRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.ListLabelHistoryRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * At most this many moves: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 4;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call for the same label.
     *
     * @generated from field: string page_token = 5;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelHistoryRequest.
 * Use `create(ListLabelHistoryRequestSchema)` to create a new message.
 */
export declare const ListLabelHistoryRequestSchema: GenMessage<ListLabelHistoryRequest>;
/**
 * Response of ListLabelHistory.
 *
 * @generated from message agentbase.scripts.v1.ListLabelHistoryResponse
 */
export type ListLabelHistoryResponse = Message<"agentbase.scripts.v1.ListLabelHistoryResponse"> & {
    /**
     * The page of moves, newest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.LabelMove moves = 1;
     */
    moves: LabelMove[];
    /**
     * Token for the next page; empty when this is the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelHistoryResponse.
 * Use `create(ListLabelHistoryResponseSchema)` to create a new message.
 */
export declare const ListLabelHistoryResponseSchema: GenMessage<ListLabelHistoryResponse>;
/**
 * Request for ProtectLabel.
 *
 * @generated from message agentbase.scripts.v1.ProtectLabelRequest
 */
export type ProtectLabelRequest = Message<"agentbase.scripts.v1.ProtectLabelRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.ProtectLabelRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name; the label must exist.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * Whether moving it needs the `scripts.promote` scope.
     *
     * @generated from field: bool protected = 4;
     */
    protected: boolean;
    /**
     * Whether moving it needs a request approved by a second person.
     *
     * @generated from field: bool requires_approval = 5;
     */
    requiresApproval: boolean;
    /**
     * If set, the change applies only while the label still has this etag.
     *
     * @generated from field: string etag = 6;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.ProtectLabelRequest.
 * Use `create(ProtectLabelRequestSchema)` to create a new message.
 */
export declare const ProtectLabelRequestSchema: GenMessage<ProtectLabelRequest>;
/**
 * Request for DeleteLabel.
 *
 * @generated from message agentbase.scripts.v1.DeleteLabelRequest
 */
export type DeleteLabelRequest = Message<"agentbase.scripts.v1.DeleteLabelRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.DeleteLabelRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * Why it is deleted, 1–1024 characters; required.
     *
     * @generated from field: string reason = 4;
     */
    reason: string;
    /**
     * If set, the label is deleted only while it still has this etag.
     *
     * @generated from field: string etag = 5;
     */
    etag: string;
    /**
     * The person deleting the label, up to 255 characters; a token's actor
     * claim wins over it.
     *
     * @generated from field: string updated_by = 6;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.DeleteLabelRequest.
 * Use `create(DeleteLabelRequestSchema)` to create a new message.
 */
export declare const DeleteLabelRequestSchema: GenMessage<DeleteLabelRequest>;
/**
 * Response of DeleteLabel.
 *
 * @generated from message agentbase.scripts.v1.DeleteLabelResponse
 */
export type DeleteLabelResponse = Message<"agentbase.scripts.v1.DeleteLabelResponse"> & {};
/**
 * Describes the message agentbase.scripts.v1.DeleteLabelResponse.
 * Use `create(DeleteLabelResponseSchema)` to create a new message.
 */
export declare const DeleteLabelResponseSchema: GenMessage<DeleteLabelResponse>;
/**
 * Request for RequestLabelMove.
 *
 * @generated from message agentbase.scripts.v1.RequestLabelMoveRequest
 */
export type RequestLabelMoveRequest = Message<"agentbase.scripts.v1.RequestLabelMoveRequest"> & {
    /**
     * Which project or script the label belongs to.
     *
     * @generated from oneof agentbase.scripts.v1.RequestLabelMoveRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The label's name; the label must exist and require approval.
     *
     * @generated from field: string name = 3;
     */
    name: string;
    /**
     * The version to point at (project labels).
     *
     * @generated from field: string version_id = 4;
     */
    versionId: string;
    /**
     * The revision to point at (script labels), 1 or more.
     *
     * @generated from field: int32 revision = 5;
     */
    revision: number;
    /**
     * Why it should move, 1–1024 characters; required.
     *
     * @generated from field: string reason = 6;
     */
    reason: string;
    /**
     * If set, the request is made only while the label still has this etag.
     *
     * @generated from field: string etag = 7;
     */
    etag: string;
    /**
     * Optional UUID making the call idempotent: a retry with the same id
     * returns the request made the first time.
     *
     * @generated from field: string request_id = 8;
     */
    requestId: string;
    /**
     * The person asking, up to 255 characters; a token's actor claim wins
     * over it. The approver must be a different person.
     *
     * @generated from field: string updated_by = 9;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.RequestLabelMoveRequest.
 * Use `create(RequestLabelMoveRequestSchema)` to create a new message.
 */
export declare const RequestLabelMoveRequestSchema: GenMessage<RequestLabelMoveRequest>;
/**
 * Request for ApproveLabelMove.
 *
 * @generated from message agentbase.scripts.v1.ApproveLabelMoveRequest
 */
export type ApproveLabelMoveRequest = Message<"agentbase.scripts.v1.ApproveLabelMoveRequest"> & {
    /**
     * The id of the pending request (LabelMoveRequest.id).
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The person approving, up to 255 characters; a token's actor claim wins
     * over it. Approving again as the same person returns the label.
     *
     * @generated from field: string updated_by = 2;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.ApproveLabelMoveRequest.
 * Use `create(ApproveLabelMoveRequestSchema)` to create a new message.
 */
export declare const ApproveLabelMoveRequestSchema: GenMessage<ApproveLabelMoveRequest>;
/**
 * Request for ListLabelMoveRequests.
 *
 * @generated from message agentbase.scripts.v1.ListLabelMoveRequestsRequest
 */
export type ListLabelMoveRequestsRequest = Message<"agentbase.scripts.v1.ListLabelMoveRequestsRequest"> & {
    /**
     * Whose labels.
     *
     * @generated from oneof agentbase.scripts.v1.ListLabelMoveRequestsRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * Only requests in this state (unspecified: every state).
     *
     * @generated from field: agentbase.scripts.v1.LabelMoveRequestState state = 3;
     */
    state: LabelMoveRequestState;
    /**
     * At most this many requests: 0 means 50, above 500 means 500.
     *
     * @generated from field: int32 page_size = 4;
     */
    pageSize: number;
    /**
     * The next_page_token of a previous call with the same owner and state.
     *
     * @generated from field: string page_token = 5;
     */
    pageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelMoveRequestsRequest.
 * Use `create(ListLabelMoveRequestsRequestSchema)` to create a new message.
 */
export declare const ListLabelMoveRequestsRequestSchema: GenMessage<ListLabelMoveRequestsRequest>;
/**
 * Response of ListLabelMoveRequests.
 *
 * @generated from message agentbase.scripts.v1.ListLabelMoveRequestsResponse
 */
export type ListLabelMoveRequestsResponse = Message<"agentbase.scripts.v1.ListLabelMoveRequestsResponse"> & {
    /**
     * The page of requests, newest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.LabelMoveRequest requests = 1;
     */
    requests: LabelMoveRequest[];
    /**
     * Token for the next page; empty when this is the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListLabelMoveRequestsResponse.
 * Use `create(ListLabelMoveRequestsResponseSchema)` to create a new message.
 */
export declare const ListLabelMoveRequestsResponseSchema: GenMessage<ListLabelMoveRequestsResponse>;
/**
 * Request for WatchLabels.
 *
 * @generated from message agentbase.scripts.v1.WatchLabelsRequest
 */
export type WatchLabelsRequest = Message<"agentbase.scripts.v1.WatchLabelsRequest"> & {
    /**
     * Only the labels of this project or script (neither: every label of the
     * context).
     *
     * @generated from oneof agentbase.scripts.v1.WatchLabelsRequest.owner
     */
    owner: {
        /**
         * The project.
         *
         * @generated from field: string project_id = 1;
         */
        value: string;
        case: "projectId";
    } | {
        /**
         * The script.
         *
         * @generated from field: string script_id = 2;
         */
        value: string;
        case: "scriptId";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * Where the stream starts.
     *
     * @generated from oneof agentbase.scripts.v1.WatchLabelsRequest.start
     */
    start: {
        /**
         * After this `sequence` (0: the whole history); pass the last sequence
         * received to resume a dropped stream.
         *
         * @generated from field: int64 after_sequence = 3;
         */
        value: bigint;
        case: "afterSequence";
    } | {
        /**
         * With the next move to commit, replaying nothing.
         *
         * @generated from field: bool from_now = 4;
         */
        value: boolean;
        case: "fromNow";
    } | {
        case: undefined;
        value?: undefined;
    };
};
/**
 * Describes the message agentbase.scripts.v1.WatchLabelsRequest.
 * Use `create(WatchLabelsRequestSchema)` to create a new message.
 */
export declare const WatchLabelsRequestSchema: GenMessage<WatchLabelsRequest>;
/**
 * One event of WatchLabels.
 *
 * @generated from message agentbase.scripts.v1.WatchLabelsResponse
 */
export type WatchLabelsResponse = Message<"agentbase.scripts.v1.WatchLabelsResponse"> & {
    /**
     * A move (or deletion) of a label, in sequence order, each exactly once.
     *
     * @generated from field: agentbase.scripts.v1.LabelMove label_move = 1;
     */
    labelMove?: LabelMove | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.WatchLabelsResponse.
 * Use `create(WatchLabelsResponseSchema)` to create a new message.
 */
export declare const WatchLabelsResponseSchema: GenMessage<WatchLabelsResponse>;
/**
 * The state of a request to move a label.
 *
 * @generated from enum agentbase.scripts.v1.LabelMoveRequestState
 */
export declare enum LabelMoveRequestState {
    /**
     * Not used.
     *
     * @generated from enum value: LABEL_MOVE_REQUEST_STATE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Waiting for a second person's approval.
     *
     * @generated from enum value: LABEL_MOVE_REQUEST_STATE_PENDING = 1;
     */
    PENDING = 1,
    /**
     * Approved: the label moved.
     *
     * @generated from enum value: LABEL_MOVE_REQUEST_STATE_APPROVED = 2;
     */
    APPROVED = 2,
    /**
     * The label moved, was deleted or changed its protection before anyone
     * approved: the request can no longer be approved.
     *
     * @generated from enum value: LABEL_MOVE_REQUEST_STATE_SUPERSEDED = 3;
     */
    SUPERSEDED = 3
}
/**
 * Describes the enum agentbase.scripts.v1.LabelMoveRequestState.
 */
export declare const LabelMoveRequestStateSchema: GenEnum<LabelMoveRequestState>;
/**
 * LabelService keeps release labels: named pointers (`production`, `staging`,
 * or any `[a-z][a-z0-9-]{0,62}`) to one version of a project or one revision
 * of a script. A label moves atomically, with a reason, and every move is kept
 * in its history for ever. A protected label moves only for callers granted
 * `scripts.promote`; a label that requires approval moves only when a second,
 * different person approves a request to move it.
 *
 * @generated from service agentbase.scripts.v1.LabelService
 */
export declare const LabelService: GenService<{
    /**
     * Points a label at a version or revision, creating the label on its first
     * move. Guarded by the label's etag and idempotent by request id.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.SetLabel
     */
    setLabel: {
        methodKind: "unary";
        input: typeof SetLabelRequestSchema;
        output: typeof LabelSchema;
    };
    /**
     * Returns one label.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.GetLabel
     */
    getLabel: {
        methodKind: "unary";
        input: typeof GetLabelRequestSchema;
        output: typeof LabelSchema;
    };
    /**
     * Lists the labels of one project or script, by name.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.ListLabels
     */
    listLabels: {
        methodKind: "unary";
        input: typeof ListLabelsRequestSchema;
        output: typeof ListLabelsResponseSchema;
    };
    /**
     * Lists the moves of one label, newest first.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.ListLabelHistory
     */
    listLabelHistory: {
        methodKind: "unary";
        input: typeof ListLabelHistoryRequestSchema;
        output: typeof ListLabelHistoryResponseSchema;
    };
    /**
     * Changes how a label guards its moves (needs `scripts.promote`).
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.ProtectLabel
     */
    protectLabel: {
        methodKind: "unary";
        input: typeof ProtectLabelRequestSchema;
        output: typeof LabelSchema;
    };
    /**
     * Deletes a label, guarded like a move; its history stays. A version or
     * revision a label points at cannot be deleted, nor the project or script
     * holding it, until the label moves away or is deleted.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.DeleteLabel
     */
    deleteLabel: {
        methodKind: "unary";
        input: typeof DeleteLabelRequestSchema;
        output: typeof DeleteLabelResponseSchema;
    };
    /**
     * Asks to move a label that requires approval; the label moves when a
     * second, different person approves the request. Idempotent by request id.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.RequestLabelMove
     */
    requestLabelMove: {
        methodKind: "unary";
        input: typeof RequestLabelMoveRequestSchema;
        output: typeof LabelMoveRequestSchema;
    };
    /**
     * Approves a pending request: the label moves, and its history records who
     * asked and who approved. The person who asked cannot approve; approving a
     * protected label's move needs `scripts.promote`. A request the label moved
     * away from meanwhile is superseded and cannot be approved.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.ApproveLabelMove
     */
    approveLabelMove: {
        methodKind: "unary";
        input: typeof ApproveLabelMoveRequestSchema;
        output: typeof LabelSchema;
    };
    /**
     * Lists the requests to move one project's or script's labels, newest first.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.ListLabelMoveRequests
     */
    listLabelMoveRequests: {
        methodKind: "unary";
        input: typeof ListLabelMoveRequestsRequestSchema;
        output: typeof ListLabelMoveRequestsResponseSchema;
    };
    /**
     * Streams label moves in `sequence` order as they commit, on every replica:
     * first those after the cursor, then each new one once. Resume a dropped
     * stream from the last `sequence` received. Never ends by itself.
     *
     * @generated from rpc agentbase.scripts.v1.LabelService.WatchLabels
     */
    watchLabels: {
        methodKind: "server_streaming";
        input: typeof WatchLabelsRequestSchema;
        output: typeof WatchLabelsResponseSchema;
    };
}>;
