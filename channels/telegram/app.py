"""`setup_telegram(app)`: the Telegram channel in the gateway, or off when there is no token.

It adds the readiness check "telegram" (off / ok / degraded), starts and stops the
python-telegram-bot application in the gateway's cleanup context (after the shared services
are up, and before they close), and in webhook mode mounts /telegram/webhook.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from channels.telegram.blocked import BlockedChats
from channels.telegram.callbacks import CallbackData
from channels.telegram.delivery import CHANNEL, Delivery
from channels.telegram.handlers import TEXT_KEYS, TelegramHandlers
from channels.telegram.handoff import register_reach
from channels.telegram.outbound import TelegramSender
from channels.telegram.runtime import TelegramRuntime, build_application
from channels.telegram.webhook import create_webhook_app
from common.content import ContentError
from common.settings import Settings
from common.texts import Texts
from outbound.app import register_sender
from relay.keys import (
    CONVERSATIONS,
    METRICS,
    READINESS_CHECKS,
    SETTINGS,
    SHARED_STATE,
    Check,
)

TELEGRAM = web.AppKey("telegram", TelegramRuntime)


def setup_telegram(app: web.Application) -> None:
    settings = app[SETTINGS]
    if not settings.telegram_bot_token:
        app[READINESS_CHECKS].append(_off)
        return
    application = build_application(settings)
    blocked = BlockedChats(app[SHARED_STATE])
    texts = load_texts(settings)
    delivery = Delivery(application.bot, blocked, app[METRICS])
    handlers = TelegramHandlers(
        conversations=app[CONVERSATIONS],
        texts=texts,
        state=app[SHARED_STATE],
        metrics=app[METRICS],
        delivery=delivery,
        blocked=blocked,
        languages=settings.languages,
        default_language=settings.default_language,
    )
    handlers.register(application)
    register_reach(app, delivery, blocked, texts)
    runtime = TelegramRuntime(application, mode=settings.telegram_mode, delivery=delivery)
    app[TELEGRAM] = runtime
    callbacks = CallbackData(app[SHARED_STATE])
    sender = TelegramSender(delivery, blocked, callbacks, texts, ready=lambda: runtime.ready)
    register_sender(app, CHANNEL, sender)
    app.cleanup_ctx.append(_run)
    app[READINESS_CHECKS].append(_check)
    if settings.telegram_mode == "webhook":
        app.add_subapp(
            "/telegram/", create_webhook_app(application, settings.telegram_webhook_secret)
        )


def load_texts(settings: Settings) -> Texts:
    """The channel's own texts (data/content/telegram.yml), in every language; every one the
    channel uses must be there, checked at start-up rather than when somebody needs it."""
    texts = settings.texts("telegram")
    missing = [key for key in TEXT_KEYS if key not in texts.text_keys()]
    if missing:
        raise ContentError(f"{texts.source}: no text {', '.join(missing)}")
    return texts


async def _run(app: web.Application) -> AsyncIterator[None]:
    await app[TELEGRAM].start()
    yield
    await app[TELEGRAM].stop()


async def _off(app: web.Application) -> Check:
    return Check("telegram", "off", "TELEGRAM_BOT_TOKEN not set")


async def _check(app: web.Application) -> Check:
    runtime = app[TELEGRAM]
    settings = app[SETTINGS]
    if runtime.mode == "webhook" and not settings.telegram_webhook_secret:
        return Check("telegram", "degraded", "TELEGRAM_WEBHOOK_SECRET not set: webhook refuses all")
    problem = runtime.problem()
    if problem:
        return Check("telegram", "degraded", problem)
    return Check("telegram", "ok", f"@{runtime.username}, {runtime.mode} mode")
