from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
ACCESS_FIELD_NUMBER: _ClassVar[int]
access: _descriptor.FieldDescriptor

class AccessRule(_message.Message):
    __slots__ = ("scope", "resource", "cross_user_needs", "read_only")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_FIELD_NUMBER: _ClassVar[int]
    CROSS_USER_NEEDS_FIELD_NUMBER: _ClassVar[int]
    READ_ONLY_FIELD_NUMBER: _ClassVar[int]
    scope: str
    resource: str
    cross_user_needs: str
    read_only: bool
    def __init__(self, scope: _Optional[str] = ..., resource: _Optional[str] = ..., cross_user_needs: _Optional[str] = ..., read_only: bool = ...) -> None: ...
