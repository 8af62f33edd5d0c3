"""Web chat messages kept for the person's next visit, shown when their chat connects again.

The worker marks a web chat row `held` when no chat window of the person is open. When the
widget says hello with the person's session again (on any page of the site: a person with a
conversation connects on every page), the held messages follow the welcome as ordinary bot
frames, so the launcher's unread badge counts them; then the rows are `sent`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.messages import BotMessage
from common.storage import outbox
from common.storage.outbox import Outbound
from common.storage.sessions import read, write
from relay.conversation_log import GatewayLog
from relay.metrics import Metrics

Show = Callable[[Sequence[BotMessage]], Awaitable[bool]]


class HeldMessages:
    def __init__(self, engine: Engine, metrics: Metrics, gateway_log: GatewayLog | None) -> None:
        self._engine = engine
        self._metrics = metrics
        self._log = gateway_log

    async def show(self, recipient: str, show: Show) -> int:
        """Show what is kept for `recipient` with `show` (True when it reached a window);
        returns how many messages were shown."""
        rows: list[Outbound] = await read(self._engine, lambda s: outbox.held_for(s, recipient))
        messages = [message for row in rows for message in row.messages[row.parts_sent :]]
        if not messages or not await show(messages):
            return 0

        def shown(session: Session) -> None:
            for row in rows:
                outbox.finish(session, row.id, "sent")

        await write(self._engine, shown)
        for row in rows:
            self._metrics.outbound.labels(row.channel, row.kind, "sent").inc()
            if self._log is None:
                continue
            for message in row.messages[row.parts_sent :]:
                if message.text:
                    await self._log.outbound_message(
                        sender=recipient,
                        channel=row.channel,
                        kind=row.kind,
                        text=message.text,
                        language=row.language,
                    )
        return len(messages)
