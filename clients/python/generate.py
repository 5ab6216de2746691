"""Generates the client's code from ../../proto with grpcio-tools.

- `src/agentbase_client/agentbase/…`: the messages and stubs (with `.pyi`
  type stubs), their imports moved under `agentbase_client` so the package
  cannot collide with another top-level `agentbase`;
- `src/agentbase_client/_services.py`: one typed method per RPC, sync and
  asyncio, with the proto comments as docstrings.

The generated code is checked in, so that installing the package needs no
code generation; `python generate.py --check` (run by CI) fails when it no
longer matches proto/.
"""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from google.protobuf import descriptor_pb2

HERE = Path(__file__).resolve().parent
PROTO = HERE.parent.parent / "proto"
PACKAGE = "agentbase_client"
# What the generated code is compared under, relative to src/.
GENERATED = (f"{PACKAGE}/agentbase", f"{PACKAGE}/_services.py")


def generate(src: Path) -> None:
    protos = sorted(str(p.relative_to(PROTO)) for p in PROTO.rglob("*.proto"))
    out = src / PACKAGE
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        descriptors = Path(scratch) / "descriptors.pb"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "grpc_tools.protoc",
                f"-I{PROTO}",
                f"--python_out={out}",
                f"--grpc_python_out={out}",
                f"--pyi_out={out}",
                f"--descriptor_set_out={descriptors}",
                "--include_source_info",
                *protos,
            ],
            check=True,
        )
        files = descriptor_pb2.FileDescriptorSet.FromString(descriptors.read_bytes())
    for path in (out / "agentbase").rglob("*.py*"):
        text = path.read_text()
        path.write_text(re.sub(r"^from agentbase\.", f"from {PACKAGE}.agentbase.", text, flags=re.M))
    for directory in [out / "agentbase", *(p for p in (out / "agentbase").rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()
    (out / "_services.py").write_text(services_module(files))


def module_of(proto_file: str) -> str:
    """`agentbase/sessions/v1/sessions.proto` → its `_pb2` module's import path."""
    return f"{PACKAGE}." + proto_file.removesuffix(".proto").replace("/", ".") + "_pb2"


def alias_of(proto_file: str) -> str:
    return "_" + Path(proto_file).stem + "_pb2"


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def docstring(comment: str, indent: str) -> str:
    lines = [line.rstrip() for line in comment.strip("\n").split("\n")]
    lines = [line[1:] if line.startswith(" ") else line for line in lines]
    body = "\n".join(f"{indent}{line}" if line else "" for line in lines).replace('"""', "'''").replace("\\", "\\\\")
    return f'{indent}"""\n{body}\n{indent}"""\n'


def services_module(files: descriptor_pb2.FileDescriptorSet) -> str:
    ours = [f for f in files.file if f.name.startswith("agentbase/") and f.service]
    types = {}
    for f in files.file:
        if not f.name.startswith("agentbase/"):
            continue
        for message in f.message_type:
            types[f".{f.package}.{message.name}"] = (f.name, message)
    lines = [
        '"""Typed clients of every agentbase service, one method per RPC (generated',
        'by generate.py from proto/; do not edit)."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import AsyncIterator, Iterator",
        "from typing import cast",
        "",
    ]
    # Every agentbase file a request or response may come from.
    for f in sorted((f for f in files.file if f.name.startswith("agentbase/")), key=lambda f: f.name):
        lines.append(f"from {module_of(f.name).rsplit('.', 1)[0]} import {Path(f.name).stem}_pb2 as {alias_of(f.name)}")
    lines += [
        "",
        "from ._dispatch import AsyncServiceBase, Metadata, ServiceBase",
        "",
    ]
    sync_classes, async_classes = [], []
    for f in sorted(ours, key=lambda f: f.name):
        comments = {tuple(loc.path): loc.leading_comments for loc in f.source_code_info.location}
        for s_index, service in enumerate(f.service):
            for flavour in ("sync", "async"):
                prefix = "Async" if flavour == "async" else ""
                base = "AsyncServiceBase" if flavour == "async" else "ServiceBase"
                name = f"{prefix}{service.name}Client"
                (async_classes if flavour == "async" else sync_classes).append(name)
                lines += ["", "", f"class {name}({base}):"]
                lines.append(docstring(comments.get((6, s_index), service.name), "    ").rstrip("\n"))
                lines.append(f'    _service = {alias_of(f.name)}.DESCRIPTOR.services_by_name["{service.name}"]')
                for m_index, method in enumerate(service.method):
                    input_file, input_message = types[method.input_type]
                    output_file, output_message = types[method.output_type]
                    request = f"{alias_of(input_file)}.{input_message.name}"
                    response = f"{alias_of(output_file)}.{output_message.name}"
                    doc = docstring(comments.get((6, s_index, 2, m_index), method.name), "        ").rstrip("\n")
                    options = (
                        "        *,\n"
                        "        timeout: float | None = None,\n"
                        "        metadata: Metadata | None = None,\n"
                        "        wait_for_ready: bool | None = None,\n"
                    )
                    forward = "timeout=timeout, metadata=metadata, wait_for_ready=wait_for_ready"
                    if method.server_streaming:
                        stream = "AsyncIterator" if flavour == "async" else "Iterator"
                        lines += [
                            "",
                            f"    def {method.name}(",
                            f"        self,\n        request: {request},\n{options}    ) -> {stream}[{response}]:",
                            doc,
                            f'        return cast({stream}[{response}], self._watch("{method.name}", {request}, request, {forward}))',
                        ]
                        continue
                    awaited = "async def" if flavour == "async" else "def"
                    call = "await self._unary" if flavour == "async" else "self._unary"
                    lines += [
                        "",
                        f"    {awaited} {method.name}(",
                        f"        self,\n        request: {request},\n{options}    ) -> {response}:",
                        doc,
                        f'        return cast({response}, {call}("{method.name}", {request}, request, {forward}))',
                    ]
                    output_fields = {field.name: field for field in output_message.field}
                    input_fields = {field.name for field in input_message.field}
                    if method.name.startswith("List") and "next_page_token" in output_fields and "page_token" in input_fields:
                        repeated = [
                            field
                            for field in output_message.field
                            if field.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED
                            and field.type == descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE
                        ]
                        item_file, item_message = types[repeated[0].type_name]
                        item = f"{alias_of(item_file)}.{item_message.name}"
                        stream = "AsyncIterator" if flavour == "async" else "Iterator"
                        lines += [
                            "",
                            f"    def list_all_{snake(method.name.removeprefix('List'))}(",
                            f"        self,\n        request: {request},\n{options}    ) -> {stream}[{item}]:",
                            f'        """Every {repeated[0].name} of every page of {method.name}, in order."""',
                            f"        return cast(\n            {stream}[{item}],\n"
                            f'            self._list_all("{method.name}", "{repeated[0].name}", {request}, request, {forward}),\n'
                            "        )",
                        ]
    lines += ["", "", f"__all__ = {sorted(sync_classes + async_classes)!r}", ""]
    return "\n".join(lines)


def files(src: Path) -> set[str]:
    found = set()
    for generated in GENERATED:
        path = src / generated
        found |= {str(p.relative_to(src)) for p in path.rglob("*") if p.is_file()} if path.is_dir() else {generated}
    return found


def main() -> int:
    if "--check" not in sys.argv:
        generate(HERE / "src")
        return 0
    with tempfile.TemporaryDirectory() as fresh:
        generate(Path(fresh))
        want, have = files(Path(fresh)), files(HERE / "src")
        drift = [f"missing: {f}" for f in sorted(want - have)]
        drift += [f"stale: {f}" for f in sorted(have - want)]
        drift += [
            f"differs: {f}"
            for f in sorted(want & have)
            if not filecmp.cmp(Path(fresh) / f, HERE / "src" / f, shallow=False)
        ]
    if drift:
        print("the generated code does not match proto/ (run `python generate.py`):", *drift, sep="\n")
        return 1
    print(f"the generated code matches proto/ ({len(want)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
