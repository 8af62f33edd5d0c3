"""Rasa's events (as its tracker store publishes them to an event broker) as log entries.

An event arrives as `{"sender_id": …, **Event.as_dict()}`. What staff need is kept: the
person's messages with intent, confidence, entities, language and channel; the bot's messages;
actions (fallback and handoff actions get their own kinds); slots; forms; session events.
`action_listen`, `action_session_start` and Rasa's bookkeeping events are left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final

from common.storage.log_entries import NLU_FALLBACK_INTENT, LogEntry

SESSION_EVENTS: Final = frozenset(
    {"session_started", "restart", "pause", "resume", "rewind", "undo", "reset_slots"}
)
ENTITY_KEYS: Final = ("entity", "value", "start", "end", "role", "group", "extractor")
RANKING_SIZE: Final = 5
PAYLOAD_PREFIX: Final = "/"


@dataclass(frozen=True)
class EventKinds:
    """Which actions are a fallback or a handoff, and which are not worth logging.

    Defaults: the project's two-stage fallback (actions/fallback.py), Rasa's own fallbacks,
    and the handoff response of the `human_handoff` rules (data/core/rules.yml).
    """

    fallback_actions: frozenset[str] = field(
        default=frozenset(
            {"action_handle_fallback", "action_default_fallback", "action_two_stage_fallback"}
        )
    )
    handoff_actions: frozenset[str] = field(default=frozenset({"utter_handoff"}))
    skipped_actions: frozenset[str] = field(
        default=frozenset({"action_listen", "action_session_start"})
    )


def log_entry(event: Mapping[str, Any], kinds: EventKinds = EventKinds()) -> LogEntry | None:
    """The log entry for one published Rasa event, or None for an event not worth logging."""
    sender_id = event.get("sender_id")
    event_type = event.get("event")
    if not isinstance(sender_id, str) or not sender_id or not isinstance(event_type, str):
        return None
    timestamp = _timestamp(event.get("timestamp"))
    if event_type == "user":
        return _user(sender_id, timestamp, event)
    if event_type == "bot":
        return _bot(sender_id, timestamp, event)
    if event_type in ("action", "action_execution_rejected"):
        return _action(sender_id, timestamp, event, kinds)
    if event_type == "slot":
        name = _text(event.get("name"))
        data = {"value": event.get("value")}
        return LogEntry(sender_id, "slot", timestamp, name=name, data=data)
    if event_type == "active_loop":
        return LogEntry(sender_id, "form", timestamp, name=_text(event.get("name")))
    if event_type in SESSION_EVENTS:
        return LogEntry(sender_id, "session", timestamp, name=event_type)
    return None


def _user(sender_id: str, timestamp: datetime, event: Mapping[str, Any]) -> LogEntry:
    parse_data = _mapping(event.get("parse_data"))
    metadata = _mapping(event.get("metadata")) or _mapping(parse_data.get("metadata"))
    raw_text = _text(event.get("text")) or ""
    shown = _text(metadata.get("display_text"))
    is_payload = raw_text.startswith(PAYLOAD_PREFIX)
    intent = _mapping(parse_data.get("intent"))
    intent_name = _text(intent.get("name"))
    ranking = [
        {"name": item.get("name"), "confidence": item.get("confidence")}
        for item in parse_data.get("intent_ranking") or []
        if isinstance(item, Mapping)
    ][:RANKING_SIZE]
    data: dict[str, Any] = {
        "message_id": event.get("message_id") or parse_data.get("message_id"),
        "input_channel": event.get("input_channel"),
        "metadata": dict(metadata),
        "ranking": ranking,
    }
    if is_payload:
        data["payload"] = raw_text
    return LogEntry(
        sender_id,
        "user",
        timestamp,
        name="payload" if is_payload else None,
        text=shown or raw_text,
        intent=_retrieval_intent(parse_data, intent_name),
        confidence=_confidence(intent_name, _number(intent.get("confidence")), ranking),
        entities=[
            {key: entity[key] for key in ENTITY_KEYS if entity.get(key) is not None}
            for entity in parse_data.get("entities") or []
            if isinstance(entity, Mapping)
        ],
        language=_text(_mapping(parse_data.get("language")).get("code"))
        or _text(metadata.get("language_hint")),
        channel=_text(metadata.get("channel")),
        data={key: value for key, value in data.items() if value},
    )


def _bot(sender_id: str, timestamp: datetime, event: Mapping[str, Any]) -> LogEntry:
    metadata = _mapping(event.get("metadata"))
    data = {key: value for key, value in _mapping(event.get("data")).items() if value}
    return LogEntry(
        sender_id,
        "bot",
        timestamp,
        name=_text(metadata.get("utter_action")),
        text=_text(event.get("text")),
        data=data,
    )


def _action(
    sender_id: str, timestamp: datetime, event: Mapping[str, Any], kinds: EventKinds
) -> LogEntry | None:
    name = _text(event.get("name"))
    if name is None or name in kinds.skipped_actions:
        return None
    kind = "action"
    if name in kinds.fallback_actions:
        kind = "fallback"
    elif name in kinds.handoff_actions:
        kind = "handoff"
    data = {"policy": event.get("policy"), "confidence": _number(event.get("confidence"))}
    if event.get("event") == "action_execution_rejected":
        data["rejected"] = True
    return LogEntry(
        sender_id,
        kind,
        timestamp,
        name=name,
        data={key: value for key, value in data.items() if value is not None},
    )


def _retrieval_intent(parse_data: Mapping[str, Any], intent: str | None) -> str | None:
    """ "faq/documents" for a retrieval intent answered by its response selector, else `intent`."""
    if intent is None:
        return None
    selected = _mapping(_mapping(parse_data.get("response_selector")).get(intent))
    key = _text(_mapping(selected.get("response")).get("intent_response_key"))
    return key if key and key.startswith(f"{intent}/") else intent


def _confidence(
    intent: str | None, confidence: float | None, ranking: list[dict[str, Any]]
) -> float | None:
    """The classifier's confidence; for `nlu_fallback`, that of its best real intent (Rasa
    reports the fallback threshold there, which says nothing about the message)."""
    if intent != NLU_FALLBACK_INTENT:
        return confidence
    real = [
        number
        for item in ranking
        if item.get("name") != NLU_FALLBACK_INTENT
        and (number := _number(item.get("confidence"))) is not None
    ]
    return max(real) if real else confidence


def _timestamp(value: Any) -> datetime:
    number = _number(value)
    if number is None:
        return datetime.now(timezone.utc)
    return datetime.fromtimestamp(number, timezone.utc)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
