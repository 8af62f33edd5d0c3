"""The console's counselling appointments: publishing slots (a weekly pattern without the office's
holidays), the day per counsellor, cancelling a slot (the person is told and offered the next
times), marking a no-show, the day as CSV (masked, safe for spreadsheets); all audited."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from support.staff_console import Console

from bot.app import DATABASE
from common.storage.bookings import Booker, BookingStore, NewSlot
from common.storage.log_models import AuditEntry
from common.storage.outbox import OutboundMessage

OFFICE = ZoneInfo("Europe/Tallinn")


def in_days(days: int, hour: int) -> datetime:
    day = (datetime.now(OFFICE) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), tzinfo=OFFICE)


def slot(starts_at: datetime, counsellor: str = "Maria Tamm") -> NewSlot:
    return NewSlot(counsellor, "career", starts_at, 45, "office", "Main st. 1, room 12")


def booker(n: int = 1) -> Booker:
    return Booker(f"webchat:person{n}", "webchat", "en", "anna.smith@example.com", "email")


async def publish_form(console: Console, fields: list[tuple[str, str]]) -> Any:
    token = await console.token()
    return await console.client.post(
        "/staff/slots", data=[*fields, ("csrf_token", token)], allow_redirects=False
    )


def audit_actions(console: Console) -> list[tuple[str, str]]:
    with console.app[DATABASE].connect() as connection:
        rows = connection.execute(select(AuditEntry.action, AuditEntry.target))
        return [(str(action), str(target)) for action, target in rows]


async def test_a_weekly_pattern_is_published_without_the_holidays(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    response = await publish_form(
        console,
        [
            ("counsellor", "Maria Tamm"),
            ("topic", "career"),
            ("first_day", "2026-12-21"),
            ("times", "10:00, 09:00"),
            ("minutes", "45"),
            ("place_kind", "office"),
            ("place", "Main st. 1, room 12"),
            ("weekday", "0"),
            ("weekday", "3"),
            ("weeks", "2"),
        ],
    )

    # Mon 21, Thu 24 (a holiday), Mon 28, Thu 31 December: three days, two times each.
    assert response.status == 303
    assert response.headers["Location"] == "/staff/slots?day=2026-12-21&published=6-0"
    page = await (await console.get("/staff/slots?day=2026-12-21&published=6-0")).text()
    assert "Published 6 slots (0 already existed)." in page
    assert "09:00–09:45" in page and "10:00–10:45" in page
    assert "Maria Tamm" in page
    holiday = await (await console.get("/staff/slots?day=2026-12-24")).text()
    assert "No slots on this day." in holiday
    assert ("slots_published", "counselling_slots") in audit_actions(console)


async def test_times_that_are_not_a_clock_are_refused_with_a_reason(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    response = await publish_form(
        console,
        [
            ("counsellor", "Maria Tamm"),
            ("topic", "career"),
            ("first_day", "2026-12-21"),
            ("times", "9am"),
            ("minutes", "45"),
            ("place_kind", "office"),
            ("place", "Main st. 1"),
        ],
    )

    assert response.status == 400
    assert "Times must be like 09:00" in await response.text()


async def test_cancelling_a_booked_slot_tells_the_person_and_offers_the_next_times(
    console: Console,
) -> None:
    store = BookingStore(console.app[DATABASE])
    await store.publish([slot(in_days(3, hour)) for hour in (9, 10, 11)], by="test")
    free, _ = await store.free_slots("career")
    booking = await store.book(free[0].id, booker(), reminders=lambda found: [])
    await console.log_in(await console.add_user("reviewer"))

    response = await console.post(f"/staff/slots/{free[0].id}/cancel")

    assert response.status == 303
    with console.app[DATABASE].connect() as connection:
        row = connection.execute(
            select(OutboundMessage.recipient, OutboundMessage.kind, OutboundMessage.messages)
        ).one()
    recipient, kind, [message] = row
    assert (recipient, kind) == ("webchat:person1", "booking")
    assert f"had to cancel your appointment **{booking.reference}**" in message["text"]
    assert [button["title"][-18:] for button in message["buttons"]] == [
        "10:00 · Maria Tamm",
        "11:00 · Maria Tamm",
    ]
    assert message["buttons"][0]["payload"].startswith("/book_appointment{")
    day = in_days(3, 9).date().isoformat()
    page = await (await console.get(f"/staff/slots?day={day}")).text()
    assert "slot cancelled by the office" in page
    assert "a***@example.com" in page
    assert "anna.smith" not in page
    assert ("slot_cancelled", f"slot:{free[0].id}") in audit_actions(console)


async def test_a_no_show_is_marked_and_the_day_exported_masked_and_spreadsheet_safe(
    console: Console,
) -> None:
    started = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=10)
    yesterday = BookingStore(console.app[DATABASE], clock=lambda: started - timedelta(days=1))
    await yesterday.publish([slot(started, counsellor="=HYPERLINK(1)")], by="test")
    [found], _ = await yesterday.free_slots("career")
    booking = await yesterday.book(found.id, booker(), reminders=lambda found: [])
    await console.log_in(await console.add_user("reviewer"))

    marked = await console.post(f"/staff/bookings/{booking.reference}/no-show")

    assert marked.status == 303
    day = started.astimezone(OFFICE).date()
    export = await console.get(f"/staff/slots/export?day={day.isoformat()}")
    assert export.status == 200
    assert export.headers["Content-Disposition"] == (
        f'attachment; filename="appointments-{day.isoformat()}.csv"'
    )
    [header, row] = list(csv.reader(io.StringIO(await export.text())))
    values = dict(zip(header, row, strict=True))
    assert values["counsellor"] == "'=HYPERLINK(1)"
    assert (values["reference"], values["booking_status"]) == (booking.reference, "no_show")
    assert values["contact"] == "a***@example.com"
    assert ("booking_no_show", f"booking:{booking.reference}") in audit_actions(console)
    assert ("export", f"appointments:{day.isoformat()}") in audit_actions(console)


async def test_a_no_show_before_the_start_is_refused(console: Console) -> None:
    store = BookingStore(console.app[DATABASE])
    await store.publish([slot(in_days(2, 9))], by="test")
    [found], _ = await store.free_slots("career")
    booking = await store.book(found.id, booker(), reminders=lambda found: [])
    await console.log_in(await console.add_user("reviewer"))

    refused = await console.post(f"/staff/bookings/{booking.reference}/no-show")

    assert refused.status == 400
    assert "only once the appointment has begun" in await refused.text()
