import type { GenEnum, GenFile, GenMessage, GenService } from "@bufbuild/protobuf/codegenv2";
import type { ValidationIssue } from "./scripts_pb.js";
import type { FieldMask, Timestamp } from "@bufbuild/protobuf/wkt";
import type { JsonObject, Message } from "@bufbuild/protobuf";
/**
 * Describes the file agentbase/scripts/v1/projects.proto.
 */
export declare const file_agentbase_scripts_v1_projects: GenFile;
/**
 * A project.
 *
 * @generated from message agentbase.scripts.v1.Project
 */
export type Project = Message<"agentbase.scripts.v1.Project"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Name, 1–255 characters.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Description.
     *
     * @generated from field: string description = 3;
     */
    description: string;
    /**
     * Engine version the project is written for.
     *
     * @generated from field: string engine_version = 4;
     */
    engineVersion: string;
    /**
     * Oldest engine version that can run it.
     *
     * @generated from field: string engine_version_min = 5;
     */
    engineVersionMin: string;
    /**
     * Lifecycle status.
     *
     * @generated from field: agentbase.scripts.v1.ProjectStatus status = 6;
     */
    status: ProjectStatus;
    /**
     * Owner.
     *
     * @generated from field: string author = 7;
     */
    author: string;
    /**
     * Labels.
     *
     * @generated from field: repeated string tags = 8;
     */
    tags: string[];
    /**
     * Free-form metadata.
     *
     * @generated from field: google.protobuf.Struct metadata = 9;
     */
    metadata?: JsonObject | undefined;
    /**
     * The current published version's id; empty before the first publish.
     *
     * @generated from field: string current_version_id = 10;
     */
    currentVersionId: string;
    /**
     * The current published version's number.
     *
     * @generated from field: string current_version_number = 11;
     */
    currentVersionNumber: string;
    /**
     * Files in the working copy.
     *
     * @generated from field: int32 file_count = 12;
     */
    fileCount: number;
    /**
     * Validation state of the working copy.
     *
     * @generated from field: agentbase.scripts.v1.DraftValidationStatus draft_status = 13;
     */
    draftStatus: DraftValidationStatus;
    /**
     * Changes whenever the project's fields change.
     *
     * @generated from field: string etag = 14;
     */
    etag: string;
    /**
     * When the project was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 15;
     */
    createTime?: Timestamp | undefined;
    /**
     * When the project last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 16;
     */
    updateTime?: Timestamp | undefined;
    /**
     * Every deprecation, oldest first (GetProject only).
     *
     * @generated from field: repeated agentbase.scripts.v1.Deprecation deprecations = 17;
     */
    deprecations: Deprecation[];
};
/**
 * Describes the message agentbase.scripts.v1.Project.
 * Use `create(ProjectSchema)` to create a new message.
 */
export declare const ProjectSchema: GenMessage<Project>;
/**
 * One deprecation of a project.
 *
 * @generated from message agentbase.scripts.v1.Deprecation
 */
export type Deprecation = Message<"agentbase.scripts.v1.Deprecation"> & {
    /**
     * Why it was deprecated.
     *
     * @generated from field: string reason = 1;
     */
    reason: string;
    /**
     * Who deprecated it.
     *
     * @generated from field: string deprecated_by = 2;
     */
    deprecatedBy: string;
    /**
     * When.
     *
     * @generated from field: google.protobuf.Timestamp deprecate_time = 3;
     */
    deprecateTime?: Timestamp | undefined;
    /**
     * When it was restored, if it was.
     *
     * @generated from field: google.protobuf.Timestamp restore_time = 4;
     */
    restoreTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.Deprecation.
 * Use `create(DeprecationSchema)` to create a new message.
 */
export declare const DeprecationSchema: GenMessage<Deprecation>;
/**
 * A file of the working copy.
 *
 * @generated from message agentbase.scripts.v1.ProjectFile
 */
export type ProjectFile = Message<"agentbase.scripts.v1.ProjectFile"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The project.
     *
     * @generated from field: string project_id = 2;
     */
    projectId: string;
    /**
     * The file's role.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 3;
     */
    fileType: ProjectFileType;
    /**
     * Name, unique per type within the project.
     *
     * @generated from field: string file_name = 4;
     */
    fileName: string;
    /**
     * Optional path, unique within the project when set.
     *
     * @generated from field: string file_path = 5;
     */
    filePath: string;
    /**
     * Raw YAML or Markdown, at most 1 MiB.
     *
     * @generated from field: string text = 6;
     */
    text: string;
    /**
     * Parsed YAML (empty for templates and for text that does not parse).
     *
     * @generated from field: google.protobuf.Struct content = 7;
     */
    content?: JsonObject | undefined;
    /**
     * Changes whenever the file changes.
     *
     * @generated from field: string etag = 8;
     */
    etag: string;
    /**
     * When the file was created.
     *
     * @generated from field: google.protobuf.Timestamp create_time = 9;
     */
    createTime?: Timestamp | undefined;
    /**
     * When the file last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 10;
     */
    updateTime?: Timestamp | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.ProjectFile.
 * Use `create(ProjectFileSchema)` to create a new message.
 */
export declare const ProjectFileSchema: GenMessage<ProjectFile>;
/**
 * A validation finding in one file of a project.
 *
 * @generated from message agentbase.scripts.v1.ProjectIssue
 */
export type ProjectIssue = Message<"agentbase.scripts.v1.ProjectIssue"> & {
    /**
     * The file's type.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 1;
     */
    fileType: ProjectFileType;
    /**
     * The file's name; empty for project-level findings (a missing default file).
     *
     * @generated from field: string file_name = 2;
     */
    fileName: string;
    /**
     * The finding.
     *
     * @generated from field: agentbase.scripts.v1.ValidationIssue issue = 3;
     */
    issue?: ValidationIssue | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.ProjectIssue.
 * Use `create(ProjectIssueSchema)` to create a new message.
 */
export declare const ProjectIssueSchema: GenMessage<ProjectIssue>;
/**
 * The working copy and its validation.
 *
 * @generated from message agentbase.scripts.v1.Draft
 */
export type Draft = Message<"agentbase.scripts.v1.Draft"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * Whether the working copy validates.
     *
     * @generated from field: agentbase.scripts.v1.DraftValidationStatus validation_status = 2;
     */
    validationStatus: DraftValidationStatus;
    /**
     * Blocking findings.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectIssue errors = 3;
     */
    errors: ProjectIssue[];
    /**
     * Non-blocking findings.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectIssue warnings = 4;
     */
    warnings: ProjectIssue[];
    /**
     * Changes on every change to the working copy; guards SaveDraft.
     *
     * @generated from field: string etag = 5;
     */
    etag: string;
    /**
     * When the working copy last changed.
     *
     * @generated from field: google.protobuf.Timestamp update_time = 6;
     */
    updateTime?: Timestamp | undefined;
    /**
     * Who changed it last.
     *
     * @generated from field: string updated_by = 7;
     */
    updatedBy: string;
    /**
     * The working copy.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectFile files = 8;
     */
    files: ProjectFile[];
    /**
     * Information only: deprecated keys that still work.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectIssue notes = 9;
     */
    notes: ProjectIssue[];
};
/**
 * Describes the message agentbase.scripts.v1.Draft.
 * Use `create(DraftSchema)` to create a new message.
 */
export declare const DraftSchema: GenMessage<Draft>;
/**
 * A file as a version stores it.
 *
 * @generated from message agentbase.scripts.v1.VersionFile
 */
export type VersionFile = Message<"agentbase.scripts.v1.VersionFile"> & {
    /**
     * The file's role.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 1;
     */
    fileType: ProjectFileType;
    /**
     * Name.
     *
     * @generated from field: string file_name = 2;
     */
    fileName: string;
    /**
     * Path, if any.
     *
     * @generated from field: string file_path = 3;
     */
    filePath: string;
    /**
     * Raw text.
     *
     * @generated from field: string text = 4;
     */
    text: string;
    /**
     * Parsed YAML, if any.
     *
     * @generated from field: google.protobuf.Struct content = 5;
     */
    content?: JsonObject | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.VersionFile.
 * Use `create(VersionFileSchema)` to create a new message.
 */
export declare const VersionFileSchema: GenMessage<VersionFile>;
/**
 * An immutable published version of a project.
 *
 * @generated from message agentbase.scripts.v1.ProjectVersion
 */
export type ProjectVersion = Message<"agentbase.scripts.v1.ProjectVersion"> & {
    /**
     * Service-generated UUIDv7.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The project.
     *
     * @generated from field: string project_id = 2;
     */
    projectId: string;
    /**
     * Semantic version, e.g. `1.0.3`.
     *
     * @generated from field: string version_number = 3;
     */
    versionNumber: string;
    /**
     * Hex SHA-256 of the snapshot.
     *
     * @generated from field: string content_sha256 = 4;
     */
    contentSha256: string;
    /**
     * Release note.
     *
     * @generated from field: string release_note = 5;
     */
    releaseNote: string;
    /**
     * True when this version was made by RollbackToVersion.
     *
     * @generated from field: bool is_rollback = 6;
     */
    isRollback: boolean;
    /**
     * The version rolled back to, for rollbacks.
     *
     * @generated from field: string rollback_from_version_id = 7;
     */
    rollbackFromVersionId: string;
    /**
     * When it was published.
     *
     * @generated from field: google.protobuf.Timestamp publish_time = 8;
     */
    publishTime?: Timestamp | undefined;
    /**
     * Who published it.
     *
     * @generated from field: string published_by = 9;
     */
    publishedBy: string;
    /**
     * The snapshot (GetVersion; empty in ListVersions).
     *
     * @generated from field: repeated agentbase.scripts.v1.VersionFile files = 10;
     */
    files: VersionFile[];
    /**
     * Number of files in the snapshot.
     *
     * @generated from field: int32 file_count = 11;
     */
    fileCount: number;
};
/**
 * Describes the message agentbase.scripts.v1.ProjectVersion.
 * Use `create(ProjectVersionSchema)` to create a new message.
 */
export declare const ProjectVersionSchema: GenMessage<ProjectVersion>;
/**
 * Request for CreateProject.
 *
 * @generated from message agentbase.scripts.v1.CreateProjectRequest
 */
export type CreateProjectRequest = Message<"agentbase.scripts.v1.CreateProjectRequest"> & {
    /**
     * Name, 1–255 characters.
     *
     * @generated from field: string name = 1;
     */
    name: string;
    /**
     * Description.
     *
     * @generated from field: string description = 2;
     */
    description: string;
    /**
     * Engine version.
     *
     * @generated from field: string engine_version = 3;
     */
    engineVersion: string;
    /**
     * Oldest engine version.
     *
     * @generated from field: string engine_version_min = 4;
     */
    engineVersionMin: string;
    /**
     * Owner.
     *
     * @generated from field: string author = 5;
     */
    author: string;
    /**
     * Labels.
     *
     * @generated from field: repeated string tags = 6;
     */
    tags: string[];
    /**
     * Free-form metadata, at most 256 KiB as JSON.
     *
     * @generated from field: google.protobuf.Struct metadata = 7;
     */
    metadata?: JsonObject | undefined;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 8;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.scripts.v1.CreateProjectRequest.
 * Use `create(CreateProjectRequestSchema)` to create a new message.
 */
export declare const CreateProjectRequestSchema: GenMessage<CreateProjectRequest>;
/**
 * Request for GetProject.
 *
 * @generated from message agentbase.scripts.v1.GetProjectRequest
 */
export type GetProjectRequest = Message<"agentbase.scripts.v1.GetProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetProjectRequest.
 * Use `create(GetProjectRequestSchema)` to create a new message.
 */
export declare const GetProjectRequestSchema: GenMessage<GetProjectRequest>;
/**
 * Request for ListProjects. Filters combine with AND.
 *
 * @generated from message agentbase.scripts.v1.ListProjectsRequest
 */
export type ListProjectsRequest = Message<"agentbase.scripts.v1.ListProjectsRequest"> & {
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
     * Only this status (DEPRECATED lists deprecated projects).
     *
     * @generated from field: agentbase.scripts.v1.ProjectStatus status = 3;
     */
    status: ProjectStatus;
    /**
     * Only by this author.
     *
     * @generated from field: string author = 4;
     */
    author: string;
    /**
     * Only with this tag.
     *
     * @generated from field: string tag = 5;
     */
    tag: string;
    /**
     * Only projects whose name or description contains this text, ignoring case.
     *
     * @generated from field: string query = 6;
     */
    query: string;
    /**
     * Include deprecated projects when no status is given.
     *
     * @generated from field: bool include_deprecated = 7;
     */
    includeDeprecated: boolean;
};
/**
 * Describes the message agentbase.scripts.v1.ListProjectsRequest.
 * Use `create(ListProjectsRequestSchema)` to create a new message.
 */
export declare const ListProjectsRequestSchema: GenMessage<ListProjectsRequest>;
/**
 * Response of ListProjects.
 *
 * @generated from message agentbase.scripts.v1.ListProjectsResponse
 */
export type ListProjectsResponse = Message<"agentbase.scripts.v1.ListProjectsResponse"> & {
    /**
     * The page, oldest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.Project projects = 1;
     */
    projects: Project[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListProjectsResponse.
 * Use `create(ListProjectsResponseSchema)` to create a new message.
 */
export declare const ListProjectsResponseSchema: GenMessage<ListProjectsResponse>;
/**
 * Request for UpdateProject.
 *
 * @generated from message agentbase.scripts.v1.UpdateProjectRequest
 */
export type UpdateProjectRequest = Message<"agentbase.scripts.v1.UpdateProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Mask path `name`.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * Mask path `description`.
     *
     * @generated from field: string description = 3;
     */
    description: string;
    /**
     * Mask path `engine_version`.
     *
     * @generated from field: string engine_version = 4;
     */
    engineVersion: string;
    /**
     * Mask path `engine_version_min`.
     *
     * @generated from field: string engine_version_min = 5;
     */
    engineVersionMin: string;
    /**
     * Mask path `author`.
     *
     * @generated from field: string author = 6;
     */
    author: string;
    /**
     * Mask path `tags`.
     *
     * @generated from field: repeated string tags = 7;
     */
    tags: string[];
    /**
     * Mask path `metadata`.
     *
     * @generated from field: google.protobuf.Struct metadata = 8;
     */
    metadata?: JsonObject | undefined;
    /**
     * Which fields to change; empty means every non-empty field.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 9;
     */
    updateMask?: FieldMask | undefined;
    /**
     * If set, applies only while the project still has this etag.
     *
     * @generated from field: string etag = 10;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.UpdateProjectRequest.
 * Use `create(UpdateProjectRequestSchema)` to create a new message.
 */
export declare const UpdateProjectRequestSchema: GenMessage<UpdateProjectRequest>;
/**
 * Request for CopyProject.
 *
 * @generated from message agentbase.scripts.v1.CopyProjectRequest
 */
export type CopyProjectRequest = Message<"agentbase.scripts.v1.CopyProjectRequest"> & {
    /**
     * The project to copy.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * The copy's name.
     *
     * @generated from field: string name = 2;
     */
    name: string;
    /**
     * The copy's author; defaults to the source's.
     *
     * @generated from field: string author = 3;
     */
    author: string;
};
/**
 * Describes the message agentbase.scripts.v1.CopyProjectRequest.
 * Use `create(CopyProjectRequestSchema)` to create a new message.
 */
export declare const CopyProjectRequestSchema: GenMessage<CopyProjectRequest>;
/**
 * Request for ArchiveProject.
 *
 * @generated from message agentbase.scripts.v1.ArchiveProjectRequest
 */
export type ArchiveProjectRequest = Message<"agentbase.scripts.v1.ArchiveProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, applies only while the project still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.ArchiveProjectRequest.
 * Use `create(ArchiveProjectRequestSchema)` to create a new message.
 */
export declare const ArchiveProjectRequestSchema: GenMessage<ArchiveProjectRequest>;
/**
 * Request for DeprecateProject.
 *
 * @generated from message agentbase.scripts.v1.DeprecateProjectRequest
 */
export type DeprecateProjectRequest = Message<"agentbase.scripts.v1.DeprecateProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * Why, 1–4096 characters.
     *
     * @generated from field: string reason = 2;
     */
    reason: string;
    /**
     * Who.
     *
     * @generated from field: string deprecated_by = 3;
     */
    deprecatedBy: string;
    /**
     * If set, applies only while the project still has this etag.
     *
     * @generated from field: string etag = 4;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.DeprecateProjectRequest.
 * Use `create(DeprecateProjectRequestSchema)` to create a new message.
 */
export declare const DeprecateProjectRequestSchema: GenMessage<DeprecateProjectRequest>;
/**
 * Request for RestoreProject.
 *
 * @generated from message agentbase.scripts.v1.RestoreProjectRequest
 */
export type RestoreProjectRequest = Message<"agentbase.scripts.v1.RestoreProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, applies only while the project still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.RestoreProjectRequest.
 * Use `create(RestoreProjectRequestSchema)` to create a new message.
 */
export declare const RestoreProjectRequestSchema: GenMessage<RestoreProjectRequest>;
/**
 * Request for DeleteProject.
 *
 * @generated from message agentbase.scripts.v1.DeleteProjectRequest
 */
export type DeleteProjectRequest = Message<"agentbase.scripts.v1.DeleteProjectRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string id = 1;
     */
    id: string;
    /**
     * If set, applies only while the project still has this etag.
     *
     * @generated from field: string etag = 2;
     */
    etag: string;
};
/**
 * Describes the message agentbase.scripts.v1.DeleteProjectRequest.
 * Use `create(DeleteProjectRequestSchema)` to create a new message.
 */
export declare const DeleteProjectRequestSchema: GenMessage<DeleteProjectRequest>;
/**
 * Response of DeleteProject.
 *
 * @generated from message agentbase.scripts.v1.DeleteProjectResponse
 */
export type DeleteProjectResponse = Message<"agentbase.scripts.v1.DeleteProjectResponse"> & {};
/**
 * Describes the message agentbase.scripts.v1.DeleteProjectResponse.
 * Use `create(DeleteProjectResponseSchema)` to create a new message.
 */
export declare const DeleteProjectResponseSchema: GenMessage<DeleteProjectResponse>;
/**
 * Request for CreateProjectFile.
 *
 * @generated from message agentbase.scripts.v1.CreateProjectFileRequest
 */
export type CreateProjectFileRequest = Message<"agentbase.scripts.v1.CreateProjectFileRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The file's role.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 2;
     */
    fileType: ProjectFileType;
    /**
     * Name, 1–255 characters, unique per type.
     *
     * @generated from field: string file_name = 3;
     */
    fileName: string;
    /**
     * Optional path, unique within the project.
     *
     * @generated from field: string file_path = 4;
     */
    filePath: string;
    /**
     * Raw text, at most 1 MiB.
     *
     * @generated from field: string text = 5;
     */
    text: string;
    /**
     * Who made the change (recorded on the draft).
     *
     * @generated from field: string updated_by = 6;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.CreateProjectFileRequest.
 * Use `create(CreateProjectFileRequestSchema)` to create a new message.
 */
export declare const CreateProjectFileRequestSchema: GenMessage<CreateProjectFileRequest>;
/**
 * Request for GetProjectFile.
 *
 * @generated from message agentbase.scripts.v1.GetProjectFileRequest
 */
export type GetProjectFileRequest = Message<"agentbase.scripts.v1.GetProjectFileRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The file.
     *
     * @generated from field: string file_id = 2;
     */
    fileId: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetProjectFileRequest.
 * Use `create(GetProjectFileRequestSchema)` to create a new message.
 */
export declare const GetProjectFileRequestSchema: GenMessage<GetProjectFileRequest>;
/**
 * Request for ListProjectFiles.
 *
 * @generated from message agentbase.scripts.v1.ListProjectFilesRequest
 */
export type ListProjectFilesRequest = Message<"agentbase.scripts.v1.ListProjectFilesRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * Only this type.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 2;
     */
    fileType: ProjectFileType;
    /**
     * Leave out text and content.
     *
     * @generated from field: bool names_only = 3;
     */
    namesOnly: boolean;
};
/**
 * Describes the message agentbase.scripts.v1.ListProjectFilesRequest.
 * Use `create(ListProjectFilesRequestSchema)` to create a new message.
 */
export declare const ListProjectFilesRequestSchema: GenMessage<ListProjectFilesRequest>;
/**
 * Response of ListProjectFiles.
 *
 * @generated from message agentbase.scripts.v1.ListProjectFilesResponse
 */
export type ListProjectFilesResponse = Message<"agentbase.scripts.v1.ListProjectFilesResponse"> & {
    /**
     * The files, by type then name. A project holds at most 200 files, so
     * they come in one response.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectFile files = 1;
     */
    files: ProjectFile[];
};
/**
 * Describes the message agentbase.scripts.v1.ListProjectFilesResponse.
 * Use `create(ListProjectFilesResponseSchema)` to create a new message.
 */
export declare const ListProjectFilesResponseSchema: GenMessage<ListProjectFilesResponse>;
/**
 * Request for UpdateProjectFile.
 *
 * @generated from message agentbase.scripts.v1.UpdateProjectFileRequest
 */
export type UpdateProjectFileRequest = Message<"agentbase.scripts.v1.UpdateProjectFileRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The file.
     *
     * @generated from field: string file_id = 2;
     */
    fileId: string;
    /**
     * Mask path `file_name`.
     *
     * @generated from field: string file_name = 3;
     */
    fileName: string;
    /**
     * Mask path `file_path`.
     *
     * @generated from field: string file_path = 4;
     */
    filePath: string;
    /**
     * Mask path `text`.
     *
     * @generated from field: string text = 5;
     */
    text: string;
    /**
     * Which fields to change; empty means every non-empty field.
     *
     * @generated from field: google.protobuf.FieldMask update_mask = 6;
     */
    updateMask?: FieldMask | undefined;
    /**
     * If set, applies only while the file still has this etag.
     *
     * @generated from field: string etag = 7;
     */
    etag: string;
    /**
     * Who made the change.
     *
     * @generated from field: string updated_by = 8;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.UpdateProjectFileRequest.
 * Use `create(UpdateProjectFileRequestSchema)` to create a new message.
 */
export declare const UpdateProjectFileRequestSchema: GenMessage<UpdateProjectFileRequest>;
/**
 * Request for DeleteProjectFile.
 *
 * @generated from message agentbase.scripts.v1.DeleteProjectFileRequest
 */
export type DeleteProjectFileRequest = Message<"agentbase.scripts.v1.DeleteProjectFileRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The file.
     *
     * @generated from field: string file_id = 2;
     */
    fileId: string;
    /**
     * If set, applies only while the file still has this etag.
     *
     * @generated from field: string etag = 3;
     */
    etag: string;
    /**
     * Who made the change.
     *
     * @generated from field: string updated_by = 4;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.DeleteProjectFileRequest.
 * Use `create(DeleteProjectFileRequestSchema)` to create a new message.
 */
export declare const DeleteProjectFileRequestSchema: GenMessage<DeleteProjectFileRequest>;
/**
 * Response of DeleteProjectFile.
 *
 * @generated from message agentbase.scripts.v1.DeleteProjectFileResponse
 */
export type DeleteProjectFileResponse = Message<"agentbase.scripts.v1.DeleteProjectFileResponse"> & {};
/**
 * Describes the message agentbase.scripts.v1.DeleteProjectFileResponse.
 * Use `create(DeleteProjectFileResponseSchema)` to create a new message.
 */
export declare const DeleteProjectFileResponseSchema: GenMessage<DeleteProjectFileResponse>;
/**
 * Request for GetDraft.
 *
 * @generated from message agentbase.scripts.v1.GetDraftRequest
 */
export type GetDraftRequest = Message<"agentbase.scripts.v1.GetDraftRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetDraftRequest.
 * Use `create(GetDraftRequestSchema)` to create a new message.
 */
export declare const GetDraftRequestSchema: GenMessage<GetDraftRequest>;
/**
 * A file as SaveDraft takes it.
 *
 * @generated from message agentbase.scripts.v1.DraftFile
 */
export type DraftFile = Message<"agentbase.scripts.v1.DraftFile"> & {
    /**
     * The file's role.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 1;
     */
    fileType: ProjectFileType;
    /**
     * Name.
     *
     * @generated from field: string file_name = 2;
     */
    fileName: string;
    /**
     * Optional path.
     *
     * @generated from field: string file_path = 3;
     */
    filePath: string;
    /**
     * Raw text.
     *
     * @generated from field: string text = 4;
     */
    text: string;
};
/**
 * Describes the message agentbase.scripts.v1.DraftFile.
 * Use `create(DraftFileSchema)` to create a new message.
 */
export declare const DraftFileSchema: GenMessage<DraftFile>;
/**
 * Request for SaveDraft.
 *
 * @generated from message agentbase.scripts.v1.SaveDraftRequest
 */
export type SaveDraftRequest = Message<"agentbase.scripts.v1.SaveDraftRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The complete new working copy (at most 200 files).
     *
     * @generated from field: repeated agentbase.scripts.v1.DraftFile files = 2;
     */
    files: DraftFile[];
    /**
     * If set, saves only while the draft still has this etag (If-Match).
     *
     * @generated from field: string etag = 3;
     */
    etag: string;
    /**
     * Who saved.
     *
     * @generated from field: string updated_by = 4;
     */
    updatedBy: string;
};
/**
 * Describes the message agentbase.scripts.v1.SaveDraftRequest.
 * Use `create(SaveDraftRequestSchema)` to create a new message.
 */
export declare const SaveDraftRequestSchema: GenMessage<SaveDraftRequest>;
/**
 * Request for PublishVersion.
 *
 * @generated from message agentbase.scripts.v1.PublishVersionRequest
 */
export type PublishVersionRequest = Message<"agentbase.scripts.v1.PublishVersionRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * Semantic version; defaults to the latest version's patch + 1 (or 1.0.0).
     *
     * @generated from field: string version_number = 2;
     */
    versionNumber: string;
    /**
     * Release note.
     *
     * @generated from field: string release_note = 3;
     */
    releaseNote: string;
    /**
     * Who publishes, 1–255 characters.
     *
     * @generated from field: string published_by = 4;
     */
    publishedBy: string;
    /**
     * Optional UUID making the call idempotent.
     *
     * @generated from field: string request_id = 5;
     */
    requestId: string;
};
/**
 * Describes the message agentbase.scripts.v1.PublishVersionRequest.
 * Use `create(PublishVersionRequestSchema)` to create a new message.
 */
export declare const PublishVersionRequestSchema: GenMessage<PublishVersionRequest>;
/**
 * Request for ListVersions.
 *
 * @generated from message agentbase.scripts.v1.ListVersionsRequest
 */
export type ListVersionsRequest = Message<"agentbase.scripts.v1.ListVersionsRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
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
};
/**
 * Describes the message agentbase.scripts.v1.ListVersionsRequest.
 * Use `create(ListVersionsRequestSchema)` to create a new message.
 */
export declare const ListVersionsRequestSchema: GenMessage<ListVersionsRequest>;
/**
 * Response of ListVersions.
 *
 * @generated from message agentbase.scripts.v1.ListVersionsResponse
 */
export type ListVersionsResponse = Message<"agentbase.scripts.v1.ListVersionsResponse"> & {
    /**
     * The page, newest first.
     *
     * @generated from field: repeated agentbase.scripts.v1.ProjectVersion versions = 1;
     */
    versions: ProjectVersion[];
    /**
     * Token for the next page; empty at the end.
     *
     * @generated from field: string next_page_token = 2;
     */
    nextPageToken: string;
};
/**
 * Describes the message agentbase.scripts.v1.ListVersionsResponse.
 * Use `create(ListVersionsResponseSchema)` to create a new message.
 */
export declare const ListVersionsResponseSchema: GenMessage<ListVersionsResponse>;
/**
 * Request for GetVersion.
 *
 * @generated from message agentbase.scripts.v1.GetVersionRequest
 */
export type GetVersionRequest = Message<"agentbase.scripts.v1.GetVersionRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The version; leave empty when `label` names it.
     *
     * @generated from field: string version_id = 2;
     */
    versionId: string;
    /**
     * A release label of the project (LabelService): the version it points at.
     * Set either this or `version_id`.
     *
     * @generated from field: string label = 3;
     */
    label: string;
};
/**
 * Describes the message agentbase.scripts.v1.GetVersionRequest.
 * Use `create(GetVersionRequestSchema)` to create a new message.
 */
export declare const GetVersionRequestSchema: GenMessage<GetVersionRequest>;
/**
 * Request for RollbackToVersion.
 *
 * @generated from message agentbase.scripts.v1.RollbackToVersionRequest
 */
export type RollbackToVersionRequest = Message<"agentbase.scripts.v1.RollbackToVersionRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The version to restore.
     *
     * @generated from field: string version_id = 2;
     */
    versionId: string;
    /**
     * Who rolls back, 1–255 characters.
     *
     * @generated from field: string published_by = 3;
     */
    publishedBy: string;
    /**
     * Release note of the new version; defaults to "Rollback to <number>".
     *
     * @generated from field: string release_note = 4;
     */
    releaseNote: string;
};
/**
 * Describes the message agentbase.scripts.v1.RollbackToVersionRequest.
 * Use `create(RollbackToVersionRequestSchema)` to create a new message.
 */
export declare const RollbackToVersionRequestSchema: GenMessage<RollbackToVersionRequest>;
/**
 * One side of a comparison.
 *
 * @generated from message agentbase.scripts.v1.DiffSide
 */
export type DiffSide = Message<"agentbase.scripts.v1.DiffSide"> & {
    /**
     * A version or the working copy.
     *
     * @generated from oneof agentbase.scripts.v1.DiffSide.side
     */
    side: {
        /**
         * A version of the project.
         *
         * @generated from field: string version_id = 1;
         */
        value: string;
        case: "versionId";
    } | {
        /**
         * The working copy (set to true).
         *
         * @generated from field: bool working_copy = 2;
         */
        value: boolean;
        case: "workingCopy";
    } | {
        case: undefined;
        value?: undefined;
    };
};
/**
 * Describes the message agentbase.scripts.v1.DiffSide.
 * Use `create(DiffSideSchema)` to create a new message.
 */
export declare const DiffSideSchema: GenMessage<DiffSide>;
/**
 * Request for DiffVersions.
 *
 * @generated from message agentbase.scripts.v1.DiffVersionsRequest
 */
export type DiffVersionsRequest = Message<"agentbase.scripts.v1.DiffVersionsRequest"> & {
    /**
     * The project.
     *
     * @generated from field: string project_id = 1;
     */
    projectId: string;
    /**
     * The older side.
     *
     * @generated from field: agentbase.scripts.v1.DiffSide from = 2;
     */
    from?: DiffSide | undefined;
    /**
     * The newer side.
     *
     * @generated from field: agentbase.scripts.v1.DiffSide to = 3;
     */
    to?: DiffSide | undefined;
};
/**
 * Describes the message agentbase.scripts.v1.DiffVersionsRequest.
 * Use `create(DiffVersionsRequestSchema)` to create a new message.
 */
export declare const DiffVersionsRequestSchema: GenMessage<DiffVersionsRequest>;
/**
 * One file's difference.
 *
 * @generated from message agentbase.scripts.v1.FileDiff
 */
export type FileDiff = Message<"agentbase.scripts.v1.FileDiff"> & {
    /**
     * The file's role.
     *
     * @generated from field: agentbase.scripts.v1.ProjectFileType file_type = 1;
     */
    fileType: ProjectFileType;
    /**
     * The file's name.
     *
     * @generated from field: string file_name = 2;
     */
    fileName: string;
    /**
     * What changed.
     *
     * @generated from field: agentbase.scripts.v1.FileChange change = 3;
     */
    change: FileChange;
    /**
     * For modified YAML files: the JSON paths that differ, e.g. `session.phases[0].phase_name`.
     *
     * @generated from field: repeated string changed_paths = 4;
     */
    changedPaths: string[];
    /**
     * The path on the `from` side.
     *
     * @generated from field: string from_path = 5;
     */
    fromPath: string;
    /**
     * The path on the `to` side.
     *
     * @generated from field: string to_path = 6;
     */
    toPath: string;
};
/**
 * Describes the message agentbase.scripts.v1.FileDiff.
 * Use `create(FileDiffSchema)` to create a new message.
 */
export declare const FileDiffSchema: GenMessage<FileDiff>;
/**
 * Response of DiffVersions.
 *
 * @generated from message agentbase.scripts.v1.DiffVersionsResponse
 */
export type DiffVersionsResponse = Message<"agentbase.scripts.v1.DiffVersionsResponse"> & {
    /**
     * Every file of either side, by type then name.
     *
     * @generated from field: repeated agentbase.scripts.v1.FileDiff files = 1;
     */
    files: FileDiff[];
};
/**
 * Describes the message agentbase.scripts.v1.DiffVersionsResponse.
 * Use `create(DiffVersionsResponseSchema)` to create a new message.
 */
export declare const DiffVersionsResponseSchema: GenMessage<DiffVersionsResponse>;
/**
 * Where a project is in its lifecycle.
 *
 * @generated from enum agentbase.scripts.v1.ProjectStatus
 */
export declare enum ProjectStatus {
    /**
     * Not given: in a filter, any status except deprecated.
     *
     * @generated from enum value: PROJECT_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Never published, or restored.
     *
     * @generated from enum value: PROJECT_STATUS_DRAFT = 1;
     */
    DRAFT = 1,
    /**
     * Has a current published version.
     *
     * @generated from enum value: PROJECT_STATUS_PUBLISHED = 2;
     */
    PUBLISHED = 2,
    /**
     * Read-only.
     *
     * @generated from enum value: PROJECT_STATUS_ARCHIVED = 3;
     */
    ARCHIVED = 3,
    /**
     * Superseded; hidden from lists unless asked for.
     *
     * @generated from enum value: PROJECT_STATUS_DEPRECATED = 4;
     */
    DEPRECATED = 4
}
/**
 * Describes the enum agentbase.scripts.v1.ProjectStatus.
 */
export declare const ProjectStatusSchema: GenEnum<ProjectStatus>;
/**
 * The role of a file in a project.
 *
 * @generated from enum agentbase.scripts.v1.ProjectFileType
 */
export declare enum ProjectFileType {
    /**
     * Never valid on a file.
     *
     * @generated from enum value: PROJECT_FILE_TYPE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Project-wide variables (`variables:` mapping or list).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_GLOBAL = 1;
     */
    GLOBAL = 1,
    /**
     * Roles (YAML).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_ROLES = 2;
     */
    ROLES = 2,
    /**
     * Skills (YAML).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_SKILLS = 3;
     */
    SKILLS = 3,
    /**
     * Forms (YAML).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_FORMS = 4;
     */
    FORMS = 4,
    /**
     * Rules (YAML).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_RULES = 5;
     */
    RULES = 5,
    /**
     * A session script (YAML, validated like a session script).
     *
     * @generated from enum value: PROJECT_FILE_TYPE_SESSION = 6;
     */
    SESSION = 6,
    /**
     * A template: raw text or Markdown, not parsed.
     *
     * @generated from enum value: PROJECT_FILE_TYPE_TEMPLATE = 7;
     */
    TEMPLATE = 7
}
/**
 * Describes the enum agentbase.scripts.v1.ProjectFileType.
 */
export declare const ProjectFileTypeSchema: GenEnum<ProjectFileType>;
/**
 * Whether the working copy validates.
 *
 * @generated from enum agentbase.scripts.v1.DraftValidationStatus
 */
export declare enum DraftValidationStatus {
    /**
     * Not computed.
     *
     * @generated from enum value: DRAFT_VALIDATION_STATUS_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * No errors.
     *
     * @generated from enum value: DRAFT_VALIDATION_STATUS_VALID = 1;
     */
    VALID = 1,
    /**
     * At least one error.
     *
     * @generated from enum value: DRAFT_VALIDATION_STATUS_INVALID = 2;
     */
    INVALID = 2,
    /**
     * Validation has not run yet.
     *
     * @generated from enum value: DRAFT_VALIDATION_STATUS_UNKNOWN = 3;
     */
    UNKNOWN = 3
}
/**
 * Describes the enum agentbase.scripts.v1.DraftValidationStatus.
 */
export declare const DraftValidationStatusSchema: GenEnum<DraftValidationStatus>;
/**
 * How a file differs between two sides.
 *
 * @generated from enum agentbase.scripts.v1.FileChange
 */
export declare enum FileChange {
    /**
     * Never used.
     *
     * @generated from enum value: FILE_CHANGE_UNSPECIFIED = 0;
     */
    UNSPECIFIED = 0,
    /**
     * Only in `to`.
     *
     * @generated from enum value: FILE_CHANGE_ADDED = 1;
     */
    ADDED = 1,
    /**
     * Only in `from`.
     *
     * @generated from enum value: FILE_CHANGE_REMOVED = 2;
     */
    REMOVED = 2,
    /**
     * In both, different.
     *
     * @generated from enum value: FILE_CHANGE_MODIFIED = 3;
     */
    MODIFIED = 3,
    /**
     * In both, identical.
     *
     * @generated from enum value: FILE_CHANGE_UNCHANGED = 4;
     */
    UNCHANGED = 4
}
/**
 * Describes the enum agentbase.scripts.v1.FileChange.
 */
export declare const FileChangeSchema: GenEnum<FileChange>;
/**
 * ProjectService stores multi-file script workspaces: a working copy of files
 * whose validation state (the draft) is recomputed on every change, and
 * immutable published versions that can be listed, compared and rolled back to.
 *
 * @generated from service agentbase.scripts.v1.ProjectService
 */
export declare const ProjectService: GenService<{
    /**
     * Creates a project with empty `global`, `roles` and `skills` files and its draft.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.CreateProject
     */
    createProject: {
        methodKind: "unary";
        input: typeof CreateProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Returns a project with its file count, current version and draft status.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.GetProject
     */
    getProject: {
        methodKind: "unary";
        input: typeof GetProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Lists projects with filters and keyset pagination; deprecated projects
     * are hidden unless asked for.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.ListProjects
     */
    listProjects: {
        methodKind: "unary";
        input: typeof ListProjectsRequestSchema;
        output: typeof ListProjectsResponseSchema;
    };
    /**
     * Updates the fields named in update_mask; a stale etag gives ABORTED.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.UpdateProject
     */
    updateProject: {
        methodKind: "unary";
        input: typeof UpdateProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Copies a project's working copy (files with their paths, no versions) into a new project.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.CopyProject
     */
    copyProject: {
        methodKind: "unary";
        input: typeof CopyProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Archives a project: read-only from then on.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.ArchiveProject
     */
    archiveProject: {
        methodKind: "unary";
        input: typeof ArchiveProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Deprecates a project; the reason is kept in its deprecation history.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.DeprecateProject
     */
    deprecateProject: {
        methodKind: "unary";
        input: typeof DeprecateProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Restores a deprecated project to draft.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.RestoreProject
     */
    restoreProject: {
        methodKind: "unary";
        input: typeof RestoreProjectRequestSchema;
        output: typeof ProjectSchema;
    };
    /**
     * Deletes a project with its files, draft and versions.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.DeleteProject
     */
    deleteProject: {
        methodKind: "unary";
        input: typeof DeleteProjectRequestSchema;
        output: typeof DeleteProjectResponseSchema;
    };
    /**
     * Adds a file to the working copy and revalidates the draft.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.CreateProjectFile
     */
    createProjectFile: {
        methodKind: "unary";
        input: typeof CreateProjectFileRequestSchema;
        output: typeof ProjectFileSchema;
    };
    /**
     * Returns one file of the working copy.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.GetProjectFile
     */
    getProjectFile: {
        methodKind: "unary";
        input: typeof GetProjectFileRequestSchema;
        output: typeof ProjectFileSchema;
    };
    /**
     * Lists the working copy's files.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.ListProjectFiles
     */
    listProjectFiles: {
        methodKind: "unary";
        input: typeof ListProjectFilesRequestSchema;
        output: typeof ListProjectFilesResponseSchema;
    };
    /**
     * Updates a file of the working copy and revalidates the draft.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.UpdateProjectFile
     */
    updateProjectFile: {
        methodKind: "unary";
        input: typeof UpdateProjectFileRequestSchema;
        output: typeof ProjectFileSchema;
    };
    /**
     * Removes a file from the working copy and revalidates the draft.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.DeleteProjectFile
     */
    deleteProjectFile: {
        methodKind: "unary";
        input: typeof DeleteProjectFileRequestSchema;
        output: typeof DeleteProjectFileResponseSchema;
    };
    /**
     * Returns the draft: the working copy and its validation.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.GetDraft
     */
    getDraft: {
        methodKind: "unary";
        input: typeof GetDraftRequestSchema;
        output: typeof DraftSchema;
    };
    /**
     * Replaces the whole working copy in one transaction, guarded by the draft's etag.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.SaveDraft
     */
    saveDraft: {
        methodKind: "unary";
        input: typeof SaveDraftRequestSchema;
        output: typeof DraftSchema;
    };
    /**
     * Publishes the working copy as a new immutable version; refused unless the
     * draft is valid and differs from the current version.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.PublishVersion
     */
    publishVersion: {
        methodKind: "unary";
        input: typeof PublishVersionRequestSchema;
        output: typeof ProjectVersionSchema;
    };
    /**
     * Lists a project's versions, newest first.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.ListVersions
     */
    listVersions: {
        methodKind: "unary";
        input: typeof ListVersionsRequestSchema;
        output: typeof ListVersionsResponseSchema;
    };
    /**
     * Returns one version with its snapshot.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.GetVersion
     */
    getVersion: {
        methodKind: "unary";
        input: typeof GetVersionRequestSchema;
        output: typeof ProjectVersionSchema;
    };
    /**
     * Restores the working copy to a version and publishes that as a new version.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.RollbackToVersion
     */
    rollbackToVersion: {
        methodKind: "unary";
        input: typeof RollbackToVersionRequestSchema;
        output: typeof ProjectVersionSchema;
    };
    /**
     * Compares two versions, or a version and the working copy, file by file.
     *
     * @generated from rpc agentbase.scripts.v1.ProjectService.DiffVersions
     */
    diffVersions: {
        methodKind: "unary";
        input: typeof DiffVersionsRequestSchema;
        output: typeof DiffVersionsResponseSchema;
    };
}>;
