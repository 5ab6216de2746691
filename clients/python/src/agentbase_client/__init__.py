"""agentbase-client: sync and asyncio clients of every agentbase context.

The messages are in ``agentbase.<context>.v1.*_pb2`` (generated from proto/).
"""

from ._common import Tls
from .aio import AsyncAgentbaseClient
from .client import AgentbaseClient
from .errors import AgentbaseError, FieldViolation
from .retry import RetryPolicy, is_retryable

__all__ = [
    "AgentbaseClient",
    "AgentbaseError",
    "AsyncAgentbaseClient",
    "FieldViolation",
    "RetryPolicy",
    "Tls",
    "is_retryable",
]
