"""What the sync and asyncio clients share: settings, services, request ids
and how a watch resumes."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import grpc

from agentbase.evaluation.v1 import evaluation_pb2, evaluation_pb2_grpc
from agentbase.scripts.v1 import labels_pb2, labels_pb2_grpc, projects_pb2, projects_pb2_grpc, scripts_pb2, scripts_pb2_grpc
from agentbase.sessions.v1 import sessions_pb2, sessions_pb2_grpc

from ._methods import Method, methods
from .retry import RetryPolicy


@dataclass(frozen=True)
class Tls:
    """TLS to the server: the CA that signed its certificate and, for mutual
    TLS, the client's certificate chain and key (PEM bytes)."""

    ca: bytes | None = None
    cert: bytes | None = None
    key: bytes | None = None


@dataclass(frozen=True)
class Settings:
    token: Callable[[], str] | None = None
    """Returns the bearer token for each call (asked per call)."""
    deadline: float = 10.0
    """Seconds a unary call may take; per call: ``timeout=``."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)


# (attribute, stub, service descriptor) of every context's service.
SERVICES = (
    ("scripts", scripts_pb2_grpc.ScriptServiceStub, scripts_pb2.DESCRIPTOR.services_by_name["ScriptService"]),
    ("projects", projects_pb2_grpc.ProjectServiceStub, projects_pb2.DESCRIPTOR.services_by_name["ProjectService"]),
    ("labels", labels_pb2_grpc.LabelServiceStub, labels_pb2.DESCRIPTOR.services_by_name["LabelService"]),
    ("sessions", sessions_pb2_grpc.SessionServiceStub, sessions_pb2.DESCRIPTOR.services_by_name["SessionService"]),
    ("memories", sessions_pb2_grpc.MemoryServiceStub, sessions_pb2.DESCRIPTOR.services_by_name["MemoryService"]),
    ("evaluation", evaluation_pb2_grpc.EvaluationServiceStub, evaluation_pb2.DESCRIPTOR.services_by_name["EvaluationService"]),
)


def resume_after(method: str, request: Any, event: Any) -> Any:
    """The request that reopens watch ``method`` after ``event``."""
    again = type(request)()
    again.CopyFrom(request)
    if method == "WatchMessages":
        again.after_seq = event.message.seq
    elif method == "WatchLabels":
        again.after_sequence = event.label_move.sequence
    elif method == "WatchRun":
        again.after_sequence = event.event.sequence
    return again


def with_request_id(request: Any) -> Any:
    """``request`` with a generated request id if it has none: every retry
    sends the same id, so the server applies the call once."""
    if request.request_id:
        return request
    filled = type(request)()
    filled.CopyFrom(request)
    filled.request_id = str(uuid.uuid4())
    return filled


def credentials_metadata(settings: Settings, metadata: Any) -> list[tuple[str, str]]:
    sent = list(metadata or ())
    if settings.token is not None:
        sent.append(("authorization", f"Bearer {settings.token()}"))
    return sent


def list_method(attribute: str) -> str | None:
    """``list_all_sessions`` → ``ListSessions``."""
    match = re.fullmatch(r"list_all_(\w+)", attribute)
    if not match:
        return None
    return "List" + "".join(part.capitalize() for part in match.group(1).split("_"))


def channel_credentials(tls: Tls) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(root_certificates=tls.ca, private_key=tls.key, certificate_chain=tls.cert)


class ServiceDispatch(ABC):
    """What the sync and asyncio service clients share: a context's RPCs by
    their proto names, ``list_all_<name>`` for every paged ``List<Name>``, and
    watches; the subclass says how each kind of call runs (``_unary``,
    ``_list_all``, ``_watch``)."""

    def __init__(self, stub: Any, descriptor: Any, settings: Settings) -> None:
        self._stub = stub
        self._methods = methods(descriptor)
        self._settings = settings

    def __getattr__(self, name: str) -> Any:
        listed = list_method(name)
        if listed is not None and listed in self._methods and self._methods[listed].items:
            method = self._methods[listed]
            return lambda request, **kwargs: self._list_all(method, request, **kwargs)
        if name not in self._methods:
            raise AttributeError(name)
        method = self._methods[name]
        if method.streaming:
            return lambda request, **kwargs: self._watch(method, request, **kwargs)
        return lambda request, **kwargs: self._unary(method, request, **kwargs)

    @abstractmethod
    def _unary(self, method: Method, request: Any, **kwargs: Any) -> Any: ...

    @abstractmethod
    def _list_all(self, method: Method, request: Any, **kwargs: Any) -> Any: ...

    @abstractmethod
    def _watch(self, method: Method, request: Any, **kwargs: Any) -> Any: ...
