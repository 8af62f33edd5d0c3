"""The outbox: alerts, reminders and staff messages waiting to be sent, and their delivery record.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbound_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_messages")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbound_messages_dedup_key")),
        sa.CheckConstraint(
            "channel IN ('telegram', 'webchat')", name=op.f("ck_outbound_messages_channel")
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed', 'held')",
            name=op.f("ck_outbound_messages_status"),
        ),
    )
    op.create_index(
        "ix_outbound_messages_status_not_before", "outbound_messages", ["status", "not_before"]
    )
    op.create_table(
        "outbound_pauses",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("paused_by", sa.Text(), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_outbound_pauses")),
    )
    op.create_index(
        "ix_outbound_messages_recipient_status", "outbound_messages", ["recipient", "status"]
    )


def downgrade() -> None:
    op.drop_table("outbound_pauses")
    op.drop_index("ix_outbound_messages_recipient_status", table_name="outbound_messages")
    op.drop_index("ix_outbound_messages_status_not_before", table_name="outbound_messages")
    op.drop_table("outbound_messages")
