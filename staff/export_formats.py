"""Conversations as downloadable files: JSON (one object per conversation) and CSV (one row
per event). Masked transcripts carry masked sender ids; revealed ones the real ids."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, Final

from common.privacy import mask_sender_id
from common.storage.log_records import Transcript

CSV_COLUMNS: Final = (
    "conversation",
    "sender",
    "conversation_channel",
    "conversation_language",
    "timestamp",
    "kind",
    "name",
    "author",
    "text",
    "intent",
    "confidence",
    "entities",
    "language",
    "channel",
)
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def sender_of(transcript: Transcript) -> str:
    sender = transcript.conversation.sender_id
    return sender if transcript.revealed else mask_sender_id(sender)


def as_json(transcripts: Sequence[Transcript], *, revealed: bool) -> str:
    document = {
        "exported_at": datetime.now(timezone.utc).isoformat(),
        "masked": not revealed,
        "conversations": [_conversation(transcript) for transcript in transcripts],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_csv(transcripts: Sequence[Transcript]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for transcript in transcripts:
        summary = transcript.conversation
        for event in transcript.events:
            row = (
                summary.id,
                sender_of(transcript),
                summary.channel,
                summary.language or "",
                event.timestamp.isoformat(),
                event.kind,
                event.name or "",
                event.author or "",
                event.text or "",
                event.intent or "",
                "" if event.confidence is None else f"{event.confidence:.4f}",
                json.dumps(list(event.entities), ensure_ascii=False) if event.entities else "",
                event.language or "",
                event.channel or "",
            )
            writer.writerow([spreadsheet_cell(value) for value in row])
    return buffer.getvalue()


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _conversation(transcript: Transcript) -> dict[str, Any]:
    summary = transcript.conversation
    return {
        "id": summary.id,
        "sender": sender_of(transcript),
        "channel": summary.channel,
        "language": summary.language,
        "started_at": summary.started_at.isoformat(),
        "last_activity_at": summary.last_activity_at.isoformat(),
        "min_confidence": summary.min_confidence,
        "had_fallback": summary.had_fallback,
        "handoff_requested": summary.handoff_requested,
        "had_staff": summary.had_staff,
        "reviewed": summary.reviewed,
        "tags": list(summary.tags),
        "events": [
            {
                "timestamp": event.timestamp.isoformat(),
                "kind": event.kind,
                "source": event.source,
                "name": event.name,
                "author": event.author,
                "text": event.text,
                "intent": event.intent,
                "confidence": event.confidence,
                "entities": [dict(entity) for entity in event.entities],
                "language": event.language,
                "channel": event.channel,
                "data": dict(event.data),
            }
            for event in transcript.events
        ],
        "notes": [
            {"author": note.author, "text": note.text, "created_at": note.created_at.isoformat()}
            for note in transcript.notes
        ],
    }
