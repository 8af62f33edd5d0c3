"""What the conversation log returns: plain frozen dataclasses, never ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ConversationSummary:
    """One conversation as the inbox lists it. `preview`: the person's last message (masked
    unless revealed)."""

    id: int
    sender_id: str
    channel: str
    language: str | None
    started_at: datetime
    last_activity_at: datetime
    user_messages: int
    bot_messages: int
    min_confidence: float | None
    had_fallback: bool
    handoff_requested: bool
    had_staff: bool
    reviewed: bool
    reviewed_by: str | None
    reviewed_at: datetime | None
    tags: tuple[str, ...] = ()
    preview: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class LoggedEvent:
    """One event of a transcript. `sensitive`: an answer to a sensitive form question or a
    sensitive slot's value (hidden unless revealed)."""

    id: int
    conversation_id: int
    kind: str
    timestamp: datetime
    source: str
    name: str | None
    text: str | None = field(repr=False)
    intent: str | None
    confidence: float | None
    entities: tuple[Mapping[str, Any], ...] = field(repr=False)
    language: str | None
    channel: str | None
    sensitive: bool
    author: str | None
    data: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Note:
    id: int
    author: str
    text: str = field(repr=False)
    created_at: datetime = field(compare=False)


@dataclass(frozen=True)
class Transcript:
    """A conversation with its events in order. `revealed`: personal data is not masked."""

    conversation: ConversationSummary
    events: tuple[LoggedEvent, ...]
    notes: tuple[Note, ...]
    revealed: bool = False


class Paged:
    """One page (1-based `page`) of `total` records, `page_size` a page."""

    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class InboxPage(Paged):
    conversations: tuple[ConversationSummary, ...]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class DailyCount:
    day: date
    channel: str
    count: int


@dataclass(frozen=True)
class Analytics:
    """Figures for the period `since`..`until` (whole UTC days, both included).

    Rates are fractions of the conversations started in the period (None without any);
    containment: conversations where no human was asked for or took part.
    """

    since: date
    until: date
    conversations: int
    user_messages: int
    conversations_per_day: tuple[DailyCount, ...]
    messages_per_day: tuple[DailyCount, ...]
    top_intents: tuple[tuple[str, int], ...]
    languages: tuple[tuple[str, int], ...]
    channels: tuple[tuple[str, int], ...]
    fallback_rate: float | None
    handoff_rate: float | None
    containment_rate: float | None
    average_confidence: float | None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor: str
    action: str
    target: str | None
    reason: str | None
    details: Mapping[str, Any]


@dataclass(frozen=True)
class ErasureReport:
    """What `erase` removed for one sender."""

    conversations: int
    events: int
    intakes: int
    tracker_keys: int
    tracker_note: str  # where the Rasa tracker was, or why it was not touched
    tracker_failed: bool = False  # Redis could not be reached: the tracker may still be there
    alerts: int = 0  # job alert subscriptions
    outbound: int = 0  # messages queued or sent to them (the outbox)
    bookings: int = 0  # counselling appointments (their queued reminders go with them)


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    conversations: int
    events: int
    expired_alerts: int = 0  # job alerts past their retention
    outbound: int = 0  # outbox rows sent or given up before the cutoff
    bookings: int = 0  # appointments (with their slots) that began before the cutoff
