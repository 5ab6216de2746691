import datetime

from agentbase_client.agentbase.audit.v1 import audit_pb2 as _audit_pb2
from agentbase_client.agentbase.auth.v1 import access_pb2 as _access_pb2
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

class ScriptType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCRIPT_TYPE_UNSPECIFIED: _ClassVar[ScriptType]
    SCRIPT_TYPE_SESSION: _ClassVar[ScriptType]
    SCRIPT_TYPE_TECHNIQUE: _ClassVar[ScriptType]
    SCRIPT_TYPE_AWARENESS: _ClassVar[ScriptType]

class ScriptStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCRIPT_STATUS_UNSPECIFIED: _ClassVar[ScriptStatus]
    SCRIPT_STATUS_DRAFT: _ClassVar[ScriptStatus]
    SCRIPT_STATUS_PUBLISHED: _ClassVar[ScriptStatus]
    SCRIPT_STATUS_ARCHIVED: _ClassVar[ScriptStatus]

class ScriptView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCRIPT_VIEW_UNSPECIFIED: _ClassVar[ScriptView]
    SCRIPT_VIEW_BASIC: _ClassVar[ScriptView]
    SCRIPT_VIEW_FULL: _ClassVar[ScriptView]

class ValidationSeverity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VALIDATION_SEVERITY_UNSPECIFIED: _ClassVar[ValidationSeverity]
    VALIDATION_SEVERITY_ERROR: _ClassVar[ValidationSeverity]
    VALIDATION_SEVERITY_WARNING: _ClassVar[ValidationSeverity]
    VALIDATION_SEVERITY_INFO: _ClassVar[ValidationSeverity]
SCRIPT_TYPE_UNSPECIFIED: ScriptType
SCRIPT_TYPE_SESSION: ScriptType
SCRIPT_TYPE_TECHNIQUE: ScriptType
SCRIPT_TYPE_AWARENESS: ScriptType
SCRIPT_STATUS_UNSPECIFIED: ScriptStatus
SCRIPT_STATUS_DRAFT: ScriptStatus
SCRIPT_STATUS_PUBLISHED: ScriptStatus
SCRIPT_STATUS_ARCHIVED: ScriptStatus
SCRIPT_VIEW_UNSPECIFIED: ScriptView
SCRIPT_VIEW_BASIC: ScriptView
SCRIPT_VIEW_FULL: ScriptView
VALIDATION_SEVERITY_UNSPECIFIED: ValidationSeverity
VALIDATION_SEVERITY_ERROR: ValidationSeverity
VALIDATION_SEVERITY_WARNING: ValidationSeverity
VALIDATION_SEVERITY_INFO: ValidationSeverity

class Script(_message.Message):
    __slots__ = ("id", "name", "script_type", "status", "author", "description", "tags", "current_revision", "etag", "create_time", "update_time", "revision")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_REVISION_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    script_type: ScriptType
    status: ScriptStatus
    author: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    current_revision: int
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    revision: ScriptRevision
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., script_type: _Optional[_Union[ScriptType, str]] = ..., status: _Optional[_Union[ScriptStatus, str]] = ..., author: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., current_revision: _Optional[int] = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revision: _Optional[_Union[ScriptRevision, _Mapping]] = ...) -> None: ...

class ScriptRevision(_message.Message):
    __slots__ = ("script_id", "revision", "version", "content", "parsed_content", "content_sha256", "author", "create_time", "warnings", "notes")
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    PARSED_CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    script_id: str
    revision: int
    version: str
    content: str
    parsed_content: _struct_pb2.Struct
    content_sha256: str
    author: str
    create_time: _timestamp_pb2.Timestamp
    warnings: _containers.RepeatedCompositeFieldContainer[ValidationIssue]
    notes: _containers.RepeatedCompositeFieldContainer[ValidationIssue]
    def __init__(self, script_id: _Optional[str] = ..., revision: _Optional[int] = ..., version: _Optional[str] = ..., content: _Optional[str] = ..., parsed_content: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., content_sha256: _Optional[str] = ..., author: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warnings: _Optional[_Iterable[_Union[ValidationIssue, _Mapping]]] = ..., notes: _Optional[_Iterable[_Union[ValidationIssue, _Mapping]]] = ...) -> None: ...

class ValidationIssue(_message.Message):
    __slots__ = ("severity", "code", "path", "line", "column", "message")
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    LINE_FIELD_NUMBER: _ClassVar[int]
    COLUMN_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    severity: ValidationSeverity
    code: str
    path: str
    line: int
    column: int
    message: str
    def __init__(self, severity: _Optional[_Union[ValidationSeverity, str]] = ..., code: _Optional[str] = ..., path: _Optional[str] = ..., line: _Optional[int] = ..., column: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class CreateScriptRequest(_message.Message):
    __slots__ = ("name", "script_type", "content", "version", "author", "description", "tags", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    script_type: ScriptType
    content: str
    version: str
    author: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    request_id: str
    def __init__(self, name: _Optional[str] = ..., script_type: _Optional[_Union[ScriptType, str]] = ..., content: _Optional[str] = ..., version: _Optional[str] = ..., author: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetScriptRequest(_message.Message):
    __slots__ = ("id", "name", "revision", "view", "label")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    revision: int
    view: ScriptView
    label: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., revision: _Optional[int] = ..., view: _Optional[_Union[ScriptView, str]] = ..., label: _Optional[str] = ...) -> None: ...

class ListScriptsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "script_type", "status", "tag", "author", "query", "view")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    script_type: ScriptType
    status: ScriptStatus
    tag: str
    author: str
    query: str
    view: ScriptView
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., script_type: _Optional[_Union[ScriptType, str]] = ..., status: _Optional[_Union[ScriptStatus, str]] = ..., tag: _Optional[str] = ..., author: _Optional[str] = ..., query: _Optional[str] = ..., view: _Optional[_Union[ScriptView, str]] = ...) -> None: ...

class ListScriptsResponse(_message.Message):
    __slots__ = ("scripts", "next_page_token")
    SCRIPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    scripts: _containers.RepeatedCompositeFieldContainer[Script]
    next_page_token: str
    def __init__(self, scripts: _Optional[_Iterable[_Union[Script, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateScriptRequest(_message.Message):
    __slots__ = ("id", "name", "description", "tags", "author", "content", "version", "update_mask", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    author: str
    content: str
    version: str
    update_mask: _field_mask_pb2.FieldMask
    etag: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., author: _Optional[str] = ..., content: _Optional[str] = ..., version: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class PublishScriptRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ArchiveScriptRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteScriptRequest(_message.Message):
    __slots__ = ("id", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    etag: str
    def __init__(self, id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteScriptResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ValidateScriptRequest(_message.Message):
    __slots__ = ("content", "script_type", "known_variables")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TYPE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_VARIABLES_FIELD_NUMBER: _ClassVar[int]
    content: str
    script_type: ScriptType
    known_variables: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, content: _Optional[str] = ..., script_type: _Optional[_Union[ScriptType, str]] = ..., known_variables: _Optional[_Iterable[str]] = ...) -> None: ...

class ValidateScriptResponse(_message.Message):
    __slots__ = ("valid", "script_type", "errors", "warnings", "notes")
    VALID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    script_type: ScriptType
    errors: _containers.RepeatedCompositeFieldContainer[ValidationIssue]
    warnings: _containers.RepeatedCompositeFieldContainer[ValidationIssue]
    notes: _containers.RepeatedCompositeFieldContainer[ValidationIssue]
    def __init__(self, valid: bool = ..., script_type: _Optional[_Union[ScriptType, str]] = ..., errors: _Optional[_Iterable[_Union[ValidationIssue, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[ValidationIssue, _Mapping]]] = ..., notes: _Optional[_Iterable[_Union[ValidationIssue, _Mapping]]] = ...) -> None: ...

class ListScriptRevisionsRequest(_message.Message):
    __slots__ = ("script_id", "page_size", "page_token", "view")
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    script_id: str
    page_size: int
    page_token: str
    view: ScriptView
    def __init__(self, script_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., view: _Optional[_Union[ScriptView, str]] = ...) -> None: ...

class ListScriptRevisionsResponse(_message.Message):
    __slots__ = ("revisions", "next_page_token")
    REVISIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    revisions: _containers.RepeatedCompositeFieldContainer[ScriptRevision]
    next_page_token: str
    def __init__(self, revisions: _Optional[_Iterable[_Union[ScriptRevision, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
