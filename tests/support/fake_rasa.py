"""A local stand-in for the Rasa server, speaking its HTTP format, for gateway and channel tests.

It answers `POST /webhooks/rest/webhook` like Rasa's REST channel (a list of message dicts),
`GET /conversations/<sender>/tracker` with the user and bot events it recorded, and `GET /status`.
Tests choose the replies (`reply_with`), slow it down (`delay_s`, `status_delay_s`), hold every
reply until they let it go (`gate`), make it fail (`fail_with`), and read what it received
(`received`).

    async with FakeRasa() as rasa:
        rasa.reply_with(lambda sender, text, metadata: [{"text": f"echo: {text}"}])
        settings = make_settings(rasa_url=rasa.url)
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

Replier = Callable[[str, str, dict[str, Any]], list[dict[str, Any]]]


def echo(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """The default reply: the text back, with two buttons."""
    return [
        {
            "recipient_id": sender,
            "text": f"echo: {text}",
            "buttons": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        }
    ]


@dataclass
class Received:
    sender: str
    text: str
    metadata: dict[str, Any]
    input_channel: str | None


@dataclass
class FakeRasa:
    delay_s: float = 0.0
    fail_with: int | None = None  # an HTTP status to answer every request with
    status_delay_s: float = 0.0  # /status answers this late (a server that hangs)
    gate: asyncio.Event | None = None  # when given, replies wait until it is set
    received: list[Received] = field(default_factory=list)
    tracker_reads: int = 0  # GET /conversations/<sender>/tracker requests answered
    _replier: Replier = echo
    _events: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    _server: TestServer | None = None
    _port: int | None = None

    def reply_with(self, replier: Replier) -> None:
        self._replier = replier

    @property
    def url(self) -> str:
        assert self._port is not None, "use `async with FakeRasa()`"
        return f"http://127.0.0.1:{self._port}"

    def texts_from(self, sender: str) -> list[str]:
        return [message.text for message in self.received if message.sender == sender]

    async def __aenter__(self) -> FakeRasa:
        self._server = TestServer(self._make_app())
        await self._server.start_server()
        self._port = self._server.port
        return self

    def _make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_get("/conversations/{sender}/tracker", self._tracker)
        app.router.add_get("/status", self._status)
        return app

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None:
            await self._server.close()

    async def stop(self) -> None:
        """Stop answering (connection refused) until `restart()`; the port is kept."""
        assert self._server is not None
        await self._server.close()

    async def restart(self) -> None:
        assert self._server is not None
        self._server = TestServer(self._make_app(), port=self._port)
        await self._server.start_server()

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        sender, text = str(body["sender"]), str(body["message"])
        metadata = body.get("metadata") or {}
        self.received.append(Received(sender, text, metadata, body.get("input_channel")))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_with:
            return web.json_response({"error": "failure"}, status=self.fail_with)
        self._events[sender].append(
            {"event": "user", "text": text, "timestamp": time.time(), "metadata": metadata}
        )
        replies = self._replier(sender, text, metadata)
        for reply in replies:
            data = {
                key: value for key, value in reply.items() if key not in ("text", "recipient_id")
            }
            self._events[sender].append(
                {"event": "bot", "text": reply.get("text"), "timestamp": time.time(), "data": data}
            )
        return web.json_response(replies)

    async def _tracker(self, request: web.Request) -> web.Response:
        self.tracker_reads += 1
        if self.fail_with:
            return web.json_response({"error": "failure"}, status=self.fail_with)
        sender = request.match_info["sender"]
        return web.json_response({"sender_id": sender, "events": self._events.get(sender, [])})

    async def _status(self, _request: web.Request) -> web.Response:
        if self.status_delay_s:
            await asyncio.sleep(self.status_delay_s)
        if self.fail_with:
            return web.json_response({"error": "failure"}, status=self.fail_with)
        return web.json_response(
            {"model_file": "models/fake.tar.gz", "num_active_training_jobs": 0}
        )
