"""Logging in to the staff console: nothing without a session, cookies, expiry, rate limit."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from support.gateway import TEST_SECRET, make_settings
from support.staff_console import PASSWORD, Console, csrf_token_in, unique_name
from yarl import URL

from bot.app import create_app
from common.settings import StaffSettings
from common.storage.migrate import upgrade
from staff import create_staff_app
from staff.auth import COOKIE_NAME
from staff.roles import PUBLIC, access_of

SAMPLE_PARAMETERS = {
    "conversation": "1",
    "event": "2",
    "example": "1",
    "handoff": "1",
    "reference": "DP-7K3M9Q",
    "slot_id": "1",
    "username": "someone",
}


def console_routes() -> list[tuple[str, str, str]]:
    """(method, path, access) of every route of the console, with sample path parameters."""
    found = []
    for route in create_staff_app(TEST_SECRET).router.routes():
        if route.method == "HEAD" or route.resource is None:
            continue
        path = re.sub(
            r"\{(\w+)\}", lambda match: SAMPLE_PARAMETERS[match.group(1)], route.resource.canonical
        )
        found.append((route.method, "/staff" + path, access_of(route.handler) or ""))
    return found


ROUTES = console_routes()


def test_the_console_has_the_pages_the_issue_asks_for() -> None:
    paths = {path for _, path, _ in ROUTES}
    assert {
        "/staff/login",
        "/staff/inbox",
        "/staff/conversations/1",
        "/staff/exports",
        "/staff/analytics",
        "/staff/registrations",
        "/staff/users",
        "/staff/audit",
        "/staff/api/conversations",
        "/staff/handoff",
        "/staff/handoff/1",
    } <= paths


@pytest.mark.parametrize(
    ("method", "path"),
    [(method, path) for method, path, access in ROUTES if access != PUBLIC],
)
async def test_anonymous_requests_go_to_the_login_page_or_get_401(
    console: Console, method: str, path: str
) -> None:
    response = await console.client.request(method, path, allow_redirects=False)

    if path.startswith("/staff/api/"):
        assert response.status == 401
        body = await response.json()
        assert body["error"] == "unauthenticated"
        assert "log in" in body["message"]
    else:
        assert response.status == 303
        assert response.headers["Location"].startswith("/staff/login?next=")


async def test_only_login_style_sheet_script_and_language_switch_are_public() -> None:
    public = {(method, path) for method, path, access in ROUTES if access == PUBLIC}

    assert public == {
        ("GET", "/staff/login"),
        ("POST", "/staff/login"),
        ("GET", "/staff/static/staff.css"),
        ("GET", "/staff/static/handoff.js"),
        ("POST", "/staff/language"),
    }


async def test_an_unknown_console_address_is_not_revealed_to_anonymous_visitors(
    console: Console,
) -> None:
    response = await console.get("/staff/no-such-page")

    assert response.status == 303
    assert response.headers["Location"].startswith("/staff/login")


async def test_logging_in_opens_the_page_asked_for_with_a_safe_session_cookie(
    console: Console,
) -> None:
    reviewer = await console.add_user("reviewer")
    first = await console.get("/staff/analytics?since=2025-01-01")
    assert URL(first.headers["Location"]).path == "/staff/login"
    assert URL(first.headers["Location"]).query["next"] == "/staff/analytics?since=2025-01-01"
    login_page = await console.client.get(first.headers["Location"])
    token = csrf_token_in(await login_page.text())

    response = await console.client.post(
        "/staff/login",
        data={
            "username": reviewer.username.upper(),  # usernames are case-insensitive
            "password": PASSWORD,
            "next": "/staff/analytics?since=2025-01-01",
            "csrf_token": token,
        },
        allow_redirects=False,
    )

    assert response.status == 303
    assert response.headers["Location"] == "/staff/analytics?since=2025-01-01"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/staff"
    assert not cookie["secure"]  # plain HTTP here
    assert reviewer.username not in cookie.value  # encrypted, not merely signed
    page = await console.get("/staff/inbox")
    assert page.status == 200
    assert reviewer.username in await page.text()


async def test_the_cookie_is_secure_behind_a_tls_proxy(console: Console) -> None:
    admin = await console.add_user("admin")
    token = csrf_token_in(await (await console.client.get("/staff/login")).text())

    response = await console.client.post(
        "/staff/login",
        data={"username": admin.username, "password": PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
    )

    assert response.status == 303
    assert response.cookies[COOKIE_NAME]["secure"] is True


async def test_a_wrong_password_is_refused_politely_and_opens_no_session(console: Console) -> None:
    reviewer = await console.add_user("reviewer")

    response = await console.log_in(reviewer, "not the password")

    assert response.status == 401
    assert "The username or password is not right" in await response.text()
    assert (await console.get("/staff/inbox")).status == 303


async def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(console: Console) -> None:
    response = await console.log_in(unique_name("nobody"), PASSWORD)

    assert response.status == 401
    assert "The username or password is not right" in await response.text()


async def test_an_empty_form_is_answered_with_what_is_missing(console: Console) -> None:
    token = csrf_token_in(await (await console.client.get("/staff/login")).text())

    response = await console.client.post("/staff/login", data={"csrf_token": token})

    assert response.status == 400
    assert "Please enter your username and password." in await response.text()


async def test_login_attempts_are_limited_per_username_and_address(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    for _ in range(5):
        assert (await console.log_in(reviewer, "guess")).status == 401

    refused = await console.log_in(reviewer)  # even the right password, for a while

    assert refused.status == 429
    assert int(refused.headers["Retry-After"]) == 15 * 60
    assert "Too many login attempts. Please wait 15 minutes" in await refused.text()
    assert (await console.get("/staff/inbox")).status == 303
    other = await console.add_user("reviewer")
    assert (await console.log_in(other)).status == 303  # another account is not locked out


async def test_after_logging_in_next_never_leads_to_another_site(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    token = csrf_token_in(await (await console.client.get("/staff/login")).text())

    response = await console.client.post(
        "/staff/login",
        data={
            "username": reviewer.username,
            "password": PASSWORD,
            "next": "//evil.example/staff/",
            "csrf_token": token,
        },
        allow_redirects=False,
    )

    assert response.headers["Location"] == "/staff/inbox"


async def test_a_session_ends_after_being_idle_for_the_maximum_age(
    aiohttp_client: Any, settings: Any
) -> None:
    from support.staff_console import open_console

    ahead = [timedelta(0)]  # how far the test has moved the console's clock
    console = await open_console(
        aiohttp_client,
        dataclasses.replace(settings, staff=StaffSettings(session_max_age_s=600)),
        clock=lambda: datetime.now(timezone.utc) + ahead[0],
    )
    await console.log_in(await console.add_user("reviewer"))
    ahead[0] += timedelta(seconds=590)
    assert (await console.get("/staff/inbox")).status == 200  # idle under the maximum

    ahead[0] += timedelta(seconds=601)
    response = await console.get("/staff/inbox")

    assert response.status == 303
    login_page = await console.client.get(response.headers["Location"])
    assert "Your session has ended. Please log in again." in await login_page.text()


async def test_logging_out_ends_the_session(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    response = await console.post("/staff/logout")

    assert response.status == 303
    assert response.headers["Location"] == "/staff/login"
    assert (await console.get("/staff/inbox")).status == 303


async def test_disabling_an_account_ends_its_open_sessions(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)
    assert (await console.get("/staff/inbox")).status == 200

    from bot.app import DATABASE
    from staff.users import UserStore

    await UserStore(console.app[DATABASE]).set_active(reviewer.username, False, by="boss")

    assert (await console.get("/staff/inbox")).status == 303
    assert (await console.log_in(reviewer)).status == 401


async def test_a_forged_cookie_is_an_anonymous_visitor(console: Console) -> None:
    console.client.session.cookie_jar.update_cookies({COOKIE_NAME: "gAAAAAforged"})

    assert (await console.get("/staff/inbox")).status == 303


async def test_the_console_answers_503_until_the_database_is_migrated(
    aiohttp_client: Any, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'new.db'}"
    client = await aiohttp_client(create_app(make_settings(tmp_path, database_url=database_url)))

    before = await client.get("/staff/login", headers={"Accept": "application/json"})
    upgrade(database_url)
    after = await client.get("/staff/login")

    assert before.status == 503
    assert (await before.json())["error"] == "not_ready"
    assert after.status == 200
