"""An appointment's .ics: one event in UTC with the reference as UID, a SEQUENCE that grows when
the appointment moves, the place and the texts in the person's language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from actions.appointments import appointments
from actions.calendar_file import calendar_file
from common.storage.bookings import BookingRecord, SlotRecord

START = datetime(2027, 3, 1, 7, 0, tzinfo=timezone.utc)
NOW = datetime(2027, 2, 20, 12, 0, tzinfo=timezone.utc)


def booking(language: str) -> BookingRecord:
    slot = SlotRecord(
        7, "Maria Tamm", "career", START, 45, "online", "https://meet.example/m", "booked"
    )
    return BookingRecord(
        1,
        "CB-7K3M9Q",
        slot,
        "webchat:s",
        "webchat",
        language,
        "a@example.com",
        "email",
        "booked",
        NOW,
    )


def event_of(message: dict) -> object:
    file = message["custom"]["file"]
    assert (file["name"], file["media_type"]) == ("appointment-CB-7K3M9Q.ics", "text/calendar")
    [event] = Calendar.from_ical(file["content"]).walk("VEVENT")
    return event


def test_the_event_has_the_time_place_and_reference() -> None:
    event = event_of(calendar_file(booking("en"), appointments(), NOW))

    assert str(event["UID"]) == "CB-7K3M9Q@pes-assistant"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=45)
    assert str(event["SUMMARY"]) == "Demo PES counselling: Career guidance"
    assert str(event["LOCATION"]) == "https://meet.example/m"
    assert "Reference: CB-7K3M9Q" in str(event["DESCRIPTION"])


def test_a_moved_appointment_has_a_higher_sequence_and_russian_texts() -> None:
    first = event_of(calendar_file(booking("ru"), appointments(), NOW))
    moved = event_of(calendar_file(booking("ru"), appointments(), NOW + timedelta(hours=1)))

    assert int(moved["SEQUENCE"]) > int(first["SEQUENCE"])
    assert str(moved["SUMMARY"]) == "Консультация Демо-службы занятости: Профориентация и карьера"
