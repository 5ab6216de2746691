"""Generates the stubs in src/agentbase from ../../proto with grpcio-tools.

The generated code is checked in, so that installing the package needs no
code generation; `python generate.py --check` (run by CI) fails when it no
longer matches proto/.
"""

import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTO = HERE.parent.parent / "proto"


def generate(out: Path) -> None:
    protos = sorted(str(p.relative_to(PROTO)) for p in PROTO.rglob("*.proto"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{PROTO}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            f"--pyi_out={out}",
            *protos,
        ],
        check=True,
    )


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in (root / "agentbase").rglob("*") if p.is_file()}


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
        print("src/agentbase does not match proto/ (run `python generate.py`):", *drift, sep="\n")
        return 1
    print(f"src/agentbase matches proto/ ({len(want)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
