"""What the sync and asyncio clients share: settings, request ids, channel
credentials and options, and how a watch resumes."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar, Union

import grpc
from google.protobuf import message

from .retry import RetryPolicy

TokenProvider = Callable[[], Union[str, Awaitable[str]]]
"""Returns the bearer token for each call: a function, or (asyncio client)
a coroutine function."""

ChannelOptions = Sequence[tuple[str, Any]]
"""gRPC channel arguments, e.g. ``("grpc.max_receive_message_length", 64 << 20)``."""

DEFAULT_MAX_MESSAGE = 16 << 20
"""The largest message the client receives unless told otherwise: a page of
the largest rows the server answers fits in it."""


@dataclass(frozen=True)
class Tls:
    """TLS to the server: the CA that signed its certificate and, for mutual
    TLS, the client's certificate chain and key (PEM bytes)."""

    ca: bytes | None = None
    cert: bytes | None = None
    key: bytes | None = None


@dataclass(frozen=True)
class Settings:
    token: TokenProvider | None = None
    """Asked per call, so a rotated token is used at once."""
    deadline: float = 10.0
    """Seconds a unary call may take, its retries included; per call: ``timeout=``."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    closed: threading.Event = field(default_factory=threading.Event)
    """Set by the client's close(), before the channel closes: what fails
    from then on ends with CANCELLED, not retried."""
    running: set[Any] = field(default_factory=set)
    """The asyncio client's calls in flight: its close() cancels them (a
    closing asyncio channel leaves a stream being read waiting for ever)."""


def channel_options(options: ChannelOptions | None, max_message: int) -> list[tuple[str, Any]]:
    """The caller's channel options, with the receive limit unless it set one."""
    chosen = list(options or ())
    if not any(name == "grpc.max_receive_message_length" for name, _ in chosen):
        chosen.append(("grpc.max_receive_message_length", max_message))
    return chosen


def channel_credentials(tls: Tls) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(root_certificates=tls.ca, private_key=tls.key, certificate_chain=tls.cert)


M = TypeVar("M", bound=message.Message)


def resume_after(method: str, request: M, event: Any) -> M:
    """The request that reopens watch ``method`` after ``event``."""
    again = type(request)()
    again.CopyFrom(request)
    if method == "WatchMessages":
        again.after_seq = event.message.seq  # type: ignore[attr-defined]
    elif method == "WatchLabels":
        again.after_sequence = event.label_move.sequence  # type: ignore[attr-defined]
    elif method == "WatchRun":
        again.after_sequence = event.event.sequence  # type: ignore[attr-defined]
    return again


def with_request_id(request: M) -> M:
    """``request`` with a generated request id if it has none: every retry
    sends the same id, so the server applies the call once."""
    if request.request_id:  # type: ignore[attr-defined]
        return request
    filled = type(request)()
    filled.CopyFrom(request)
    filled.request_id = str(uuid.uuid4())  # type: ignore[attr-defined]
    return filled
