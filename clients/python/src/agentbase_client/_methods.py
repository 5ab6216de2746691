"""What the clients need to know of each RPC, read from the descriptors."""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.descriptor import ServiceDescriptor

from .retry import READ_VERBS


@dataclass(frozen=True)
class Method:
    name: str
    takes_request_id: bool
    """The client fills an empty ``request_id``, and its retries repeat it."""
    idempotent: bool
    """A retry after DEADLINE_EXCEEDED cannot apply it twice."""


def methods(service: ServiceDescriptor) -> dict[str, Method]:
    found = {}
    for method in service.methods:
        takes_request_id = "request_id" in method.input_type.fields_by_name
        found[method.name] = Method(
            name=method.name,
            takes_request_id=takes_request_id,
            idempotent=takes_request_id or method.name.startswith(READ_VERBS),
        )
    return found
