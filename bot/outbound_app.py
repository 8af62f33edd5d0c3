"""The delivery worker as a process of its own: `python -m bot outbound`.

For installations that keep the worker out of the gateways (`OUTBOUND_WORKER=off` on them): this
process sends the outbox's messages through the same channel code — Telegram through the Bot API
(it receives no updates: the gateway does), web chat on the gateways' event bus (Redis), which
the gateway holding the person's window shows and confirms; without Redis no window can be
reached from here, and web chat messages are kept for the next visit. It serves `/healthz` and
`/metrics` (the `pes_outbound` counters) on its own port.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

from aiohttp import web

from channels.telegram.app import load_texts
from channels.telegram.blocked import BlockedChats
from channels.telegram.callbacks import CallbackData
from channels.telegram.delivery import Delivery
from channels.telegram.outbound import TelegramSender
from channels.telegram.runtime import TelegramRuntime, build_application
from channels.webchat.handoff import WebchatReach
from channels.webchat.hub import Hub
from channels.webchat.outbound import WebchatSender
from common.settings import Settings
from common.storage import alerts
from common.storage.engine import make_engine
from handoff.app import events_channel
from handoff.bus import Bus
from outbound.app import register_sender, run_worker, setup_outbound
from relay.conversation_log import setup_conversation_log
from relay.keys import DATABASE, METRICS, SETTINGS, SHARED_STATE
from relay.metrics import Metrics
from relay.shared_state import SharedState

BUS = web.AppKey("outbound_bus", Bus)
RUNTIME = web.AppKey("outbound_telegram", TelegramRuntime)


def create_outbound_app(settings: Settings) -> web.Application:
    worker = dataclasses.replace(settings.outbound, worker="gateway")  # this process is the worker
    settings = dataclasses.replace(settings, outbound=worker)
    app = web.Application()
    app[SETTINGS] = settings
    app[METRICS] = Metrics()
    app[SHARED_STATE] = SharedState(settings.redis_url)
    app[DATABASE] = make_engine(settings.database_url)
    app.cleanup_ctx.append(_shared_services)
    setup_conversation_log(app)
    setup_outbound(app, blocked_hooks=[alerts.pause_blocked])
    app[BUS] = Bus(settings.redis_url, channel=events_channel(settings.database_url))
    register_sender(app, "webchat", WebchatSender(WebchatReach(app[BUS], Hub())))
    if settings.telegram_bot_token:
        # Webhook mode without a webhook: the Bot API for sending, no updates taken from it.
        application = build_application(dataclasses.replace(settings, telegram_mode="webhook"))
        blocked = BlockedChats(app[SHARED_STATE])
        delivery = Delivery(application.bot, blocked, app[METRICS])
        runtime = TelegramRuntime(application, mode="webhook", delivery=delivery)
        app[RUNTIME] = runtime
        sender = TelegramSender(
            delivery,
            blocked,
            CallbackData(app[SHARED_STATE]),
            load_texts(settings),
            ready=lambda: runtime.ready,
        )
        register_sender(app, "telegram", sender)
        app.cleanup_ctx.append(_telegram)
    app.cleanup_ctx.append(run_worker)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", app[METRICS].handle)
    return app


async def _shared_services(app: web.Application) -> AsyncIterator[None]:
    await app[BUS].start()
    yield
    await app[BUS].close()
    await app[SHARED_STATE].close()
    app[DATABASE].dispose()


async def _telegram(app: web.Application) -> AsyncIterator[None]:
    await app[RUNTIME].start()
    yield
    await app[RUNTIME].stop()


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})
