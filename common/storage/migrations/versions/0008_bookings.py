"""Counselling appointments: slots published by staff, bookings made in the chat.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOOKED = sa.text("status = 'booked'")


def upgrade() -> None:
    op.create_table(
        "counselling_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counsellor", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place_kind", sa.String(length=8), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="free", nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counselling_slots")),
        sa.UniqueConstraint(
            "counsellor", "starts_at", name="uq_counselling_slots_counsellor_start"
        ),
        sa.CheckConstraint(
            "topic IN ('career', 'benefits', 'training', 'migrants')",
            name=op.f("ck_counselling_slots_topic"),
        ),
        sa.CheckConstraint(
            "status IN ('free', 'booked', 'cancelled')", name=op.f("ck_counselling_slots_status")
        ),
        sa.CheckConstraint(
            "place_kind IN ('online', 'office')", name=op.f("ck_counselling_slots_place_kind")
        ),
        sa.CheckConstraint(
            "minutes > 0 AND minutes <= 480", name=op.f("ck_counselling_slots_minutes")
        ),
    )
    op.create_index(
        "ix_counselling_slots_topic_status_starts_at",
        "counselling_slots",
        ["topic", "status", "starts_at"],
    )
    op.create_index("ix_counselling_slots_starts_at", "counselling_slots", ["starts_at"])
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("contact_kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="booked", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_bookings_reference")),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["counselling_slots.id"],
            name=op.f("fk_bookings_slot_id_counselling_slots"),
        ),
        sa.CheckConstraint(
            "status IN ('booked', 'cancelled', 'slot_cancelled', 'no_show')",
            name=op.f("ck_bookings_status"),
        ),
        sa.CheckConstraint(
            "contact_kind IN ('phone', 'email')", name=op.f("ck_bookings_contact_kind")
        ),
    )
    op.create_index(op.f("ix_bookings_slot_id"), "bookings", ["slot_id"])
    op.create_index("ix_bookings_sender_id_status", "bookings", ["sender_id", "status"])
    op.create_index(
        "uq_bookings_slot_id_booked",
        "bookings",
        ["slot_id"],
        unique=True,
        sqlite_where=BOOKED,
        postgresql_where=BOOKED,
    )


def downgrade() -> None:
    op.drop_index("uq_bookings_slot_id_booked", table_name="bookings")
    op.drop_index("ix_bookings_sender_id_status", table_name="bookings")
    op.drop_index(op.f("ix_bookings_slot_id"), table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_counselling_slots_starts_at", table_name="counselling_slots")
    op.drop_index("ix_counselling_slots_topic_status_starts_at", table_name="counselling_slots")
    op.drop_table("counselling_slots")
