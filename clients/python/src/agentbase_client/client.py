"""The synchronous client: one typed object per context over one channel."""

from __future__ import annotations

import grpc

from ._common import DEFAULT_MAX_MESSAGE, ChannelOptions, Settings, Tls, TokenProvider, channel_credentials, channel_options
from ._services import (
    EvaluationServiceClient,
    LabelServiceClient,
    MemoryServiceClient,
    ProjectServiceClient,
    ScriptServiceClient,
    SessionServiceClient,
)
from .retry import RetryPolicy


class AgentbaseClient:
    """Clients of every context over one channel to ``target`` (``host:port``).

    Every method takes ``timeout`` (seconds, bounding all its retries; a
    watch has none unless given one, and then it bounds its reopens too),
    ``metadata`` and ``wait_for_ready``.
    """

    scripts: ScriptServiceClient
    projects: ProjectServiceClient
    labels: LabelServiceClient
    sessions: SessionServiceClient
    memories: MemoryServiceClient
    evaluation: EvaluationServiceClient

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
            grpc.secure_channel(target, channel_credentials(tls), options=chosen)
            if tls is not None
            else grpc.insecure_channel(target, options=chosen)
        )
        self._settings = settings = Settings(token=token, deadline=deadline, retry=retry or RetryPolicy())
        self.scripts = ScriptServiceClient(self._channel, settings)
        self.projects = ProjectServiceClient(self._channel, settings)
        self.labels = LabelServiceClient(self._channel, settings)
        self.sessions = SessionServiceClient(self._channel, settings)
        self.memories = MemoryServiceClient(self._channel, settings)
        self.evaluation = EvaluationServiceClient(self._channel, settings)

    def close(self) -> None:
        """Closes the channel; calls still running end with CANCELLED."""
        self._settings.closed.set()
        self._channel.close()

    def __enter__(self) -> AgentbaseClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
