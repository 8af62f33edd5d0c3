"""The reverse proxy in front of `make chaos`'s two gateway replicas, as a load balancer would be
in production: HTTP and WebSocket passed through to a live replica.

- A new request or socket goes to the replica with the fewest open sockets (ties in turn); when
  that one refuses the connection (it is down), to the other. Nothing else is retried: a request
  cut off half-way may have been handled, so the client gets 502 and decides (Telegram retries).
- When a replica's socket closes (it died), the client's socket is closed too: the widget
  reconnects, through the proxy, to the replica still up.
- No `X-Forwarded-For`: the gateway would trust it only from `TRUSTED_PROXIES`, and every
  simulated person is 127.0.0.1 anyway.

    python -m bench.chaos_proxy --port 8080 http://127.0.0.1:8001 http://127.0.0.1:8002
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import WSCloseCode, WSMsgType, web
from multidict import CIMultiDict

# Headers of one connection, not of the request (RFC 9110 7.6.1), and those aiohttp sets itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
WEBSOCKET_HANDSHAKE = frozenset(
    {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions"}
)
# Close codes that are never sent in a close frame (RFC 6455 7.4.1).
UNSENDABLE = frozenset({1005, 1006, 1015})
TIMEOUT = aiohttp.ClientTimeout(total=None, connect=2.0, sock_read=None)


class Backends:
    """The replicas and their open sockets: least connections first, ties in turn."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.sockets = dict.fromkeys(urls, 0)
        self._turn = itertools.count()

    def in_order(self) -> list[str]:
        start = next(self._turn) % len(self.urls)
        rotated = self.urls[start:] + self.urls[:start]
        return sorted(rotated, key=lambda url: self.sockets[url])


BACKENDS = web.AppKey("backends", Backends)
CLIENT = web.AppKey("client", aiohttp.ClientSession)


def create_app(urls: list[str]) -> web.Application:
    app = web.Application(client_max_size=16 * 1024 * 1024)
    app[BACKENDS] = Backends(urls)
    app.cleanup_ctx.append(_client)
    app.router.add_route("*", "/{tail:.*}", _forward)
    return app


async def _client(app: web.Application) -> AsyncIterator[None]:
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(
        connector=connector,
        timeout=TIMEOUT,
        auto_decompress=False,
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as client:
        app[CLIENT] = client
        yield


def _forwarded(headers: CIMultiDict[str], *, websocket: bool = False) -> CIMultiDict[str]:
    skipped = HOP_BY_HOP | WEBSOCKET_HANDSHAKE if websocket else HOP_BY_HOP
    return CIMultiDict((k, v) for k, v in headers.items() if k.lower() not in skipped)


async def _forward(request: web.Request) -> web.StreamResponse:
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return await _websocket(request)
    body = await request.read()
    headers = _forwarded(CIMultiDict(request.headers))
    client = request.app[CLIENT]
    for url in request.app[BACKENDS].in_order():
        try:
            async with client.request(
                request.method,
                url + request.path_qs,
                headers=headers,
                data=body,
                allow_redirects=False,
            ) as upstream:
                payload = await upstream.read()
                return web.Response(
                    status=upstream.status,
                    body=payload,
                    headers=_forwarded(CIMultiDict(upstream.headers)),
                )
        except aiohttp.ClientConnectorError:
            continue  # refused: that replica is down, the next one gets it
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return web.Response(status=502, text="the gateway went away")
    return web.Response(status=502, text="no gateway up")


async def _websocket(request: web.Request) -> web.StreamResponse:
    backends = request.app[BACKENDS]
    for url in backends.in_order():
        backends.sockets[url] += 1  # counted from the handshake on: a burst is spread evenly
        try:
            return await _websocket_to(url, request)
        except aiohttp.ClientConnectorError:
            continue  # refused: that replica is down, the next one gets it
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return web.Response(status=502, text="the gateway refused the socket")
        finally:
            backends.sockets[url] -= 1
    return web.Response(status=502, text="no gateway up")


async def _websocket_to(url: str, request: web.Request) -> web.WebSocketResponse:
    headers = _forwarded(CIMultiDict(request.headers), websocket=True)
    upstream = await request.app[CLIENT].ws_connect(
        url + request.path_qs, headers=headers, autoping=True, max_msg_size=0
    )
    try:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        await _pass_through(socket, upstream)
        return socket
    finally:
        await upstream.close()


async def _pass_through(
    socket: web.WebSocketResponse, upstream: aiohttp.ClientWebSocketResponse
) -> None:
    """Frames both ways until one side closes; then the other side is closed too."""
    to_gateway = asyncio.create_task(_pipe(socket, upstream))
    to_person = asyncio.create_task(_pipe(upstream, socket))
    await asyncio.wait({to_gateway, to_person}, return_when=asyncio.FIRST_COMPLETED)
    for task in (to_gateway, to_person):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    code = upstream.close_code
    if code is None or code in UNSENDABLE:  # it died without a word
        code = WSCloseCode.SERVICE_RESTART
    await socket.close(code=code)


async def _pipe(
    source: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
    target: web.WebSocketResponse | aiohttp.ClientWebSocketResponse,
) -> None:
    async for message in source:
        if message.type == WSMsgType.TEXT:
            await target.send_str(message.data)
        elif message.type == WSMsgType.BINARY:
            await target.send_bytes(message.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("backends", nargs="+", help="the replicas' base URLs")
    args = parser.parse_args()
    web.run_app(create_app(args.backends), host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
