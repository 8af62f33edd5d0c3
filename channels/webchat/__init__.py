"""The web chat channel: a sub-application mounted at `/webchat/` by `bot.app.create_app`.

GET /webchat/ws          the WebSocket protocol (docs/webchat-protocol.md)
GET /webchat/widget.js   the embeddable widget and its style sheet (channels/webchat/static/)
GET /webchat/widget.css
GET /webchat/files/<token>/<name>   a file the assistant sent (an appointment's .ics), signed
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from channels.webchat import files
from channels.webchat.handoff import register_reach
from channels.webchat.hub import Hub
from channels.webchat.outbound import WebchatSender
from channels.webchat.server import HUB, close_sockets, routes
from channels.webchat.static import STATIC_DIR, widget_routes
from outbound.app import register_sender


def create_webchat_app(static_dir: Path = STATIC_DIR) -> web.Application:
    """The sub-app; it reaches the gateway's services through `request.config_dict`."""
    app = web.Application()
    app[HUB] = Hub()
    app.add_routes(routes)
    app.add_routes(files.routes)
    app.add_routes(widget_routes(static_dir))
    app.on_shutdown.append(close_sockets)
    return app


def setup_webchat_handoff(app: web.Application, webchat: web.Application) -> None:
    """Let the live handoff and the delivery worker reach the sessions of `webchat` (the
    sub-app), on any gateway."""
    reach = register_reach(app, webchat[HUB])
    register_sender(app, "webchat", WebchatSender(reach))


__all__ = ["create_webchat_app", "setup_webchat_handoff"]
