"""The conversation log (conversations, events, tags, notes) and the audit log.

On PostgreSQL a GIN index over `to_tsvector('simple', search_text)` serves full-text search;
SQLite searches with LIKE and needs none.

Revision ID: 0002
Revises: 0001
Create Date: 2025-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_KINDS = (
    "user",
    "bot",
    "action",
    "slot",
    "form",
    "fallback",
    "handoff",
    "staff",
    "delivery_failure",
    "session",
)
SEARCH_INDEX = "ix_conversation_events_search_text_tsv"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_messages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("bot_messages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("min_confidence", sa.Float(), nullable=True),
        sa.Column("had_fallback", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("handoff_requested", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("had_staff", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reviewed_by", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_slot", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(
        "ix_conversations_sender_id_started_at", "conversations", ["sender_id", "started_at"]
    )
    op.create_index("ix_conversations_last_activity_at", "conversations", ["last_activity_at"])
    op.create_index("ix_conversations_started_at", "conversations", ["started_at"])

    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("intent", sa.String(length=128), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("sensitive", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_events")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(_one_of("kind", EVENT_KINDS), name=op.f("ck_conversation_events_kind")),
        sa.CheckConstraint(
            _one_of("source", ("rasa", "gateway")), name=op.f("ck_conversation_events_source")
        ),
    )
    op.create_index(
        "ix_conversation_events_conversation_id_timestamp",
        "conversation_events",
        ["conversation_id", "timestamp"],
    )
    op.create_index("ix_conversation_events_intent", "conversation_events", ["intent"])
    op.create_index("ix_conversation_events_timestamp", "conversation_events", ["timestamp"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX {SEARCH_INDEX} ON conversation_events "
            "USING gin (to_tsvector('simple', coalesce(search_text, '')))"
        )

    op.create_table(
        "conversation_tags",
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "tag", name=op.f("pk_conversation_tags")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_tags_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_conversation_tags_tag", "conversation_tags", ["tag"])

    op.create_table(
        "conversation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_notes")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_notes_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_conversation_notes_conversation_id", "conversation_notes", ["conversation_id"]
    )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_conversation_notes_conversation_id", table_name="conversation_notes")
    op.drop_table("conversation_notes")
    op.drop_index("ix_conversation_tags_tag", table_name="conversation_tags")
    op.drop_table("conversation_tags")
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {SEARCH_INDEX}")
    op.drop_index("ix_conversation_events_timestamp", table_name="conversation_events")
    op.drop_index("ix_conversation_events_intent", table_name="conversation_events")
    op.drop_index(
        "ix_conversation_events_conversation_id_timestamp", table_name="conversation_events"
    )
    op.drop_table("conversation_events")
    op.drop_index("ix_conversations_started_at", table_name="conversations")
    op.drop_index("ix_conversations_last_activity_at", table_name="conversations")
    op.drop_index("ix_conversations_sender_id_started_at", table_name="conversations")
    op.drop_table("conversations")
