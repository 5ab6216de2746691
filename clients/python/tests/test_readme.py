"""The README's snippets run as written against a live server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import Server

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_readme_snippet_runs_as_written(server: Server) -> None:
    snippets = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert snippets, "the README has snippets"
    for snippet in snippets:
        ran = subprocess.run(
            [sys.executable, "-c", snippet],
            env={**os.environ, "AGENTBASE_TARGET": server.target},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert ran.returncode == 0, ran.stderr
        assert re.search(r"^session ", ran.stdout, flags=re.M), ran.stdout
        assert "message 1 hi" in ran.stdout
        assert "watch ended: DEADLINE_EXCEEDED" in ran.stdout
        assert "INVALID_ARGUMENT ['id']" in ran.stdout
        assert re.search(r"^scripts \d+$", ran.stdout, flags=re.M), ran.stdout
