"""The intake store: saves pre-registrations and finds them again, without blocking the loop.

An intake is a stored pre-registration: the action server's registration form creates it, the
staff console lists, reads (masked unless an admin reveals it, audited) and updates it.

SQLAlchemy 1.4 is used synchronously; every public method runs its work in a worker thread
(`asyncio.to_thread`) and returns plain frozen dataclasses, never ORM objects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Final, Literal, cast

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.privacy import mask_sender_id
from common.storage import audit
from common.storage.columns import utc_now
from common.storage.log_records import Paged
from common.storage.models import CONTACT_KINDS, INTAKE_STATUSES, Intake
from common.storage.references import new_reference, normalize_reference, validate_prefix
from common.storage.sessions import read, reading, write, writing

IntakeStatus = Literal["new", "contacted", "done"]
ContactKind = Literal["phone", "email"]

# A collision needs two equal draws out of 32**6; ten in a row means something else is wrong.
MAX_REFERENCE_ATTEMPTS: Final = 10
# Longer than any reference (prefix of up to 8, a dash, 6 characters): not worth a query.
MAX_REFERENCE_LENGTH: Final = 16


@dataclass(frozen=True, slots=True)
class NewIntake:
    """What the registration form collected. Personal fields are left out of `repr` (logs)."""

    sender_id: str
    channel: str
    language: str
    full_name: str = field(repr=False)
    birth_date: date = field(repr=False)
    contact: str = field(repr=False)
    contact_kind: ContactKind
    region: str
    employment_status: str
    consent_given_at: datetime
    last_occupation: str | None = None
    education_level: str | None = None

    def __post_init__(self) -> None:
        if self.contact_kind not in CONTACT_KINDS:
            raise ValueError(f"contact_kind must be one of {CONTACT_KINDS}: {self.contact_kind!r}")
        if self.consent_given_at.utcoffset() is None:
            raise ValueError("consent_given_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    """A stored intake. Personal fields are left out of `repr` (logs)."""

    id: int
    reference: str
    sender_id: str = field(repr=False)
    channel: str
    language: str
    full_name: str = field(repr=False)
    birth_date: date = field(repr=False)
    contact: str = field(repr=False)
    contact_kind: ContactKind
    region: str
    employment_status: str
    last_occupation: str | None
    education_level: str | None
    consent_given_at: datetime
    status: IntakeStatus
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class IntakePage(Paged):
    """One page of intakes, newest first."""

    intakes: tuple[IntakeRecord, ...]
    total: int
    page: int
    page_size: int


class ReferenceExhaustedError(RuntimeError):
    """No free reference was found in MAX_REFERENCE_ATTEMPTS draws."""


class IntakeStore:
    """Pre-registrations in the `intakes` table (schema by `common.storage.migrate.upgrade`)."""

    def __init__(
        self,
        engine: Engine,
        reference_prefix: str = "DP",
        *,
        generate_reference: Callable[[str], str] = new_reference,
    ) -> None:
        """`generate_reference` draws a candidate reference for a prefix (tests pin it)."""
        self._engine = engine
        self._prefix = validate_prefix(reference_prefix)
        self._generate_reference = generate_reference

    @property
    def engine(self) -> Engine:
        return self._engine

    async def create(self, new: NewIntake) -> IntakeRecord:
        """Store a new intake under a fresh unique reference, with status "new"."""
        return await asyncio.to_thread(self._create, new)

    async def latest_for_sender(self, sender_id: str) -> IntakeRecord | None:
        """The most recently created intake of this conversation sender, if any."""
        return await asyncio.to_thread(self._latest_for_sender, sender_id)

    async def by_reference(self, reference: str) -> IntakeRecord | None:
        """The intake with this reference, however it was typed (case, spaces, dashes)."""
        return await asyncio.to_thread(self._by_reference, reference)

    async def get(self, reference: str) -> IntakeRecord | None:
        """The intake with exactly this reference, whatever its prefix (the console's links)."""
        if len(reference) > MAX_REFERENCE_LENGTH:
            return None
        return await read(self._engine, lambda session: _by_stored_reference(session, reference))

    async def page(self, *, status: str | None, page: int, page_size: int) -> IntakePage:
        """Newest first; `status` one of INTAKE_STATUSES, or None for all."""
        return await read(
            self._engine, lambda session: _page(session, status, max(1, page), page_size)
        )

    async def set_status(self, reference: str, status: str) -> IntakeRecord | None:
        """Change the status of an intake; None if there is no such reference (as typed, or
        exactly as stored).

        Raises ValueError for a status other than "new", "contacted" or "done".
        """
        if status not in INTAKE_STATUSES:
            raise ValueError(f"status must be one of {INTAKE_STATUSES}: {status!r}")
        return await asyncio.to_thread(self._set_status, reference, status)

    async def reveal(self, reference: str, *, by: str, reason: str) -> IntakeRecord | None:
        """The intake for an admin who gave a reason; the audit log records it in the same
        transaction (no record, no data)."""
        if not reason.strip():
            raise ValueError("a reason is required to see personal data")

        def run(session: Session) -> IntakeRecord | None:
            found = _by_stored_reference(session, reference)
            if found is not None:
                audit.record(
                    session,
                    actor=by,
                    action="reveal",
                    target=f"intake:{reference}",
                    reason=reason,
                    details={"sender": mask_sender_id(found.sender_id)},
                )
            return found

        return await write(self._engine, run)

    def _create(self, new: NewIntake) -> IntakeRecord:
        for _ in range(MAX_REFERENCE_ATTEMPTS):
            reference = self._generate_reference(self._prefix)
            now = utc_now()
            row = Intake(
                reference=reference,
                sender_id=new.sender_id,
                channel=new.channel,
                language=new.language,
                full_name=new.full_name,
                birth_date=new.birth_date,
                contact=new.contact,
                contact_kind=new.contact_kind,
                region=new.region,
                employment_status=new.employment_status,
                last_occupation=new.last_occupation,
                education_level=new.education_level,
                consent_given_at=new.consent_given_at.astimezone(timezone.utc),
                status="new",
                created_at=now,
                updated_at=now,
            )
            try:
                with writing(self._engine) as session:
                    session.add(row)
                    session.flush()
                    return _record(row)
            except IntegrityError:
                if not self._reference_taken(reference):
                    raise  # another constraint failed: retrying would not help
        raise ReferenceExhaustedError(
            f"no free {self._prefix} reference after {MAX_REFERENCE_ATTEMPTS} attempts"
        )

    def _reference_taken(self, reference: str) -> bool:
        with reading(self._engine) as session:
            found = session.execute(select(Intake.id).where(Intake.reference == reference))
            return found.first() is not None

    def _latest_for_sender(self, sender_id: str) -> IntakeRecord | None:
        query = (
            select(Intake)
            .where(Intake.sender_id == sender_id)
            .order_by(Intake.created_at.desc(), Intake.id.desc())
            .limit(1)
        )
        with reading(self._engine) as session:
            row = session.execute(query).scalars().first()
            return None if row is None else _record(row)

    def _by_reference(self, reference: str) -> IntakeRecord | None:
        canonical = normalize_reference(reference, self._prefix)
        if canonical is None:
            return None
        with reading(self._engine) as session:
            row = session.execute(select(Intake).where(Intake.reference == canonical))
            found = row.scalars().first()
            return None if found is None else _record(found)

    def _set_status(self, reference: str, status: str) -> IntakeRecord | None:
        canonical = normalize_reference(reference, self._prefix) or reference
        if len(canonical) > MAX_REFERENCE_LENGTH:
            return None
        with writing(self._engine) as session:
            query = select(Intake).where(Intake.reference == canonical).with_for_update()
            row = session.execute(query).scalars().first()
            if row is None:
                return None
            if row.status != status:
                row.status = status
                row.updated_at = utc_now()
            session.flush()
            return _record(row)


def _by_stored_reference(session: Session, reference: str) -> IntakeRecord | None:
    row = session.execute(select(Intake).where(Intake.reference == reference)).scalars().first()
    return None if row is None else _record(row)


def _page(session: Session, status: str | None, page: int, page_size: int) -> IntakePage:
    conditions = [Intake.status == status] if status else []
    total = session.execute(select(func.count()).select_from(Intake).where(*conditions))
    rows = session.execute(
        select(Intake)
        .where(*conditions)
        .order_by(Intake.created_at.desc(), Intake.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).scalars()
    return IntakePage(tuple(_record(row) for row in rows), int(total.scalar_one()), page, page_size)


def _record(row: Intake) -> IntakeRecord:
    return IntakeRecord(
        id=row.id,
        reference=row.reference,
        sender_id=row.sender_id,
        channel=row.channel,
        language=row.language,
        full_name=row.full_name,
        birth_date=row.birth_date,
        contact=row.contact,
        contact_kind=cast(ContactKind, row.contact_kind),
        region=row.region,
        employment_status=row.employment_status,
        last_occupation=row.last_occupation,
        education_level=row.education_level,
        consent_given_at=row.consent_given_at,
        status=cast(IntakeStatus, row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
