"""What is written into the conversation log: one `LogEntry` per event, from Rasa or the gateway."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from common.storage.log_models import EVENT_KINDS, EVENT_SOURCES

# Rasa's intent for a message the NLU could not classify confidently (FallbackClassifier).
NLU_FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class LogEntry:
    """One event of `sender_id`'s conversation. Text and data are kept raw (masked on reading).

    `kind` is one of `EVENT_KINDS`; `name` is the action, slot, response, form or session event
    name. A `session` entry named "session_started" starts a new conversation.
    """

    sender_id: str
    kind: str
    timestamp: datetime
    source: str = "rasa"
    name: str | None = None
    text: str | None = field(default=None, repr=False)
    intent: str | None = None
    confidence: float | None = None
    entities: Sequence[Mapping[str, Any]] | None = field(default=None, repr=False)
    language: str | None = None
    channel: str | None = None
    author: str | None = None
    data: Mapping[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"kind must be one of {EVENT_KINDS}: {self.kind!r}")
        if self.source not in EVENT_SOURCES:
            raise ValueError(f"source must be one of {EVENT_SOURCES}: {self.source!r}")
        if self.timestamp.utcoffset() is None:
            raise ValueError("timestamp must be timezone-aware")
        if not self.sender_id:
            raise ValueError("sender_id must not be empty")


def channel_of_sender(sender_id: str) -> str | None:
    """The channel named in a sender id (contract: `<channel>:<platform user id>`)."""
    channel, colon, _ = sender_id.partition(":")
    return channel if colon and channel else None
