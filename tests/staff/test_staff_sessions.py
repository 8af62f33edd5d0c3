"""Console sessions are kept on the server: logging out makes a copied cookie worthless, "log
out everywhere" ends the other devices' sessions, and a session has an absolute lifetime
however busy it is (finding 3 of issue 14)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session
from support.staff_console import Console, open_console

from bot.app import DATABASE
from common.settings import Settings
from common.storage.staff_models import StaffSession
from staff.auth import COOKIE_NAME


def cookie_of(console: Console) -> str:
    cookie = console.client.session.cookie_jar.filter_cookies(
        console.client.make_url("/staff/inbox")
    )[COOKIE_NAME]
    return str(cookie.value)


def use_cookie(console: Console, value: str) -> None:
    console.client.session.cookie_jar.update_cookies(
        {COOKIE_NAME: value}, console.client.make_url("/staff/")
    )


async def test_a_cookie_copied_before_logout_opens_nothing_after_it(console: Console) -> None:
    admin = await console.add_user("admin")
    await console.log_in(admin)
    copied = cookie_of(console)
    assert (await console.get("/staff/users")).status == 200

    await console.post("/staff/logout")
    use_cookie(console, copied)
    replayed = await console.get("/staff/users")

    assert replayed.status == 303
    assert replayed.headers["Location"].startswith("/staff/login")


async def test_logging_out_everywhere_ends_the_sessions_of_every_device(
    aiohttp_client: Any, settings: Settings
) -> None:
    laptop = await open_console(aiohttp_client, settings)
    phone = Console(await aiohttp_client(laptop.client.server))
    reviewer = await laptop.add_user("reviewer")
    other = await laptop.add_user("reviewer")
    colleague = Console(await aiohttp_client(laptop.client.server))
    await laptop.log_in(reviewer)
    await phone.log_in(reviewer)
    await colleague.log_in(other)

    response = await phone.post("/staff/logout-everywhere")

    assert response.status == 303
    assert (await laptop.get("/staff/inbox")).status == 303
    assert (await phone.get("/staff/inbox")).status == 303
    assert (await colleague.get("/staff/inbox")).status == 200  # another account's: still on
    assert (await laptop.log_in(reviewer)).status == 303  # and a new login works


async def test_a_busy_session_still_ends_at_its_absolute_lifetime(console: Console) -> None:
    reviewer = await console.add_user("reviewer")
    await console.log_in(reviewer)
    assert (await console.get("/staff/inbox")).status == 200

    # The login was longer ago than the lifetime (24 h by default); its last request was now.
    with Session(console.app[DATABASE]) as session, session.begin():
        [record] = session.query(StaffSession).all()
        record.created_at -= timedelta(hours=24, minutes=1)
    response = await console.get("/staff/inbox")

    assert response.status == 303
    login_page = await console.client.get(response.headers["Location"])
    assert "Your session has ended. Please log in again." in await login_page.text()


async def test_the_database_keeps_only_a_hash_of_the_session_token(console: Console) -> None:
    await console.log_in(await console.add_user("reviewer"))

    with Session(console.app[DATABASE]) as session:
        [stored] = session.query(StaffSession.id).all()

    assert len(stored[0]) == 64 and stored[0] not in cookie_of(console)
