"""The booking store: slots are booked by one person only, moved and cancelled with their
reminders, on SQLite and on PostgreSQL alike; time comes from a clock the tests move."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from multiprocessing.synchronize import Barrier
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from common.storage import make_engine
from common.storage.booking_models import Booking, CounsellingSlot
from common.storage.bookings import (
    AlreadyBookedError,
    Booker,
    BookingError,
    BookingRecord,
    BookingStore,
    NewSlot,
    NoBookingError,
    Outbound,
    SlotTakenError,
    purge_bookings,
    reminder_key,
)
from common.storage.log_models import AuditEntry
from common.storage.log_store import ConversationLog
from common.storage.outbox import OutboundMessage, claim_due, finish
from common.storage.sessions import writing

TALLINN = ZoneInfo("Europe/Tallinn")
MONDAY_9 = datetime(2027, 3, 1, 9, 0, tzinfo=TALLINN)  # 07:00 UTC


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def slot_at(starts_at: datetime, counsellor: str = "Maria Tamm", topic: str = "career") -> NewSlot:
    return NewSlot(
        counsellor=counsellor,
        topic=topic,
        starts_at=starts_at,
        minutes=45,
        place_kind="online",
        place="https://meet.demo-pes.example/maria",
    )


def person(n: int, channel: str = "telegram") -> Booker:
    return Booker(
        sender_id=f"{channel}:{1000 + n}",
        channel=channel,
        language="en",
        contact="+37255512345",
        contact_kind="phone",
    )


def two_reminders(booking: BookingRecord) -> Sequence[Outbound]:
    start = booking.slot.starts_at
    return [
        Outbound(
            "reminder", reminder_key(booking, kind), [{"text": f"{kind} {booking.reference}"}], when
        )
        for kind, when in (
            ("day_before", start - timedelta(days=1)),
            ("hour_before", start - timedelta(hours=1)),
        )
    ]


def no_reminders(booking: BookingRecord) -> Sequence[Outbound]:
    return []


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 2, 25, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def store(engine: Engine, clock: Clock) -> BookingStore:
    return BookingStore(engine, clock=clock)


async def published(store: BookingStore, *starts: datetime, topic: str = "career") -> list[int]:
    await store.publish([slot_at(start, topic=topic) for start in starts], by="anna")
    slots, _ = await store.free_slots(topic, limit=50)
    return [slot.id for slot in slots]


def queued(engine: Engine) -> list[tuple[str, str, datetime]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(OutboundMessage.dedup_key, OutboundMessage.recipient, OutboundMessage.not_before)
            .where(OutboundMessage.status == "queued")
            .order_by(OutboundMessage.not_before)
        )
        return [tuple(row) for row in rows]


async def test_free_slots_come_soonest_first_in_pages(store: BookingStore) -> None:
    starts = [MONDAY_9 + timedelta(hours=h) for h in (3, 0, 2, 1)]
    await store.publish([slot_at(start) for start in starts], by="anna")
    await store.publish([slot_at(MONDAY_9, counsellor="Ivan", topic="benefits")], by="anna")

    first, more = await store.free_slots("career", limit=3)
    rest, more_after = await store.free_slots("career", offset=3, limit=3)

    assert [slot.starts_at.astimezone(TALLINN).hour for slot in first] == [9, 10, 11]
    assert more is True
    assert [slot.starts_at.astimezone(TALLINN).hour for slot in rest] == [12]
    assert more_after is False


async def test_publishing_the_same_slots_again_adds_nothing(store: BookingStore) -> None:
    first = await store.publish(
        [slot_at(MONDAY_9), slot_at(MONDAY_9 + timedelta(hours=1))], by="anna"
    )
    again = await store.publish([slot_at(MONDAY_9)], by="anna")

    assert (first.created, first.skipped) == (2, 0)
    assert (again.created, again.skipped) == (0, 1)


async def test_a_booking_takes_the_slot_and_queues_two_reminders(
    store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)

    booking = await store.book(slot_id, person(1), reminders=two_reminders)

    assert booking.reference.startswith("CB-") and len(booking.reference) == 9
    assert booking.slot.status == "booked"
    assert await store.free_slots("career") == ([], False)
    assert await store.upcoming("telegram:1001") == booking
    assert queued(engine) == [
        (
            f"reminder:{booking.reference}:{slot_id}:day_before",
            "telegram:1001",
            MONDAY_9 - timedelta(days=1),
        ),
        (
            f"reminder:{booking.reference}:{slot_id}:hour_before",
            "telegram:1001",
            MONDAY_9 - timedelta(hours=1),
        ),
    ]


async def test_a_booked_slot_cannot_be_booked_again(store: BookingStore) -> None:
    [slot_id] = await published(store, MONDAY_9)
    await store.book(slot_id, person(1), reminders=no_reminders)

    with pytest.raises(SlotTakenError):
        await store.book(slot_id, person(2), reminders=no_reminders)

    assert await store.upcoming("telegram:1002") is None


async def test_a_slot_too_soon_cannot_be_booked(store: BookingStore, clock: Clock) -> None:
    [slot_id] = await published(store, MONDAY_9)
    clock.now = MONDAY_9 - timedelta(minutes=59)

    assert await store.free_slots("career") == ([], False)
    with pytest.raises(SlotTakenError):
        await store.book(slot_id, person(1), reminders=no_reminders)


async def test_one_appointment_at_a_time(store: BookingStore) -> None:
    first, second = await published(store, MONDAY_9, MONDAY_9 + timedelta(hours=1))
    await store.book(first, person(1), reminders=no_reminders)

    with pytest.raises(AlreadyBookedError):
        await store.book(second, person(1), reminders=no_reminders)


async def test_once_the_appointment_is_over_the_person_may_book_again(
    store: BookingStore, clock: Clock
) -> None:
    first, next_week = await published(store, MONDAY_9, MONDAY_9 + timedelta(days=7))
    await store.book(first, person(1), reminders=no_reminders)
    clock.now = MONDAY_9 + timedelta(minutes=45)

    assert await store.upcoming("telegram:1001") is None
    later = await store.book(next_week, person(1), reminders=no_reminders)
    assert later.slot.starts_at == MONDAY_9 + timedelta(days=7)


async def test_rescheduling_keeps_the_reference_frees_the_old_slot_and_moves_reminders(
    store: BookingStore, engine: Engine
) -> None:
    first, second = await published(store, MONDAY_9, MONDAY_9 + timedelta(days=1))
    booking = await store.book(first, person(1), reminders=two_reminders)

    moved = await store.reschedule("telegram:1001", second, reminders=two_reminders)

    assert moved.reference == booking.reference
    assert moved.slot.id == second
    assert [slot.id for slot in (await store.free_slots("career"))[0]] == [first]
    assert [key for key, _, _ in queued(engine)] == [
        f"reminder:{booking.reference}:{second}:day_before",
        f"reminder:{booking.reference}:{second}:hour_before",
    ]


async def test_rescheduling_to_a_taken_slot_changes_nothing(store: BookingStore) -> None:
    first, second = await published(store, MONDAY_9, MONDAY_9 + timedelta(days=1))
    mine = await store.book(first, person(1), reminders=no_reminders)
    await store.book(second, person(2), reminders=no_reminders)

    with pytest.raises(SlotTakenError):
        await store.reschedule("telegram:1001", second, reminders=no_reminders)

    assert await store.upcoming("telegram:1001") == mine


async def test_cancelling_frees_the_slot_and_withdraws_the_reminders(
    store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)
    await store.book(slot_id, person(1), reminders=two_reminders)

    cancelled = await store.cancel("telegram:1001")

    assert cancelled.status == "cancelled"
    assert [slot.id for slot in (await store.free_slots("career"))[0]] == [slot_id]
    assert queued(engine) == []
    with pytest.raises(NoBookingError):
        await store.cancel("telegram:1001")


async def test_staff_cancelling_a_slot_tells_the_person_and_drops_reminders(
    store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)
    booking = await store.book(slot_id, person(1), reminders=two_reminders)

    def notice(found: BookingRecord) -> Sequence[Outbound]:
        return [Outbound("booking", f"slot_cancelled:{found.reference}", [{"text": "sorry"}])]

    told = await store.cancel_slot(slot_id, by="anna", notice=notice)

    assert told is not None and told.reference == booking.reference
    assert [key for key, _, _ in queued(engine)] == [f"slot_cancelled:{booking.reference}"]
    assert await store.upcoming("telegram:1001") is None
    assert await store.free_slots("career") == ([], False)
    with engine.connect() as connection:
        actions = connection.execute(select(AuditEntry.action, AuditEntry.target)).all()
    assert ("slot_cancelled", f"slot:{slot_id}") in [tuple(row) for row in actions]


async def test_a_no_show_is_marked_only_after_the_start(store: BookingStore, clock: Clock) -> None:
    [slot_id] = await published(store, MONDAY_9)
    booking = await store.book(slot_id, person(1), reminders=no_reminders)

    with pytest.raises(BookingError):
        await store.mark_no_show(booking.reference, by="anna")
    clock.now = MONDAY_9 + timedelta(minutes=10)
    marked = await store.mark_no_show(booking.reference, by="anna")

    assert marked is not None and marked.status == "no_show"
    assert await store.mark_no_show(booking.reference, by="anna") is None


async def test_the_day_lists_slots_per_counsellor_with_their_bookings(store: BookingStore) -> None:
    await store.publish(
        [
            slot_at(MONDAY_9 + timedelta(hours=1), counsellor="Maria Tamm"),
            slot_at(MONDAY_9, counsellor="Maria Tamm"),
            slot_at(MONDAY_9, counsellor="Ivan Petrov"),
            slot_at(MONDAY_9 + timedelta(days=1), counsellor="Ivan Petrov"),
        ],
        by="anna",
    )
    slots, _ = await store.free_slots("career", limit=10)
    [marias_first] = [
        s.id for s in slots if s.counsellor == "Maria Tamm" and s.starts_at == MONDAY_9
    ]
    await store.book(marias_first, person(1), reminders=no_reminders)

    day = await store.day(date(2027, 3, 1), TALLINN)

    assert [(e.slot.counsellor, e.slot.starts_at.astimezone(TALLINN).hour) for e in day] == [
        ("Ivan Petrov", 9),
        ("Maria Tamm", 9),
        ("Maria Tamm", 10),
    ]
    assert [e.booking.reference[:3] if e.booking else None for e in day] == [None, "CB-", None]


async def test_reminders_are_not_queued_for_a_channel_the_outbox_cannot_reach(
    store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)

    await store.book(slot_id, replace(person(1), channel="rest"), reminders=two_reminders)

    assert queued(engine) == []


def book_together(start: Barrier, database_url: str, slot_id: int, n: int, results: object) -> None:
    """Runs in a child process with its own engine: wait for the others, then book."""
    engine = make_engine(database_url)
    store = BookingStore(engine, clock=lambda: datetime(2027, 2, 25, 12, 0, tzinfo=timezone.utc))
    start.wait(timeout=60)
    try:
        booking = asyncio.run(store.book(slot_id, person(n), reminders=two_reminders))
        results.put(("booked", booking.sender_id))  # type: ignore[attr-defined]
    except SlotTakenError:
        results.put(("taken", person(n).sender_id))  # type: ignore[attr-defined]
    finally:
        engine.dispose()


async def test_of_eight_people_booking_one_slot_at_once_exactly_one_gets_it(
    database_url: str, store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(8)
    results = spawn.Queue()
    processes = [
        spawn.Process(target=book_together, args=(start, database_url, slot_id, n, results))
        for n in range(8)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)

    assert [process.exitcode for process in processes] == [0] * 8
    assert sorted(outcome for outcome, _ in outcomes) == ["booked"] + ["taken"] * 7
    [winner] = [sender for outcome, sender in outcomes if outcome == "booked"]
    with engine.connect() as connection:
        bookings = connection.execute(select(Booking.sender_id, Booking.slot_id)).all()
        status = connection.execute(select(CounsellingSlot.status)).scalar_one()
    assert [tuple(row) for row in bookings] == [(winner, slot_id)]
    assert status == "booked"
    assert len(queued(engine)) == 2


async def test_erasing_a_person_deletes_their_bookings_frees_the_slot_and_drops_reminders(
    store: BookingStore, engine: Engine, clock: Clock
) -> None:
    first, second = await published(store, MONDAY_9, MONDAY_9 + timedelta(hours=1))
    await store.book(first, person(1), reminders=two_reminders)
    kept = await store.book(second, person(2), reminders=two_reminders)
    log = ConversationLog(engine, sensitive_slots=(), redis_url="redis://127.0.0.1:1/0")

    report = await log.erase("telegram:1001", by="olga", reason="Request 2027-3")

    assert report.bookings == 1
    assert await store.upcoming("telegram:1001") is None
    assert await store.upcoming("telegram:1002") == kept
    assert [slot.id for slot in (await store.free_slots("career"))[0]] == [first]
    assert [key.rsplit(":", 1)[1] for key, _, _ in queued(engine)] == [
        "day_before",
        "hour_before",
    ]
    [entry] = await log.audit_log(action="erase")
    assert entry.details["bookings"] == 1


async def test_the_retention_purge_deletes_appointments_that_began_before_the_cutoff(
    store: BookingStore, engine: Engine, clock: Clock
) -> None:
    past, future = await published(store, MONDAY_9, MONDAY_9 + timedelta(days=60))
    await store.book(past, person(1), reminders=no_reminders)
    await store.book(future, person(2), reminders=no_reminders)

    with writing(engine) as session:
        deleted = purge_bookings(session, MONDAY_9 + timedelta(days=1))

    assert deleted == 1
    assert await store.slot(past) is None
    assert (await store.upcoming("telegram:1002")) is not None


async def test_reminders_come_due_at_their_time_on_the_outbox_clock(
    store: BookingStore, engine: Engine
) -> None:
    [slot_id] = await published(store, MONDAY_9)
    booking = await store.book(slot_id, person(1), reminders=two_reminders)
    day_before = MONDAY_9 - timedelta(days=1)

    def due_at(moment: datetime) -> list[str]:
        with writing(engine) as session:
            claimed = claim_due(session, moment, lease=timedelta(seconds=1), limit=10)
            for row in claimed:
                finish(session, row.id, "sent")
            return [row.messages[0].text or "" for row in claimed]

    assert due_at(day_before - timedelta(minutes=1)) == []
    assert due_at(day_before) == [f"day_before {booking.reference}"]
    assert due_at(MONDAY_9 - timedelta(hours=1)) == [f"hour_before {booking.reference}"]
