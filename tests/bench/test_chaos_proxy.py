"""The chaos run's reverse proxy: requests and sockets reach a live replica, and a socket whose
replica died is closed, so the widget reconnects (to the replica still up)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from support.processes import free_port

from bench.chaos_proxy import create_app


class Replica:
    """A stand-in gateway: says its name at /who, echoes web chat frames at /webchat/ws."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/who", self._who)
        app.router.add_post("/echo", self._echo)
        app.router.add_get("/webchat/ws", self._socket)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _who(self, request: web.Request) -> web.Response:
        return web.json_response({"name": self.name, "query": request.query_string})

    async def _echo(self, request: web.Request) -> web.Response:
        header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        return web.json_response({"body": await request.json(), "secret": header}, status=201)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        async for message in socket:
            await socket.send_str(f"{self.name}: {message.data}")
        return socket


@pytest.fixture
async def replicas() -> AsyncIterator[tuple[Replica, Replica]]:
    first, second = Replica("first"), Replica("second")
    await first.start()
    await second.start()
    yield first, second
    await first.stop()
    await second.stop()


@pytest.fixture
async def proxy(aiohttp_client, replicas):
    return await aiohttp_client(create_app([replica.url for replica in replicas]))


async def test_requests_go_to_both_replicas_and_only_to_the_live_one_when_one_is_down(
    proxy, replicas
) -> None:
    first, _ = replicas

    both = {(await (await proxy.get("/who?x=1")).json())["name"] for _ in range(4)}
    await first.stop()
    left = {(await (await proxy.get("/who")).json())["name"] for _ in range(4)}

    assert (both, left) == ({"first", "second"}, {"second"})


async def test_a_post_passes_with_its_body_headers_and_status(proxy) -> None:
    response = await proxy.post(
        "/echo", json={"update_id": 7}, headers={"X-Telegram-Bot-Api-Secret-Token": "s"}
    )

    assert (response.status, await response.json()) == (
        201,
        {"body": {"update_id": 7}, "secret": "s"},
    )


async def test_with_every_replica_down_the_answer_is_502(proxy, replicas) -> None:
    for replica in replicas:
        await replica.stop()

    assert (await proxy.get("/who")).status == 502


async def test_a_socket_whose_replica_dies_is_closed_and_reconnects_to_the_other(
    proxy, replicas
) -> None:
    socket = await proxy.ws_connect("/webchat/ws")
    await socket.send_str("hello")
    first_reply = (await socket.receive()).data
    serving = next(replica for replica in replicas if first_reply.startswith(replica.name))
    await serving.stop()

    closed = await socket.receive(timeout=5)
    again = await proxy.ws_connect("/webchat/ws")
    await again.send_str("hello")
    second_reply = (await again.receive(timeout=5)).data
    await again.close()

    assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    assert first_reply == f"{serving.name}: hello"
    assert second_reply.endswith(": hello") and not second_reply.startswith(serving.name)


async def test_a_burst_of_sockets_is_spread_evenly(proxy) -> None:
    async def name_of_replica() -> tuple[aiohttp.ClientWebSocketResponse, str]:
        socket = await proxy.ws_connect("/webchat/ws")
        await socket.send_str("hello")
        return socket, (await socket.receive(timeout=5)).data.split(":")[0]

    sockets = await asyncio.gather(*(name_of_replica() for _ in range(40)))
    counts = Counter(name for _, name in sockets)
    for socket, _ in sockets:
        await socket.close()

    assert counts == {"first": 20, "second": 20}
