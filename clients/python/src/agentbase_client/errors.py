"""Errors of agentbase calls, with the details the server puts in the gRPC
status (google.rpc.ErrorInfo, BadRequest, RetryInfo) decoded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2

_DETAILS_KEY = "grpc-status-details-bin"

# Codes a client sees when the connection broke under a call: the server
# never answered, so the call is UNAVAILABLE whatever the transport guessed.
_DROPPED = ("Socket closed", "Connection reset", "Broken pipe", "GOAWAY", "Stream removed")


@dataclass(frozen=True)
class FieldViolation:
    """One invalid field of a request, as the server names it."""

    field: str
    description: str


@dataclass(eq=False)
class AgentbaseError(Exception):
    """A failed call: its gRPC code and what the server said about it."""

    code: str
    """The gRPC code's name, e.g. ``INVALID_ARGUMENT``, ``UNAVAILABLE``."""
    message: str
    reason: str = ""
    """ErrorInfo.reason, e.g. ``SESSION_NOT_FOUND``."""
    domain: str = ""
    """ErrorInfo.domain, e.g. ``sessions.agentbase``."""
    metadata: dict[str, str] = field(default_factory=dict)
    field_violations: list[FieldViolation] = field(default_factory=list)
    retry_delay: float | None = None
    """Seconds to wait before trying again: RetryInfo's delay, or after an
    outage the client's own next backoff; None when the call should not be
    retried as is."""

    def __post_init__(self) -> None:
        # Exception's own state: what tracebacks and logging show.
        super().__init__(self.code, self.message)

    def __reduce__(self) -> tuple[type[AgentbaseError], tuple[object, ...]]:
        # Pickled whole (e.g. across a ProcessPoolExecutor), not by args.
        fields = (self.code, self.message, self.reason, self.domain, self.metadata, self.field_violations, self.retry_delay)
        return (type(self), fields)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" + (f" ({self.reason})" if self.reason else "")

    @property
    def grpc_code(self) -> grpc.StatusCode:
        return grpc.StatusCode[self.code]

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError, cancelled_by_caller: bool = False) -> AgentbaseError:
        """Decodes a failed call (sync or asyncio)."""
        code: grpc.StatusCode = error.code()
        message: str = error.details() or ""
        if code in (grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL) and any(d in message for d in _DROPPED):
            code = grpc.StatusCode.UNAVAILABLE
        if code == grpc.StatusCode.CANCELLED and not cancelled_by_caller:
            code = grpc.StatusCode.UNAVAILABLE
        decoded = cls(code=code.name, message=message)
        # Sync calls answer (key, value) named tuples, asyncio calls a
        # Metadata that iterates (key, value) pairs.
        trailers = cast(Iterable[tuple[str, Any]], error.trailing_metadata() or ())
        for key, value in trailers:
            if key != _DETAILS_KEY:
                continue
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                decoded._absorb(detail)
        return decoded

    def _absorb(self, detail: any_pb2.Any) -> None:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            self.reason, self.domain, self.metadata = info.reason, info.domain, dict(info.metadata)
            return
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            self.field_violations = [FieldViolation(v.field, v.description) for v in bad.field_violations]
            return
        retry = error_details_pb2.RetryInfo()
        if detail.Unpack(retry):
            self.retry_delay = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
