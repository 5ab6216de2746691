"""agentbase-client: typed sync and asyncio clients of every agentbase context.

The messages are in ``agentbase_client.agentbase.<context>.v1.*_pb2``
(generated from proto/), e.g.
``from agentbase_client.agentbase.sessions.v1 import sessions_pb2``.
"""

from importlib.metadata import PackageNotFoundError, version

from ._common import ChannelOptions, Tls, TokenProvider
from ._dispatch import Metadata
from ._services import (
    AsyncEvaluationServiceClient,
    AsyncLabelServiceClient,
    AsyncMemoryServiceClient,
    AsyncProjectServiceClient,
    AsyncScriptServiceClient,
    AsyncSessionServiceClient,
    EvaluationServiceClient,
    LabelServiceClient,
    MemoryServiceClient,
    ProjectServiceClient,
    ScriptServiceClient,
    SessionServiceClient,
)
from .aio import AsyncAgentbaseClient
from .client import AgentbaseClient
from .errors import AgentbaseError, FieldViolation
from .retry import RetryPolicy, is_retryable

try:
    __version__ = version("agentbase-client")
except PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "0+unknown"

__all__ = [
    "AgentbaseClient",
    "AgentbaseError",
    "AsyncAgentbaseClient",
    "AsyncEvaluationServiceClient",
    "AsyncLabelServiceClient",
    "AsyncMemoryServiceClient",
    "AsyncProjectServiceClient",
    "AsyncScriptServiceClient",
    "AsyncSessionServiceClient",
    "ChannelOptions",
    "EvaluationServiceClient",
    "FieldViolation",
    "LabelServiceClient",
    "MemoryServiceClient",
    "Metadata",
    "ProjectServiceClient",
    "RetryPolicy",
    "ScriptServiceClient",
    "SessionServiceClient",
    "Tls",
    "TokenProvider",
    "__version__",
    "is_retryable",
]
