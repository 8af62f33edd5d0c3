"""The live handoff: queueing a person for a human, holding the conversation, handing it back.

- Rasa signals a request with a custom message `{"handoff": "requested", "reason": …,
  "language": …}` (the `utter_handoff` response, or the second fallback). `after_reply` takes
  it out of the reply and puts the person in the queue (or, outside office hours, says when
  staff answer and how to leave contact details).
- While a member of staff holds the conversation, `intercept` keeps the person's messages from
  Rasa: they are logged and shown to staff live.
- Staff take, reply and hand back through the console; the person is told on their channel
  (`channels`: one `PersonChannel` per channel name, registered by the channels).
- Every change is published on the bus, so every gateway's staff pages follow it live.

Nothing here may break the person's chat: a database failure costs the handoff, never the
assistant's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Protocol

from common.messages import BotMessage
from common.privacy import mask_sender_id, mask_text
from common.storage.columns import utc_now
from common.storage.errors import describe_error
from handoff.bus import Bus
from handoff.config import HandoffConfig
from handoff.held import HeldSenders
from handoff.store import HandoffRecord, HandoffStore
from handoff.streams import StaffStreams
from relay.conversation_log import GatewayLog
from relay.conversations import Interception

log = logging.getLogger(__name__)

STAFF_EVENTS: Final = "handoff.staff"
REASONS: Final = ("asked", "fallback")
IDLE: Final = "idle timeout"


class PersonChannel(Protocol):
    """How a channel reaches a person outside of their own turn (staff replies, notices)."""

    async def deliver(
        self, sender_id: str, messages: Sequence[BotMessage], *, from_staff: bool
    ) -> str | None:
        """Send the messages; None when they reached the person, else why not (for the log)."""


class HandoffError(Exception):
    """A staff action that cannot be done now; `code` names why (texts: staff_console.yml)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def handoff_request(message: BotMessage) -> dict[str, Any] | None:
    """The request in a Rasa message, if it is the handoff signal."""
    custom = message.custom
    if custom is not None and custom.get("handoff") == "requested":
        return dict(custom)
    return None


class Handoff:
    def __init__(
        self,
        store: HandoffStore,
        config: HandoffConfig,
        bus: Bus,
        *,
        log_writer: GatewayLog | None = None,
        held: HeldSenders | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """`held`: who may be held, without asking SQL for every message (else SQL is asked)."""
        self.store = store
        self.held = held
        self.config = config
        self.bus = bus
        self.log = log_writer
        self.clock = clock
        self.streams = StaffStreams()
        self.channels: dict[str, PersonChannel] = {}
        bus.on(STAFF_EVENTS, self._on_staff_event)

    # The person's side (called by relay.conversations) ------------------------------------------

    async def intercept(
        self, *, channel: str, sender: str, text: str, language: str | None
    ) -> Interception:
        """Before Rasa: is the conversation held by staff? Then log the message, show it to
        staff, and keep it from Rasa. A hold forgotten for too long goes back to the bot."""
        try:
            if self.held is not None and not await self.held.may_hold(sender):
                return Interception(held=False)
            record = await self.store.open_for(sender)
        except Exception as error:  # the database is down: the assistant answers
            log.error(
                "Handoff state of %s unknown: %s", mask_sender_id(sender), describe_error(error)
            )
            return Interception(held=False)
        if record is None or record.status != "active" or record.taken_by is None:
            return Interception(held=False)
        if self._forgotten(record):
            try:
                notice = await self._end(record, by=IDLE, text_key="released_idle", tell=False)
            except Exception as error:  # not closed now: the next message tries again
                log.error("Idle hold not released: %s", describe_error(error))
                notice = None
            return Interception(held=False, notices=(notice,) if notice else ())
        if self.log is not None:
            await self.log.held_message(
                sender=sender,
                channel=channel,
                text=text,
                language=language,
                held_by=record.taken_by,
            )
        await self._publish(record.id, "message", self._message_event("person", text))
        return Interception(held=True)

    async def after_reply(
        self, *, channel: str, sender: str, language: str, messages: list[BotMessage]
    ) -> list[BotMessage]:
        """After Rasa: a handoff signal in the reply is replaced by what the queue says."""
        requests = [found for found in map(handoff_request, messages) if found is not None]
        if not requests:
            return messages
        shown = [message for message in messages if handoff_request(message) is None]
        request = requests[0]
        reason = request.get("reason") if request.get("reason") in REASONS else "asked"
        wanted = request.get("language")
        language = wanted if wanted in self.config.texts.languages else language
        return shown + await self.request(
            channel=channel, sender=sender, language=language, reason=str(reason)
        )

    async def request(
        self, *, channel: str, sender: str, language: str, reason: str
    ) -> list[BotMessage]:
        """Queue the person (or tell them when staff answer) and return what they are told."""
        now = self.clock()
        if not self.config.hours.is_open(now):
            message = self.config.out_of_hours(now, language)
            await self._log_step(
                sender, channel, "out_of_hours", text=message.text, language=language
            )
            return [message]
        try:
            record, new = await self.store.request(
                sender_id=sender, channel=channel, language=language, reason=reason
            )
            position = await self.store.position(record) if record.status == "waiting" else 0
        except Exception as error:
            log.error("Handoff of %s not queued: %s", mask_sender_id(sender), describe_error(error))
            return [BotMessage(text=self.config.text("unavailable", language))]
        minutes = self.config.expected_wait_minutes(max(position, 1))
        key = "queued" if new else "still_waiting"
        text = self.config.text(key, language, position=max(position, 1), minutes=minutes)
        if new:
            detail = {"handoff": record.id, "reason": reason, "position": position}
            await self._log_step(
                sender, channel, "queued", detail=detail, text=text, language=language
            )
            await self.bus.publish(STAFF_EVENTS, {"event": "queue"})
        return [BotMessage(text=text)]

    # The staff side (called by the console) ----------------------------------------------------

    async def take(self, handoff_id: int, *, by: str) -> HandoffRecord:
        """Give the waiting conversation to `by`; HandoffError("handoff_taken") if someone was
        first."""
        record = await self.store.take(handoff_id, by=by)
        if record is None:
            raise HandoffError("handoff_taken" if await self.store.get(handoff_id) else "not_found")
        await self._held_changed()
        text = self.config.text("joined", record.language)
        await self._log_step(record.sender_id, record.channel, "taken", by=by, text=text)
        await self._tell(record, text)
        await self._publish(record.id, "state", _state(record))
        await self.bus.publish(STAFF_EVENTS, {"event": "queue"})
        return record

    async def reply(self, handoff_id: int, *, by: str, text: str) -> bool:
        """`by`, who holds the conversation, writes to the person; True if it reached them."""
        record = await self._held_by(handoff_id, by)
        if self.log is not None:
            await self.log.staff_message(
                sender=record.sender_id,
                channel=record.channel,
                by=by,
                text=text,
                language=record.language,
            )
        await self.store.touch(record.id)
        delivered = await self._deliver(record, [BotMessage(text=text)], from_staff=True)
        event = self._message_event("staff", text, author=by, delivered=delivered)
        await self._publish(record.id, "message", event)
        return delivered

    async def hand_back(self, handoff_id: int, *, by: str, force: bool = False) -> HandoffRecord:
        """End the hold: the person is told, and the assistant answers again. Only the holder
        may, unless `force` (an admin freeing a forgotten conversation). A waiting request is
        dismissed without a word (the person is talking to the assistant anyway)."""
        record = await self.store.get(handoff_id)
        if record is None:
            raise HandoffError("not_found")
        if record.status == "active" and record.taken_by != by and not force:
            raise HandoffError("handoff_not_yours")
        if record.status == "closed":
            raise HandoffError("handoff_closed")
        text_key = "released" if record.status == "active" else None
        await self._end(record, by=by, text_key=text_key, tell=True)
        return record

    async def queue(self) -> list[dict[str, Any]]:
        """The open requests as the queue page shows them (waiting first, in order)."""
        records = await self.store.open_requests()
        now = self.clock()
        snapshot, position = [], 0
        for record in records:
            position += record.status == "waiting"
            snapshot.append(queue_entry(record, position if record.status == "waiting" else 0, now))
        return snapshot

    # Plumbing ----------------------------------------------------------------------------------

    async def _held_changed(self) -> None:
        if self.held is not None:
            await self.held.changed()

    def _forgotten(self, record: HandoffRecord) -> bool:
        since = record.staff_active_at or record.taken_at or record.requested_at
        return self.clock() - since > timedelta(minutes=self.config.idle_release_minutes)

    async def _held_by(self, handoff_id: int, by: str) -> HandoffRecord:
        record = await self.store.get(handoff_id)
        if record is None:
            raise HandoffError("not_found")
        if record.status != "active":
            raise HandoffError("handoff_closed" if record.status == "closed" else "handoff_waiting")
        if record.taken_by != by:
            raise HandoffError("handoff_not_yours")
        return record

    async def _end(
        self, record: HandoffRecord, *, by: str, text_key: str | None, tell: bool
    ) -> BotMessage | None:
        """Close the request; the person's notice is sent (`tell`) or returned."""
        closed = await self.store.close(record.id, by=by)
        if closed is None:
            return None
        if record.status == "active":
            await self._held_changed()
        text = self.config.text(text_key, record.language) if text_key else None
        step = "released" if record.status == "active" else "dismissed"  # never taken
        await self._log_step(record.sender_id, record.channel, step, by=by, text=text)
        if text and tell:
            await self._tell(record, text)
        await self._publish(record.id, "state", _state(closed))
        await self.bus.publish(STAFF_EVENTS, {"event": "queue"})
        return BotMessage(text=text) if text and not tell else None

    async def _tell(self, record: HandoffRecord, text: str) -> None:
        await self._deliver(record, [BotMessage(text=text)], from_staff=False)

    async def _deliver(
        self, record: HandoffRecord, messages: list[BotMessage], *, from_staff: bool
    ) -> bool:
        channel = self.channels.get(record.channel)
        problem: str | None = "channel_not_available"
        if channel is not None:
            try:
                problem = await channel.deliver(record.sender_id, messages, from_staff=from_staff)
            except Exception:
                log.exception("Delivery to %s failed", mask_sender_id(record.sender_id))
                problem = "delivery_error"
        if problem is None:
            return True
        log.warning("Not delivered to %s: %s", mask_sender_id(record.sender_id), problem)
        if self.log is not None:
            for message in messages:
                await self.log.delivery_failure(
                    sender=record.sender_id,
                    channel=record.channel,
                    reason=problem,
                    text=message.text,
                )
        await self._publish(record.id, "failed", {"reason": problem})
        return False

    async def _log_step(
        self,
        sender: str,
        channel: str,
        step: str,
        *,
        by: str | None = None,
        detail: dict[str, Any] | None = None,
        text: str | None = None,
        language: str | None = None,
    ) -> None:
        if self.log is not None:
            await self.log.handoff(
                sender=sender,
                channel=channel,
                step=step,
                by=by,
                detail=detail,
                text=text,
                language=language,
            )

    def _message_event(
        self, role: str, text: str, *, author: str | None = None, delivered: bool = True
    ) -> dict[str, Any]:
        return {
            "role": role,
            "text": mask_text(text),
            "author": author,
            "at": self.clock().isoformat(),
            "delivered": delivered,
        }

    async def _publish(self, handoff_id: int, event: str, data: dict[str, Any]) -> None:
        await self.bus.publish(STAFF_EVENTS, {"event": event, "handoff": handoff_id, "data": data})

    async def _on_staff_event(self, payload: dict[str, Any]) -> None:
        """A handoff event from any gateway, for this gateway's staff streams."""
        event = str(payload.get("event"))
        if event == "queue":
            if self.streams.watching_queue:
                self.streams.send("queue", {"entries": await self.queue()}, handoff_id=None)
            return
        handoff_id, data = payload.get("handoff"), payload.get("data")
        if isinstance(handoff_id, int) and isinstance(data, dict):
            self.streams.send(event, data, handoff_id=handoff_id)


def queue_entry(record: HandoffRecord, position: int, now: datetime) -> dict[str, Any]:
    """One open request as staff see it (the sender id masked)."""
    return {
        "id": record.id,
        "person": mask_sender_id(record.sender_id),
        "channel": record.channel,
        "language": record.language,
        "reason": record.reason,
        "status": record.status,
        "position": position,
        "requested_at": record.requested_at.isoformat(),
        "waiting_s": max(0, int((now - record.requested_at).total_seconds())),
        "taken_by": record.taken_by,
    }


def _state(record: HandoffRecord) -> dict[str, Any]:
    return {"status": record.status, "taken_by": record.taken_by, "closed_by": record.closed_by}
