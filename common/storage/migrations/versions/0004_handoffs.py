"""The live handoff: requests for a human, their queue and who holds them.

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("taken_by", sa.Text(), nullable=True),
        sa.Column("staff_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
        sa.CheckConstraint(
            "status IN ('waiting', 'active', 'closed')", name=op.f("ck_handoffs_status")
        ),
        sa.CheckConstraint("reason IN ('asked', 'fallback')", name=op.f("ck_handoffs_reason")),
    )
    op.create_index("ix_handoffs_status_requested_at", "handoffs", ["status", "requested_at"])
    op.create_index("ix_handoffs_sender_id_status", "handoffs", ["sender_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_handoffs_sender_id_status", table_name="handoffs")
    op.drop_index("ix_handoffs_status_requested_at", table_name="handoffs")
    op.drop_table("handoffs")
