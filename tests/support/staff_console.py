"""Helpers for staff console tests: a logged-in browser-like client, staff accounts, a seeded log.

    console = await open_console(aiohttp_client, settings)
    admin = await console.add_user("admin")           # a unique name, password PASSWORD
    await console.log_in(admin)
    page = await console.get("/staff/inbox")
    await console.post("/staff/conversations/1/review", {"reviewed": "yes"})  # CSRF token added

Usernames are unique per call, so the login rate limit (kept in the shared Redis) of one test
never counts another test's attempts.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient

from bot.app import DATABASE, create_app
from common.settings import Settings
from common.storage.log_entries import LogEntry
from common.storage.migrate import upgrade
from relay.conversation_log import CONVERSATION_LOG
from staff.keys import CLOCK
from staff.users import StaffAccount, UserStore

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def csrf_token_in(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@dataclass
class Console:
    client: TestClient

    @property
    def app(self) -> Any:
        return self.client.server.app

    async def add_user(self, prefix: str = "staff", role: str | None = None) -> StaffAccount:
        """A new active account (role: admin when the prefix is "admin", else reviewer)."""
        store = UserStore(self.app[DATABASE], bcrypt_rounds=4)
        chosen = role or ("admin" if prefix == "admin" else "reviewer")
        return await store.add(unique_name(prefix), chosen, PASSWORD, by="test setup")

    async def token(self) -> str:
        """The session's CSRF token, as a page shows it."""
        response = await self.client.get("/staff/login")
        if response.status == 200 and "csrf_token" in await response.text():
            return csrf_token_in(await response.text())
        page = await self.client.get("/staff/inbox")
        return csrf_token_in(await page.text())

    async def log_in(
        self,
        account: StaffAccount | str,
        password: str = PASSWORD,
        *,
        headers: dict[str, str] | None = None,
    ) -> ClientResponse:
        username = account if isinstance(account, str) else account.username
        token = csrf_token_in(await (await self.client.get("/staff/login")).text())
        return await self.client.post(
            "/staff/login",
            data={"username": username, "password": password, "csrf_token": token},
            headers=headers,
            allow_redirects=False,
        )

    async def get(self, path: str, **kwargs: Any) -> ClientResponse:
        return await self.client.get(path, allow_redirects=False, **kwargs)

    async def post(self, path: str, data: dict[str, str] | None = None) -> ClientResponse:
        """A form POST with the session's CSRF token."""
        token = await self.token()
        return await self.client.post(
            path, data={**(data or {}), "csrf_token": token}, allow_redirects=False
        )

    async def record(self, *entries: LogEntry) -> list[int]:
        """Write into the conversation log through the log's own writer."""
        return await self.app[CONVERSATION_LOG].record(*entries)


async def open_console(
    aiohttp_client: Any, settings: Settings, clock: Callable[[], datetime] | None = None
) -> Console:
    """The gateway (console included) on a migrated database; `clock`: the time the console
    judges sessions by (default: the real one)."""
    upgrade(settings.database_url)
    app = create_app(settings)
    if clock is not None:
        app[CLOCK] = clock
    client = await aiohttp_client(app)
    return Console(client)


def moment(minutes_ago: float = 0) -> datetime:
    return datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)


def conversation(
    sender: str,
    *,
    text: str = "hello",
    intent: str = "greet",
    confidence: float = 0.95,
    reply: str = "Hello! How can I help?",
    minutes_ago: float = 5,
    channel: str = "webchat",
    language: str = "en",
) -> list[LogEntry]:
    """A short conversation as Rasa's event broker logs it: session, message, action, reply."""
    at = moment(minutes_ago)
    return [
        LogEntry(sender, "session", at, name="session_started", channel=channel),
        LogEntry(
            sender,
            "user",
            at + timedelta(seconds=1),
            text=text,
            intent=intent,
            confidence=confidence,
            language=language,
            channel=channel,
        ),
        LogEntry(sender, "action", at + timedelta(seconds=2), name=f"utter_{intent}"),
        LogEntry(sender, "bot", at + timedelta(seconds=2), name=f"utter_{intent}", text=reply),
    ]
