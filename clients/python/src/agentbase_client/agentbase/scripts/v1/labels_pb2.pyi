import datetime

from agentbase_client.agentbase.auth.v1 import access_pb2 as _access_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LabelMoveRequestState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LABEL_MOVE_REQUEST_STATE_UNSPECIFIED: _ClassVar[LabelMoveRequestState]
    LABEL_MOVE_REQUEST_STATE_PENDING: _ClassVar[LabelMoveRequestState]
    LABEL_MOVE_REQUEST_STATE_APPROVED: _ClassVar[LabelMoveRequestState]
    LABEL_MOVE_REQUEST_STATE_SUPERSEDED: _ClassVar[LabelMoveRequestState]
LABEL_MOVE_REQUEST_STATE_UNSPECIFIED: LabelMoveRequestState
LABEL_MOVE_REQUEST_STATE_PENDING: LabelMoveRequestState
LABEL_MOVE_REQUEST_STATE_APPROVED: LabelMoveRequestState
LABEL_MOVE_REQUEST_STATE_SUPERSEDED: LabelMoveRequestState

class Label(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "version_id", "revision", "protected", "requires_approval", "etag", "create_time", "update_time")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    PROTECTED_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    version_id: str
    revision: int
    protected: bool
    requires_approval: bool
    etag: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., version_id: _Optional[str] = ..., revision: _Optional[int] = ..., protected: bool = ..., requires_approval: bool = ..., etag: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LabelMove(_message.Message):
    __slots__ = ("sequence", "project_id", "script_id", "name", "from_version_id", "to_version_id", "from_revision", "to_revision", "reason", "principal", "actor", "move_time", "request_id", "move_request_id", "approver_principal", "approver_actor")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    FROM_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    TO_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_REVISION_FIELD_NUMBER: _ClassVar[int]
    TO_REVISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    MOVE_TIME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MOVE_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVER_PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ACTOR_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    project_id: str
    script_id: str
    name: str
    from_version_id: str
    to_version_id: str
    from_revision: int
    to_revision: int
    reason: str
    principal: str
    actor: str
    move_time: _timestamp_pb2.Timestamp
    request_id: str
    move_request_id: str
    approver_principal: str
    approver_actor: str
    def __init__(self, sequence: _Optional[int] = ..., project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., from_version_id: _Optional[str] = ..., to_version_id: _Optional[str] = ..., from_revision: _Optional[int] = ..., to_revision: _Optional[int] = ..., reason: _Optional[str] = ..., principal: _Optional[str] = ..., actor: _Optional[str] = ..., move_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., request_id: _Optional[str] = ..., move_request_id: _Optional[str] = ..., approver_principal: _Optional[str] = ..., approver_actor: _Optional[str] = ...) -> None: ...

class LabelMoveRequest(_message.Message):
    __slots__ = ("id", "project_id", "script_id", "name", "version_id", "revision", "reason", "state", "principal", "actor", "create_time", "approver_principal", "approver_actor", "decide_time", "request_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    APPROVER_PRINCIPAL_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ACTOR_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    project_id: str
    script_id: str
    name: str
    version_id: str
    revision: int
    reason: str
    state: LabelMoveRequestState
    principal: str
    actor: str
    create_time: _timestamp_pb2.Timestamp
    approver_principal: str
    approver_actor: str
    decide_time: _timestamp_pb2.Timestamp
    request_id: str
    def __init__(self, id: _Optional[str] = ..., project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., version_id: _Optional[str] = ..., revision: _Optional[int] = ..., reason: _Optional[str] = ..., state: _Optional[_Union[LabelMoveRequestState, str]] = ..., principal: _Optional[str] = ..., actor: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., approver_principal: _Optional[str] = ..., approver_actor: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class SetLabelRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "version_id", "revision", "reason", "etag", "request_id", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    version_id: str
    revision: int
    reason: str
    etag: str
    request_id: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., version_id: _Optional[str] = ..., revision: _Optional[int] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class GetLabelRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ListLabelsRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "page_size", "page_token")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    page_size: int
    page_token: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLabelsResponse(_message.Message):
    __slots__ = ("labels", "next_page_token")
    LABELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    labels: _containers.RepeatedCompositeFieldContainer[Label]
    next_page_token: str
    def __init__(self, labels: _Optional[_Iterable[_Union[Label, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListLabelHistoryRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "page_size", "page_token")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    page_size: int
    page_token: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLabelHistoryResponse(_message.Message):
    __slots__ = ("moves", "next_page_token")
    MOVES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    moves: _containers.RepeatedCompositeFieldContainer[LabelMove]
    next_page_token: str
    def __init__(self, moves: _Optional[_Iterable[_Union[LabelMove, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ProtectLabelRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "protected", "requires_approval", "etag")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROTECTED_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    protected: bool
    requires_approval: bool
    etag: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., protected: bool = ..., requires_approval: bool = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteLabelRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "reason", "etag", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    reason: str
    etag: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class DeleteLabelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RequestLabelMoveRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "name", "version_id", "revision", "reason", "etag", "request_id", "updated_by")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    name: str
    version_id: str
    revision: int
    reason: str
    etag: str
    request_id: str
    updated_by: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., name: _Optional[str] = ..., version_id: _Optional[str] = ..., revision: _Optional[int] = ..., reason: _Optional[str] = ..., etag: _Optional[str] = ..., request_id: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class ApproveLabelMoveRequest(_message.Message):
    __slots__ = ("id", "updated_by")
    ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    id: str
    updated_by: str
    def __init__(self, id: _Optional[str] = ..., updated_by: _Optional[str] = ...) -> None: ...

class ListLabelMoveRequestsRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "state", "page_size", "page_token")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    state: LabelMoveRequestState
    page_size: int
    page_token: str
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., state: _Optional[_Union[LabelMoveRequestState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLabelMoveRequestsResponse(_message.Message):
    __slots__ = ("requests", "next_page_token")
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[LabelMoveRequest]
    next_page_token: str
    def __init__(self, requests: _Optional[_Iterable[_Union[LabelMoveRequest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class WatchLabelsRequest(_message.Message):
    __slots__ = ("project_id", "script_id", "after_sequence", "from_now")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_ID_FIELD_NUMBER: _ClassVar[int]
    AFTER_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    FROM_NOW_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    script_id: str
    after_sequence: int
    from_now: bool
    def __init__(self, project_id: _Optional[str] = ..., script_id: _Optional[str] = ..., after_sequence: _Optional[int] = ..., from_now: bool = ...) -> None: ...

class WatchLabelsResponse(_message.Message):
    __slots__ = ("label_move",)
    LABEL_MOVE_FIELD_NUMBER: _ClassVar[int]
    label_move: LabelMove
    def __init__(self, label_move: _Optional[_Union[LabelMove, _Mapping]] = ...) -> None: ...
