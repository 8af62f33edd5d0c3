"""How appointments read: office time, places, topics named in a message, and which reminders a
booking gets depending on when it is made (a clock the test sets)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from common.appointments import Appointments
from common.settings import DEFAULT_CONTENT_DIR
from common.storage.bookings import BookingRecord, SlotRecord

START = datetime(2027, 3, 1, 7, 0, tzinfo=timezone.utc)  # Monday 09:00 in Tallinn


@pytest.fixture(scope="module")
def wording() -> Appointments:
    return Appointments.load(DEFAULT_CONTENT_DIR, ("en", "ru"), "en")


def booking(language: str = "en", place_kind: str = "online") -> BookingRecord:
    place = "https://meet.demo-pes.example/m" if place_kind == "online" else "Main st. 1"
    slot = SlotRecord(7, "Maria Tamm", "benefits", START, 45, place_kind, place, "booked")
    return BookingRecord(
        1,
        "CB-7K3M9Q",
        slot,
        "telegram:1",
        "telegram",
        language,
        "+37251234567",
        "phone",
        "booked",
        START,
    )


def test_times_are_the_offices_with_its_zone(wording: Appointments) -> None:
    slot = booking().slot
    assert wording.when(slot, "en") == "Monday 01.03.2027, 09:00–09:45 (Europe/Tallinn time)"
    assert (
        wording.when(slot, "ru") == "понедельник, 01.03.2027, 09:00–09:45 (время — Europe/Tallinn)"
    )
    assert wording.place(slot, "ru") == "Онлайн: https://meet.demo-pes.example/m"


def test_a_topic_named_in_a_message_is_found_in_either_language(wording: Appointments) -> None:
    assert wording.topic_in("I need a counsellor about my benefit", "en") == "benefits"
    assert wording.topic_in("хочу консультацию по переобучению", "en") == "training"
    assert wording.topic_in("a question about a work permit", "ru") == "migrants"
    assert wording.topic_in("запишите меня на консультацию", "ru") is None


@pytest.mark.parametrize(
    ("booked_before_start", "kinds"),
    [
        (timedelta(days=3), ["day_before", "hour_before"]),
        (timedelta(hours=5), ["hour_before"]),
        (timedelta(minutes=50), []),
    ],
)
def test_only_the_reminders_still_ahead_are_queued(
    wording: Appointments, booked_before_start: timedelta, kinds: list[str]
) -> None:
    reminders = wording.reminders(booking(), START - booked_before_start)

    assert [reminder.dedup_key.rsplit(":", 1)[1] for reminder in reminders] == kinds
    lead = {"day_before": timedelta(days=1), "hour_before": timedelta(hours=1)}
    assert [r.not_before for r in reminders] == [START - lead[kind] for kind in kinds]


def test_a_reminder_has_the_details_and_buttons_to_move_or_cancel(wording: Appointments) -> None:
    [day_before, _] = wording.reminders(booking("ru", "office"), START - timedelta(days=2))

    [message] = day_before.messages
    assert message["text"].startswith(
        "Напоминание: завтра у вас консультация, запись **CB-7K3M9Q**"
    )
    assert "В офисе: Main st. 1" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == [
        "/reschedule_appointment",
        "/cancel_appointment",
    ]
