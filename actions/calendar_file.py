"""An appointment as an iCalendar (.ics) file, sent with the booking's confirmation.

The file travels in a Rasa `custom` message, `{"file": {"name", "media_type", "content"}}`, which
the channels render as a document (Telegram) or a download link (web chat): see
`common.messages.FileAttachment`. A moved appointment keeps its UID with a higher SEQUENCE, so a
calendar that imported the first file updates the event instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from icalendar import Calendar, Event

from common.appointments import Appointments
from common.storage.bookings import BookingRecord

MEDIA_TYPE = "text/calendar"


def calendar_file(
    booking: BookingRecord, appointments: Appointments, now: datetime
) -> dict[str, Any]:
    """The custom message carrying the booking's .ics file."""
    language, slot = booking.language, booking.slot
    texts = appointments.texts
    event = Event()
    event.add("uid", f"{booking.reference}@pes-assistant")
    event.add("dtstamp", now)
    event.add("sequence", int(now.timestamp()))
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    topic = appointments.topic(slot.topic, language)
    event.add("summary", texts.text("calendar_summary", language, topic=topic))
    place = appointments.place(slot, language)
    event.add(
        "description",
        texts.text(
            "calendar_description",
            language,
            counsellor=slot.counsellor,
            reference=booking.reference,
            place=place,
        ),
    )
    event.add("location", slot.place)
    if slot.place_kind == "online":
        event.add("url", slot.place)
    calendar = Calendar()
    calendar.add("prodid", "-//PES assistant//Counselling appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return {
        "custom": {
            "file": {
                "name": f"appointment-{booking.reference}.ics",
                "media_type": MEDIA_TYPE,
                "content": calendar.to_ical().decode("utf-8"),
            }
        }
    }
