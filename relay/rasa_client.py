"""The gateway's client of the Rasa server: its REST channel for messages, its HTTP API for history.

One aiohttp session is kept open for the gateway's lifetime (connection reuse matters: a new TCP
connection per message costs more than the gateway itself). A failed or slow request raises
`RasaUnavailable`; the next request simply tries again, so the gateway recovers as soon as Rasa
answers again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from common.messages import BotMessage
from common.privacy import sender_ref

REST_WEBHOOK = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer in time, refused the connection or answered with an error."""


class RasaTooSlow(RasaUnavailable):
    """Rasa did not answer within the timeout: busy or hanging (its `/status` tells which)."""


class RasaNotReached(RasaUnavailable):
    """No connection to Rasa could be made: the request never left, so another server may
    take it without the message being processed twice."""


@dataclass(frozen=True)
class Turn:
    """One message of a conversation's history, as the tracker recorded it."""

    role: str  # "user" or "bot"
    timestamp: float
    message: BotMessage  # for the user: the text they sent (a button press: its title)
    message_id: str | None = None  # for the user: the channel's id of the message, if it sent one


class RasaClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 5.0,
        connect_timeout_s: float = 2.0,
        token: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_s, sock_connect=connect_timeout_s)
        self._params = {"token": token} if token else {}
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=256, keepalive_timeout=60)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            raise_for_status=False,
            cookie_jar=aiohttp.DummyCookieJar(),  # Rasa sets none: no jar to update per reply
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("RasaClient.start() was not awaited")
        return self._session

    async def send(
        self, sender: str, text: str, metadata: Mapping[str, Any] | None = None
    ) -> list[BotMessage]:
        """Send one user message (text or a "/intent" payload) and return the assistant's reply."""
        body: dict[str, Any] = {"sender": sender, "message": text, "metadata": dict(metadata or {})}
        if body["metadata"].get("channel"):
            body["input_channel"] = body["metadata"]["channel"]  # recorded on the user event
        reply = await self._request("POST", REST_WEBHOOK, json=body)
        if not isinstance(reply, list):
            raise RasaUnavailable(f"unexpected reply from Rasa: {type(reply).__name__}")
        return BotMessage.from_rasa_list(reply)

    async def history(self, sender: str, limit: int) -> list[Turn]:
        """The last `limit` user and bot messages since the conversation's last restart."""
        tracker = await self._request(
            "GET",
            f"/conversations/{quote(sender, safe='')}/tracker",
            shown=f"/conversations/{sender_ref(sender)}/tracker",  # errors are logged
        )
        events = tracker.get("events") if isinstance(tracker, dict) else None
        turns = [turn for turn in map(_turn, events or []) if turn is not None]
        return turns[-limit:]

    async def is_ready(self, timeout_s: float | None = None) -> bool:
        """Whether the Rasa server answers its status endpoint with a loaded model (within
        `timeout_s`, else the client's timeout)."""
        options: dict[str, Any] = (
            {"timeout": aiohttp.ClientTimeout(total=timeout_s)} if timeout_s else {}
        )
        try:
            status = await self._request("GET", "/status", **options)
        except RasaUnavailable:
            return False
        return isinstance(status, dict) and bool(status.get("model_file"))

    async def _request(
        self, method: str, path: str, *, shown: str | None = None, **kwargs: Any
    ) -> Any:
        """`shown`: the path as error messages name it, when `path` holds a sender id."""
        shown = shown or path
        try:
            async with self.session.request(
                method, self.base_url + path, params=self._params, **kwargs
            ) as response:
                if response.status >= 400:
                    raise RasaUnavailable(f"Rasa answered {response.status} to {method} {shown}")
                return await response.json(content_type=None)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise RasaNotReached(f"{method} {shown}: no connection to {self.base_url}") from error
        except asyncio.TimeoutError as error:
            raise RasaTooSlow(f"Rasa did not answer {method} {shown} in time") from error
        except json.JSONDecodeError as error:
            raise RasaUnavailable(f"{method} {shown} failed: {error}") from error
        except aiohttp.ClientError as error:
            # A connection error names the host; others may name the URL, and so the sender.
            connection = isinstance(error, aiohttp.ClientConnectionError)
            detail = str(error) if connection else type(error).__name__
            raise RasaUnavailable(f"{method} {shown} failed: {detail}") from error


def _turn(event: Any) -> Turn | None:
    if not isinstance(event, dict):
        return None
    timestamp = float(event.get("timestamp") or 0)
    if event.get("event") == "user":
        metadata = event.get("metadata") or {}
        shown = metadata.get("display_text") if isinstance(metadata, dict) else None
        text = shown or event.get("text")
        if not isinstance(text, str) or not text:
            return None
        message_id = metadata.get("message_id") if isinstance(metadata, dict) else None
        return Turn(
            "user", timestamp, BotMessage(text=text), str(message_id) if message_id else None
        )
    if event.get("event") == "bot":
        data = event.get("data") or {}
        message = BotMessage.from_rasa({**data, "text": event.get("text")})
        return None if message.is_empty else Turn("bot", timestamp, message)
    return None
