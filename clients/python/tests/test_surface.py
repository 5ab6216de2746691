"""What a consumer relies on beyond the calls themselves: one deadline over
retries and watch reopens, async token providers, call and channel options,
errors that pickle and hash, a closed client, and request types checked
before anything is sent."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import pickle
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentbase_client import AgentbaseClient, AgentbaseError, AsyncAgentbaseClient, RetryPolicy
from agentbase_client.agentbase.scripts.v1 import scripts_pb2
from agentbase_client.agentbase.sessions.v1 import sessions_pb2

from .conftest import Server

TECHNIQUE = (
    "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n"
    "    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n"
)
SECRET = b"a test secret of at least thirty-two bytes"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def token(scope: str) -> str:
    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"iss": "test", "aud": "agentbase", "sub": "py", "exp": int(time.time()) + 600, "scope": scope}
    body = b64(json.dumps(claims).encode())
    signature = b64(hmac.new(SECRET, f"{header}.{body}".encode(), hashlib.sha256).digest())
    return f"{header}.{body}.{signature}"


@pytest.fixture(scope="module")
def jwt_server() -> Iterator[Server]:
    with tempfile.TemporaryDirectory() as keys:
        secret = Path(keys) / "secret"
        secret.write_bytes(SECRET)
        server = Server(
            {
                "AGENTBASE_AUTH": "jwt",
                "AGENTBASE_JWT_ISSUER": "test",
                "AGENTBASE_JWT_AUDIENCE": "agentbase",
                "AGENTBASE_JWT_HS256_SECRET_FILE": str(secret),
            }
        )
        yield server
        server.stop()


@pytest.mark.parametrize("max_attempts", [1, 5, 10, 100])
def test_a_half_second_deadline_ends_a_call_within_0_6_s(max_attempts: int) -> None:
    policy = RetryPolicy(max_attempts=max_attempts, initial_backoff=0.05, max_backoff=0.2)
    with AgentbaseClient(f"127.0.0.1:{closed_port()}", retry=policy) as client:
        started = time.monotonic()
        with pytest.raises(AgentbaseError) as raised:
            client.scripts.ListScripts(scripts_pb2.ListScriptsRequest(), timeout=0.5)
        assert time.monotonic() - started < 0.6
        assert raised.value.code in ("UNAVAILABLE", "DEADLINE_EXCEEDED")


@pytest.mark.parametrize("max_attempts", [5, 100])
def test_a_half_second_deadline_ends_a_watch_and_its_reopens_within_0_6_s(max_attempts: int, server: Server) -> None:
    policy = RetryPolicy(max_attempts=max_attempts, initial_backoff=0.05, max_backoff=0.2)
    request = sessions_pb2.WatchMessagesRequest(session_id=str(uuid.uuid4()))
    with AgentbaseClient(f"127.0.0.1:{closed_port()}", retry=policy) as client:
        started = time.monotonic()
        with pytest.raises(AgentbaseError):
            for _ in client.sessions.WatchMessages(request, timeout=0.5):
                pass
        assert time.monotonic() - started < 0.6
    # On a live server the deadline ends a watch waiting for news.
    with AgentbaseClient(server.target, retry=policy) as client:
        script = client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"w-{uuid.uuid4()}", content=TECHNIQUE))
        session = client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id="w", script_id=script.id))
        started = time.monotonic()
        with pytest.raises(AgentbaseError) as raised:
            for _ in client.sessions.WatchMessages(
                sessions_pb2.WatchMessagesRequest(session_id=session.id), timeout=0.5, wait_for_ready=True
            ):
                pass
        assert raised.value.code == "DEADLINE_EXCEEDED"
        assert time.monotonic() - started < 0.6


def test_an_async_token_provider_is_awaited_and_a_sync_client_refuses_one(jwt_server: Server) -> None:
    async def provide() -> str:
        await asyncio.sleep(0)
        return token("scripts.read")

    async def listed() -> int:
        async with AsyncAgentbaseClient(jwt_server.target, token=provide) as client:
            page = await client.scripts.ListScripts(scripts_pb2.ListScriptsRequest(), metadata=[("x-trace", "1")])
            return len(page.scripts)

    assert asyncio.run(listed()) == 0
    with AgentbaseClient(jwt_server.target, token=provide) as client:
        with pytest.raises(TypeError, match="async"):
            client.scripts.ListScripts(scripts_pb2.ListScriptsRequest())
    with AgentbaseClient(jwt_server.target, token=lambda: token("scripts.read")) as client:
        client.scripts.ListScripts(scripts_pb2.ListScriptsRequest())


def test_large_pages_fit_and_the_clients_own_limit_is_not_retried(server: Server) -> None:
    big = "x" * 250_000
    with AgentbaseClient(server.target) as client:
        script = client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"b-{uuid.uuid4()}", content=TECHNIQUE))
        session = client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id="big", script_id=script.id))
        for _ in range(24):
            client.sessions.AppendMessages(
                sessions_pb2.AppendMessagesRequest(
                    session_id=session.id,
                    messages=[sessions_pb2.NewMessage(role=sessions_pb2.MESSAGE_ROLE_USER, content=big)],
                )
            )
        page = client.sessions.ListMessages(sessions_pb2.ListMessagesRequest(session_id=session.id, page_size=24))
        assert len(page.messages) == 24, "a 6 MB page fits the default receive limit"
    slow = RetryPolicy(max_attempts=5, initial_backoff=1.0, max_backoff=1.0)
    with AgentbaseClient(server.target, retry=slow, max_receive_message_length=1_000) as client:
        started = time.monotonic()
        with pytest.raises(AgentbaseError) as raised:
            client.sessions.ListMessages(sessions_pb2.ListMessagesRequest(session_id=session.id, page_size=24))
        assert raised.value.code == "RESOURCE_EXHAUSTED"
        assert time.monotonic() - started < 1.0, "not retried"


def test_errors_pickle_and_hash() -> None:
    error = AgentbaseError(code="FAILED_PRECONDITION", message="m", reason="LEASE_LOST", metadata={"k": "v"})
    again = pickle.loads(pickle.dumps(error))
    assert (again.code, again.reason, again.metadata, str(again)) == (error.code, error.reason, error.metadata, str(error))
    assert len({error, again}) == 2
    assert AgentbaseError(code="CANCELLED", message="x").grpc_code.name == "CANCELLED"


def test_a_closed_client_ends_its_watch_with_an_agentbase_error(server: Server) -> None:
    client = AgentbaseClient(server.target, retry=RetryPolicy(max_attempts=1))
    script = client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"c-{uuid.uuid4()}", content=TECHNIQUE))
    session = client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id="closed", script_id=script.id))
    ended: list[BaseException] = []

    def watch() -> None:
        try:
            for _ in client.sessions.WatchMessages(sessions_pb2.WatchMessagesRequest(session_id=session.id)):
                pass
        except BaseException as error:  # what the watcher sees, whatever it is
            ended.append(error)

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.3)
    client.close()
    watcher.join(timeout=10)
    assert len(ended) == 1 and isinstance(ended[0], AgentbaseError), ended
    assert ended[0].code == "CANCELLED", ended[0]


def test_a_closed_async_client_ends_its_calls_with_cancelled(server: Server) -> None:
    async def scenario() -> list[BaseException]:
        client = AsyncAgentbaseClient(server.target)
        script = await client.scripts.CreateScript(
            scripts_pb2.CreateScriptRequest(name=f"ac-{uuid.uuid4()}", content=TECHNIQUE)
        )
        session = await client.sessions.CreateSession(
            sessions_pb2.CreateSessionRequest(user_id="aclosed", script_id=script.id)
        )

        async def watch() -> None:
            async for _ in client.sessions.WatchMessages(sessions_pb2.WatchMessagesRequest(session_id=session.id)):
                pass

        task = asyncio.create_task(watch())
        await asyncio.sleep(0.3)
        await client.close()
        outcomes = await asyncio.gather(task, return_exceptions=True)
        return [o for o in outcomes if isinstance(o, BaseException)]

    ended = asyncio.run(scenario())
    assert len(ended) == 1 and isinstance(ended[0], AgentbaseError), ended
    assert ended[0].code == "CANCELLED"


def test_a_wrong_request_type_is_a_type_error_before_sending() -> None:
    with AgentbaseClient(f"127.0.0.1:{closed_port()}") as client:
        with pytest.raises(TypeError, match="agentbase.sessions.v1.GetSessionRequest"):
            client.sessions.GetSession(scripts_pb2.GetScriptRequest(id="x"))  # type: ignore[arg-type]
