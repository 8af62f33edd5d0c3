"""Helpers for live handoff tests: office hours chosen by the test, a Rasa that asks for a human,
and a reader of the console's server-sent events.

    content = content_with_hours(tmp_path, ALWAYS_OPEN)      # a copy of data/content
    rasa.reply_with(asks_for_a_human)                          # "/human_handoff" → the signal
    stream = await EventStream.open(console.client, "/staff/handoff/events")
    event, data = await stream.next("queue")
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from support.fake_rasa import echo

from common.settings import PROJECT_ROOT

ALWAYS_OPEN = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
NEVER_OPEN: dict[str, list[str]] = {
    day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
}
HANDOFF_PAYLOAD = "/human_handoff"
RECEIVE_TIMEOUT_S = 10.0


def content_with_hours(tmp_path: Path, office_hours: dict[str, list[str]], **changes: Any) -> Path:
    """A copy of the shipped content whose handoff.yml has these office hours (no holidays)."""
    target = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "data" / "content", target)
    path = target / "handoff.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.update({"office_hours": office_hours, "holidays": [], **changes})
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return target


def asks_for_a_human(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """Rasa's answers as the domain gives them: `/human_handoff` → utter_handoff (a text and the
    handoff signal, as Rasa's REST channel sends a response with `custom`); else an echo."""
    if text == HANDOFF_PAYLOAD:
        language = "ru" if metadata.get("language_hint") == "ru" else "en"
        return [
            {"recipient_id": sender, "text": "I'll ask a member of staff to join this chat."},
            {
                "recipient_id": sender,
                "custom": {"handoff": "requested", "reason": "asked", "language": language},
            },
        ]
    return echo(sender, text, metadata)


class EventStream:
    """A reader of a `text/event-stream` response: named events with JSON data."""

    def __init__(self, response: ClientResponse) -> None:
        self.response = response

    @classmethod
    async def open(cls, client: TestClient, path: str) -> EventStream:
        response = await client.get(path, headers={"Accept": "text/event-stream"})
        assert response.status == 200, await response.text()
        assert response.headers["Content-Type"].startswith("text/event-stream")
        return cls(response)

    async def next(self, name: str | None = None) -> tuple[str, dict[str, Any]]:
        """The next event (named `name`, skipping others), with its data."""
        while True:
            event, data = await asyncio.wait_for(self._read_event(), RECEIVE_TIMEOUT_S)
            if name is None or event == name:
                return event, data

    async def _read_event(self) -> tuple[str, dict[str, Any]]:
        event, data = "message", ""
        while True:
            line = (await self.response.content.readline()).decode()
            if not line:
                raise AssertionError("the event stream ended")
            line = line.rstrip("\n")
            if not line:
                if data:
                    return event, json.loads(data)
                event = "message"
                continue
            field, _, value = line.partition(":")
            if field == "event":
                event = value.strip()
            elif field == "data":
                data += value.strip()

    def close(self) -> None:
        self.response.close()
