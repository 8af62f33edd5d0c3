"""Booking a counselling appointment in the chat, with the trained model and the real action
server, in both languages: book → confirm → see → reschedule → cancel; the reminders wait in the
outbox; a slot someone else took meanwhile is refused politely."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from common.storage import make_engine, upgrade
from common.storage.booking_models import Booking
from common.storage.bookings import Booker, BookingStore, NewSlot
from common.storage.intakes import IntakeStore, NewIntake
from common.storage.outbox import OutboundMessage

pytestmark = pytest.mark.model

OFFICE = ZoneInfo("Europe/Tallinn")


def day_after_tomorrow() -> date:
    return (datetime.now(OFFICE) + timedelta(days=2)).date()


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OFFICE)


@pytest.fixture
def bookings(e2e_database_url: str) -> BookingStore:
    upgrade(e2e_database_url)
    return BookingStore(make_engine(e2e_database_url))


async def publish(store: BookingStore, topic: str, counsellor: str, hours: list[int]) -> None:
    day = day_after_tomorrow()
    slots = [
        NewSlot(counsellor, topic, at(day, hour), 45, "online", "https://meet.demo-pes.example/x")
        for hour in hours
    ]
    await store.publish(slots, by="test")


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [button for reply in replies for button in reply.get("buttons", [])]


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(reply.get("text", "")) for reply in replies)


def files(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [reply["custom"]["file"] for reply in replies if "file" in (reply.get("custom") or {})]


def picked_slot(payload: str) -> int:
    return int(json.loads(payload[payload.index("{") :])["counselling_slot"])


def outbox_keys(database_url: str, recipient: str) -> list[str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(OutboundMessage.dedup_key)
                .where(OutboundMessage.recipient == recipient, OutboundMessage.status == "queued")
                .order_by(OutboundMessage.not_before)
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def booking_status(database_url: str, reference: str) -> str:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            query = select(Booking.status).where(Booking.reference == reference)
            return str(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


async def test_booking_moving_and_cancelling_an_appointment_in_english(
    person: Any, bookings: BookingStore, e2e_database_url: str
) -> None:
    await publish(bookings, "career", "Maria Tamm", [9, 10, 11, 12, 13, 14])

    offer = await person.say("I'd like to talk to a career counsellor")
    assert "Free times for “Career guidance”" in texts(offer)
    first_page = buttons(offer)
    assert [b["title"] for b in first_page][-1] == "More times"
    assert len(first_page) == 6
    assert first_page[0]["title"].endswith("09:00 · Maria Tamm")

    more = buttons(await person.say(first_page[-1]["payload"]))
    assert [b["title"][-18:] for b in more] == ["14:00 · Maria Tamm"]

    asked = await person.say_text(first_page[1]["payload"])
    assert "phone number or e-mail" in asked
    assert "doesn't look like" in await person.say_text("tomorrow maybe")
    review = await person.say_text("+372 5123 4567")
    assert "Career guidance" in review and "10:00–10:45" in review
    assert "Contact: +37251234567" in review

    booked = await person.say("yes")
    reference = texts(booked).split("**")[1]
    assert reference.startswith("CB-")
    assert "Europe/Tallinn" in texts(booked)
    assert "https://meet.demo-pes.example/x" in texts(booked)
    [calendar] = files(booked)
    assert calendar["name"] == f"appointment-{reference}.ics"
    assert calendar["media_type"] == "text/calendar"
    assert "BEGIN:VEVENT" in calendar["content"]
    assert f"UID:{reference}@pes-assistant" in calendar["content"]
    first_slot = picked_slot(first_page[1]["payload"])
    assert outbox_keys(e2e_database_url, person.sender_id) == [
        f"reminder:{reference}:{first_slot}:day_before",
        f"reminder:{reference}:{first_slot}:hour_before",
    ]

    shown = await person.say("when is my appointment?")
    assert reference in texts(shown)
    assert [b["payload"] for b in buttons(shown)] == [
        "/reschedule_appointment",
        "/cancel_appointment",
    ]

    moving = await person.say("I need to move my appointment")
    later = [b for b in buttons(moving) if "12:00" in b["title"]]
    assert later, texts(moving)
    assert "Shall I move it?" in await person.say_text(later[0]["payload"])
    moved = await person.say("yes")
    assert f"**{reference}** is moved" in texts(moved)
    assert "12:00–12:45" in texts(moved)
    assert len(files(moved)) == 1
    new_slot = picked_slot(later[0]["payload"])
    assert outbox_keys(e2e_database_url, person.sender_id) == [
        f"reminder:{reference}:{new_slot}:day_before",
        f"reminder:{reference}:{new_slot}:hour_before",
    ]

    assert "Cancel your appointment" in await person.say_text("cancel my appointment")
    assert "is cancelled" in await person.say_text("yes")
    assert booking_status(e2e_database_url, reference) == "cancelled"
    assert outbox_keys(e2e_database_url, person.sender_id) == []
    assert "no upcoming appointment" in await person.say_text("my appointment")


async def test_booking_in_russian_reuses_the_pre_registration_contact(
    person: Any, bookings: BookingStore, e2e_database_url: str
) -> None:
    await publish(bookings, "benefits", "Ольга Петрова", [10, 11])
    intakes = IntakeStore(make_engine(e2e_database_url))
    await intakes.create(
        NewIntake(
            sender_id=person.sender_id,
            channel="webchat",
            language="ru",
            full_name="Иван Иванов",
            birth_date=date(1990, 1, 2),
            contact="+79123456789",
            contact_kind="phone",
            region="Казань",
            employment_status="unemployed",
            consent_given_at=datetime.now(timezone.utc),
        )
    )

    topics = await person.say("запишите меня на консультацию")
    assert "О чём вы хотели бы поговорить" in texts(topics)
    [benefits] = [b for b in buttons(topics) if b["title"] == "Пособия"]
    offer = await person.say(benefits["payload"])
    assert "Свободное время по теме «Пособия»" in texts(offer)
    review = await person.say_text(buttons(offer)[0]["payload"])
    assert "Контакт: +79123456789" in review
    assert "Записать вас?" in review

    booked = await person.say("да")
    assert "Номер записи" in texts(booked)
    reference = texts(booked).split("**")[1]
    assert "время — Europe/Tallinn" in texts(booked)
    assert len(files(booked)) == 1

    assert reference in await person.say_text("когда моя консультация?")
    assert "Перенести запись" in await person.say_text(
        buttons(await person.say("перенесите мою запись"))[0]["payload"]
    )
    assert "перенесена" in await person.say_text("да")
    assert "Отменить запись" in await person.say_text("отмените мою запись")
    assert "Хорошо, ничего не меняю" in await person.say_text("нет")
    assert booking_status(e2e_database_url, reference) == "booked"
    assert "Отменить запись" in await person.say_text("/cancel_appointment")
    assert "отменена" in await person.say_text("да")
    assert booking_status(e2e_database_url, reference) == "cancelled"


async def test_a_time_someone_else_booked_meanwhile_is_refused_politely(
    person: Any, bookings: BookingStore
) -> None:
    await publish(bookings, "migrants", "Amir Sayed", [15])
    offer = await person.say("I need advice from a counsellor about working here as a migrant")
    [slot_button] = buttons(offer)
    await person.say(slot_button["payload"])
    assert "Shall I book it?" in await person.say_text("anna@example.com")
    other = Booker("telegram:999", "telegram", "en", "+37251234567", "phone")
    await bookings.book(picked_slot(slot_button["payload"]), other, reminders=lambda b: [])

    refused = await person.say("yes")

    assert "someone booked that time a moment ago" in texts(refused)
    assert [b["title"] for b in buttons(refused)] == ["Choose another time"]
    assert "no upcoming appointment" in await person.say_text("my appointment")
