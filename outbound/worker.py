"""The delivery worker: claims due outbox rows and sends them, message by message, at most once.

One round (`run_once`): claim up to `batch` due rows of the channels that can send now (kinds
staff paused stay queued), then send them — rows of different people side by side (at most
`concurrency` at once), rows of one person one after another, oldest first. For each row:

- each message goes through the channel's rate limit and sender; after each one delivered, the
  row's `parts_sent` is written, so a crash resumes with the next message (the claim's lease
  runs out and a worker takes the row again);
- `Retry` → back in the queue after the channel's wait (Telegram's `retry_after`) or the
  backoff (30 s, 60 s, … up to an hour), and given up after `max_attempts`;
- `Held` → kept for the person's next web chat visit (`outbound.held`);
- `Failed` → given up; a person who blocked us has their subscriptions paused with the reason
  (`blocked_hooks`, run in the same transaction), which staff see in the console;
- every outcome counts in `/metrics` (`pes_outbound{channel,kind,outcome}`), and each message
  that reached the person is written to the conversation log (their chat history and staff's
  transcript show it).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.privacy import mask_sender_id
from common.settings import OutboundSettings
from common.storage import outbox
from common.storage.columns import utc_now
from common.storage.outbox import Outbound
from common.storage.sessions import write
from outbound.limits import RateLimit
from outbound.results import ChannelSender, Delivered, Failed, Held, Result, Retry, Skipped
from relay.conversation_log import GatewayLog
from relay.metrics import Metrics

log = logging.getLogger(__name__)

LEASE: Final = timedelta(minutes=10)  # a claimed row is another worker's after this
FIRST_PAUSE_S: Final = 30.0
LONGEST_PAUSE_S: Final = 3600.0
BlockedHook = Callable[[Session, str, str], None]  # (session, recipient, reason)


def backoff_s(attempts: int) -> float:
    """The pause before attempt `attempts + 1`: 30 s, 60 s, 120 s, … at most an hour."""
    return min(FIRST_PAUSE_S * 2 ** max(attempts, 0), LONGEST_PAUSE_S)


class OutboundWorker:
    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, ChannelSender],
        metrics: Metrics,
        config: OutboundSettings,
        *,
        gateway_log: GatewayLog | None = None,
        blocked_hooks: Sequence[BlockedHook] = (),
        clock: Callable[[], datetime] = utc_now,
        batch: int = 200,
        concurrency: int = 16,
    ) -> None:
        self._engine = engine
        self._senders = senders
        self._metrics = metrics
        self._config = config
        self._log = gateway_log
        self._blocked_hooks = tuple(blocked_hooks)
        self._clock = clock
        self._batch = batch
        self._slots = asyncio.Semaphore(concurrency)
        per_s = {"telegram": config.telegram_per_s, "webchat": config.webchat_per_s}
        self._limits = {channel: RateLimit(per_s.get(channel, 30.0)) for channel in senders}

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until `stop` is set: at once while there is work, else every `poll_s`."""
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception:  # the database is down, say: try again next round
                log.exception("Outbound delivery round failed")
                handled = 0
            if not handled:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._config.poll_s)

    async def run_once(self) -> int:
        """One round; returns how many rows it handled."""
        channels = [name for name, sender in self._senders.items() if sender.available()]
        if not channels:
            return 0
        now = self._clock()

        def claim(session: Session) -> list[Outbound]:
            paused = outbox.paused_kinds(session)
            return outbox.claim_due(
                session, now, lease=LEASE, limit=self._batch, channels=channels, paused_kinds=paused
            )

        rows = await write(self._engine, claim)
        by_person: dict[str, list[Outbound]] = {}
        for row in rows:
            by_person.setdefault(row.recipient, []).append(row)
        await asyncio.gather(*(self._person(person_rows) for person_rows in by_person.values()))
        return len(rows)

    async def _person(self, rows: list[Outbound]) -> None:
        async with self._slots:
            for row in rows:
                try:
                    await self._deliver(row)
                except Exception:  # the row's lease runs out and it is tried again
                    log.exception("Outbound row %s could not be handled", row.id)

    async def _deliver(self, row: Outbound) -> None:
        sender = self._senders[row.channel]
        skipped: list[str] = []
        for index in range(row.parts_sent, len(row.messages)):
            message = row.messages[index]
            await self._limits[row.channel].acquire()
            result: Result = await sender.send(row.recipient, message, row.language)
            if isinstance(result, Delivered | Skipped):
                await write(self._engine, functools.partial(_part_sent, row.id, index + 1))
                if isinstance(result, Skipped):
                    skipped.append(result.reason)
                elif self._log is not None and message.text:
                    await self._log.outbound_message(
                        sender=row.recipient,
                        channel=row.channel,
                        kind=row.kind,
                        text=message.text,
                        language=row.language,
                    )
                continue
            await self._stop_at(row, result)
            return
        error = "; ".join(skipped) if skipped else None
        await write(self._engine, lambda s: outbox.finish(s, row.id, "sent", error=error))
        self._count(row, "sent")

    async def _stop_at(self, row: Outbound, result: Retry | Held | Failed) -> None:
        if isinstance(result, Retry) and row.attempts + 1 < self._config.max_attempts:
            pause = backoff_s(row.attempts) if result.after_s is None else result.after_s
            when = self._clock() + timedelta(seconds=pause)
            await write(self._engine, lambda s: outbox.retry_at(s, row.id, when, result.reason))
            self._count(row, "retried")
            return
        if isinstance(result, Held):
            await write(
                self._engine, lambda s: outbox.finish(s, row.id, "held", error=result.reason)
            )
            self._count(row, "held")
            return
        blocked = isinstance(result, Failed) and result.blocked

        def fail(session: Session) -> None:
            outbox.finish(session, row.id, "failed", error=result.reason)
            if blocked:
                for hook in self._blocked_hooks:
                    hook(session, row.recipient, result.reason)

        await write(self._engine, fail)
        self._count(row, "failed")
        log.warning(
            "Outbound %s to %s given up: %s", row.kind, mask_sender_id(row.recipient), result.reason
        )
        if self._log is not None:
            await self._log.delivery_failure(
                sender=row.recipient,
                channel=row.channel,
                reason=f"outbound {row.kind}: {result.reason}",
            )

    def _count(self, row: Outbound, outcome: str) -> None:
        self._metrics.outbound.labels(row.channel, row.kind, outcome).inc()


def _part_sent(row_id: int, parts_sent: int, session: Session) -> None:
    outbox.part_sent(session, row_id, parts_sent)
