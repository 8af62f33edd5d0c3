"""ORM models. The schema itself is created by the Alembic migrations, never by `create_all`."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import CheckConstraint, Column, Date, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import declarative_base

from common.storage.columns import UTCDateTime, utc_now

# Named constraints and indexes, so that later migrations can refer to them by name.
NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

INTAKE_STATUSES: Final = ("new", "contacted", "done")
CONTACT_KINDS: Final = ("phone", "email")

# `Any`: SQLAlchemy 1.4 ships no type information (mypy sees it as untyped).
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Intake(Base):
    """A pre-registration collected by the assistant, waiting for the employment office.

    Free-form answers are `Text`, so that SQLite and PostgreSQL accept exactly the same input.
    `consent_given_at` is required: nothing is stored without the person's consent.
    """

    __tablename__ = "intakes"
    __table_args__ = (
        CheckConstraint(_one_of("status", INTAKE_STATUSES), name="status"),
        CheckConstraint(_one_of("contact_kind", CONTACT_KINDS), name="contact_kind"),
        Index("ix_intakes_sender_id_created_at", "sender_id", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=False, unique=True, index=True)
    sender_id = Column(Text, nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False)
    full_name = Column(Text, nullable=False)
    birth_date = Column(Date, nullable=False)
    contact = Column(Text, nullable=False)
    contact_kind = Column(String(8), nullable=False)
    region = Column(Text, nullable=False)
    employment_status = Column(Text, nullable=False)
    last_occupation = Column(Text, nullable=True)
    education_level = Column(Text, nullable=True)
    consent_given_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default="new", server_default="new")
    created_at = Column(UTCDateTime, nullable=False, default=utc_now)
    updated_at = Column(UTCDateTime, nullable=False, default=utc_now, onupdate=utc_now)
