import datetime

from agentbase_client.agentbase.auth.v1 import access_pb2 as _access_pb2
from agentbase_client.agentbase.scripts.v1 import scripts_pb2 as _scripts_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProjectStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROJECT_STATUS_UNSPECIFIED: _ClassVar[ProjectStatus]
    PROJECT_STATUS_DRAFT: _ClassVar[ProjectStatus]
    PROJECT_STATUS_PUBLISHED: _ClassVar[ProjectStatus]
    PROJECT_STATUS_ARCHIVED: _ClassVar[ProjectStatus]
    PROJECT_STATUS_DEPRECATED: _ClassVar[ProjectStatus]

class ProjectFileType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROJECT_FILE_TYPE_UNSPECIFIED: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_GLOBAL: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_ROLES: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_SKILLS: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_FORMS: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_RULES: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_SESSION: _ClassVar[ProjectFileType]
    PROJECT_FILE_TYPE_TEMPLATE: _ClassVar[ProjectFileType]

class DraftValidationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DRAFT_VALIDATION_STATUS_UNSPECIFIED: _ClassVar[DraftValidationStatus]
    DRAFT_VALIDATION_STATUS_VALID: _ClassVar[DraftValidationStatus]
    DRAFT_VALIDATION_STATUS_INVALID: _ClassVar[DraftValidationStatus]
    DRAFT_VALIDATION_STATUS_UNKNOWN: _ClassVar[DraftValidationStatus]

class FileChange(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FILE_CHANGE_UNSPECIFIED: _ClassVar[FileChange]
    FILE_CHANGE_ADDED: _ClassVar[FileChange]
    FILE_CHANGE_REMOVED: _ClassVar[FileChange]
    FILE_CHANGE_MODIFIED: _ClassVar[FileChange]
    FILE_CHANGE_UNCHANGED: _ClassVar[FileChange]
PROJECT_STATUS_UNSPECIFIED: ProjectStatus
PROJECT_STATUS_DRAFT: ProjectStatus
PROJECT_STATUS_PUBLISHED: ProjectStatus
PROJECT_STATUS_ARCHIVED: ProjectStatus
PROJECT_STATUS_DEPRECATED: ProjectStatus
PROJECT_FILE_TYPE_UNSPECIFIED: ProjectFileType
PROJECT_FILE_TYPE_GLOBAL: ProjectFileType
PROJECT_FILE_TYPE_ROLES: ProjectFileType
PROJECT_FILE_TYPE_SKILLS: ProjectFileType
PROJECT_FILE_TYPE_FORMS: ProjectFileType
PROJECT_FILE_TYPE_RULES: ProjectFileType
PROJECT_FILE_TYPE_SESSION: ProjectFileType
PROJECT_FILE_TYPE_TEMPLATE: ProjectFileType
DRAFT_VALIDATION_STATUS_UNSPECIFIED: DraftValidationStatus
DRAFT_VALIDATION_STATUS_VALID: DraftValidationStatus
DRAFT_VALIDATION_STATUS_INVALID: DraftValidationStatus
DRAFT_VALIDATION_STATUS_UNKNOWN: DraftValidationStatus
FILE_CHANGE_UNSPECIFIED: FileChange
FILE_CHANGE_ADDED: FileChange
FILE_CHANGE_REMOVED: FileChange
FILE_CHANGE_MODIFIED: FileChange
FILE_CHANGE_UNCHANGED: FileChange

class Project(_message.Message):
    __slots__ = ("id", "name", "description", "engine_version", "engine_version_min", "status", "author", "tags", "metadata", "current_version_id", "current_version_number", "file_count", "draft_status", "etag", "create_time", "update_time", "deprecations")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_MIN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENT_VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FILE_COUNT_FIELD_NUMBER: _ClassVar[int]
    DRAFT_STATUS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    DEPRECATIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    engine_version: str
    engine_version_min: str
    status: ProjectStatus
    author: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    metadata: _struct_pb2.Struct
    current_version_id: str
    current_version_number: str
    file_count: int
    draft_status: DraftValidationStatus
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    deprecations: _containers.RepeatedCompositeFieldContainer[Deprecation]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., engine_version: _Optional[str] = ..., engine_version_min: _Optional[str] = ..., status: _Optional[_Union[ProjectStatus, str]] = ..., author: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., current_version_id: _Optional[str] = ..., current_version_number: _Optional[str] = ..., file_count: _Optional[int] = ..., draft_status: _Optional[_Union[DraftValidationStatus, str]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deprecations: _Optional[_Iterable[_Union[Deprecation, _Mapping]]] = ...) -> None: ...

class Deprecation(_message.Message):
    __slots__ = ("reason", "deprecated_by", "deprecate_time", "restore_time")
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEPRECATED_BY_FIELD_NUMBER: _ClassVar[int]
    DEPRECATE_TIME_FIELD_NUMBER: _ClassVar[int]
    RESTORE_TIME_FIELD_NUMBER: _ClassVar[int]
    reason: str
    deprecated_by: str
    deprecate_time: _timestamp_pb2.Timestamp
    restore_time: _timestamp_pb2.Timestamp
    def __init__(self, reason: _Optional[str] = ..., deprecated_by: _Optional[str] = ..., deprecate_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., restore_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProjectFile(_message.Message):
    __slots__ = ("id", "project_id", "file_type", "file_name", "file_path", "text", "content", "etag", "create_time", "update_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_PATH_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    file_type: ProjectFileType
    file_name: str
    file_path: str
    text: str
    content: _struct_pb2.Struct
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., file_path: _Optional[str] = ..., text: _Optional[str] = ..., content: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ProjectIssue(_message.Message):
    __slots__ = ("file_type", "file_name", "issue")
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUE_FIELD_NUMBER: _ClassVar[int]
    file_type: ProjectFileType
    file_name: str
    issue: _scripts_pb2.ValidationIssue
    def __init__(self, file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., issue: _Optional[_Union[_scripts_pb2.ValidationIssue, _Mapping]] = ...) -> None: ...

class Draft(_message.Message):
    __slots__ = ("project_id", "validation_status", "errors", "warnings", "etag", "update_time", "updated_by", "files", "notes")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_STATUS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    validation_status: DraftValidationStatus
    errors: _containers.RepeatedCompositeFieldContainer[ProjectIssue]
    warnings: _containers.RepeatedCompositeFieldContainer[ProjectIssue]
    etag: str
    update_time: _timestamp_pb2.Timestamp
    updated_by: str
    files: _containers.RepeatedCompositeFieldContainer[ProjectFile]
    notes: _containers.RepeatedCompositeFieldContainer[ProjectIssue]
    def __init__(self, project_id: _Optional[str] = ..., validation_status: _Optional[_Union[DraftValidationStatus, str]] = ..., errors: _Optional[_Iterable[_Union[ProjectIssue, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[ProjectIssue, _Mapping]]] = ..., etag: _Optional[str] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_by: _Optional[str] = ..., files: _Optional[_Iterable[_Union[ProjectFile, _Mapping]]] = ..., notes: _Optional[_Iterable[_Union[ProjectIssue, _Mapping]]] = ...) -> None: ...

class VersionFile(_message.Message):
    __slots__ = ("file_type", "file_name", "file_path", "text", "content")
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_PATH_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    file_type: ProjectFileType
    file_name: str
    file_path: str
    text: str
    content: _struct_pb2.Struct
    def __init__(self, file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., file_path: _Optional[str] = ..., text: _Optional[str] = ..., content: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ProjectVersion(_message.Message):
    __slots__ = ("id", "project_id", "version_number", "content_sha256", "release_note", "is_rollback", "rollback_from_version_id", "publish_time", "published_by", "files", "file_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    RELEASE_NOTE_FIELD_NUMBER: _ClassVar[int]
    IS_ROLLBACK_FIELD_NUMBER: _ClassVar[int]
    ROLLBACK_FROM_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_TIME_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    FILE_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    version_number: str
    content_sha256: str
    release_note: str
    is_rollback: bool
    rollback_from_version_id: str
    publish_time: _timestamp_pb2.Timestamp
    published_by: str
    files: _containers.RepeatedCompositeFieldContainer[VersionFile]
    file_count: int
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., version_number: _Optional[str] = ..., content_sha256: _Optional[str] = ..., release_note: _Optional[str] = ..., is_rollback: bool = ..., rollback_from_version_id: _Optional[str] = ..., publish_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ..., files: _Optional[_Iterable[_Union[VersionFile, _Mapping]]] = ..., file_count: _Optional[int] = ...) -> None: ...

class CreateProjectRequest(_message.Message):
    __slots__ = ("name", "description", "engine_version", "engine_version_min", "author", "tags", "metadata", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_MIN_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    engine_version: str
    engine_version_min: str
    author: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    metadata: _struct_pb2.Struct
    request_id: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., engine_version: _Optional[str] = ..., engine_version_min: _Optional[str] = ..., author: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetProjectRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "status", "author", "tag", "query", "include_deprecated")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_DEPRECATED_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    status: ProjectStatus
    author: str
    tag: str
    query: str
    include_deprecated: bool
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., status: _Optional[_Union[ProjectStatus, str]] = ..., author: _Optional[str] = ..., tag: _Optional[str] = ..., query: _Optional[str] = ..., include_deprecated: bool = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects", "next_page_token")
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    next_page_token: str
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProjectRequest(_message.Message):
    __slots__ = ("id", "name", "description", "engine_version", "engine_version_min", "author", "tags", "metadata", "update_mask", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_MIN_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    engine_version: str
    engine_version_min: str
    author: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    metadata: _struct_pb2.Struct
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., engine_version: _Optional[str] = ..., engine_version_min: _Optional[str] = ..., author: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class CopyProjectRequest(_message.Message):
    __slots__ = ("id", "name", "author")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    author: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., author: _Optional[str] = ...) -> None: ...

class ArchiveProjectRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeprecateProjectRequest(_message.Message):
    __slots__ = ("id", "reason", "deprecated_by", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEPRECATED_BY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    reason: str
    deprecated_by: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., reason: _Optional[str] = ..., deprecated_by: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class RestoreProjectRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteProjectRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteProjectResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateProjectFileRequest(_message.Message):
    __slots__ = ("project_id", "file_type", "file_name", "file_path", "text", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_PATH_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    file_type: ProjectFileType
    file_name: str
    file_path: str
    text: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., file_path: _Optional[str] = ..., text: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class GetProjectFileRequest(_message.Message):
    __slots__ = ("project_id", "file_id")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    file_id: str
    def __init__(self, project_id: _Optional[str] = ..., file_id: _Optional[str] = ...) -> None: ...

class ListProjectFilesRequest(_message.Message):
    __slots__ = ("project_id", "file_type", "names_only")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAMES_ONLY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    file_type: ProjectFileType
    names_only: bool
    def __init__(self, project_id: _Optional[str] = ..., file_type: _Optional[_Union[ProjectFileType, str]] = ..., names_only: bool = ...) -> None: ...

class ListProjectFilesResponse(_message.Message):
    __slots__ = ("files",)
    FILES_FIELD_NUMBER: _ClassVar[int]
    files: _containers.RepeatedCompositeFieldContainer[ProjectFile]
    def __init__(self, files: _Optional[_Iterable[_Union[ProjectFile, _Mapping]]] = ...) -> None: ...

class UpdateProjectFileRequest(_message.Message):
    __slots__ = ("project_id", "file_id", "file_name", "file_path", "text", "update_mask", "etag", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_PATH_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    file_id: str
    file_name: str
    file_path: str
    text: str
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., file_id: _Optional[str] = ..., file_name: _Optional[str] = ..., file_path: _Optional[str] = ..., text: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class DeleteProjectFileRequest(_message.Message):
    __slots__ = ("project_id", "file_id", "etag", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    file_id: str
    etag: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., file_id: _Optional[str] = ..., etag: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class DeleteProjectFileResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetDraftRequest(_message.Message):
    __slots__ = ("project_id",)
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    def __init__(self, project_id: _Optional[str] = ...) -> None: ...

class DraftFile(_message.Message):
    __slots__ = ("file_type", "file_name", "file_path", "text")
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_PATH_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    file_type: ProjectFileType
    file_name: str
    file_path: str
    text: str
    def __init__(self, file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., file_path: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class SaveDraftRequest(_message.Message):
    __slots__ = ("project_id", "files", "etag", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    files: _containers.RepeatedCompositeFieldContainer[DraftFile]
    etag: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., files: _Optional[_Iterable[_Union[DraftFile, _Mapping]]] = ..., etag: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class PublishVersionRequest(_message.Message):
    __slots__ = ("project_id", "version_number", "release_note", "published_by", "request_id")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RELEASE_NOTE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    version_number: str
    release_note: str
    published_by: str
    request_id: str
    def __init__(self, project_id: _Optional[str] = ..., version_number: _Optional[str] = ..., release_note: _Optional[str] = ..., published_by: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ListVersionsRequest(_message.Message):
    __slots__ = ("project_id", "page_size", "page_token")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    page_size: int
    page_token: str
    def __init__(self, project_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVersionsResponse(_message.Message):
    __slots__ = ("versions", "next_page_token")
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[ProjectVersion]
    next_page_token: str
    def __init__(self, versions: _Optional[_Iterable[_Union[ProjectVersion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetVersionRequest(_message.Message):
    __slots__ = ("project_id", "version_id", "label")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    version_id: str
    label: str
    def __init__(self, project_id: _Optional[str] = ..., version_id: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class RollbackToVersionRequest(_message.Message):
    __slots__ = ("project_id", "version_id", "published_by", "release_note")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    RELEASE_NOTE_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    version_id: str
    published_by: str
    release_note: str
    def __init__(self, project_id: _Optional[str] = ..., version_id: _Optional[str] = ..., published_by: _Optional[str] = ..., release_note: _Optional[str] = ...) -> None: ...

class DiffSide(_message.Message):
    __slots__ = ("version_id", "working_copy")
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    WORKING_COPY_FIELD_NUMBER: _ClassVar[int]
    version_id: str
    working_copy: bool
    def __init__(self, version_id: _Optional[str] = ..., working_copy: bool = ...) -> None: ...

class DiffVersionsRequest(_message.Message):
    __slots__ = ("project_id", "to")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    to: DiffSide
    def __init__(self, project_id: _Optional[str] = ..., to: _Optional[_Union[DiffSide, _Mapping]] = ..., **kwargs) -> None: ...

class FileDiff(_message.Message):
    __slots__ = ("file_type", "file_name", "change", "changed_paths", "from_path", "to_path")
    FILE_TYPE_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_PATHS_FIELD_NUMBER: _ClassVar[int]
    FROM_PATH_FIELD_NUMBER: _ClassVar[int]
    TO_PATH_FIELD_NUMBER: _ClassVar[int]
    file_type: ProjectFileType
    file_name: str
    change: FileChange
    changed_paths: _containers.RepeatedScalarFieldContainer[str]
    from_path: str
    to_path: str
    def __init__(self, file_type: _Optional[_Union[ProjectFileType, str]] = ..., file_name: _Optional[str] = ..., change: _Optional[_Union[FileChange, str]] = ..., changed_paths: _Optional[_Iterable[str]] = ..., from_path: _Optional[str] = ..., to_path: _Optional[str] = ...) -> None: ...

class DiffVersionsResponse(_message.Message):
    __slots__ = ("files",)
    FILES_FIELD_NUMBER: _ClassVar[int]
    files: _containers.RepeatedCompositeFieldContainer[FileDiff]
    def __init__(self, files: _Optional[_Iterable[_Union[FileDiff, _Mapping]]] = ...) -> None: ...
