"""Job alert subscriptions: a person's saved search, matched against new vacancies.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("occupation", sa.Text(), nullable=True),
        sa.Column("occupation_codes", sa.Text(), nullable=False),
        sa.Column("occupation_label", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("place_id", sa.String(length=64), nullable=True),
        sa.Column("place_label", sa.Text(), nullable=True),
        sa.Column("salary_min", sa.Integer(), nullable=True),
        sa.Column("schedule", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("paused_reason", sa.String(length=16), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscriptions")),
        sa.CheckConstraint(
            "status IN ('active', 'paused')", name=op.f("ck_alert_subscriptions_status")
        ),
    )
    op.create_index("ix_alert_subscriptions_recipient", "alert_subscriptions", ["recipient"])
    op.create_index(
        "ix_alert_subscriptions_status_recipient", "alert_subscriptions", ["status", "recipient"]
    )
    op.create_index("ix_alert_subscriptions_expires_at", "alert_subscriptions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_alert_subscriptions_expires_at", table_name="alert_subscriptions")
    op.drop_index("ix_alert_subscriptions_status_recipient", table_name="alert_subscriptions")
    op.drop_index("ix_alert_subscriptions_recipient", table_name="alert_subscriptions")
    op.drop_table("alert_subscriptions")
