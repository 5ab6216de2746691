"""The asyncio client: the same typed helpers as the synchronous one, awaited."""

from __future__ import annotations

import grpc
import grpc.aio

from ._common import DEFAULT_MAX_MESSAGE, ChannelOptions, Settings, Tls, TokenProvider, channel_credentials, channel_options
from ._services import (
    AsyncEvaluationServiceClient,
    AsyncLabelServiceClient,
    AsyncMemoryServiceClient,
    AsyncProjectServiceClient,
    AsyncScriptServiceClient,
    AsyncSessionServiceClient,
)
from .retry import RetryPolicy


class AsyncAgentbaseClient:
    """Clients of every context over one asyncio channel to ``target``. The
    token provider may be a coroutine function: it is awaited per call."""

    scripts: AsyncScriptServiceClient
    projects: AsyncProjectServiceClient
    labels: AsyncLabelServiceClient
    sessions: AsyncSessionServiceClient
    memories: AsyncMemoryServiceClient
    evaluation: AsyncEvaluationServiceClient

    def __init__(
        self,
        target: str,
        *,
        token: TokenProvider | None = None,
        tls: Tls | None = None,
        deadline: float = 10.0,
        retry: RetryPolicy | None = None,
        max_receive_message_length: int = DEFAULT_MAX_MESSAGE,
        options: ChannelOptions | None = None,
    ) -> None:
        chosen = channel_options(options, max_receive_message_length)
        self._channel = (
            grpc.aio.secure_channel(target, channel_credentials(tls), options=chosen)
            if tls is not None
            else grpc.aio.insecure_channel(target, options=chosen)
        )
        self._settings = settings = Settings(token=token, deadline=deadline, retry=retry or RetryPolicy())
        self.scripts = AsyncScriptServiceClient(self._channel, settings)
        self.projects = AsyncProjectServiceClient(self._channel, settings)
        self.labels = AsyncLabelServiceClient(self._channel, settings)
        self.sessions = AsyncSessionServiceClient(self._channel, settings)
        self.memories = AsyncMemoryServiceClient(self._channel, settings)
        self.evaluation = AsyncEvaluationServiceClient(self._channel, settings)

    async def close(self) -> None:
        """Closes the channel; calls still running end with CANCELLED."""
        self._settings.closed.set()
        for call in list(self._settings.running):
            call.cancel()
        await self._channel.close()

    async def __aenter__(self) -> AsyncAgentbaseClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()
