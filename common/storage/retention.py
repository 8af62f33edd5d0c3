"""Retention: purge conversations older than the retention period, erase one person's data.

Erasing a person covers the conversation log (with their handoff requests), their
pre-registrations (intakes, by sender id), their job alerts and the messages queued or sent to
them (the outbox), and Rasa's tracker in Redis (the RedisTrackerStore key
`tracker:<sender id>`). Purging also deletes job alerts past their retention and outbox rows
sent or given up before the cutoff. Audit entries are written by the caller
(`common.storage.log_store`), in the same transaction as the deletes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import redis
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from common.storage import alerts
from common.storage.handoff_models import Handoff
from common.storage.log_models import Conversation, ConversationEvent
from common.storage.models import Intake
from common.storage.outbox import OutboundMessage

# Rasa's RedisTrackerStore key for a conversation: DEFAULT_REDIS_TRACKER_STORE_KEY_PREFIX
# ("tracker:") + sender id; rasa_plugins.stores sets no key prefix of its own.
TRACKER_KEY_PREFIX: Final = "tracker:"
REDIS_TIMEOUT_S: Final = 5.0


def purge(session: Session, cutoff: datetime) -> tuple[int, int]:
    """Delete the conversations whose last activity is before `cutoff` (with their events,
    tags and notes) and the closed handoff requests made before it; returns (conversations,
    events) deleted."""
    session.execute(
        delete(Handoff).where(Handoff.status == "closed", Handoff.requested_at < cutoff)
    )
    old = select(Conversation.id).where(Conversation.last_activity_at < cutoff)
    return _delete_conversations(session, old)


def purge_outreach(session: Session, cutoff: datetime, now: datetime) -> tuple[int, int]:
    """Delete the job alerts past their retention (at `now`) and the outbox rows finished
    before `cutoff`; returns (alerts, outbox rows) deleted."""
    expired = alerts.purge_expired(session, now)
    finished = session.execute(
        delete(OutboundMessage).where(
            OutboundMessage.status.in_(("sent", "failed")), OutboundMessage.created_at < cutoff
        )
    ).rowcount
    return expired, int(finished or 0)


def erase_outreach(session: Session, sender_id: str) -> tuple[int, int]:
    """Delete the sender's job alerts and every outbox row for them; returns the counts."""
    subscriptions = alerts.cancel(session, sender_id)
    messages = session.execute(
        delete(OutboundMessage).where(OutboundMessage.recipient == sender_id)
    ).rowcount
    return subscriptions, int(messages or 0)


def erase_log(session: Session, sender_id: str) -> tuple[int, int, int]:
    """Delete every conversation, handoff request and intake of `sender_id`; returns
    (conversations, events, intakes) deleted."""
    session.execute(delete(Handoff).where(Handoff.sender_id == sender_id))
    conversations, events = _delete_conversations(
        session, select(Conversation.id).where(Conversation.sender_id == sender_id)
    )
    intakes = session.execute(delete(Intake).where(Intake.sender_id == sender_id)).rowcount
    return conversations, events, int(intakes or 0)


def erase_tracker(redis_url: str | None, sender_id: str) -> tuple[int, str]:
    """Delete the sender's Rasa tracker from Redis; returns (keys deleted, where it looked).

    Raises redis.RedisError (or OSError) when Redis cannot be reached.
    """
    if not redis_url:
        return 0, "not in Redis (REDIS_URL not set: Rasa keeps trackers in memory until restart)"
    client = redis.Redis.from_url(
        redis_url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S
    )
    try:
        deleted = int(client.delete(TRACKER_KEY_PREFIX + sender_id))
    finally:
        client.close()
    return deleted, "Redis"


def _delete_conversations(session: Session, ids: object) -> tuple[int, int]:
    events = session.execute(
        select(func.count())
        .select_from(ConversationEvent)
        .where(ConversationEvent.conversation_id.in_(ids))
    ).scalar_one()
    # Events, tags and notes go with their conversation (ON DELETE CASCADE).
    deleted = session.execute(
        delete(Conversation)
        .where(Conversation.id.in_(ids))
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(deleted or 0), int(events)
