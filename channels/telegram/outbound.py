"""The Telegram sender of the delivery worker (`outbound/`): one message, one try, an honest answer.

It renders the message as the channel does (`rendering.render`, buttons as callback data) and
makes each call once through the channel's `Delivery.attempt`, leaving waiting and retrying to
the worker: 429 → `Retry` after Telegram's `retry_after`; 403 → `Failed(blocked)` (the chat is
marked blocked, and the worker pauses the person's subscriptions); 400 → `Skipped`; network
errors → `Retry` with the worker's backoff.
"""

from __future__ import annotations

from collections.abc import Callable

from channels.telegram.blocked import BlockedChats
from channels.telegram.callbacks import CallbackData
from channels.telegram.chats import chat_of
from channels.telegram.delivery import Delivery, Result
from channels.telegram.rendering import callback_payloads, render
from common.messages import BotMessage
from common.texts import Texts
from outbound.results import Delivered, Failed, Retry, Skipped
from outbound.results import Result as Outcome


class TelegramSender:
    def __init__(
        self,
        delivery: Delivery,
        blocked: BlockedChats,
        callbacks: CallbackData,
        texts: Texts,
        ready: Callable[[], bool],
    ) -> None:
        self._delivery = delivery
        self._blocked = blocked
        self._callbacks = callbacks
        self._texts = texts
        self._ready = ready

    def available(self) -> bool:
        return self._ready()

    async def send(self, recipient: str, message: BotMessage, language: str) -> Outcome:
        chat_id = chat_of(recipient)
        if chat_id is None:
            return Failed("not_a_telegram_sender")
        if await self._blocked.is_blocked(chat_id):
            return Failed("blocked", blocked=True)
        data = {
            payload: await self._callbacks.encode(payload) for payload in callback_payloads(message)
        }
        intro = self._texts.text("choose", language)
        for call in render(message, data, buttons_text=intro):
            attempt = await self._delivery.attempt(chat_id, call)
            if attempt.result is Result.FLOOD:
                return Retry(attempt.detail, after_s=attempt.wait_s)
            if attempt.result is Result.UNREACHABLE:
                return Retry(attempt.detail)
            if attempt.result is Result.BLOCKED:
                return Failed("blocked", blocked=True)
            if attempt.result is Result.REFUSED:
                return Skipped(attempt.detail)
        return Delivered()
