"""Reading the conversation log: the inbox, transcripts and the analytics figures.

Plain functions over a SQLAlchemy session, returning raw records; `common.storage.log_store` masks
them. Full-text search: PostgreSQL matches word prefixes with its 'simple' text search
configuration (served by a GIN index), SQLite looks for substrings with LIKE. Both search the
masked, case-folded copy of each message, so a phone number or an ID cannot be found by its
digits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Final

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from common.storage.log_filters import InboxFilter
from common.storage.log_models import (
    MESSAGE_KINDS,
    Conversation,
    ConversationEvent,
    ConversationNote,
    ConversationTag,
)
from common.storage.log_records import (
    Analytics,
    ConversationSummary,
    DailyCount,
    LoggedEvent,
    Note,
    Transcript,
)

TOP_INTENTS: Final = 10
MAX_PAGE_SIZE: Final = 200
_WORD: Final = re.compile(r"\w+")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def inbox(
    session: Session, where: InboxFilter, *, page: int, page_size: int
) -> tuple[list[ConversationSummary], int, dict[int, tuple[str | None, bool]]]:
    """The page of conversations (latest activity first), the total, and for each conversation
    its last user message with its sensitive flag (the preview, still raw)."""
    conditions = _conditions(session, where)
    total = session.execute(
        select(func.count()).select_from(Conversation).where(*conditions)
    ).scalar_one()
    query = (
        select(Conversation)
        .where(*conditions)
        .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    rows = session.execute(query).scalars().all()
    ids = [row.id for row in rows]
    tags = tags_of(session, ids)
    summaries = [summary(row, tags.get(row.id, ())) for row in rows]
    return summaries, int(total), _previews(session, ids)


def events_of(session: Session, conversation_ids: Sequence[int]) -> list[LoggedEvent]:
    query = (
        select(ConversationEvent)
        .where(ConversationEvent.conversation_id.in_(conversation_ids))
        .order_by(
            ConversationEvent.conversation_id,
            ConversationEvent.timestamp,
            ConversationEvent.id,
        )
    )
    return [logged_event(row) for row in session.execute(query).scalars()]


def sensitive_slot_events(session: Session, conversation_ids: Sequence[int]) -> list[LoggedEvent]:
    query = select(ConversationEvent).where(
        ConversationEvent.conversation_id.in_(conversation_ids),
        ConversationEvent.kind == "slot",
        ConversationEvent.sensitive.is_(True),
    )
    return [logged_event(row) for row in session.execute(query).scalars()]


def transcript(session: Session, conversation_id: int) -> Transcript | None:
    row = session.get(Conversation, conversation_id)
    if row is None:
        return None
    notes = session.execute(
        select(ConversationNote)
        .where(ConversationNote.conversation_id == conversation_id)
        .order_by(ConversationNote.created_at, ConversationNote.id)
    ).scalars()
    preview = _previews(session, [conversation_id]).get(conversation_id, (None, False))
    events = events_of(session, [conversation_id])
    return Transcript(
        conversation=summary(row, tags_of(session, [conversation_id]).get(row.id, ()), preview[0]),
        events=tuple(events),
        notes=tuple(Note(n.id, n.author, n.text, n.created_at) for n in notes),
    )


def matching_ids(session: Session, where: InboxFilter, limit: int) -> list[int]:
    """Ids of the conversations matching `where`, latest activity first (for exports)."""
    query = (
        select(Conversation.id)
        .where(*_conditions(session, where))
        .order_by(Conversation.last_activity_at.desc(), Conversation.id.desc())
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def tags_of(session: Session, conversation_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    query = (
        select(ConversationTag.conversation_id, ConversationTag.tag)
        .where(ConversationTag.conversation_id.in_(conversation_ids))
        .order_by(ConversationTag.tag)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for conversation_id, tag in session.execute(query):
        found[conversation_id].append(tag)
    return {key: tuple(value) for key, value in found.items()}


def all_tags(session: Session) -> list[str]:
    query = select(ConversationTag.tag).distinct().order_by(ConversationTag.tag)
    return list(session.execute(query).scalars())


def all_intents(session: Session) -> list[str]:
    """Every intent the log has seen in a person's message, for the inbox's intent filter."""
    query = (
        select(ConversationEvent.intent)
        .where(ConversationEvent.kind == "user", ConversationEvent.intent.is_not(None))
        .distinct()
        .order_by(ConversationEvent.intent)
    )
    return list(session.execute(query).scalars())


def analytics(session: Session, since: date, until: date, channel: str | None) -> Analytics:
    start, end = day_start(since), day_start(until + timedelta(days=1))
    conversations = [Conversation.started_at >= start, Conversation.started_at < end]
    messages = [ConversationEvent.timestamp >= start, ConversationEvent.timestamp < end]
    if channel:
        conversations.append(Conversation.channel == channel)
        messages.append(ConversationEvent.channel == channel)
    user_messages = [*messages, ConversationEvent.kind == "user"]

    def count(*conditions: Any) -> int:
        query = select(func.count()).select_from(Conversation).where(*conversations, *conditions)
        return int(session.execute(query).scalar_one())

    total = count()
    started_day = _day(session, Conversation.started_at)
    per_day = session.execute(
        select(started_day, Conversation.channel, func.count())
        .where(*conversations)
        .group_by(started_day, Conversation.channel)
    )
    message_day = _day(session, ConversationEvent.timestamp)
    messages_per_day = session.execute(
        select(message_day, ConversationEvent.channel, func.count())
        .where(*messages, ConversationEvent.kind.in_(MESSAGE_KINDS))
        .group_by(message_day, ConversationEvent.channel)
    )
    intent_count = func.count().label("count")
    top_intents = session.execute(
        select(ConversationEvent.intent, intent_count)
        .where(*user_messages, ConversationEvent.intent.is_not(None))
        .group_by(ConversationEvent.intent)
        .order_by(intent_count.desc(), ConversationEvent.intent)
        .limit(TOP_INTENTS)
    )
    typed = or_(ConversationEvent.name.is_(None), ConversationEvent.name != "payload")
    average_confidence = session.execute(
        select(func.avg(ConversationEvent.confidence)).where(
            *user_messages, ConversationEvent.confidence.is_not(None), typed
        )
    ).scalar_one()
    user_message_count = session.execute(
        select(func.count()).select_from(ConversationEvent).where(*user_messages)
    ).scalar_one()

    def rate(part: int) -> float | None:
        return part / total if total else None

    return Analytics(
        since=since,
        until=until,
        conversations=total,
        user_messages=int(user_message_count),
        conversations_per_day=_daily(per_day),
        messages_per_day=_daily(messages_per_day),
        top_intents=tuple((str(intent), int(n)) for intent, n in top_intents),
        languages=_split(session, Conversation.language, conversations),
        channels=_split(session, Conversation.channel, conversations),
        fallback_rate=rate(count(Conversation.had_fallback.is_(True))),
        handoff_rate=rate(count(Conversation.handoff_requested.is_(True))),
        containment_rate=rate(
            count(Conversation.handoff_requested.is_(False), Conversation.had_staff.is_(False))
        ),
        average_confidence=None if average_confidence is None else float(average_confidence),
    )


def summary(
    row: Conversation, tags: tuple[str, ...] = (), preview: str | None = None
) -> ConversationSummary:
    return ConversationSummary(
        id=row.id,
        sender_id=row.sender_id,
        channel=row.channel,
        language=row.language,
        started_at=row.started_at,
        last_activity_at=row.last_activity_at,
        user_messages=row.user_messages,
        bot_messages=row.bot_messages,
        min_confidence=row.min_confidence,
        had_fallback=row.had_fallback,
        handoff_requested=row.handoff_requested,
        had_staff=row.had_staff,
        reviewed=row.reviewed,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        tags=tags,
        preview=preview,
    )


def logged_event(row: ConversationEvent) -> LoggedEvent:
    return LoggedEvent(
        id=row.id,
        conversation_id=row.conversation_id,
        kind=row.kind,
        timestamp=row.timestamp,
        source=row.source,
        name=row.name,
        text=row.text,
        intent=row.intent,
        confidence=row.confidence,
        entities=tuple(row.entities or ()),
        language=row.language,
        channel=row.channel,
        sensitive=row.sensitive,
        author=row.author,
        data=dict(row.data or {}),
    )


def _conditions(session: Session, where: InboxFilter) -> list[ColumnElement]:
    conditions: list[ColumnElement] = []
    if where.channel:
        conditions.append(Conversation.channel == where.channel)
    if where.language:
        conditions.append(Conversation.language == where.language)
    if where.sender_id:
        conditions.append(Conversation.sender_id == where.sender_id)
    if where.since:
        conditions.append(Conversation.last_activity_at >= day_start(where.since))
    if where.until:
        conditions.append(Conversation.started_at < day_start(where.until + timedelta(days=1)))
    if where.low_confidence_below is not None:
        conditions.append(Conversation.min_confidence < where.low_confidence_below)
    for column, wanted in (
        (Conversation.had_fallback, where.had_fallback),
        (Conversation.handoff_requested, where.handoff_requested),
        (Conversation.reviewed, where.reviewed),
    ):
        if wanted is not None:
            conditions.append(column.is_(wanted))
    if where.tag:
        conditions.append(
            exists().where(
                ConversationTag.conversation_id == Conversation.id,
                ConversationTag.tag == where.tag,
            )
        )
    if where.intent:
        intent = ConversationEvent.intent
        conditions.append(
            _event_exists(
                ConversationEvent.kind == "user",
                or_(intent == where.intent, intent.like(_like_escape(where.intent) + "/%", "\\")),
            )
        )
    words = _WORD.findall(where.search.casefold()) if where.search else []
    if words:
        conditions.append(_event_exists(_search(session, words)))
    return conditions


def _event_exists(*conditions: ColumnElement) -> ColumnElement:
    return exists().where(ConversationEvent.conversation_id == Conversation.id, *conditions)


def _search(session: Session, words: list[str]) -> ColumnElement:
    column = ConversationEvent.search_text
    if session.get_bind().dialect.name == "postgresql":
        document = func.to_tsvector("simple", func.coalesce(column, ""))
        query = func.to_tsquery("simple", " & ".join(f"{word}:*" for word in words))
        return document.op("@@")(query)
    return and_(*(column.like(f"%{_like_escape(word)}%", "\\") for word in words))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _previews(session: Session, ids: Sequence[int]) -> dict[int, tuple[str | None, bool]]:
    latest = (
        select(func.max(ConversationEvent.id))
        .where(ConversationEvent.conversation_id.in_(ids), ConversationEvent.kind == "user")
        .group_by(ConversationEvent.conversation_id)
    )
    query = select(
        ConversationEvent.conversation_id, ConversationEvent.text, ConversationEvent.sensitive
    ).where(ConversationEvent.id.in_(latest))
    return {row[0]: (row[1], bool(row[2])) for row in session.execute(query)}


def _day(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, per backend."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)  # SQLite keeps the UTC time without an offset


def _daily(rows: Iterable[Any]) -> tuple[DailyCount, ...]:
    counts = [
        DailyCount(day if isinstance(day, date) else date.fromisoformat(day), channel, int(n))
        for day, channel, n in rows
    ]
    return tuple(sorted(counts, key=lambda item: (item.day, item.channel)))


def _split(
    session: Session, column: Any, conditions: list[ColumnElement]
) -> tuple[tuple[str, int], ...]:
    number = func.count().label("count")
    rows = session.execute(
        select(column, number).where(*conditions).group_by(column).order_by(number.desc(), column)
    )
    return tuple((str(value) if value is not None else "unknown", int(n)) for value, n in rows)
