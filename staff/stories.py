"""A conversation of the log as a Rasa test story, for a developer to add to the tests.

Built from the logged events (masked, as staff see them): the person's messages with their
intent (and entities marked up where their value is still in the text), the actions Rasa ran,
slots set and forms started or ended. A button press is written as its payload, so the test
replays what the person really sent. Hidden (sensitive) slot values are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import yaml

from common.storage.log_records import LoggedEvent, Transcript

ACTION_KINDS: Final = frozenset({"action", "fallback", "handoff"})


def test_story_yaml(transcript: Transcript) -> str:
    summary = transcript.conversation
    name = f"conversation {summary.id} ({summary.channel}, {summary.started_at.date().isoformat()})"
    steps = [step for event in transcript.events if (step := _step(event)) is not None]
    document = {"version": "3.1", "stories": [{"story": name, "steps": steps}]}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _step(event: LoggedEvent) -> dict[str, Any] | None:
    if event.kind == "user":
        return _user_step(event)
    if event.kind in ACTION_KINDS and event.source == "rasa" and event.name:
        return {"action": event.name}
    if event.kind == "slot" and event.name and not event.sensitive:
        return {"slot_was_set": [{event.name: event.data.get("value")}]}
    if event.kind == "form" and event.source == "rasa":
        return {"active_loop": event.name}
    return None


def _user_step(event: LoggedEvent) -> dict[str, Any] | None:
    if not event.intent:
        return None  # Rasa never parsed it (the gateway answered while Rasa was down)
    payload = event.data.get("payload")
    if isinstance(payload, str) and payload:
        return {"user": payload, "intent": event.intent}
    text = " ".join((event.text or "").split())
    if not text:
        return None
    return {"user": annotate(text, event.entities), "intent": event.intent}


def annotate(text: str, entities: Sequence[Mapping[str, Any]]) -> str:
    """Mark up entities in Rasa's `[value](entity)` form where the value occurs in the text
    (first occurrence not already marked; values masked away are left out)."""
    spans: list[tuple[int, int, str]] = []
    for entity in entities:
        value, name = entity.get("value"), entity.get("entity")
        if not isinstance(value, str) or not isinstance(name, str) or not value:
            continue
        start = text.find(value)
        while start >= 0 and any(
            start < end and begin < start + len(value) for begin, end, _ in spans
        ):
            start = text.find(value, start + 1)
        if start >= 0:
            spans.append((start, start + len(value), name))
    marked, position = [], 0
    for begin, end, name in sorted(spans):
        marked.append(f"{text[position:begin]}[{text[begin:end]}]({name})")
        position = end
    marked.append(text[position:])
    return "".join(marked)
