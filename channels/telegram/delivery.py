"""Sending to Telegram: in order per chat, patient with flood limits, bounded on network errors.

- Messages to one chat leave one after another, in the order they were handed over, also when
  several tasks send to the same chat (a per-chat lock, first come first served).
- 429 Too Many Requests: wait the `retry_after` Telegram asks for, then retry (bounded).
- Network errors and time-outs: a few retries with growing pauses, then the message is given
  up and logged (the Bot API is unreachable; /readyz shows it).
- 403 Forbidden (the person blocked the bot, the bot left the group): the chat is remembered
  as blocked and nothing more is sent to it until the person comes back.
- 400 Bad Request (or parameters python-telegram-bot refuses, from a custom payload): that
  message is logged and skipped; the next ones are still sent.
Chat ids are personal data: logs show them masked.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import inspect
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from channels.telegram.blocked import BlockedChats
from channels.telegram.locks import KeyedLocks
from common.privacy import mask_text
from relay.metrics import Metrics

log = logging.getLogger(__name__)

CHANNEL = "telegram"
# Bot API methods the channel sends, and python-telegram-bot's names for them.
METHODS = {
    "sendMessage": "send_message",
    "sendPhoto": "send_photo",
    "sendDocument": "send_document",
    "sendLocation": "send_location",
    "sendVenue": "send_venue",
    "sendContact": "send_contact",
    "editMessageReplyMarkup": "edit_message_reply_markup",
}
TYPING_EVERY_S = 4.5  # Telegram shows "typing…" for 5 seconds
TYPING_GRACE_S = 1.0


class _Outcome(Enum):
    """What became of one message: sent, skipped (refused; the next ones go on), or stop (the
    chat is blocked or Telegram unreachable: the next ones are not sent)."""

    SENT = "sent"
    SKIPPED = "skipped"
    STOP = "stop"


class Result(Enum):
    """What Telegram answered to one call."""

    SENT = "sent"
    FLOOD = "flood"  # 429: wait `retry_after`
    BLOCKED = "blocked"  # 403: the person blocked the bot (the chat is marked blocked)
    REFUSED = "refused"  # 400 or parameters PTB refuses: this message can never be sent
    UNREACHABLE = "unreachable"  # network error or time-out: try again later


@dataclass(frozen=True)
class Attempt:
    result: Result
    wait_s: float = 0.0  # FLOOD: how long Telegram asks to wait
    detail: str = ""


@dataclass(frozen=True)
class Outgoing:
    """One Bot API call to a chat: `method` is one of METHODS, `params` its parameters
    without `chat_id` (python-telegram-bot objects or plain JSON values)."""

    method: str
    params: Mapping[str, Any] = field(default_factory=dict)


def masked_chat(chat_id: int) -> str:
    return mask_text(str(chat_id))


class Delivery:
    def __init__(
        self,
        bot: Bot,
        blocked: BlockedChats,
        metrics: Metrics,
        *,
        network_retries: int = 3,
        first_pause_s: float = 0.5,
        flood_retries: int = 5,
        max_retry_after_s: float = 60.0,
    ) -> None:
        self._bot = bot
        self._blocked = blocked
        self._metrics = metrics
        self._network_retries = network_retries
        self._first_pause_s = first_pause_s
        self._flood_retries = flood_retries
        self._max_retry_after_s = max_retry_after_s
        self._chats = KeyedLocks()
        self.api_error: str | None = None  # the last network failure, until a call succeeds

    async def send(self, chat_id: int, messages: Sequence[Outgoing]) -> bool:
        """Send `messages` to the chat in order; False if any of them could not be delivered."""
        if not messages:
            return True
        async with self._chats.hold(chat_id):
            if await self._blocked.is_blocked(chat_id):
                log.info("Not sending to chat %s: it blocked the bot", masked_chat(chat_id))
                return False
            delivered = True
            for message in messages:
                outcome = await self._deliver(chat_id, message)
                if outcome is _Outcome.STOP:
                    return False
                delivered = delivered and outcome is _Outcome.SENT
            return delivered

    @contextlib.asynccontextmanager
    async def typing(self, chat_id: int) -> AsyncIterator[None]:
        """Show "typing…" in the chat while the block runs (best effort, never raises).

        The indicator is stopped with an event, not by cancelling: a cancellation arriving
        while httpx (anyio) is mid-request can be swallowed on Python 3.10, and the loop would
        go on. A chat action still in flight is waited for briefly, so it does not land after
        the reply (which would show "typing…" under the answer).
        """
        done = asyncio.Event()
        task = asyncio.create_task(self._keep_typing(chat_id, done))
        try:
            yield
        finally:
            done.set()
            await asyncio.wait({task}, timeout=TYPING_GRACE_S)

    async def _keep_typing(self, chat_id: int, done: asyncio.Event) -> None:
        if await self._blocked.is_blocked(chat_id):
            return
        while not done.is_set():
            try:
                await self._bot.send_chat_action(chat_id, ChatAction.TYPING)
            except Exception as error:  # the indicator is cosmetic: never let it fail a reply
                log.debug("No typing action in chat %s: %r", masked_chat(chat_id), error)
                return
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done.wait(), TYPING_EVERY_S)

    async def _deliver(self, chat_id: int, message: Outgoing) -> _Outcome:
        network_failures = flood_waits = 0
        while True:
            attempt = await self.attempt(chat_id, message)
            if attempt.result is Result.SENT:
                return _Outcome.SENT
            if attempt.result is Result.REFUSED:
                return _Outcome.SKIPPED
            if attempt.result is Result.BLOCKED:
                return _Outcome.STOP
            if attempt.result is Result.FLOOD:
                flood_waits += 1
                if flood_waits > self._flood_retries or attempt.wait_s > self._max_retry_after_s:
                    log.error(
                        "Telegram keeps refusing %s to chat %s (retry after %ss): given up",
                        message.method,
                        masked_chat(chat_id),
                        attempt.wait_s,
                    )
                    return _Outcome.STOP
                log.warning("Telegram asks to wait %ss before %s", attempt.wait_s, message.method)
                await asyncio.sleep(attempt.wait_s)
                continue
            network_failures += 1  # Result.UNREACHABLE
            if network_failures > self._network_retries:
                self._metrics.errors.labels(CHANNEL, "delivery").inc()
                log.error(
                    "Could not reach Telegram for %s to chat %s: %s",
                    message.method,
                    masked_chat(chat_id),
                    self.api_error,
                )
                return _Outcome.STOP
            await asyncio.sleep(self._first_pause_s * 2 ** (network_failures - 1))

    async def attempt(self, chat_id: int, message: Outgoing) -> Attempt:
        """One try at one Bot API call, without waiting or retrying: what Telegram answered.
        A 403 marks the chat as blocked; a chat that became a supergroup is followed."""
        try:
            await self._call(chat_id, message)
        except RetryAfter as error:
            self._metrics.errors.labels(CHANNEL, "rate_limited").inc()
            return Attempt(Result.FLOOD, _seconds(error.retry_after), "429 Too Many Requests")
        except ChatMigrated as error:
            log.info("Chat %s became a supergroup", masked_chat(chat_id))
            return await self.attempt(error.new_chat_id, message)
        except Forbidden as error:
            self._metrics.errors.labels(CHANNEL, "blocked").inc()
            log.info("Chat %s refuses messages (%s)", masked_chat(chat_id), error.message)
            await self._blocked.block(chat_id)
            return Attempt(Result.BLOCKED, detail=f"403 {error.message}")
        except BadRequest as error:
            self._metrics.errors.labels(CHANNEL, "bad_request").inc()
            log.error("Telegram refused %s: %s", message.method, error.message)
            return Attempt(Result.REFUSED, detail=f"400 {error.message}")
        except (TypeError, ValueError) as error:  # a custom payload PTB cannot send
            self._metrics.errors.labels(CHANNEL, "bad_request").inc()
            log.error("Could not send %s: %s", message.method, error)
            return Attempt(Result.REFUSED, detail=str(error))
        except NetworkError as error:  # also TimedOut; BadRequest is caught above
            self.api_error = f"{type(error).__name__}: {error.message}"
            return Attempt(Result.UNREACHABLE, detail=self.api_error)
        self.api_error = None
        return Attempt(Result.SENT)

    async def _call(self, chat_id: int, message: Outgoing) -> Any:
        method = getattr(self._bot, METHODS[message.method])
        accepted = inspect.signature(method).parameters
        known = {key: value for key, value in message.params.items() if key in accepted}
        extra = {key: value for key, value in message.params.items() if key not in accepted}
        known.pop("chat_id", None)
        return await method(chat_id=chat_id, **known, api_kwargs=extra or None)


def _seconds(retry_after: int | dtm.timedelta) -> float:
    if isinstance(retry_after, dtm.timedelta):
        return retry_after.total_seconds()
    return float(retry_after)
