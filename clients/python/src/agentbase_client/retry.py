"""Which failures a call may retry, and how long it waits between attempts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import AgentbaseError

READ_VERBS = ("Get", "List", "Search", "Watch", "Diff", "Compare", "Validate")


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries."""

    max_attempts: int = 5
    """Attempts in all, the first included (1 turns retries off)."""
    initial_backoff: float = 0.1
    """The first backoff, in seconds."""
    max_backoff: float = 5.0
    """The longest backoff, in seconds."""


def is_retryable(error: AgentbaseError, idempotent: bool) -> bool:
    """UNAVAILABLE always, and RESOURCE_EXHAUSTED when the server sent it (it
    sheds load: the call did not run, or its request id makes a second run a
    replay) — not when the client refused a message larger than its own
    limit, which no retry changes; DEADLINE_EXCEEDED only for idempotent calls
    (reads, and writes carrying a request id)."""
    if error.code == "UNAVAILABLE":
        return True
    if error.code == "RESOURCE_EXHAUSTED":
        # The server names every refusal (ErrorInfo); the client's own limit does not.
        return error.reason != ""
    return error.code == "DEADLINE_EXCEEDED" and idempotent


def backoff(policy: RetryPolicy, attempt: int, error: AgentbaseError) -> float:
    """The wait after attempt ``attempt`` (from 1): the server's RetryInfo, or
    exponential backoff with full jitter, bounded by the policy."""
    if error.retry_delay is not None:
        return min(error.retry_delay, policy.max_backoff)
    return random.uniform(0, min(policy.max_backoff, policy.initial_backoff * 2 ** (attempt - 1)))
