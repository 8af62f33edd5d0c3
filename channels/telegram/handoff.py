"""Reaching a Telegram person from the staff console: staff replies and handoff notices.

Any gateway replica can send: the Bot API is reached directly, through the channel's `Delivery`
(per-chat order, flood limits, retries, and no sending to a chat that blocked the bot). The
chat is read from the sender id (`telegram:<user id>` is the private chat with that user,
`telegram:<chat id>:<user id>` a member's conversation in a group).
"""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web

from channels.telegram.blocked import BlockedChats
from channels.telegram.chats import chat_of
from channels.telegram.delivery import CHANNEL, Delivery
from channels.telegram.rendering import render
from common.messages import BotMessage
from common.texts import Texts
from handoff.app import HANDOFF


class TelegramReach:
    def __init__(self, delivery: Delivery, blocked: BlockedChats, texts: Texts) -> None:
        self._delivery = delivery
        self._blocked = blocked
        self._texts = texts

    async def deliver(
        self, sender_id: str, messages: Sequence[BotMessage], *, from_staff: bool
    ) -> str | None:
        chat_id = chat_of(sender_id)
        if chat_id is None:
            return "not_a_telegram_sender"
        if await self._blocked.is_blocked(chat_id):
            return "blocked"
        intro = self._texts.text("choose", self._texts.default)
        outgoing = [
            call for message in messages for call in render(message, {}, buttons_text=intro)
        ]
        if await self._delivery.send(chat_id, outgoing):
            return None
        return "blocked" if await self._blocked.is_blocked(chat_id) else "telegram_refused"


def register_reach(
    app: web.Application, delivery: Delivery, blocked: BlockedChats, texts: Texts
) -> None:
    """Let the handoff reach Telegram people (called by `setup_telegram`)."""
    app[HANDOFF].channels[CHANNEL] = TelegramReach(delivery, blocked, texts)
