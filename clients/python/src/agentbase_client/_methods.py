"""What the clients need to know of each RPC, read from the descriptors."""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.descriptor import ServiceDescriptor

from .retry import READ_VERBS


@dataclass(frozen=True)
class Method:
    name: str
    streaming: bool
    takes_request_id: bool
    idempotent: bool
    items: str | None
    """For a paged list, the repeated field holding its items."""


def methods(service: ServiceDescriptor) -> dict[str, Method]:
    found = {}
    for method in service.methods:
        takes_request_id = "request_id" in method.input_type.fields_by_name
        output = method.output_type.fields_by_name
        items = None
        if method.name.startswith("List") and "next_page_token" in output and "page_token" in method.input_type.fields_by_name:
            repeated = [f.name for f in method.output_type.fields if f.is_repeated and f.message_type is not None]
            items = repeated[0] if repeated else None
        found[method.name] = Method(
            name=method.name,
            streaming=method.server_streaming,
            takes_request_id=takes_request_id,
            idempotent=takes_request_id or method.name.startswith(READ_VERBS),
            items=items,
        )
    return found
