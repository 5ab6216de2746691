import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { ListAuditEventsRequestSchema, ListAuditEventsResponseSchema } from "../../audit/v1/audit_pb.js";
import type { FieldMask, Timestamp } from "@bufbuild/protobuf/wkt";
import type { JsonObject, Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/scripts/v1/scripts.proto.
 */
export declare const file_agentbase_scripts_v1_scripts: GenFile;
/**
 * A script: its identity and lifecycle, plus one of its revisions.
 *
 * @generated from message agentbase.scripts.v1.Script
 */
export type Script = Message<"agentbase.scripts.v1.Script"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Unique name, at most 255 characters.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * The script's type.
     *
     * @generated from field: agentbase.scripts.v1.ScriptType script_type = 3;
     */
    scriptType: ScriptType;
    /**
     * The script's lifecycle status.
     *
     * @generated from field: agentbase.scripts.v1.ScriptStatus status = 4;
     */
    status: ScriptStatus;
    /**
     * Who owns the script.
     *
     * @generated from field: string author = 5;
     */
    author: string;
    /**
     * Free-form description.
     *
     * @generated from field: string description = 6;
     */
    description: string;
    /**
     * Labels for filtering; unique, in the order given.
     *
     * @generated from field: repeated string tags = 7;
     */
    tags: string[];
    /**
     * The number of the newest revision (1 for a new script).
     *
     * @generated from field: int32 current_revision = 8;
     */
    currentRevision: number;
    /**
     * Changes whenever the script changes; pass it back to guard updates.
     *
     * @generated from field: string etag = 9;
     */
    etag: string;
    /**
     * When the script was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 10;
     */
    createTime?: Timestamp | undefined;
    /**
     * When the script last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 11;
     */
    updateTime?: Timestamp | undefined;
    /**
     * The revision read with the script: the current one unless another was
     * asked for. With the BASIC view its content fields are empty.
     *
     * @generated from field: agentbase.scripts.v1.ScriptRevision revision = 12;
     */
    revision?: ScriptRevision | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.Script.
 * Use `create(ScriptSchema)` to create a new message.
 */
export declare const ScriptSchema: GenMessage<Script>;
/**
 * One immutable version of a script's content.
 *
 * @generated from message agentbase.scripts.v1.ScriptRevision
 */
export type ScriptRevision = Message<"agentbase.scripts.v1.ScriptRevision"> & {
    /**
     * The script this revision belongs to.
     *
     * @generated from field: string script_id = 1;
     */
    scriptId: string;
    /**
     * 1, 2, 3… per script.
     *
     * @generated from field: int32 revision = 2;
     */
    revision: number;
    /**
     * The author's version string, e.g. `1.0.0`.
     *
     * @generated from field: string version = 3;
     */
    version: string;
    /**
     * The YAML document as submitted (empty in the BASIC view).
     *
     * @generated from field: string content = 4;
     */
    content: string;
    /**
     * The YAML document as JSON (empty in the BASIC view).
     *
     * @generated from field: google.protobuf.Struct parsed_content = 5;
     */
    parsedContent?: JsonObject | undefined;
    /**
     * Hex SHA-256 of content.
     *
     * @generated from field: string content_sha256 = 6;
     */
    contentSha256: string;
    /**
     * Who wrote this revision.
     *
     * @generated from field: string author = 7;
     */
    author: string;
    /**
     * When the revision was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 8;
     */
    createTime?: Timestamp | undefined;
    /**
     * The validation warnings of this content (errors are never stored).
     *
     * @generated from field: repeated agentbase.scripts.v1.ValidationIssue warnings = 9;
     */
    warnings: ValidationIssue[];
    /**
     * Notes on this content: deprecated keys that still work.
     *
     * @generated from field: repeated agentbase.scripts.v1.ValidationIssue notes = 10;
     */
    notes: ValidationIssue[];
};
/**
 * Describes the message agentbase.scripts.v1.ScriptRevision.
 * Use `create(ScriptRevisionSchema)` to create a new message.
 */
export declare const ScriptRevisionSchema: GenMessage<ScriptRevision>;
/**
 * One validation finding, located in the document.
 *
 * @generated from message agentbase.scripts.v1.ValidationIssue
 */
export type ValidationIssue = Message<"agentbase.scripts.v1.ValidationIssue"> & {
    /**
     * Error or warning.
     *
     * @generated from field: agentbase.scripts.v1.ValidationSeverity severity = 1;
     */
    severity: ValidationSeverity;
    /**
     * Stable UPPER_SNAKE code, e.g. `DUPLICATE_ID`, `MISSING_FIELD`, `YAML_SYNTAX`.
     *
     * @generated from field: string code = 2;
     */
    code: string;
    /**
     * Where in the document, e.g. `session.phases[1].topics[0].actions[2]`.
     *
     * @generated from field: string path = 3;
     */
    path: string;
    /**
     * 1-based line of the node concerned.
     *
     * @generated from field: int32 line = 4;
     */
    line: number;
    /**
     * 1-based column of the node concerned.
     *
     * @generated from field: int32 column = 5;
     */
    column: number;
    /**
     * Human-readable explanation.
     *
     * @generated from field: string message = 6;
     */
    message: string;
};
/**
 * Describes the message agentbase.scripts.v1.ValidationIssue.
 * Use `create(ValidationIssueSchema)` to create a new message.
 */
export declare const ValidationIssueSchema: GenMessage<ValidationIssue>;
/**
 * Request for CreateScript.
 *
 * @generated from message agentbase.scripts.v1.CreateScriptRequest
 */
export type CreateScriptRequest = Message<"agentbase.scripts.v1.CreateScriptRequest"> & {
    /**
     * Unique name, 1–255 characters.
     *
     * @generated from field: string name = 1;
     */
    name: string;
    /**
     * The script's type; when unspecified it is inferred from the content
     * (a top-level `session` key means SESSION, otherwise TECHNIQUE).
     *
     * @generated from field: agentbase.scripts.v1.ScriptType script_type = 2;
     */
    scriptType: ScriptType;
    /**
     * The YAML document, at most 1 MiB.
     *
     * @generated from field: string content = 3;
     */
    content: string;
    /**
     * The revision's version string; defaults to `metadata.version`, else `1.0.0`.
     *
     * @generated from field: string version = 4;
     */
    version: string;
    /**
     * Who owns the script; at most 255 characters.
     *
     * @generated from field: string author = 5;
     */
    author: string;
    /**
     * Free-form description; at most 4096 characters.
     *
     * @generated from field: string description = 6;
     */
    description: string;
    /**
     * Labels: at most 32, each 1–64 characters; duplicates are dropped.
     *
     * @generated from field: repeated string tags = 7;
     */
    tags: string[];
    /**
     * Optional UUID making the call idempotent: a retry with the same id
     * returns the first result and creates nothing new.
     *
     * @generated from field: string request_id = 8;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.scripts.v1.CreateScriptRequest.
 * Use `create(CreateScriptRequestSchema)` to create a new message.
 */
export declare const CreateScriptRequestSchema: GenMessage<CreateScriptRequest>;
/**
 * Request for GetScript.
 *
 * @generated from message agentbase.scripts.v1.GetScriptRequest
 */
export type GetScriptRequest = Message<"agentbase.scripts.v1.GetScriptRequest"> & {
    /**
     * Which script to read.
     *
     * @generated from oneof agentbase.scripts.v1.GetScriptRequest.selector
     */
    selector: {
        /**
         * The script's id.
         *
         * @generated from field: string id = 1;
         */
        value: string;
        case: "id";
    } | {
        /**
         * The script's unique name.
         *
         * @generated from field: string name = 2;
         */
        value: string;
        case: "name";
    } | {
        case: undefined;
        value?: undefined;
    };
    /**
     * The revision to return; 0 means the current revision.
     *
     * @generated from field: int32 revision = 3;
     */
    revision: number;
    /**
     * How much to return; defaults to FULL.
     *
     * @generated from field: agentbase.scripts.v1.ScriptView view = 4;
     */
    view: ScriptView;
    /**
     * A release label of the script (LabelService): the revision it points at.
     * Set either this or `revision`.
     *
     * @generated from field: string label = 5;
     */
    label: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetScriptRequest.
 * Use `create(GetScriptRequestSchema)` to create a new message.
 */
export declare const GetScriptRequestSchema: GenMessage<GetScriptRequest>;
/**
 * Request for ListScripts. Filters combine with AND.
 *
 * @generated from message agentbase.scripts.v1.ListScriptsRequest
 */
export type ListScriptsRequest = Message<"agentbase.scripts.v1.ListScriptsRequest"> & {
    /**
     * At most this many scripts: 0 means 50, above 500 means 500 (50 in the
     * FULL view, whose revisions carry up to 1 MiB of content each).
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
     * Only scripts of this type.
     *
     * @generated from field: agentbase.scripts.v1.ScriptType script_type = 3;
     */
    scriptType: ScriptType;
    /**
     * Only scripts with this status.
     *
     * @generated from field: agentbase.scripts.v1.ScriptStatus status = 4;
     */
    status: ScriptStatus;
    /**
     * Only scripts carrying this tag.
     *
     * @generated from field: string tag = 5;
     */
    tag: string;
    /**
     * Only scripts by this author (exact match).
     *
     * @generated from field: string author = 6;
     */
    author: string;
    /**
     * Only scripts whose name or description contains this text, ignoring case.
     *
     * @generated from field: string query = 7;
     */
    query: string;
    /**
     * How much to return; defaults to BASIC.
     *
     * @generated from field: agentbase.scripts.v1.ScriptView view = 8;
     */
    view: ScriptView;
};
/**
 * Describes the message agentbase.scripts.v1.ListScriptsRequest.
 * Use `create(ListScriptsRequestSchema)` to create a new message.
 */
export declare const ListScriptsRequestSchema: GenMessage<ListScriptsRequest>;
/**
 * Response of ListScripts.
 *
 * @generated from message agentbase.scripts.v1.ListScriptsResponse
 */
export type ListScriptsResponse = Message<"agentbase.scripts.v1.ListScriptsResponse"> & {
    /**
     * The page of scripts, oldest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.Script scripts = 1;
     */
    scripts: Script[];
    /**
     * Token for the next page; empty when this is the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListScriptsResponse.
 * Use `create(ListScriptsResponseSchema)` to create a new message.
 */
export declare const ListScriptsResponseSchema: GenMessage<ListScriptsResponse>;
/**
 * Request for UpdateScript.
 *
 * @generated from message agentbase.scripts.v1.UpdateScriptRequest
 */
export type UpdateScriptRequest = Message<"agentbase.scripts.v1.UpdateScriptRequest"> & {
    /**
     * The script to update.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * New name (mask path `name`).
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * New description (mask path `description`).
     *
     * @generated from field: string description = 3;
     */
    description: string;
    /**
     * New tags (mask path `tags`).
     *
     * @generated from field: repeated string tags = 4;
     */
    tags: string[];
    /**
     * New author (mask path `author`).
     *
     * @generated from field: string author = 5;
     */
    author: string;
    /**
     * New content (mask path `content`); appends a revision when it differs.
     *
     * @generated from field: string content = 6;
     */
    content: string;
    /**
     * Version string of the appended revision (mask path `version`).
     *
     * @generated from field: string version = 7;
     */
    version: string;
    /**
     * Which of the fields above to change.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 8;
     */
    updateMask?: FieldMask | undefined;
    /**
     * If set, the update applies only while the script still has this etag.
     *
     * @generated from field: string etag = 9;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.UpdateScriptRequest.
 * Use `create(UpdateScriptRequestSchema)` to create a new message.
 */
export declare const UpdateScriptRequestSchema: GenMessage<UpdateScriptRequest>;
/**
 * Request for PublishScript.
 *
 * @generated from message agentbase.scripts.v1.PublishScriptRequest
 */
export type PublishScriptRequest = Message<"agentbase.scripts.v1.PublishScriptRequest"> & {
    /**
     * The script to publish.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, publish only while the script still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.PublishScriptRequest.
 * Use `create(PublishScriptRequestSchema)` to create a new message.
 */
export declare const PublishScriptRequestSchema: GenMessage<PublishScriptRequest>;
/**
 * Request for ArchiveScript.
 *
 * @generated from message agentbase.scripts.v1.ArchiveScriptRequest
 */
export type ArchiveScriptRequest = Message<"agentbase.scripts.v1.ArchiveScriptRequest"> & {
    /**
     * The script to archive.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, archive only while the script still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.ArchiveScriptRequest.
 * Use `create(ArchiveScriptRequestSchema)` to create a new message.
 */
export declare const ArchiveScriptRequestSchema: GenMessage<ArchiveScriptRequest>;
/**
 * Request for DeleteScript.
 *
 * @generated from message agentbase.scripts.v1.DeleteScriptRequest
 */
export type DeleteScriptRequest = Message<"agentbase.scripts.v1.DeleteScriptRequest"> & {
    /**
     * The script to delete.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, delete only while the script still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.DeleteScriptRequest.
 * Use `create(DeleteScriptRequestSchema)` to create a new message.
 */
export declare const DeleteScriptRequestSchema: GenMessage<DeleteScriptRequest>;
/**
 * Response of DeleteScript.
 *
 * @generated from message agentbase.scripts.v1.DeleteScriptResponse
 */
export type DeleteScriptResponse = Message<"agentbase.scripts.v1.DeleteScriptResponse"> & {};
/**
 * Describes the message agentbase.scripts.v1.DeleteScriptResponse.
 * Use `create(DeleteScriptResponseSchema)` to create a new message.
 */
export declare const DeleteScriptResponseSchema: GenMessage<DeleteScriptResponse>;
/**
 * Request for ValidateScript.
 *
 * @generated from message agentbase.scripts.v1.ValidateScriptRequest
 */
export type ValidateScriptRequest = Message<"agentbase.scripts.v1.ValidateScriptRequest"> & {
    /**
     * The YAML document to check.
     *
     * @generated from field: string content = 1;
     */
    content: string;
    /**
     * The type to check against; unspecified infers it from the content.
     *
     * @generated from field: agentbase.scripts.v1.ScriptType script_type = 2;
     */
    scriptType: ScriptType;
    /**
     * Variables that exist outside the script (a project's globals);
     * `${name}` references to them are not reported.
     *
     * @generated from field: repeated string known_variables = 3;
     */
    knownVariables: string[];
};
/**
 * Describes the message agentbase.scripts.v1.ValidateScriptRequest.
 * Use `create(ValidateScriptRequestSchema)` to create a new message.
 */
export declare const ValidateScriptRequestSchema: GenMessage<ValidateScriptRequest>;
/**
 * Response of ValidateScript.
 *
 * @generated from message agentbase.scripts.v1.ValidateScriptResponse
 */
export type ValidateScriptResponse = Message<"agentbase.scripts.v1.ValidateScriptResponse"> & {
    /**
     * True when there are no errors (warnings allowed).
     *
     * @generated from field: bool valid = 1;
     */
    valid: boolean;
    /**
     * The type the content was checked as.
     *
     * @generated from field: agentbase.scripts.v1.ScriptType script_type = 2;
     */
    scriptType: ScriptType;
    /**
     * Problems that prevent storing or publishing the content.
     *
     * @generated from field: repeated agentbase.scripts.v1.ValidationIssue errors = 3;
     */
    errors: ValidationIssue[];
    /**
     * Findings that are allowed but worth a look.
     *
     * @generated from field: repeated agentbase.scripts.v1.ValidationIssue warnings = 4;
     */
    warnings: ValidationIssue[];
    /**
     * Information only: deprecated keys that still work, with what replaces them.
     *
     * @generated from field: repeated agentbase.scripts.v1.ValidationIssue notes = 5;
     */
    notes: ValidationIssue[];
};
/**
 * Describes the message agentbase.scripts.v1.ValidateScriptResponse.
 * Use `create(ValidateScriptResponseSchema)` to create a new message.
 */
export declare const ValidateScriptResponseSchema: GenMessage<ValidateScriptResponse>;
/**
 * Request for ListScriptRevisions.
 *
 * @generated from message agentbase.scripts.v1.ListScriptRevisionsRequest
 */
export type ListScriptRevisionsRequest = Message<"agentbase.scripts.v1.ListScriptRevisionsRequest"> & {
    /**
     * The script whose revisions to list.
     *
     * @generated from field: string script_id = 1;
     */
    scriptId: string;
    /**
     * At most this many revisions: 0 means 50, above 500 means 500.
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
     * How much to return; defaults to BASIC (no content).
     *
     * @generated from field: agentbase.scripts.v1.ScriptView view = 4;
     */
    view: ScriptView;
};
/**
 * Describes the message agentbase.scripts.v1.ListScriptRevisionsRequest.
 * Use `create(ListScriptRevisionsRequestSchema)` to create a new message.
 */
export declare const ListScriptRevisionsRequestSchema: GenMessage<ListScriptRevisionsRequest>;
/**
 * Response of ListScriptRevisions.
 *
 * @generated from message agentbase.scripts.v1.ListScriptRevisionsResponse
 */
export type ListScriptRevisionsResponse = Message<"agentbase.scripts.v1.ListScriptRevisionsResponse"> & {
    /**
     * The page of revisions, oldest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.ScriptRevision revisions = 1;
     */
    revisions: ScriptRevision[];
    /**
     * Token for the next page; empty when this is the last page.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListScriptRevisionsResponse.
 * Use `create(ListScriptRevisionsResponseSchema)` to create a new message.
 */
export declare const ListScriptRevisionsResponseSchema: GenMessage<ListScriptRevisionsResponse>;
/**
 * The document shapes a script can take, and what it is used for
 * (docs/SCRIPT_LANGUAGE.md).
 *
 * @generated from enum agentbase.scripts.v1.ScriptType
 */
export declare enum ScriptType {
    /**
     * Not given: on create, the type is inferred from the document's shape; a
     * root that matches none is INVALID_ARGUMENT UNKNOWN_SCRIPT_SHAPE.
     *
     * @generated from enum value: SCRIPT_TYPE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * A whole conversation: optional metadata and session with phases, topics and actions.
     *
     * @generated from enum value: SCRIPT_TYPE_SESSION = 1;
     */
    SESSION = 1,
    /**
     * A reusable technique: technique_id, parameters and one topic of actions.
     *
     * @generated from enum value: SCRIPT_TYPE_TECHNIQUE = 2;
     */
    TECHNIQUE = 2,
    /**
     * An awareness ("consciousness") script: optional metadata and a
     * `consciousness` root with its id, trigger and template (older ones in the
     * technique shape are still accepted).
     *
     * @generated from enum value: SCRIPT_TYPE_AWARENESS = 3;
     */
    AWARENESS = 3
}
/**
 * Describes the enum agentbase.scripts.v1.ScriptType.
 */
export declare const ScriptTypeSchema: GenEnum<ScriptType>;
/**
 * Where a script is in its lifecycle.
 *
 * @generated from enum agentbase.scripts.v1.ScriptStatus
 */
export declare enum ScriptStatus {
    /**
     * Not given: in a filter, any status.
     *
     * @generated from enum value: SCRIPT_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Being written; not yet published.
     *
     * @generated from enum value: SCRIPT_STATUS_DRAFT = 1;
     */
    DRAFT = 1,
    /**
     * Published: valid and usable by sessions.
     *
     * @generated from enum value: SCRIPT_STATUS_PUBLISHED = 2;
     */
    PUBLISHED = 2,
    /**
     * Archived: read-only and not usable by new sessions.
     *
     * @generated from enum value: SCRIPT_STATUS_ARCHIVED = 3;
     */
    ARCHIVED = 3
}
/**
 * Describes the enum agentbase.scripts.v1.ScriptStatus.
 */
export declare const ScriptStatusSchema: GenEnum<ScriptStatus>;
/**
 * How much of a script a read returns.
 *
 * @generated from enum agentbase.scripts.v1.ScriptView
 */
export declare enum ScriptView {
    /**
     * The default of the RPC: FULL for GetScript, BASIC for ListScripts.
     *
     * @generated from enum value: SCRIPT_VIEW_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * The script's fields and its revision's metadata, without content.
     *
     * @generated from enum value: SCRIPT_VIEW_BASIC = 1;
     */
    BASIC = 1,
    /**
     * Everything, including the revision's content and parsed content.
     *
     * @generated from enum value: SCRIPT_VIEW_FULL = 2;
     */
    FULL = 2
}
/**
 * Describes the enum agentbase.scripts.v1.ScriptView.
 */
export declare const ScriptViewSchema: GenEnum<ScriptView>;
/**
 * How serious a validation finding is.
 *
 * @generated from enum agentbase.scripts.v1.ValidationSeverity
 */
export declare enum ValidationSeverity {
    /**
     * Never used.
     *
     * @generated from enum value: VALIDATION_SEVERITY_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * The script cannot be stored or published as it is.
     *
     * @generated from enum value: VALIDATION_SEVERITY_ERROR = 1;
     */
    ERROR = 1,
    /**
     * Worth a look, but allowed (unknown action types, extra keys, unresolved variables).
     *
     * @generated from enum value: VALIDATION_SEVERITY_WARNING = 2;
     */
    WARNING = 2,
    /**
     * Information only: a deprecated key that still works (DEPRECATED_KEY).
     *
     * @generated from enum value: VALIDATION_SEVERITY_INFO = 3;
     */
    INFO = 3
}
/**
 * Describes the enum agentbase.scripts.v1.ValidationSeverity.
 */
export declare const ValidationSeveritySchema: GenEnum<ValidationSeverity>;
/**
 * ScriptService stores the YAML scripts that drive conversations. Every content
 * change appends an immutable revision, so a session pinned to a revision keeps
 * running unchanged while the script moves on.
 *
 * @generated from service agentbase.scripts.v1.ScriptService
 */
export declare const ScriptService: GenService<{
    /**
     * Creates a script and its first revision. The content is validated first;
     * errors reject the call with INVALID_ARGUMENT (one field violation per
     * problem), warnings are stored with the revision. Idempotent by request_id.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.CreateScript
     */
    createScript: {
        methodKind: "unary";
        input: typeof CreateScriptRequestSchema;
        output: typeof ScriptSchema;
    };
    /**
     * Returns a script by id or by name, with its current revision or the
     * revision asked for.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.GetScript
     */
    getScript: {
        methodKind: "unary";
        input: typeof GetScriptRequestSchema;
        output: typeof ScriptSchema;
    };
    /**
     * Lists scripts in creation order, with filters and keyset pagination.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.ListScripts
     */
    listScripts: {
        methodKind: "unary";
        input: typeof ListScriptsRequestSchema;
        output: typeof ListScriptsResponseSchema;
    };
    /**
     * Updates the fields named in update_mask. A content change appends a new
     * revision; unchanged content appends nothing. A stale etag gives ABORTED.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.UpdateScript
     */
    updateScript: {
        methodKind: "unary";
        input: typeof UpdateScriptRequestSchema;
        output: typeof ScriptSchema;
    };
    /**
     * Marks a valid script as published. An invalid or archived script gives
     * FAILED_PRECONDITION.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.PublishScript
     */
    publishScript: {
        methodKind: "unary";
        input: typeof PublishScriptRequestSchema;
        output: typeof ScriptSchema;
    };
    /**
     * Archives a script: it can no longer be edited or published, and new
     * sessions cannot start from it.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.ArchiveScript
     */
    archiveScript: {
        methodKind: "unary";
        input: typeof ArchiveScriptRequestSchema;
        output: typeof ScriptSchema;
    };
    /**
     * Deletes a script and all its revisions.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.DeleteScript
     */
    deleteScript: {
        methodKind: "unary";
        input: typeof DeleteScriptRequestSchema;
        output: typeof DeleteScriptResponseSchema;
    };
    /**
     * Validates content without storing anything.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.ValidateScript
     */
    validateScript: {
        methodKind: "unary";
        input: typeof ValidateScriptRequestSchema;
        output: typeof ValidateScriptResponseSchema;
    };
    /**
     * Lists the revisions of a script, oldest first, with keyset pagination.
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.ListScriptRevisions
     */
    listScriptRevisions: {
        methodKind: "unary";
        input: typeof ListScriptRevisionsRequestSchema;
        output: typeof ListScriptRevisionsResponseSchema;
    };
    /**
     * Lists the audit trail of the scripts & projects context, newest first: every write
     * and every refused write (needs the `scripts.admin` scope).
     *
     * @generated from rpc agentbase.scripts.v1.ScriptService.ListAuditEvents
     */
    listAuditEvents: {
        methodKind: "unary";
        input: typeof ListAuditEventsRequestSchema;
        output: typeof ListAuditEventsResponseSchema;
    };
}>;
