"""POST /telegram/webhook: where Telegram delivers updates in webhook mode.

A request without the secret token Telegram was given at set-webhook (header
`X-Telegram-Bot-Api-Secret-Token`, compared in constant time) gets 403 and is not read. Once the
secret is right the answer is always 200, at once: the update is queued for the application, and
an update that cannot even be read is logged and dropped — any other status makes Telegram
retry it and hold back every later update meanwhile.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from telegram import Update

from channels.telegram.delivery import CHANNEL
from channels.telegram.runtime import TelegramApplication
from common.privacy import mask_text
from relay.keys import METRICS

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
APPLICATION = web.AppKey("telegram_application", TelegramApplication)
SECRET = web.AppKey("telegram_webhook_secret", str)

routes = web.RouteTableDef()


def create_webhook_app(application: TelegramApplication, secret: str | None) -> web.Application:
    """The sub-app mounted at /telegram/; with no secret configured every request is refused."""
    app = web.Application()
    app[APPLICATION] = application
    app[SECRET] = secret or ""
    app.add_routes(routes)
    return app


@routes.post("/webhook")
async def webhook(request: web.Request) -> web.Response:
    secret = request.app[SECRET]
    given = request.headers.get(SECRET_HEADER, "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        request.config_dict[METRICS].errors.labels(CHANNEL, "webhook_forbidden").inc()
        log.warning("Refused a webhook request without the right secret token")
        return web.json_response({"ok": False, "error": "forbidden"}, status=403)
    application = request.app[APPLICATION]
    try:
        data = await request.json()
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not an update")
        update = Update.de_json(data, application.bot)
    except Exception as error:  # whatever is wrong with it, a retry would not make it readable
        request.config_dict[METRICS].errors.labels(CHANNEL, "bad_update").inc()
        log.error(
            "Dropped an unreadable update: %s: %s", type(error).__name__, mask_text(str(error))
        )
        return web.json_response({"ok": True})
    await application.update_queue.put(update)
    return web.json_response({"ok": True})
