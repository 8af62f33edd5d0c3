"""Pre-registrations (intakes) collected by the assistant.

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("sender_id", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("contact_kind", sa.String(length=8), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("employment_status", sa.Text(), nullable=False),
        sa.Column("last_occupation", sa.Text(), nullable=True),
        sa.Column("education_level", sa.Text(), nullable=True),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="new", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intakes")),
        sa.CheckConstraint(
            "status IN ('new', 'contacted', 'done')", name=op.f("ck_intakes_status")
        ),
        sa.CheckConstraint(
            "contact_kind IN ('phone', 'email')", name=op.f("ck_intakes_contact_kind")
        ),
    )
    op.create_index(op.f("ix_intakes_reference"), "intakes", ["reference"], unique=True)
    op.create_index(op.f("ix_intakes_sender_id"), "intakes", ["sender_id"])
    op.create_index(op.f("ix_intakes_sender_id_created_at"), "intakes", ["sender_id", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_intakes_sender_id_created_at"), table_name="intakes")
    op.drop_index(op.f("ix_intakes_sender_id"), table_name="intakes")
    op.drop_index(op.f("ix_intakes_reference"), table_name="intakes")
    op.drop_table("intakes")
