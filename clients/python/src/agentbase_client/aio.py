"""The asyncio client: the same helpers as the synchronous one, awaited."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator

import grpc
import grpc.aio

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


class AsyncServiceClient(ServiceDispatch):
    """A context's RPCs by their proto names, awaited and retried as safe,
    plus ``list_all_<name>`` async iterators and resuming watches."""

    async def _unary(self, method: Method, request: Any, timeout: float | None = None, metadata: Any = None) -> Any:
        call = getattr(self._stub, method.name)
        sent = with_request_id(request) if method.takes_request_id else request
        policy = self._settings.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                return await call(
                    sent,
                    timeout=timeout if timeout is not None else self._settings.deadline,
                    metadata=credentials_metadata(self._settings, metadata),
                )
            except grpc.aio.AioRpcError as raised:
                error = AgentbaseError.from_rpc_error(raised)
                if not is_retryable(error, method.idempotent):
                    raise error from None
                wait = backoff(policy, attempt, error)
                if attempt >= policy.max_attempts:
                    if error.retry_delay is None:
                        error.retry_delay = wait
                    raise error from None
                await asyncio.sleep(wait)

    async def _list_all(self, method: Method, request: Any, **kwargs: Any) -> AsyncIterator[Any]:
        page_request = type(request)()
        page_request.CopyFrom(request)
        while True:
            page = await self._unary(method, page_request, **kwargs)
            for item in getattr(page, method.items or ""):
                yield item
            if not page.next_page_token:
                return
            page_request.page_token = page.next_page_token

    async def _watch(self, method: Method, request: Any, metadata: Any = None) -> AsyncIterator[Any]:
        call = getattr(self._stub, method.name)
        current = request
        failures = 0
        while True:
            try:
                async for event in call(current, metadata=credentials_metadata(self._settings, metadata)):
                    failures = 0
                    current = resume_after(method.name, request, event)
                    yield event
                return
            except grpc.aio.AioRpcError as raised:
                error = AgentbaseError.from_rpc_error(raised)
                failures += 1
                if not is_retryable(error, True) or failures >= self._settings.retry.max_attempts:
                    raise error from None
                await asyncio.sleep(backoff(self._settings.retry, failures, error))


class AsyncAgentbaseClient:
    """Clients of every context over one asyncio channel to ``target``."""

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
            grpc.aio.secure_channel(target, channel_credentials(tls)) if tls is not None else grpc.aio.insecure_channel(target)
        )
        settings = Settings(token=token, deadline=deadline, retry=retry or RetryPolicy())
        for attribute, stub, descriptor in SERVICES:
            setattr(self, attribute, AsyncServiceClient(stub(self._channel), descriptor, settings))

    async def close(self) -> None:
        await self._channel.close()

    async def __aenter__(self) -> AsyncAgentbaseClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()
