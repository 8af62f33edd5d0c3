"""The trained model loaded in-process with a real action server, configured as the Rasa server
configures itself: whole conversations (these tests run in the Rasa environment, `.venv`)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from support.processes import ROOT

MODEL = ROOT / "models" / "pes.tar.gz"


@pytest.fixture(scope="session")
def agent(action_server: str) -> Any:
    """The model with the project's tracker store (endpoints.yml), built as the Rasa server
    builds it, with the project's changes to Rasa's turn (rasa_plugins/patches.py)."""
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` first", pytrace=False)
    tracker_store = TrackerStore.create(
        read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    )
    return Agent.load(
        str(MODEL), action_endpoint=EndpointConfig(action_server), tracker_store=tracker_store
    )


class Person:
    """One person chatting with the assistant; `say` returns the bot's replies."""

    def __init__(self, agent: Any, channel: str = "webchat") -> None:
        self.agent = agent
        self.sender_id = f"{channel}:{uuid.uuid4().hex[:12]}"

    async def say(self, text: str) -> list[dict[str, Any]]:
        return list(await self.agent.handle_text(text, sender_id=self.sender_id) or [])

    async def say_text(self, text: str) -> str:
        """All reply texts joined, for assertions on what the person reads."""
        return "\n".join(str(m.get("text", "")) for m in await self.say(text))

    async def slot(self, name: str) -> Any:
        tracker = await self.agent.tracker_store.retrieve(self.sender_id)
        return tracker.get_slot(name) if tracker else None


@pytest.fixture
def person(agent: Any) -> Person:
    return Person(agent)
