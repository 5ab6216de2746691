"""The clients against a live server: retries through a restart with one
request id, paging to the end, a watch resumed across a restart, decoded
errors, and the asyncio client."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid

import pytest

from agentbase_client.agentbase.scripts.v1 import scripts_pb2
from agentbase_client.agentbase.sessions.v1 import sessions_pb2
from agentbase_client import AgentbaseClient, AgentbaseError, AsyncAgentbaseClient, RetryPolicy

TECHNIQUE = (
    "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n"
    "    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n"
)
PATIENT = RetryPolicy(max_attempts=40, initial_backoff=0.05, max_backoff=0.5)


def text(content: str) -> sessions_pb2.NewMessage:
    return sessions_pb2.NewMessage(role=sessions_pb2.MESSAGE_ROLE_USER, content=content)


def new_session(client: AgentbaseClient, user_id: str) -> str:
    script = client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"s-{uuid.uuid4()}", content=TECHNIQUE))
    return client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id=user_id, script_id=script.id)).id


def test_an_append_retried_through_a_restart_applies_once(server):
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        session_id = new_session(client, "retry")
        client.sessions.AppendMessages(sessions_pb2.AppendMessagesRequest(session_id=session_id, messages=[text("before")]))

        def outage() -> None:
            server.kill()
            time.sleep(0.3)
            server.start_again()

        # The server dies while the append is on its way and comes back; the
        # retry carries the generated request id, so it applies once.
        restart = threading.Thread(target=outage)
        restart.start()
        answer = client.sessions.AppendMessages(
            sessions_pb2.AppendMessagesRequest(session_id=session_id, messages=[text("during"), text("outage")])
        )
        restart.join()
        assert [(m.seq, m.content) for m in answer.messages] == [(2, "during"), (3, "outage")]
        listed = [(m.seq, m.content) for m in client.sessions.list_all_messages(sessions_pb2.ListMessagesRequest(session_id=session_id))]
        assert listed == [(1, "before"), (2, "during"), (3, "outage")]
        assert client.sessions.GetSession(sessions_pb2.GetSessionRequest(id=session_id)).message_count == 3


def test_list_all_pages_through_1234_sessions_once(server):
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        script = client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"many-{uuid.uuid4()}", content=TECHNIQUE))
        user_id = f"lister-{uuid.uuid4()}"
        created = {
            client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id=user_id, script_id=script.id)).id
            for _ in range(1_234)
        }
        seen = [s.id for s in client.sessions.list_all_sessions(sessions_pb2.ListSessionsRequest(user_id=user_id, page_size=100))]
        assert len(seen) == 1_234
        assert set(seen) == created


def test_a_watch_resumes_across_a_restart_and_delivers_each_message_once(server):
    with AgentbaseClient(server.target, retry=PATIENT) as client:
        session_id = new_session(client, "watcher")
        received: list[str] = []

        def watch() -> None:
            for event in client.sessions.WatchMessages(sessions_pb2.WatchMessagesRequest(session_id=session_id)):
                received.append(event.message.content)
                if len(received) == 10:
                    return

        watcher = threading.Thread(target=watch)
        watcher.start()
        for i in range(5):
            client.sessions.AppendMessages(sessions_pb2.AppendMessagesRequest(session_id=session_id, messages=[text(f"m{i}")]))
        while len(received) < 5:
            time.sleep(0.02)
        server.kill()
        time.sleep(0.3)
        server.start_again()
        for i in range(5, 10):
            client.sessions.AppendMessages(sessions_pb2.AppendMessagesRequest(session_id=session_id, messages=[text(f"m{i}")]))
        watcher.join(timeout=30)
        assert received == [f"m{i}" for i in range(10)]


def test_errors_name_the_field_reason_and_domain(server):
    with AgentbaseClient(server.target) as client:
        with pytest.raises(AgentbaseError) as invalid:
            client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id="", script_id="not-a-uuid"))
        assert invalid.value.code == "INVALID_ARGUMENT"
        assert invalid.value.domain == "sessions.agentbase"
        assert [v.field for v in invalid.value.field_violations] == ["user_id", "script_id"]
        with pytest.raises(AgentbaseError) as missing:
            client.sessions.GetSession(sessions_pb2.GetSessionRequest(id=str(uuid.uuid4())))
        assert (missing.value.code, missing.value.reason, missing.value.retry_delay) == ("NOT_FOUND", "SESSION_NOT_FOUND", None)


def test_an_outage_is_unavailable_with_a_retry_delay_once_the_budget_is_spent(server):
    server.kill()
    try:
        with AgentbaseClient(server.target, retry=RetryPolicy(max_attempts=3, initial_backoff=0.02, max_backoff=0.1)) as client:
            with pytest.raises(AgentbaseError) as outage:
                client.sessions.GetSession(sessions_pb2.GetSessionRequest(id=str(uuid.uuid4())))
        assert outage.value.code == "UNAVAILABLE"
        assert outage.value.retry_delay is not None
    finally:
        server.start_again()


def test_the_asyncio_client_has_the_same_helpers(server):
    async def scenario() -> None:
        async with AsyncAgentbaseClient(server.target, retry=PATIENT) as client:
            script = await client.scripts.CreateScript(scripts_pb2.CreateScriptRequest(name=f"aio-{uuid.uuid4()}", content=TECHNIQUE))
            user_id = f"aio-{uuid.uuid4()}"
            created = []
            for _ in range(7):
                session = await client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id=user_id, script_id=script.id))
                created.append(session.id)
            seen = [s.id async for s in client.sessions.list_all_sessions(sessions_pb2.ListSessionsRequest(user_id=user_id, page_size=3))]
            assert sorted(seen) == sorted(created)
            await client.sessions.AppendMessages(sessions_pb2.AppendMessagesRequest(session_id=created[0], messages=[text("hi")]))
            async for event in client.sessions.WatchMessages(sessions_pb2.WatchMessagesRequest(session_id=created[0])):
                assert event.message.content == "hi"
                break
            with pytest.raises(AgentbaseError) as invalid:
                await client.sessions.CreateSession(sessions_pb2.CreateSessionRequest(user_id="", script_id=script.id))
            assert [v.field for v in invalid.value.field_violations] == ["user_id"]

    asyncio.run(scenario())
