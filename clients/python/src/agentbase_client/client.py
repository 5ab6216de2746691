"""The synchronous client: one object per context over one channel."""

from __future__ import annotations

import time
from typing import Any, Iterator

import grpc

from ._common import (
    SERVICES,
    ServiceDispatch,
    Settings,
    Tls,
    channel_credentials,
    credentials_metadata,
    resume_after,
    with_request_id,
)
from ._methods import Method
from .errors import AgentbaseError
from .retry import RetryPolicy, backoff, is_retryable


class ServiceClient(ServiceDispatch):
    """A context's RPCs by their proto names (``CreateSession``, …), retried
    as safe, plus ``list_all_<name>`` for every paged ``List<Name>`` and
    watches that resume after a dropped stream."""

    def _unary(self, method: Method, request: Any, timeout: float | None = None, metadata: Any = None) -> Any:
        call = getattr(self._stub, method.name)
        sent = with_request_id(request) if method.takes_request_id else request
        policy = self._settings.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                return call(
                    sent,
                    timeout=timeout if timeout is not None else self._settings.deadline,
                    metadata=credentials_metadata(self._settings, metadata),
                )
            except grpc.RpcError as raised:
                error = AgentbaseError.from_rpc_error(raised)
                if not is_retryable(error, method.idempotent):
                    raise error from None
                wait = backoff(policy, attempt, error)
                if attempt >= policy.max_attempts:
                    if error.retry_delay is None:
                        error.retry_delay = wait
                    raise error from None
                time.sleep(wait)

    def _list_all(self, method: Method, request: Any, **kwargs: Any) -> Iterator[Any]:
        page_request = type(request)()
        page_request.CopyFrom(request)
        while True:
            page = self._unary(method, page_request, **kwargs)
            yield from getattr(page, method.items or "")
            if not page.next_page_token:
                return
            page_request.page_token = page.next_page_token

    def _watch(self, method: Method, request: Any, metadata: Any = None) -> Iterator[Any]:
        call = getattr(self._stub, method.name)
        current = request
        failures = 0
        while True:
            try:
                for event in call(current, metadata=credentials_metadata(self._settings, metadata)):
                    failures = 0
                    current = resume_after(method.name, request, event)
                    yield event
                return
            except grpc.RpcError as raised:
                error = AgentbaseError.from_rpc_error(raised)
                failures += 1
                if not is_retryable(error, True) or failures >= self._settings.retry.max_attempts:
                    raise error from None
                time.sleep(backoff(self._settings.retry, failures, error))


class AgentbaseClient:
    """Clients of every context over one channel to ``target`` (``host:port``).

    Attributes: ``scripts``, ``projects``, ``labels``, ``sessions``,
    ``memories``, ``evaluation``.
    """

    def __init__(
        self,
        target: str,
        *,
        token: Any = None,
        tls: Tls | None = None,
        deadline: float = 10.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._channel = (
            grpc.secure_channel(target, channel_credentials(tls)) if tls is not None else grpc.insecure_channel(target)
        )
        settings = Settings(token=token, deadline=deadline, retry=retry or RetryPolicy())
        for attribute, stub, descriptor in SERVICES:
            setattr(self, attribute, ServiceClient(stub(self._channel), descriptor, settings))

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> AgentbaseClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
