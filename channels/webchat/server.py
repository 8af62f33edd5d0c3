"""`GET /webchat/ws`: the web chat WebSocket endpoint (protocol: docs/webchat-protocol.md).

No cookies are involved: the session token travels in the `hello` frame, so the widget works on a
page of any origin. `WEBCHAT_ALLOWED_ORIGINS`, when set, limits which sites may open the socket.
A client address (behind TRUSTED_PROXIES: the forwarded one) may hold
`WEBCHAT_CONNECTIONS_PER_ADDRESS` sockets of this gateway at once; one more is refused with 429
before the WebSocket handshake.
"""

from __future__ import annotations

from aiohttp import WSCloseCode, web

from channels.webchat.connection import Connection, Services
from channels.webchat.files import FileLinks
from channels.webchat.hub import Hub
from channels.webchat.protocol import MAX_MESSAGE_BYTES
from channels.webchat.tokens import SessionTokens
from outbound.app import HELD
from relay.client_address import client_address
from relay.conversation_log import CONVERSATION_LOG
from relay.keys import CONVERSATIONS, LEASES, METRICS, RASA, SETTINGS, SHARED_STATE, TEXTS

HUB = web.AppKey("webchat_hub", Hub)

routes = web.RouteTableDef()


@routes.get("/ws")
async def websocket(request: web.Request) -> web.StreamResponse:
    settings = request.config_dict[SETTINGS]
    if not origin_allowed(request.headers.get("Origin"), settings.webchat_allowed_origins):
        raise web.HTTPForbidden(text="This site may not open the web chat.")
    hub = request.app[HUB]
    metrics = request.config_dict[METRICS]
    address = client_address(request, settings.trusted_proxies)
    if hub.connections_from(address) >= settings.webchat_connections_per_address:
        metrics.errors.labels("webchat", "too_many_connections").inc()
        raise web.HTTPTooManyRequests(text="Too many web chat connections from this address.")
    # No permessage-deflate: frames are small JSON, and deflating each one costs both ends
    # more time than the bytes it saves, plus a zlib context per open socket.
    socket = web.WebSocketResponse(
        heartbeat=settings.webchat_heartbeat_s, max_msg_size=MAX_MESSAGE_BYTES, compress=False
    )
    hub.connected(socket, address)  # counted before the handshake's first await
    metrics.open_websockets.inc()
    try:
        await socket.prepare(request)
        services = Services(
            settings=settings,
            languages=settings.languages.codes,
            texts=request.config_dict[TEXTS],
            metrics=metrics,
            conversations=request.config_dict[CONVERSATIONS],
            rasa=request.config_dict[RASA],
            state=request.config_dict[SHARED_STATE],
            leases=request.config_dict[LEASES],
            hub=hub,
            tokens=SessionTokens(settings.gateway_secret),
            log=request.config_dict.get(CONVERSATION_LOG),
            address=address,
            files=FileLinks(settings.gateway_secret),
            held=request.config_dict.get(HELD),
        )
        await Connection(socket, services).run()
    finally:
        metrics.open_websockets.dec()
        hub.disconnected(socket)
    return socket


def origin_allowed(origin: str | None, allowed: tuple[str, ...]) -> bool:
    """Any origin when none are configured; else one of them. A request without an Origin header
    is not a browser's (browsers always send it with WebSockets), so it cannot be a foreign page."""
    if not allowed or origin is None:
        return True
    return origin.rstrip("/") in allowed


async def close_sockets(app: web.Application) -> None:
    """On shutdown: tell every open socket the server is going away, so widgets reconnect."""
    await app[HUB].close_all(WSCloseCode.GOING_AWAY, b"server shutdown")
