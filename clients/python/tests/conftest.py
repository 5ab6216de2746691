"""A real agentbase server for the tests: the workspace's binary on SQLite,
on a free port, killed and started again on the same port and data when a
test needs an outage."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

BINARY = os.environ.get("AGENTBASE_BIN") or str(Path(__file__).resolve().parents[3] / "target" / "debug" / "agentbase")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        self._env = env or {}
        self.port = _free_port()
        self._admin = _free_port()
        self._data = tempfile.mkdtemp(prefix="agentbase-py-")
        self._process: subprocess.Popen[bytes] | None = None
        self.start_again()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start_again(self) -> None:
        self._process = subprocess.Popen(
            [BINARY, "serve", "--target", "all"],
            env={
                "PATH": os.environ.get("PATH", ""),
                "AGENTBASE_LISTEN": self.target,
                "AGENTBASE_ADMIN_LISTEN": f"127.0.0.1:{self._admin}",
                "AGENTBASE_DATA_DIR": self._data,
                "AGENTBASE_LOG_FORMAT": "text",
                # CreateSession calls ScriptService on this same server: the
                # default (two calls per CPU) would shed those inner calls.
                "AGENTBASE_MAX_IN_FLIGHT": "64",
                **self._env,
            },
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise RuntimeError(f"agentbase did not start ({BINARY})") from None
                time.sleep(0.05)

    def kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self._data, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    running = Server()
    yield running
    running.stop()
