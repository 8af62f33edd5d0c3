"""A test client of the web chat protocol over a real WebSocket of a test gateway.

chat = await ChatSocket.open(client)       # client: pytest-aiohttp's TestClient of create_app
welcome = await chat.hello()
frames = await chat.say("hello", "m1")     # ack, typing, bot… (the closing done is checked)
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import ClientWebSocketResponse, WSMsgType
from aiohttp.test_utils import TestClient

RECEIVE_TIMEOUT_S = 10.0  # a hang fails the test instead of blocking the run


class ChatSocket:
    def __init__(self, ws: ClientWebSocketResponse) -> None:
        self.ws = ws
        self.token: str | None = None

    @classmethod
    async def open(cls, client: TestClient, **kwargs: Any) -> ChatSocket:
        return cls(await client.ws_connect("/webchat/ws", **kwargs))

    async def send(self, frame: Any) -> None:
        await self.ws.send_str(frame if isinstance(frame, str) else json.dumps(frame))

    async def receive(self) -> dict[str, Any]:
        message = await self.ws.receive(timeout=RECEIVE_TIMEOUT_S)
        assert message.type == WSMsgType.TEXT, f"expected a text frame, got {message}"
        frame = json.loads(message.data)
        assert isinstance(frame, dict)
        return frame

    async def expect(self, kind: str) -> dict[str, Any]:
        """The next frame, which must be of type `kind`."""
        frame = await self.receive()
        assert frame["type"] == kind, f"expected {kind!r}, got {frame}"
        return frame

    async def receive_until(self, kind: str) -> list[dict[str, Any]]:
        """Frames up to and including the next one of type `kind`."""
        frames = [await self.receive()]
        while frames[-1]["type"] != kind:
            frames.append(await self.receive())
        return frames

    async def hello(self, session: str | None = None, lang: str = "en") -> dict[str, Any]:
        """Say hello (with `session`, default: this socket's last token) and return the welcome."""
        await self.send({"type": "hello", "session": session or self.token, "lang": lang})
        welcome = await self.expect("welcome")
        self.token = welcome["session"]
        return welcome

    async def say(self, text: str, message_id: str) -> list[dict[str, Any]]:
        """Send a typed message; return the frames of its reply, without the closing `done`."""
        await self.send({"type": "message", "id": message_id, "text": text})
        return await self.reply_to(message_id)

    async def press(self, payload: str, title: str, message_id: str) -> list[dict[str, Any]]:
        await self.send({"type": "message", "id": message_id, "payload": payload, "title": title})
        return await self.reply_to(message_id)

    async def reply_to(self, message_id: str) -> list[dict[str, Any]]:
        """Frames up to the `done` of `message_id`, which is checked and left out."""
        frames = await self.receive_until("done")
        assert frames[-1]["id"] == message_id, f"done for another message: {frames[-1]}"
        return frames[:-1]

    async def close(self) -> None:
        await self.ws.close()


def kinds(frames: list[dict[str, Any]]) -> list[str]:
    return [frame["type"] for frame in frames]
