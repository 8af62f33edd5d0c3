"""Pre-registrations as the console reads them: pages of the list, one by reference, status.

The intakes table belongs to `common.storage` (the action server writes it); these queries are the
console's own. References are matched exactly, as stored, whatever prefix the PES uses.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.privacy import mask_sender_id
from common.storage import audit
from common.storage.columns import utc_now
from common.storage.models import INTAKE_STATUSES, Intake

MAX_REFERENCE_LENGTH: Final = 16


@dataclass(frozen=True)
class Registration:
    """A stored pre-registration. Personal fields stay out of `repr` (logs)."""

    reference: str
    sender_id: str = field(repr=False)
    channel: str
    language: str
    full_name: str = field(repr=False)
    birth_date: date = field(repr=False)
    contact: str = field(repr=False)
    contact_kind: str
    region: str
    employment_status: str
    last_occupation: str | None
    education_level: str | None
    consent_given_at: datetime
    status: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RegistrationPage:
    registrations: tuple[Registration, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


class RegistrationStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def page(self, *, status: str | None, page: int, page_size: int) -> RegistrationPage:
        """Newest first; `status` one of INTAKE_STATUSES or None for all."""
        return await asyncio.to_thread(self._page, status, max(1, page), page_size)

    async def get(self, reference: str) -> Registration | None:
        return await asyncio.to_thread(self._get, reference)

    async def set_status(self, reference: str, status: str) -> Registration | None:
        """ValueError for an unknown status; None if there is no such reference."""
        if status not in INTAKE_STATUSES:
            raise ValueError(f"status must be one of {INTAKE_STATUSES}: {status!r}")
        return await asyncio.to_thread(self._set_status, reference, status)

    async def reveal(self, reference: str, *, by: str, reason: str) -> Registration | None:
        """The registration for an admin who gave a reason; the audit log records it first."""
        if not reason.strip():
            raise ValueError("a reason is required to see personal data")
        return await asyncio.to_thread(self._reveal, reference, by, reason)

    def _page(self, status: str | None, page: int, page_size: int) -> RegistrationPage:
        conditions = [Intake.status == status] if status else []
        with Session(self._engine, future=True) as session:
            total = session.execute(
                select(func.count()).select_from(Intake).where(*conditions)
            ).scalar_one()
            rows = session.execute(
                select(Intake)
                .where(*conditions)
                .order_by(Intake.created_at.desc(), Intake.id.desc())
                .offset((page - 1) * page_size)
                .limit(page_size)
            ).scalars()
            found = tuple(_registration(row) for row in rows)
        return RegistrationPage(found, int(total), page, page_size)

    def _get(self, reference: str) -> Registration | None:
        if len(reference) > MAX_REFERENCE_LENGTH:
            return None
        with Session(self._engine, future=True) as session:
            row = session.execute(select(Intake).where(Intake.reference == reference)).scalar()
            return None if row is None else _registration(row)

    def _set_status(self, reference: str, status: str) -> Registration | None:
        with Session(self._engine, future=True) as session, session.begin():
            query = select(Intake).where(Intake.reference == reference).with_for_update()
            row = session.execute(query).scalar()
            if row is None:
                return None
            if row.status != status:
                row.status = status
                row.updated_at = utc_now()
            session.flush()
            return _registration(row)

    def _reveal(self, reference: str, by: str, reason: str) -> Registration | None:
        with Session(self._engine, future=True) as session, session.begin():
            row = session.execute(select(Intake).where(Intake.reference == reference)).scalar()
            if row is None:
                return None
            audit.record(
                session,
                actor=by,
                action="reveal",
                target=f"intake:{reference}",
                reason=reason,
                details={"sender": mask_sender_id(row.sender_id)},
            )
            return _registration(row)


def _registration(row: Intake) -> Registration:
    return Registration(
        reference=row.reference,
        sender_id=row.sender_id,
        channel=row.channel,
        language=row.language,
        full_name=row.full_name,
        birth_date=row.birth_date,
        contact=row.contact,
        contact_kind=row.contact_kind,
        region=row.region,
        employment_status=row.employment_status,
        last_occupation=row.last_occupation,
        education_level=row.education_level,
        consent_given_at=row.consent_given_at,
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
