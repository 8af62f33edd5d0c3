"""The console's counselling appointments: publish slots (one, or a weekly pattern without the
office's holidays), the day's slots per counsellor with their bookings, cancel a slot (the person
is told through the outbox and offered the next free times), mark a no-show, export the day as
CSV. Every change is audited by the store; contacts are masked.

    /staff/slots?day=YYYY-MM-DD          the day (office time zone), the publishing form
    POST /staff/slots                    publish
    POST /staff/slots/<id>/cancel        cancel a slot
    POST /staff/bookings/<ref>/no-show   mark a no-show
    /staff/slots/export?day=YYYY-MM-DD   the day as CSV
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from aiohttp import web

from common.appointments import Appointments
from common.privacy import mask_email, mask_phone
from common.settings import Settings
from common.storage import audit
from common.storage.booking_models import PLACE_KINDS, SLOT_TOPICS
from common.storage.bookings import BookingError, BookingRecord, BookingStore, DayEntry
from common.storage.sessions import write
from handoff.app import HANDOFF
from relay.keys import DATABASE, SETTINGS
from staff.export_formats import spreadsheet_cell
from staff.rendering import error_response, render
from staff.requests import logged_in_user
from staff.roles import requires
from staff.slot_schedule import Pattern, PatternError, parse_times, parse_weekdays

routes = web.RouteTableDef()

NEXT_SLOTS_OFFERED: Final = 3
CSV_COLUMNS: Final = (
    "date",
    "start",
    "end",
    "counsellor",
    "topic",
    "place_kind",
    "place",
    "slot_status",
    "reference",
    "booking_status",
    "contact",
    "channel",
    "language",
)


@cache
def _appointments(content_dir: Path, languages: tuple[str, ...], default: str) -> Appointments:
    return Appointments.load(content_dir, languages, default)


def appointments(request: web.Request) -> Appointments:
    settings: Settings = request.config_dict[SETTINGS]
    return _appointments(settings.content_dir, settings.languages.codes, settings.default_language)


def _store(request: web.Request) -> BookingStore:
    return BookingStore(request.config_dict[DATABASE])


def masked_contact(booking: BookingRecord) -> str:
    if booking.contact_kind == "email":
        return mask_email(booking.contact)
    return mask_phone(booking.contact)


def chosen_day(request: web.Request) -> date:
    """The `day` of the query string, else today in the office's time zone."""
    try:
        return date.fromisoformat(request.query.get("day", ""))
    except ValueError:
        return datetime.now(appointments(request).zone).date()


def rows(entries: list[DayEntry], zone: Any) -> list[dict[str, Any]]:
    """The day's slots as the page and the CSV show them (contacts masked)."""
    shown = []
    for entry in entries:
        slot, booking = entry.slot, entry.booking
        shown.append(
            {
                "slot": slot,
                "booking": booking,
                "start": slot.starts_at.astimezone(zone),
                "end": slot.ends_at.astimezone(zone),
                "contact": masked_contact(booking) if booking else "",
            }
        )
    return shown


@routes.get("/slots")
@requires("appointments")
async def slots_page(request: web.Request) -> web.StreamResponse:
    return await _page(request)


async def _page(
    request: web.Request, *, error: str | None = None, status: int = 200, notice: str = ""
) -> web.StreamResponse:
    day = chosen_day(request)
    found = appointments(request)
    entries = await _store(request).day(day, found.zone)
    return await render(
        request,
        "slots.html",
        {
            "day": day,
            "rows": rows(entries, found.zone),
            "zone": found.zone.key,
            "topics": SLOT_TOPICS,
            "place_kinds": PLACE_KINDS,
            "now": datetime.now(found.zone),
            "error": error,
            "published": notice or request.query.get("published", ""),
        },
        status=status,
    )


@routes.post("/slots")
@requires("appointments")
async def publish(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    found = appointments(request)
    hours = request.config_dict[HANDOFF].config.hours
    try:
        pattern = Pattern(
            counsellor=str(form.get("counsellor", "")).strip()[:100],
            topic=str(form.get("topic", "")),
            first_day=date.fromisoformat(str(form.get("first_day", ""))),
            times=parse_times(str(form.get("times", ""))),
            minutes=int(str(form.get("minutes", "0")) or 0),
            place_kind=str(form.get("place_kind", "")),
            place=str(form.get("place", "")).strip()[:500],
            weekdays=parse_weekdays([str(v) for v in form.getall("weekday", [])]),
            weeks=int(str(form.get("weeks", "1")) or 1),
        )
        slots = pattern.slots(found.zone, hours.holidays)
    except PatternError as error:
        return await _page(request, error=str(error), status=400)
    except ValueError:
        return await _page(request, error="slot_form", status=400)
    report = await _store(request).publish(slots, by=logged_in_user(request).username)
    day = pattern.first_day.isoformat()
    raise web.HTTPSeeOther(f"/staff/slots?day={day}&published={report.created}-{report.skipped}")


@routes.post(r"/slots/{slot_id:\d+}/cancel")
@requires("appointments")
async def cancel_slot(request: web.Request) -> web.StreamResponse:
    store = _store(request)
    found = appointments(request)
    slot_id = int(request.match_info["slot_id"])
    slot = await store.slot(slot_id)
    if slot is None:
        return await error_response(request, 404, "not_found")
    # The next free times of the topic, offered to the person (this slot is not among them once
    # it is cancelled; it may be now, so one more is read).
    offered, _ = await store.free_slots(slot.topic, limit=NEXT_SLOTS_OFFERED + 1)
    offered = [other for other in offered if other.id != slot_id][:NEXT_SLOTS_OFFERED]
    await store.cancel_slot(
        slot_id,
        by=logged_in_user(request).username,
        notice=lambda booking: found.slot_cancelled(booking, offered),
    )
    day = slot.starts_at.astimezone(found.zone).date().isoformat()
    raise web.HTTPSeeOther(f"/staff/slots?day={day}")


@routes.post(r"/bookings/{reference:[A-Z0-9-]{1,16}}/no-show")
@requires("appointments")
async def no_show(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["reference"]
    try:
        marked = await _store(request).mark_no_show(reference, by=logged_in_user(request).username)
    except BookingError:
        return await _page(request, error="slot_no_show", status=400)
    if marked is None:
        return await error_response(request, 404, "not_found")
    day = marked.slot.starts_at.astimezone(appointments(request).zone).date().isoformat()
    raise web.HTTPSeeOther(f"/staff/slots?day={day}")


@routes.get("/slots/export")
@requires("export")
async def export_day(request: web.Request) -> web.StreamResponse:
    day = chosen_day(request)
    zone = appointments(request).zone
    entries = await _store(request).day(day, zone)
    user = logged_in_user(request).username
    await write(
        request.config_dict[DATABASE],
        lambda session: audit.record(
            session,
            actor=user,
            action="export",
            target=f"appointments:{day.isoformat()}",
            details={"format": "csv", "revealed": False, "rows": len(entries)},
        ),
    )
    return web.Response(
        text=as_csv(rows(entries, zone)),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="appointments-{day}.csv"'},
    )


def as_csv(shown: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in shown:
        slot, booking = row["slot"], row["booking"]
        values = (
            row["start"].date().isoformat(),
            row["start"].strftime("%H:%M"),
            row["end"].strftime("%H:%M"),
            slot.counsellor,
            slot.topic,
            slot.place_kind,
            slot.place,
            slot.status,
            booking.reference if booking else "",
            booking.status if booking else "",
            row["contact"],
            booking.channel if booking else "",
            booking.language if booking else "",
        )
        writer.writerow([spreadsheet_cell(value) for value in values])
    return buffer.getvalue()
