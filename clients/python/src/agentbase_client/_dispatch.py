"""How every RPC of a service client runs, sync and asyncio: one deadline
over all attempts (and, for watches, reopens), safe retries with a request
id, paging to the end, and watches that resume after their last event. The
typed methods (``_services.py``, generated) call these."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Callable, Union

import grpc
import grpc.aio
from google.protobuf import descriptor, message, message_factory

from ._common import Settings, resume_after, with_request_id
from ._methods import Method, methods
from .errors import AgentbaseError
from .retry import backoff, is_retryable

Metadata = Sequence[tuple[str, Union[str, bytes]]]


class Deadline:
    """The end of a call's time, counted from its start; none for ``None``."""

    def __init__(self, timeout: float | None) -> None:
        self._at = None if timeout is None else time.monotonic() + timeout

    def remaining(self) -> float | None:
        """Seconds left (a little at least, so an attempt can still fail by
        itself), or None without a deadline."""
        return None if self._at is None else max(0.001, self._at - time.monotonic())

    def allows(self, wait: float) -> bool:
        """Whether waiting ``wait`` seconds leaves time for another attempt."""
        return self._at is None or time.monotonic() + wait < self._at


def _check(name: str, expected: type[message.Message], request: object) -> None:
    # A wrong message would be serialised as whatever bytes it makes.
    if not isinstance(request, expected):
        raise TypeError(f"{name} takes a {expected.DESCRIPTOR.full_name}, not a {type(request).__name__}")


def _wait_before_retry(
    settings: Settings, attempt: int, error: AgentbaseError, idempotent: bool, deadline: Deadline
) -> float:
    """How long to wait before attempt ``attempt + 1`` of a unary call, or
    ``error`` raised (saying when a retry would be worth it) when the call
    may not be retried or its attempts or deadline are spent."""
    if not is_retryable(error, idempotent):
        raise error
    wait = backoff(settings.retry, attempt, error)
    if attempt >= settings.retry.max_attempts or not deadline.allows(wait):
        if error.retry_delay is None:
            error.retry_delay = wait
        raise error
    return wait


def _wait_before_reopen(settings: Settings, failures: int, error: AgentbaseError, deadline: Deadline) -> float:
    """How long to wait before reopening a watch after ``failures`` failures
    in a row, or ``error`` raised. A deadline that ran out ends the watch:
    it bounds every reopen."""
    wait = backoff(settings.retry, failures, error)
    spent = failures >= settings.retry.max_attempts or not deadline.allows(wait)
    if not is_retryable(error, True) or error.code == "DEADLINE_EXCEEDED" or spent:
        raise error
    return wait


def _serialize(request: message.Message) -> bytes:
    return request.SerializeToString()


def _closed() -> AgentbaseError:
    return AgentbaseError(code="CANCELLED", message="the client was closed during the call")


class _Base:
    """What both flavours share: the service's methods and their callables."""

    _service: descriptor.ServiceDescriptor

    def __init__(self, channel: grpc.Channel | grpc.aio.Channel, settings: Settings) -> None:
        service = self._service
        self._methods: dict[str, Method] = methods(service)
        self._settings = settings
        self._calls: dict[str, Callable[..., Any]] = {}
        for method in service.methods:
            path = f"/{service.full_name}/{method.name}"
            response = message_factory.GetMessageClass(method.output_type)
            kind = channel.unary_stream if method.server_streaming else channel.unary_unary
            self._calls[method.name] = kind(
                path,
                request_serializer=_serialize,
                response_deserializer=response.FromString,
            )

    def _options(
        self, deadline: Deadline, metadata: Metadata | None, wait_for_ready: bool | None, token: str | None
    ) -> dict[str, Any]:
        sent = list(metadata or ())
        if token is not None:
            sent.append(("authorization", f"Bearer {token}"))
        return {"timeout": deadline.remaining(), "metadata": sent, "wait_for_ready": wait_for_ready}

    def _sync_token(self) -> str | None:
        if self._settings.token is None:
            return None
        token = self._settings.token()
        if inspect.isawaitable(token):
            if inspect.iscoroutine(token):
                token.close()  # never awaited: say so without a warning
            raise TypeError("the token provider is async: use AsyncAgentbaseClient, which awaits it")
        return str(token)


class ServiceBase(_Base):
    """A service client's calls, blocking."""

    def _failure(self, raised: grpc.RpcError | ValueError) -> AgentbaseError:
        """A failed attempt as an AgentbaseError; once the client is closed
        (its calls cancelled, or refused with ValueError), CANCELLED, raised."""
        if self._settings.closed.is_set():
            raise _closed() from None
        if isinstance(raised, ValueError):
            raise raised
        return AgentbaseError.from_rpc_error(raised)

    def _unary(
        self,
        name: str,
        expected: type[message.Message],
        request: message.Message,
        *,
        timeout: float | None,
        metadata: Metadata | None,
        wait_for_ready: bool | None,
    ) -> Any:
        _check(name, expected, request)
        method = self._methods[name]
        sent = with_request_id(request) if method.takes_request_id else request
        deadline = Deadline(timeout if timeout is not None else self._settings.deadline)
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._calls[name](sent, **self._options(deadline, metadata, wait_for_ready, self._sync_token()))
            except (grpc.RpcError, ValueError) as raised:
                error = self._failure(raised)
            time.sleep(_wait_before_retry(self._settings, attempt, error, method.idempotent, deadline))

    def _list_all(
        self, name: str, items: str, expected: type[message.Message], request: message.Message, **options: Any
    ) -> Iterator[Any]:
        _check(name, expected, request)
        page_request = type(request)()
        page_request.CopyFrom(request)
        while True:
            page = self._unary(name, expected, page_request, **options)
            yield from getattr(page, items)
            if not page.next_page_token:
                return
            page_request.page_token = page.next_page_token  # type: ignore[attr-defined]

    def _watch(
        self,
        name: str,
        expected: type[message.Message],
        request: message.Message,
        *,
        timeout: float | None,
        metadata: Metadata | None,
        wait_for_ready: bool | None,
    ) -> Iterator[Any]:
        _check(name, expected, request)
        deadline = Deadline(timeout)
        current = request
        failures = 0
        while True:
            try:
                options = self._options(deadline, metadata, wait_for_ready, self._sync_token())
                for event in self._calls[name](current, **options):
                    failures = 0
                    current = resume_after(name, request, event)
                    yield event
                return
            except (grpc.RpcError, ValueError) as raised:
                error = self._failure(raised)
            failures += 1
            time.sleep(_wait_before_reopen(self._settings, failures, error, deadline))


class AsyncServiceBase(_Base):
    """A service client's calls, awaited."""

    @contextlib.contextmanager
    def _running(self, call: Any) -> Iterator[Any]:
        """``call``, known to the client's close() while it runs."""
        self._settings.running.add(call)
        try:
            yield call
        finally:
            self._settings.running.discard(call)

    def _failure(self, raised: BaseException) -> AgentbaseError:
        """A failed attempt as an AgentbaseError. Closing the client cancels
        its calls (CancelledError in the caller's task): that is CANCELLED,
        raised; a cancellation of the task itself propagates unchanged."""
        if self._settings.closed.is_set():
            raise _closed() from None
        if isinstance(raised, grpc.aio.AioRpcError):
            return AgentbaseError.from_rpc_error(raised)
        raise raised

    async def _token(self) -> str | None:
        if self._settings.token is None:
            return None
        token = self._settings.token()
        return str(await token) if inspect.isawaitable(token) else str(token)

    async def _unary(
        self,
        name: str,
        expected: type[message.Message],
        request: message.Message,
        *,
        timeout: float | None,
        metadata: Metadata | None,
        wait_for_ready: bool | None,
    ) -> Any:
        _check(name, expected, request)
        method = self._methods[name]
        sent = with_request_id(request) if method.takes_request_id else request
        deadline = Deadline(timeout if timeout is not None else self._settings.deadline)
        attempt = 0
        while True:
            attempt += 1
            try:
                options = self._options(deadline, metadata, wait_for_ready, await self._token())
                with self._running(self._calls[name](sent, **options)) as call:
                    return await call
            except (grpc.aio.AioRpcError, grpc.aio.UsageError, asyncio.CancelledError) as raised:
                error = self._failure(raised)
            await asyncio.sleep(_wait_before_retry(self._settings, attempt, error, method.idempotent, deadline))

    async def _list_all(
        self, name: str, items: str, expected: type[message.Message], request: message.Message, **options: Any
    ) -> AsyncIterator[Any]:
        _check(name, expected, request)
        page_request = type(request)()
        page_request.CopyFrom(request)
        while True:
            page = await self._unary(name, expected, page_request, **options)
            for item in getattr(page, items):
                yield item
            if not page.next_page_token:
                return
            page_request.page_token = page.next_page_token  # type: ignore[attr-defined]

    async def _watch(
        self,
        name: str,
        expected: type[message.Message],
        request: message.Message,
        *,
        timeout: float | None,
        metadata: Metadata | None,
        wait_for_ready: bool | None,
    ) -> AsyncIterator[Any]:
        _check(name, expected, request)
        deadline = Deadline(timeout)
        current = request
        failures = 0
        while True:
            try:
                options = self._options(deadline, metadata, wait_for_ready, await self._token())
                with self._running(self._calls[name](current, **options)) as call:
                    async for event in call:
                        failures = 0
                        current = resume_after(name, request, event)
                        yield event
                return
            except (grpc.aio.AioRpcError, grpc.aio.UsageError, asyncio.CancelledError) as raised:
                error = self._failure(raised)
            failures += 1
            await asyncio.sleep(_wait_before_reopen(self._settings, failures, error, deadline))
