"""How appointments read in the person's language: times in the office's time zone, places, topics,
slot buttons, reminders and the office's "your slot was cancelled" message.

Both the action server (booking in the chat, reminders queued with a booking) and the gateway
(staff cancelling a slot) word appointments alike, from `data/content/bookings.yml`; the time
zone is the office's (`timezone` in `handoff.yml`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from common.content import ContentError, read_content
from common.storage.bookings import (
    REMINDER_KINDS,
    BookingRecord,
    Outbound,
    SlotRecord,
    reminder_key,
)
from common.texts import Texts

# How long before the start each reminder is due.
REMINDER_LEAD: Final = {"day_before": timedelta(days=1), "hour_before": timedelta(hours=1)}


def slot_payload(slot: SlotRecord, *, intent: str = "inform") -> str:
    """A button that picks a slot: inside the booking form `/inform{…}`; from a message outside
    the conversation's turn (the office's cancellation) `/book_appointment{…}`, which starts the
    form with the topic and the time already chosen."""
    entities = {"counselling_topic": slot.topic, "counselling_slot": str(slot.id)}
    return f"/{intent}{json.dumps(entities)}"


@dataclass(frozen=True)
class Appointments:
    texts: Texts
    zone: ZoneInfo

    @classmethod
    def load(
        cls, content_dir: Path, languages: tuple[str, ...], default: str | None = None
    ) -> Appointments:
        """bookings.yml's texts (checked in every language) and handoff.yml's time zone."""
        name = read_content(content_dir, "handoff").get("timezone")
        try:
            zone = ZoneInfo(str(name))
        except (ValueError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
            raise ContentError(f"handoff.yml: unknown time zone {name!r}") from error
        return cls(Texts.load(content_dir, "bookings", languages, default), zone)

    def topic(self, code: str, language: str) -> str:
        return self.texts.text(f"topics.{code}", language)

    def topic_in(self, message: str, language: str) -> str | None:
        """The topic a message names ("a counsellor about my benefit" → "benefits"), if any;
        words of every language count (people mix them)."""
        words = message.lower().split()
        for code in self.texts.get("topics", language):
            for lang in self.texts.languages:
                starts = self.texts.get(f"topic_words.{code}", lang) or []
                if any(_names(words, message.lower(), str(start).lower()) for start in starts):
                    return str(code)
        return None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def when(self, slot: SlotRecord, language: str) -> str:
        start, end = self.local(slot.starts_at), self.local(slot.ends_at)
        return self.texts.text(
            "when",
            language,
            weekday=self.texts.get("weekdays", language)[start.weekday()],
            date=start.strftime("%d.%m.%Y"),
            start=start.strftime("%H:%M"),
            end=end.strftime("%H:%M"),
            zone=self.zone.key,
        )

    def place(self, slot: SlotRecord, language: str) -> str:
        return self.texts.text(f"place_{slot.place_kind}", language, place=slot.place)

    def details(self, slot: SlotRecord, language: str) -> str:
        return self.texts.text(
            "details",
            language,
            topic=self.topic(slot.topic, language),
            counsellor=slot.counsellor,
            when=self.when(slot, language),
            place=self.place(slot, language),
        )

    def slot_button(self, slot: SlotRecord, language: str, *, intent: str) -> dict[str, str]:
        start = self.local(slot.starts_at)
        title = self.texts.text(
            "slot_button",
            language,
            weekday=self.texts.get("weekdays_short", language)[start.weekday()],
            date=start.strftime("%d.%m"),
            start=start.strftime("%H:%M"),
            counsellor=slot.counsellor,
        )
        return {"title": title, "payload": slot_payload(slot, intent=intent)}

    def change_buttons(self, language: str) -> list[dict[str, str]]:
        """ "Move it" and "Cancel it", under an appointment shown or reminded of."""
        return [
            {
                "title": self.texts.text(f"{change}_button", language),
                "payload": f"/{change}_appointment",
            }
            for change in ("reschedule", "cancel")
        ]

    def reminders(self, booking: BookingRecord, now: datetime) -> list[Outbound]:
        """The day-before and hour-before reminders still ahead of `now` (a booking made an
        evening before gets only the hour-before one)."""
        language = booking.language
        details = self.details(booking.slot, language)
        buttons = [
            {
                "title": self.texts.text("reschedule_button", language),
                "payload": "/reschedule_appointment",
            },
            {"title": self.texts.text("cancel_button", language), "payload": "/cancel_appointment"},
        ]
        due = []
        for kind in REMINDER_KINDS:
            at = booking.slot.starts_at - REMINDER_LEAD[kind]
            if at <= now:
                continue
            text = self.texts.text(
                f"reminder_{kind}", language, reference=booking.reference, details=details
            )
            message: dict[str, Any] = {"text": text, "buttons": buttons}
            due.append(Outbound("reminder", reminder_key(booking, kind), [message], at))
        return due

    def slot_cancelled(
        self, booking: BookingRecord, next_slots: Sequence[SlotRecord]
    ) -> list[Outbound]:
        """What the person is told when the office cancels their slot: the next free times of
        the topic as buttons that book one."""
        language = booking.language
        values = {"reference": booking.reference, "when": self.when(booking.slot, language)}
        if next_slots:
            text = self.texts.text("slot_cancelled", language, **values)
            buttons = [
                self.slot_button(slot, language, intent="book_appointment") for slot in next_slots
            ]
            message: dict[str, Any] = {"text": text, "buttons": buttons}
        else:
            message = {"text": self.texts.text("slot_cancelled_no_slots", language, **values)}
        key = f"slot_cancelled:{booking.reference}:{booking.slot.id}"
        return [Outbound("booking", key, [message])]


def _names(words: list[str], text: str, start: str) -> bool:
    """Whether a word of the message begins with `start` (a phrase: the text contains it)."""
    if " " in start:
        return start in text
    return any(word.strip(".,!?;:«»\"'()").startswith(start) for word in words)
