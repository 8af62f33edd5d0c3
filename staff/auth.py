"""Logging in and out of the console, and the session cookie that remembers who is in.

The session is kept on the server (`staff.login_sessions`, table `staff_sessions`); the
encrypted cookie (aiohttp-session's EncryptedCookieStorage, Fernet with a key derived from
SECRET_KEY by HKDF), HttpOnly, SameSite=Lax, limited to /staff, Secure when the request came
over HTTPS (directly or, per X-Forwarded-Proto, through a proxy), holds the session's token,
the CSRF token and the language.

A session ends when its member of staff logs out (a copy of the cookie is then worthless), when
they log out everywhere, after `session_max_age_s` without a request, `session_lifetime_s`
after the login, when the account is disabled, and when its password changes (sessions opened
before the change are refused).
"""

from __future__ import annotations

import logging
from typing import Final
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from aiohttp_session import Session, get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from common.privacy import mask_name
from common.settings import StaffSettings
from relay.client_address import client_address
from relay.keys import SETTINGS, SHARED_STATE
from staff.csrf import new_token
from staff.rendering import render
from staff.requests import (
    LANGUAGE_KEY,
    logged_in_user,
    login_sessions,
    set_current_user,
    staff_settings,
    user_store,
)
from staff.roles import public, requires
from staff.users import StaffAccount

COOKIE_NAME: Final = "pes_staff"
COOKIE_PATH: Final = "/staff"
HOME: Final = "/staff/inbox"
LOGIN: Final = "/staff/login"
_TOKEN: Final = "sid"

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


def cookie_key(secret_key: bytes) -> bytes:
    """The 32-byte cookie encryption key, derived from SECRET_KEY for this one purpose."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pes staff session cookie")
    return hkdf.derive(secret_key)


def is_https(request: web.Request) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


class StaffCookieStorage(EncryptedCookieStorage):
    """EncryptedCookieStorage whose cookie is Secure exactly when the request was HTTPS.

    The cookie itself has no expiry (it goes when the browser closes): the idle limit is
    checked on the server (`load_user`), which can then tell the member of staff why they
    have to log in again.
    """

    def __init__(self, secret_key: bytes) -> None:
        super().__init__(
            cookie_key(secret_key),
            cookie_name=COOKIE_NAME,
            path=COOKIE_PATH,
            httponly=True,
            samesite="Lax",
        )

    async def save_session(
        self, request: web.Request, response: web.StreamResponse, session: Session
    ) -> None:
        await super().save_session(request, response, session)
        morsel = response.cookies.get(self.cookie_name)
        if morsel is not None and is_https(request):
            morsel["secure"] = True


async def load_user(request: web.Request) -> StaffAccount | None:
    """The member of staff of this request's session, if it is still valid; refreshes it.

    Sets `request["staff.session_ended"]` when a session existed but has ended, so the login
    page can say why.
    """
    session = await get_session(request)
    token = session.get(_TOKEN)
    if not isinstance(token, str):
        return None
    running = await login_sessions(request).running(token)
    account = None if running is None else await user_store(request).by_id(running.account_id)
    if (
        running is None
        or account is None
        or not account.active
        or account.credentials_changed_at > running.created_at
    ):
        _end(session)
        request["staff.session_ended"] = True
        return None
    return account


def _end(session: Session) -> None:
    language = session.get(LANGUAGE_KEY)
    session.invalidate()
    if language:
        session[LANGUAGE_KEY] = language


def safe_next(target: object) -> str:
    """Where to go after logging in: a console path only (never another site)."""
    if not isinstance(target, str):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/staff/") or "\\" in target:
        return HOME
    return target


def login_url(next_path: str, *, ended: bool = False) -> str:
    query = {"next": next_path}
    if ended:
        query["ended"] = "1"
    return f"{LOGIN}?{urlencode(query)}"


@routes.get("/login")
@public
async def login_page(request: web.Request) -> web.StreamResponse:
    if await load_user(request) is not None:
        raise web.HTTPSeeOther(safe_next(request.query.get("next")))
    return await _login_form(request, ended=request.query.get("ended") == "1")


@routes.post("/login")
@public
async def log_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username") or "").strip()[:128]
    password = str(form.get("password") or "")[:1024]
    target = safe_next(form.get("next"))
    if not username or not password:
        return await _login_form(request, error="login_missing", status=400, username=username)
    settings = staff_settings(request)
    throttle = LoginThrottle(request, username, settings)
    if await throttle.exhausted():
        log.warning("Staff login refused, too many attempts for %s", mask_name(username))
        response = await _login_form(
            request,
            error="too_many_attempts",
            status=429,
            username=username,
            minutes=-(-settings.login_window_s // 60),
        )
        response.headers["Retry-After"] = str(settings.login_window_s)
        return response
    account = await user_store(request).authenticate(username, password)
    if account is None:
        await throttle.failed()
        log.info("Staff login failed for %s", mask_name(username))
        return await _login_form(request, error="login_failed", status=401, username=username)
    await start_session(request, account)
    log.info("Staff login: %s (%s)", mask_name(account.username), account.role)
    raise web.HTTPSeeOther(target)


@routes.post("/logout")
@requires("read")
async def log_out(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    token = session.get(_TOKEN)
    if isinstance(token, str):
        await login_sessions(request).end(token)
    _end(session)
    set_current_user(request, None)
    raise web.HTTPSeeOther(LOGIN)


@routes.post("/logout-everywhere")
@requires("read")
async def log_out_everywhere(request: web.Request) -> web.StreamResponse:
    """End every session of this member of staff, on every device, this one included."""
    user = logged_in_user(request)
    await login_sessions(request).end_all(user.id)
    log.info("Staff %s logged out everywhere", mask_name(user.username))
    _end(await get_session(request))
    set_current_user(request, None)
    raise web.HTTPSeeOther(LOGIN)


class LoginThrottle:
    """Failed logins counted per username and client address, and per client address whatever
    the usernames (`STAFF_LOGIN_ATTEMPTS[_PER_ADDRESS]` in `STAFF_LOGIN_WINDOW_S`); logins
    that succeed are not counted. The address is the client's behind TRUSTED_PROXIES."""

    def __init__(self, request: web.Request, username: str, settings: StaffSettings) -> None:
        address = client_address(request, request.config_dict[SETTINGS].trusted_proxies)
        self._state = request.config_dict[SHARED_STATE]
        self._window_s = settings.login_window_s
        self._limits = {
            f"staff:login:{username.casefold()}:{address}": settings.login_attempts,
            f"staff:login:address:{address}": settings.login_attempts_per_address,
        }

    async def exhausted(self) -> bool:
        for key, limit in self._limits.items():
            if await self._state.peek(key, self._window_s) >= limit:
                return True
        return False

    async def failed(self) -> None:
        for key in self._limits:
            await self._state.count(key, self._window_s)


async def start_session(request: web.Request, account: StaffAccount) -> None:
    """A new session for the account (with a new CSRF token), keeping the chosen language.

    Also used after a member of staff changed their own password, to keep them logged in.
    """
    language = (await get_session(request)).get(LANGUAGE_KEY)
    token = await login_sessions(request).open(account.id)
    session = await new_session(request)
    session[_TOKEN] = token
    if language:
        session[LANGUAGE_KEY] = language
    new_token(session)
    set_current_user(request, account)


async def _login_form(
    request: web.Request,
    *,
    error: str | None = None,
    status: int = 200,
    username: str = "",
    ended: bool = False,
    **values: object,
) -> web.Response:
    return await render(
        request,
        "login.html",
        {
            "error": error,
            "error_values": values,
            "username": username,
            "next": safe_next(request.query.get("next") or (await request.post()).get("next")),
            "ended": ended,
        },
        status=status,
    )
