"""The booking store: counselling slots published by staff, booked, moved and cancelled in chat.

Two people can never hold one slot: a booking takes its slot with one conditional UPDATE
(`status` "free" → "booked", only if the slot is still free and far enough ahead); whoever's
UPDATE changes no row gets `SlotTakenError`. PostgreSQL re-checks the condition after the other
transaction commits, SQLite runs writers one after another, so both give the same answer.

Messages for the person (reminders, "your slot was cancelled") are queued in the shared outbox
(`common.storage.outbox`) in the same transaction as the change they tell about, so a booking
never exists without its reminders, and a cancelled one never keeps them.

The clock is injected (`clock`), so tests move time instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Final

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.privacy import mask_sender_id
from common.storage import audit, outbox
from common.storage.booking_models import (
    MAX_MINUTES,
    PLACE_KINDS,
    SLOT_TOPICS,
    Booking,
    CounsellingSlot,
)
from common.storage.columns import utc_now
from common.storage.models import CONTACT_KINDS
from common.storage.references import new_reference
from common.storage.sessions import read, write

BOOKING_PREFIX: Final = "CB"
# A slot can be booked until this long before it starts (staff need time to prepare).
DEFAULT_NOTICE: Final = timedelta(hours=1)
_REFERENCE_ATTEMPTS: Final = 5


class BookingError(Exception):
    """A booking change that cannot be made; the subclass says why."""


class SlotTakenError(BookingError):
    """The slot is no longer free (someone else was quicker, staff cancelled it, or it is too
    soon)."""


class AlreadyBookedError(BookingError):
    """The person already has an upcoming appointment (one at a time)."""


class NoBookingError(BookingError):
    """The person has no upcoming appointment."""


@dataclass(frozen=True)
class NewSlot:
    counsellor: str
    topic: str
    starts_at: datetime
    minutes: int
    place_kind: str
    place: str

    def __post_init__(self) -> None:
        if self.topic not in SLOT_TOPICS:
            raise ValueError(f"topic must be one of {SLOT_TOPICS}: {self.topic!r}")
        if self.place_kind not in PLACE_KINDS:
            raise ValueError(f"place_kind must be one of {PLACE_KINDS}: {self.place_kind!r}")
        if not 0 < self.minutes <= MAX_MINUTES:
            raise ValueError("a slot lasts between 1 and 480 minutes")
        if self.starts_at.utcoffset() is None:
            raise ValueError("starts_at must be timezone-aware")
        if not self.counsellor.strip() or not self.place.strip():
            raise ValueError("a slot needs a counsellor and a place (link or address)")


@dataclass(frozen=True)
class SlotRecord:
    id: int
    counsellor: str
    topic: str
    starts_at: datetime
    minutes: int
    place_kind: str
    place: str
    status: str

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Booker:
    """Who books: the conversation and a validated contact. Personal fields stay out of logs."""

    sender_id: str = field(repr=False)
    channel: str
    language: str
    contact: str = field(repr=False)
    contact_kind: str

    def __post_init__(self) -> None:
        if self.contact_kind not in CONTACT_KINDS:
            raise ValueError(f"contact_kind must be one of {CONTACT_KINDS}")


@dataclass(frozen=True)
class BookingRecord:
    id: int
    reference: str
    slot: SlotRecord
    sender_id: str = field(repr=False)
    channel: str
    language: str
    contact: str = field(repr=False)
    contact_kind: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class Outbound:
    """A message for the person, queued with the change it belongs to (`messages`: Rasa
    message dicts; `not_before`: when it may be sent, None for at once)."""

    kind: str
    dedup_key: str
    messages: list[dict[str, Any]]
    not_before: datetime | None = None


@dataclass(frozen=True)
class DayEntry:
    """One slot of a day for the staff console, with its booking if it has one."""

    slot: SlotRecord
    booking: BookingRecord | None


@dataclass(frozen=True)
class PublishReport:
    created: int
    skipped: int  # the counsellor already had a slot starting at that time


# What a booking's reminders are, computed when it is made or moved.
Reminders = Callable[[BookingRecord], Sequence[Outbound]]
# What the person is told when staff cancel their slot.
Notice = Callable[[BookingRecord], Sequence[Outbound]]


def reminder_key(booking: BookingRecord, kind: str) -> str:
    """The outbox key of one reminder of a booking in its current slot (a moved booking gets
    new reminders; the old slot's are withdrawn)."""
    return f"reminder:{booking.reference}:{booking.slot.id}:{kind}"


class BookingStore:
    """Slots and bookings in `counselling_slots` and `bookings` (schema by the migrations)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], datetime] = utc_now,
        notice: timedelta = DEFAULT_NOTICE,
        generate_reference: Callable[[str], str] = new_reference,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._notice = notice
        self._generate_reference = generate_reference

    # Staff ------------------------------------------------------------------------------------

    async def publish(self, slots: Sequence[NewSlot], *, by: str) -> PublishReport:
        """Add slots; one that a counsellor already has at that start is skipped (publishing
        the same week twice adds nothing). Audited."""

        def run(session: Session) -> PublishReport:
            created = skipped = 0
            for slot in slots:
                exists = session.execute(
                    select(CounsellingSlot.id).where(
                        CounsellingSlot.counsellor == slot.counsellor.strip(),
                        CounsellingSlot.starts_at == slot.starts_at,
                    )
                ).first()
                if exists:
                    skipped += 1
                    continue
                session.add(
                    CounsellingSlot(
                        counsellor=slot.counsellor.strip(),
                        topic=slot.topic,
                        starts_at=slot.starts_at,
                        minutes=slot.minutes,
                        place_kind=slot.place_kind,
                        place=slot.place.strip(),
                        status="free",
                        created_by=by,
                        created_at=self._clock(),
                    )
                )
                created += 1
            session.flush()
            audit.record(
                session,
                actor=by,
                action="slots_published",
                target="counselling_slots",
                details={"created": created, "skipped": skipped},
            )
            return PublishReport(created, skipped)

        return await write(self._engine, run)

    async def day(self, day: date, zone: tzinfo) -> list[DayEntry]:
        """The slots of a local day, per counsellor in time order, with their bookings (the
        booking that is on, else the latest one)."""
        start = datetime.combine(day, time(), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)

        def run(session: Session) -> list[DayEntry]:
            slots = session.execute(
                select(CounsellingSlot)
                .where(CounsellingSlot.starts_at >= start, CounsellingSlot.starts_at < end)
                .order_by(CounsellingSlot.counsellor, CounsellingSlot.starts_at)
            ).scalars()
            entries = []
            for slot in slots:
                row = session.execute(
                    select(Booking)
                    .where(Booking.slot_id == slot.id)
                    .order_by((Booking.status == "booked").desc(), Booking.id.desc())
                    .limit(1)
                ).scalar_one_or_none()
                record = _slot_record(slot)
                entries.append(
                    DayEntry(record, None if row is None else _booking_record(row, record))
                )
            return entries

        return await read(self._engine, run)

    async def cancel_slot(self, slot_id: int, *, by: str, notice: Notice) -> BookingRecord | None:
        """Cancel a slot; its booking (if any) becomes "slot_cancelled", loses its reminders and
        the person is told (`notice`). Returns that booking. Audited."""

        def run(session: Session) -> BookingRecord | None:
            slot = session.get(CounsellingSlot, slot_id, with_for_update=True)
            if slot is None:
                raise NoBookingError(f"no slot {slot_id}")
            slot.status = "cancelled"
            row = _active_in_slot(session, slot_id)
            booking = None
            if row is not None:
                booking = _booking_record(row, _slot_record(slot))
                _withdraw_reminders(session, booking)
                row.status = "slot_cancelled"
                row.updated_at = self._clock()
                for message in notice(booking):
                    _enqueue(session, booking, message)
            session.flush()
            audit.record(
                session,
                actor=by,
                action="slot_cancelled",
                target=f"slot:{slot_id}",
                details={"booking": booking.reference if booking else None},
            )
            return booking

        return await write(self._engine, run)

    async def mark_no_show(self, reference: str, *, by: str) -> BookingRecord | None:
        """Staff record that the person did not come (only for a booking whose slot began).
        Audited. None if there is no such booking on."""

        def run(session: Session) -> BookingRecord | None:
            row = session.execute(
                select(Booking).where(Booking.reference == reference, Booking.status == "booked")
            ).scalar_one_or_none()
            if row is None:
                return None
            slot = session.get(CounsellingSlot, row.slot_id)
            if slot.starts_at > self._clock():
                raise BookingError("a no-show can only be marked once the appointment began")
            row.status = "no_show"
            row.updated_at = self._clock()
            session.flush()
            audit.record(
                session,
                actor=by,
                action="booking_no_show",
                target=f"booking:{reference}",
                details={"sender": mask_sender_id(row.sender_id)},
            )
            return _booking_record(row, _slot_record(slot))

        return await write(self._engine, run)

    # The person -------------------------------------------------------------------------------

    async def free_slots(
        self, topic: str, *, offset: int = 0, limit: int = 5
    ) -> tuple[list[SlotRecord], bool]:
        """Free slots of a topic that can still be booked, soonest first; and whether there
        are more after them."""
        earliest = self._clock() + self._notice

        def run(session: Session) -> tuple[list[SlotRecord], bool]:
            rows = session.execute(
                select(CounsellingSlot)
                .where(
                    CounsellingSlot.topic == topic,
                    CounsellingSlot.status == "free",
                    CounsellingSlot.starts_at > earliest,
                )
                .order_by(CounsellingSlot.starts_at, CounsellingSlot.id)
                .offset(max(0, offset))
                .limit(limit + 1)
            ).scalars()
            found = [_slot_record(row) for row in rows]
            return found[:limit], len(found) > limit

        return await read(self._engine, run)

    async def slot(self, slot_id: int) -> SlotRecord | None:
        def run(session: Session) -> SlotRecord | None:
            row = session.get(CounsellingSlot, slot_id)
            return None if row is None else _slot_record(row)

        return await read(self._engine, run)

    async def bookable(self, slot_id: int) -> SlotRecord | None:
        """The slot if it is free and far enough ahead to be booked now, else None."""
        earliest = self._clock() + self._notice

        def run(session: Session) -> SlotRecord | None:
            row = session.get(CounsellingSlot, slot_id)
            if row is None or row.status != "free" or row.starts_at <= earliest:
                return None
            return _slot_record(row)

        return await read(self._engine, run)

    async def upcoming(self, sender_id: str) -> BookingRecord | None:
        """The person's appointment that is on and has not ended yet."""
        now = self._clock()
        return await read(self._engine, lambda session: _upcoming(session, sender_id, now))

    async def book(self, slot_id: int, booker: Booker, *, reminders: Reminders) -> BookingRecord:
        """Book a free slot, with its reminders queued. SlotTakenError if it is not free (or
        too soon), AlreadyBookedError if the person has an upcoming appointment."""

        def run(session: Session) -> BookingRecord:
            now = self._clock()
            if _upcoming(session, booker.sender_id, now) is not None:
                raise AlreadyBookedError("the person already has an appointment")
            slot = self._take(session, slot_id, now)
            row = Booking(
                reference=self._generate_reference(BOOKING_PREFIX),
                slot_id=slot_id,
                sender_id=booker.sender_id,
                channel=booker.channel,
                language=booker.language,
                contact=booker.contact,
                contact_kind=booker.contact_kind,
                status="booked",
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            booking = _booking_record(row, slot)
            for message in reminders(booking):
                _enqueue(session, booking, message)
            return booking

        return await self._retrying_reference(run)

    async def reschedule(
        self, sender_id: str, slot_id: int, *, reminders: Reminders
    ) -> BookingRecord:
        """Move the person's upcoming appointment to another free slot (same reference): the
        new slot is taken first (SlotTakenError if it is not free), then the old one freed and
        its reminders replaced."""

        def run(session: Session) -> BookingRecord:
            now = self._clock()
            current = _upcoming(session, sender_id, now)
            if current is None:
                raise NoBookingError("no appointment to move")
            new_slot = self._take(session, slot_id, now)
            _withdraw_reminders(session, current)
            self._free(session, current.slot.id, now)
            row = session.get(Booking, current.id)
            row.slot_id = slot_id
            row.updated_at = now
            session.flush()
            booking = _booking_record(row, new_slot)
            for message in reminders(booking):
                _enqueue(session, booking, message)
            return booking

        return await write(self._engine, run)

    async def cancel(self, sender_id: str) -> BookingRecord:
        """Cancel the person's upcoming appointment: its slot is free again, its reminders
        withdrawn. NoBookingError if there is none."""

        def run(session: Session) -> BookingRecord:
            now = self._clock()
            current = _upcoming(session, sender_id, now)
            if current is None:
                raise NoBookingError("no appointment to cancel")
            _withdraw_reminders(session, current)
            self._free(session, current.slot.id, now)
            row = session.get(Booking, current.id)
            row.status = "cancelled"
            row.updated_at = now
            session.flush()
            return _booking_record(row, current.slot)

        return await write(self._engine, run)

    # Internals --------------------------------------------------------------------------------

    def _take(self, session: Session, slot_id: int, now: datetime) -> SlotRecord:
        """The one conditional UPDATE that books a slot (see the module's docstring)."""
        taken = session.execute(
            update(CounsellingSlot)
            .where(
                CounsellingSlot.id == slot_id,
                CounsellingSlot.status == "free",
                CounsellingSlot.starts_at > now + self._notice,
            )
            .values(status="booked")
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            raise SlotTakenError(f"slot {slot_id} is not free")
        row = session.get(CounsellingSlot, slot_id, populate_existing=True)
        return _slot_record(row)

    @staticmethod
    def _free(session: Session, slot_id: int, now: datetime) -> None:
        """A slot given back is free again if it has not begun (a past one stays booked)."""
        session.execute(
            update(CounsellingSlot)
            .where(
                CounsellingSlot.id == slot_id,
                CounsellingSlot.status == "booked",
                CounsellingSlot.starts_at > now,
            )
            .values(status="free")
            .execution_options(synchronize_session=False)
        )

    async def _retrying_reference(self, run: Callable[[Session], BookingRecord]) -> BookingRecord:
        """`run` in a transaction, again with a new reference if the drawn one was taken."""
        for attempt in range(_REFERENCE_ATTEMPTS):
            try:
                return await write(self._engine, run)
            except IntegrityError as error:
                if "reference" not in str(error.orig) or attempt + 1 == _REFERENCE_ATTEMPTS:
                    raise
        raise AssertionError("unreachable")


def erase_bookings(session: Session, sender_id: str, now: datetime) -> int:
    """Delete every booking of `sender_id` (their upcoming slots become free, their queued
    reminders are withdrawn); returns how many were deleted. For the erase command."""
    rows = session.execute(select(Booking).where(Booking.sender_id == sender_id)).scalars().all()
    for row in rows:
        slot = session.get(CounsellingSlot, row.slot_id)
        if row.status == "booked":
            _withdraw_reminders(session, _booking_record(row, _slot_record(slot)))
            BookingStore._free(session, row.slot_id, now)
        session.delete(row)
    session.flush()
    return len(rows)


def purge_bookings(session: Session, cutoff: datetime) -> int:
    """Delete the bookings (and slots) of appointments that began before `cutoff`; returns how
    many bookings were deleted. For the retention job."""
    old = select(CounsellingSlot.id).where(CounsellingSlot.starts_at < cutoff)
    deleted = session.execute(
        delete(Booking).where(Booking.slot_id.in_(old)).execution_options(synchronize_session=False)
    ).rowcount
    session.execute(
        delete(CounsellingSlot)
        .where(CounsellingSlot.starts_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(deleted or 0)


REMINDER_KINDS: Final = ("day_before", "hour_before")


def _withdraw_reminders(session: Session, booking: BookingRecord) -> None:
    """Drop the booking's reminders that are still waiting (one already sent stays sent)."""
    keys = [reminder_key(booking, kind) for kind in REMINDER_KINDS]
    session.execute(
        delete(outbox.OutboundMessage)
        .where(
            outbox.OutboundMessage.dedup_key.in_(keys),
            outbox.OutboundMessage.status == "queued",
        )
        .execution_options(synchronize_session=False)
    )


def _enqueue(session: Session, booking: BookingRecord, message: Outbound) -> None:
    """Queue a message for the person, if their channel is one the outbox delivers to (a
    conversation through Rasa's own REST channel or shell has nowhere to be reached)."""
    if booking.channel not in outbox.OUTBOUND_CHANNELS:
        return
    outbox.enqueue(
        session,
        channel=booking.channel,
        recipient=booking.sender_id,
        kind=message.kind,
        dedup_key=message.dedup_key,
        language=booking.language,
        messages=message.messages,
        not_before=message.not_before,
    )


def _upcoming(session: Session, sender_id: str, now: datetime) -> BookingRecord | None:
    found = session.execute(
        select(Booking, CounsellingSlot)
        .join(CounsellingSlot, CounsellingSlot.id == Booking.slot_id)
        .where(
            Booking.sender_id == sender_id,
            Booking.status == "booked",
            # A slot lasts at most MAX_MINUTES: one that began earlier has ended.
            CounsellingSlot.starts_at > now - timedelta(minutes=MAX_MINUTES),
        )
        .order_by(CounsellingSlot.starts_at)
    ).all()
    for booking, slot in found:
        record = _slot_record(slot)
        if record.ends_at > now:
            return _booking_record(booking, record)
    return None


def _active_in_slot(session: Session, slot_id: int) -> Booking | None:
    query = select(Booking).where(Booking.slot_id == slot_id, Booking.status == "booked")
    return session.execute(query).scalar_one_or_none()


def _slot_record(row: CounsellingSlot) -> SlotRecord:
    return SlotRecord(
        id=row.id,
        counsellor=row.counsellor,
        topic=row.topic,
        starts_at=row.starts_at,
        minutes=row.minutes,
        place_kind=row.place_kind,
        place=row.place,
        status=row.status,
    )


def _booking_record(row: Booking, slot: SlotRecord) -> BookingRecord:
    return BookingRecord(
        id=row.id,
        reference=row.reference,
        slot=slot,
        sender_id=row.sender_id,
        channel=row.channel,
        language=row.language,
        contact=row.contact,
        contact_kind=row.contact_kind,
        status=row.status,
        created_at=row.created_at,
    )
