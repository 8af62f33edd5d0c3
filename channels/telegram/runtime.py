"""The python-telegram-bot `Application` of the gateway: built, started, stopped, and its health.

Webhook mode (`TELEGRAM_MODE=webhook`, the default) builds it with `updater(None)`: updates
arrive at the gateway's `/telegram/webhook` and are put on its update queue. Polling mode runs
PTB's own long polling, for development without a public URL. The webhook is never set here
(Telegram rate-limits setWebhook): `python -m bot telegram set-webhook` does it once.

Starting never blocks or fails the gateway: the first Bot API call (getMe) is retried in the
background with growing pauses while the rest of the gateway serves, and /readyz reports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from channels.telegram.delivery import Delivery
from channels.telegram.ordering import PerChatUpdateProcessor
from common.settings import Settings

log = logging.getLogger(__name__)

# What the bot asks Telegram for (polling, and `set-webhook`).
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
MAX_CONCURRENT_UPDATES = 64  # chats handled at the same time
CONNECTIONS = 64
POLLING_ERROR_FRESH_S = 60.0
MAX_CONNECT_PAUSE_S = 60.0

TelegramApplication = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings) -> TelegramApplication:
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # httpx logs every request's URL at INFO, and Bot API URLs contain the bot token (as in
    # python-telegram-bot's own examples, only its warnings are kept).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .job_queue(None)
        .concurrent_updates(PerChatUpdateProcessor(running=MAX_CONCURRENT_UPDATES))
        .connection_pool_size(CONNECTIONS)
        .connect_timeout(5.0)
        .read_timeout(10.0)
        .write_timeout(10.0)
        .pool_timeout(5.0)
        .get_updates_connect_timeout(5.0)
        .get_updates_read_timeout(10.0)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_mode == "webhook":
        builder = builder.updater(None)
    return builder.build()


class TelegramRuntime:
    def __init__(self, application: TelegramApplication, *, mode: str, delivery: Delivery) -> None:
        self.application = application
        self.mode = mode
        self._delivery = delivery
        self._connecting: asyncio.Task[None] | None = None
        self._running = False
        self._start_problem: str | None = "starting"
        self._polling_error: tuple[float, str] | None = None

    async def start(self) -> None:
        """Connect in the background; updates queued meanwhile are handled once connected."""
        self._connecting = asyncio.create_task(self._connect(), name="telegram-connect")

    async def stop(self) -> None:
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        if self._running:
            updater = self.application.updater
            if updater is not None and updater.running:
                await updater.stop()
            await self.application.stop()  # handles the updates already queued, then stops
            self._running = False
        await self.application.shutdown()

    def problem(self) -> str | None:
        """Why the channel cannot work fully now, or None when it can."""
        if self._start_problem:
            return self._start_problem
        if self._delivery.api_error:
            return f"last send failed: {self._delivery.api_error}"
        if (
            self._polling_error
            and time.monotonic() - self._polling_error[0] < POLLING_ERROR_FRESH_S
        ):
            return f"polling failed: {self._polling_error[1]}"
        return None

    @property
    def ready(self) -> bool:
        """Connected: messages can be sent."""
        return self._running and self._start_problem is None

    @property
    def username(self) -> str | None:
        return self.application.bot.username if self._running else None

    async def _connect(self) -> None:
        pause = 1.0
        while True:
            try:
                await self.application.initialize()  # getMe: checks the token and the Bot API
                break
            except InvalidToken:
                self._start_problem = "Telegram refused TELEGRAM_BOT_TOKEN"
                log.error("Telegram refused the bot token: the Telegram channel stays off")
                return
            except TelegramError as error:
                self._start_problem = f"Bot API not reachable yet: {error.message}"
                log.warning("Bot API not reachable (%s); retrying in %.0fs", error.message, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, MAX_CONNECT_PAUSE_S)
        await self.application.start()
        self._running = True
        if self.application.updater is not None:
            await self.application.updater.start_polling(
                allowed_updates=list(ALLOWED_UPDATES), error_callback=self._on_polling_error
            )
        self._start_problem = None
        log.info("Telegram channel up as @%s (%s)", self.application.bot.username, self.mode)

    def _on_polling_error(self, error: TelegramError) -> None:
        """PTB retries polling by itself; remember the failure for /readyz and log it."""
        self._polling_error = (time.monotonic(), f"{type(error).__name__}: {error.message}")
        log.warning("Polling Telegram failed: %s", self._polling_error[1])
