"""A booking's reminders, worded from data/content/bookings.yml, reach the person's Telegram chat
through the outbox and the delivery worker once they are due (withdrawing them when a booking
moves or is cancelled is tested with the store, tests/common/storage/test_booking_store.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from common.appointments import Appointments
from common.storage.bookings import Booker, BookingStore, NewSlot
from relay.keys import SETTINGS

CHAT = 424242


async def test_both_reminders_are_delivered_in_the_persons_language_with_buttons(
    gateway: Any,
) -> None:
    settings = gateway.client.app[SETTINGS]
    wording = Appointments.load(settings.content_dir, settings.languages.codes, "en")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    # Booked two days ago for a slot that begins in half an hour: both reminders are due now.
    booked_at = now - timedelta(days=2)
    store = BookingStore(gateway.engine, clock=lambda: booked_at)
    start = (now + timedelta(minutes=30)).astimezone(ZoneInfo("Europe/Tallinn"))
    await store.publish(
        [NewSlot("Ольга Петрова", "benefits", start, 45, "office", "ул. Мира 1, каб. 5")],
        by="test",
    )
    [slot], _ = await store.free_slots("benefits")
    person = Booker(f"telegram:{CHAT}", "telegram", "ru", "+79123456789", "phone")
    booking = await store.book(
        slot.id, person, reminders=lambda found: wording.reminders(found, booked_at)
    )

    await gateway.status(f"reminder:{booking.reference}:{slot.id}:hour_before", "sent")

    day_before, hour_before = gateway.telegram.texts(CHAT)
    reference = booking.reference
    assert day_before.startswith(f"Напоминание: завтра у вас консультация, запись {reference}")
    assert hour_before.startswith(f"Через час начинается ваша консультация, запись {reference}")
    assert "В офисе: ул. Мира 1, каб. 5" in hour_before
    assert start.strftime("%H:%M") in hour_before
    assert [button["text"] for row in gateway.telegram.buttons(CHAT)[1] for button in row] == [
        "Перенести",
        "Отменить",
    ]
