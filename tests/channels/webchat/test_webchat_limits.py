"""The limits that protect the gateway: message rate, idle connections, foreign origins, frame
size; and what operators see of the web chat (metrics, shutdown, the widget's files)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.gateway import make_settings
from support.webchat import ChatSocket

from channels.webchat import create_webchat_app
from relay.keys import SETTINGS


async def test_too_many_messages_a_minute_are_refused(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    gateway = await start_gateway(webchat_rate_limit=3)  # real Redis
    chat = await ChatSocket.open(gateway)
    await chat.hello(lang="ru")
    for number in range(3):
        await chat.say(f"сообщение {number}", f"m{number}")

    await chat.send({"type": "message", "id": "m3", "text": "ещё одно"})
    limited = await chat.expect("error")
    await chat.send({"type": "message", "id": "m0", "text": "сообщение 0"})  # a resend
    resend_ack = await chat.receive()

    assert limited == {
        "type": "error",
        "code": "rate_limited",
        "message": "Вы отправляете сообщения слишком часто. Пожалуйста, подождите немного.",
        "id": "m3",
    }
    assert resend_ack == {"type": "ack", "id": "m0"}  # resends are not counted
    assert len(fake_rasa.received) == 3
    other = await ChatSocket.open(gateway)
    await other.hello()
    assert (await other.say("another person", "m0"))[-1]["text"] == "echo: another person"


async def test_the_rate_limit_holds_across_gateway_replicas(
    start_gateway: Any, fake_rasa: FakeRasa
) -> None:
    replica_one = await start_gateway(webchat_rate_limit=2)
    replica_two = await start_gateway(webchat_rate_limit=2)
    first = await ChatSocket.open(replica_one)
    await first.hello()
    second = await ChatSocket.open(replica_two)
    await second.hello(session=first.token)

    await first.say("one", "m1")
    await second.say("two", "m2")  # (replicas do not fan frames out to each other yet)
    await second.send({"type": "message", "id": "m3", "text": "three"})

    assert (await second.expect("error"))["code"] == "rate_limited"
    assert [message.text for message in fake_rasa.received] == ["one", "two"]


async def test_an_idle_connection_is_closed(start_gateway: Any) -> None:
    gateway = await start_gateway(webchat_idle_timeout_s=0.5, webchat_heartbeat_s=0.1)
    chat = await ChatSocket.open(gateway)  # the client answers the heartbeat pings
    await chat.hello()
    await chat.say("hello", "m1")

    closing = await chat.ws.receive(timeout=10)

    assert closing.type == WSMsgType.CLOSE
    assert closing.data == WSCloseCode.OK
    assert closing.extra == "idle timeout"


async def test_a_client_that_stops_answering_pings_is_dropped(start_gateway: Any) -> None:
    gateway = await start_gateway(webchat_heartbeat_s=0.2)
    chat = await ChatSocket.open(gateway, autoping=False)
    await chat.hello()

    while (message := await chat.ws.receive(timeout=10)).type == WSMsgType.PING:
        pass  # not answered

    assert message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED)


async def test_only_the_allowed_sites_may_open_the_chat(start_gateway: Any) -> None:
    gateway = await start_gateway(webchat_allowed_origins=("https://pes.example",))

    refused = await gateway.get(
        "/webchat/ws",
        headers={
            "Origin": "https://evil.example",
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    allowed = await ChatSocket.open(gateway, origin="https://pes.example")
    without_origin = await ChatSocket.open(gateway)  # not a browser: no page to protect

    assert refused.status == 403
    assert (await allowed.hello())["history"] == []
    assert (await without_origin.hello())["history"] == []


async def test_metrics_show_messages_and_open_sockets(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    await chat.say("hello", "m1")
    await chat.send("not json")
    await chat.expect("error")

    metrics = await (await gateway.get("/metrics")).text()

    assert 'pes_messages_in_total{channel="webchat"} 1.0' in metrics
    assert 'pes_messages_out_total{channel="webchat"} 1.0' in metrics
    assert 'pes_errors_total{channel="webchat",kind="invalid_json"} 1.0' in metrics
    assert "pes_open_websockets 1.0" in metrics

    await chat.close()
    assert await _open_sockets_reach(gateway, 0)


async def _open_sockets_reach(gateway: TestClient, expected: int) -> bool:
    """The gauge drops once the server has finished with the socket; wait for that."""
    for _ in range(100):
        metrics = await (await gateway.get("/metrics")).text()
        match = re.search(r"^pes_open_websockets (\S+)$", metrics, re.MULTILINE)
        if match and float(match.group(1)) == expected:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_shutdown_closes_open_sockets_with_going_away(gateway: TestClient) -> None:
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    shutdown = asyncio.create_task(gateway.server.close())
    closing = await chat.ws.receive(timeout=10)
    await shutdown

    assert closing.type == WSMsgType.CLOSE
    assert closing.data == WSCloseCode.GOING_AWAY
    assert closing.extra == "server shutdown"


async def test_the_widget_files_are_served_with_caching(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    (tmp_path / "widget.js").write_text(
        "var STRINGS = /*pes:strings*/ {en: {}} /*pes:strings-end*/;", encoding="utf-8"
    )
    app = web.Application()
    app[SETTINGS] = make_settings(tmp_path)
    app.add_subapp("/webchat/", create_webchat_app(static_dir=tmp_path))
    client = await aiohttp_client(app)

    script = await client.get("/webchat/widget.js")
    missing_style = await client.get("/webchat/widget.css")

    assert script.status == 200
    served = await script.text()
    assert served.startswith('var STRINGS = {"en": {"open": "Chat with the employment service')
    assert '"ru": {"open": "Открыть чат с помощником службы занятости"' in served
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert script.headers["Cache-Control"] == "public, max-age=300"
    assert missing_style.status == 404


async def test_the_gateway_serves_the_installed_widget(gateway: TestClient) -> None:
    script = await gateway.get("/webchat/widget.js")
    style = await gateway.get("/webchat/widget.css")

    assert script.status == style.status == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert style.headers["Content-Type"].startswith("text/css")
    assert style.headers["Cache-Control"] == "public, max-age=300"
