"""A consumer program, as a new project writes one: type-checked with
mypy --strict and pyright against the installed package, then run against
a live server (sync and asyncio)."""

from __future__ import annotations

import asyncio
import os
import pickle
import time

from agentbase_client import AgentbaseClient, AgentbaseError, AsyncAgentbaseClient, RetryPolicy, __version__
from agentbase_client.agentbase.scripts.v1 import scripts_pb2
from agentbase_client.agentbase.sessions.v1 import sessions_pb2

TARGET = os.environ.get("AGENTBASE_TARGET", "127.0.0.1:50051")
TECHNIQUE = (
    "technique_id: consumer\ntopic:\n  topic_id: t\n  actions:\n"
    "    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n"
)


def sync_flow() -> int:
    with AgentbaseClient(TARGET, retry=RetryPolicy(max_attempts=3)) as client:
        script: scripts_pb2.Script = client.scripts.CreateScript(
            scripts_pb2.CreateScriptRequest(name=f"consumer-{time.time_ns()}", content=TECHNIQUE)
        )
        session = client.sessions.CreateSession(
            sessions_pb2.CreateSessionRequest(user_id="consumer", script_id=script.id), timeout=5.0
        )
        appended = client.sessions.AppendMessages(
            sessions_pb2.AppendMessagesRequest(
                session_id=session.id,
                messages=[sessions_pb2.NewMessage(role=sessions_pb2.MESSAGE_ROLE_USER, content="from a consumer")],
            )
        )
        seqs: list[int] = [m.seq for m in client.sessions.list_all_messages(sessions_pb2.ListMessagesRequest(session_id=session.id))]
        assert seqs == [m.seq for m in appended.messages], seqs
        try:
            client.sessions.GetSession(sessions_pb2.GetSessionRequest(id="nope"))
        except AgentbaseError as error:
            assert pickle.loads(pickle.dumps(error)).code == "INVALID_ARGUMENT"
        return len(seqs)


async def async_flow() -> int:
    async def token() -> str:
        return "unused-while-auth-is-off"

    async with AsyncAgentbaseClient(TARGET, token=token) as client:
        page = await client.scripts.ListScripts(scripts_pb2.ListScriptsRequest(page_size=5))
        names: list[str] = [s.name async for s in client.scripts.list_all_scripts(scripts_pb2.ListScriptsRequest())]
        return min(len(page.scripts), len(names))


print(f"ok {__version__} {sync_flow()} {asyncio.run(async_flow())}")
