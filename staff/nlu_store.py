"""NLU examples collected by reviewers, and their export as Rasa NLU training data (YAML)."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from common.storage.columns import utc_now
from common.storage.log_models import ConversationEvent
from common.storage.sessions import reading, writing
from common.storage.staff_models import NluExample

MAX_TEXT_LENGTH: Final = 500
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True)
class CollectedExample:
    id: int
    conversation_id: int
    event_id: int | None
    text: str = field(repr=False)
    intent: str
    predicted_intent: str | None
    language: str | None
    author: str
    created_at: datetime


def clean_example(text: str) -> str:
    """One line of plain text: Rasa reads `[...](...)` as entity markup, so square brackets
    become round ones."""
    return _SPACES.sub(" ", text).strip().replace("[", "(").replace("]", ")")


class NluExampleStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def add(
        self,
        *,
        conversation_id: int,
        event_id: int,
        text: str,
        intent: str,
        author: str,
    ) -> CollectedExample | None:
        """Store an example taken from a person's message of this conversation; None if there
        is no such message. ValueError for an empty or too long text."""
        text = clean_example(text)
        if not text or len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"an example has 1 to {MAX_TEXT_LENGTH} characters")
        return await asyncio.to_thread(self._add, conversation_id, event_id, text, intent, author)

    async def latest(self, *, limit: int, offset: int = 0) -> tuple[list[CollectedExample], int]:
        """The newest examples first, and how many there are."""
        return await asyncio.to_thread(self._latest, limit, offset)

    async def all(self) -> list[CollectedExample]:
        return await asyncio.to_thread(self._all)

    async def delete(self, example_id: int) -> bool:
        return await asyncio.to_thread(self._delete, example_id)

    def _add(
        self, conversation_id: int, event_id: int, text: str, intent: str, author: str
    ) -> CollectedExample | None:
        with writing(self._engine) as session:
            event = session.get(ConversationEvent, event_id)
            if event is None or event.conversation_id != conversation_id or event.kind != "user":
                return None
            row = NluExample(
                conversation_id=conversation_id,
                event_id=event_id,
                text=text,
                intent=intent,
                predicted_intent=event.intent,
                language=event.language,
                author=author,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            return _example(row)

    def _latest(self, limit: int, offset: int) -> tuple[list[CollectedExample], int]:
        with reading(self._engine) as session:
            total = session.execute(select(func.count()).select_from(NluExample)).scalar_one()
            rows = session.execute(
                select(NluExample)
                .order_by(NluExample.created_at.desc(), NluExample.id.desc())
                .offset(offset)
                .limit(limit)
            ).scalars()
            return [_example(row) for row in rows], int(total)

    def _all(self) -> list[CollectedExample]:
        with reading(self._engine) as session:
            rows = session.execute(
                select(NluExample).order_by(NluExample.intent, NluExample.id)
            ).scalars()
            return [_example(row) for row in rows]

    def _delete(self, example_id: int) -> bool:
        with writing(self._engine) as session:
            result = session.execute(delete(NluExample).where(NluExample.id == example_id))
            return bool(result.rowcount)


def nlu_yaml(examples: Iterable[CollectedExample]) -> str:
    """Rasa NLU training data (format 3.1): one block per intent, each example once."""
    by_intent: defaultdict[str, list[str]] = defaultdict(list)
    for example in examples:
        text = clean_example(example.text)
        if text and text not in by_intent[example.intent]:
            by_intent[example.intent].append(text)
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines.extend(f"    - {text}" for text in by_intent[intent])
    if not by_intent:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"


def _example(row: NluExample) -> CollectedExample:
    return CollectedExample(
        id=row.id,
        conversation_id=row.conversation_id,
        event_id=row.event_id,
        text=row.text,
        intent=row.intent,
        predicted_intent=row.predicted_intent,
        language=row.language,
        author=row.author,
        created_at=row.created_at,
    )
