"""CSRF tokens: one random token per session, required on every state-changing request.

Forms send it in the hidden field `csrf_token`, scripts in the `X-CSRF-Token` header. The check
runs before any handler (`staff.middlewares.csrf_middleware`): a missing or wrong token
gets 403, whoever is logged in.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Final

from aiohttp import web
from aiohttp_session import Session, get_session

FIELD: Final = "csrf_token"
HEADER: Final = "X-CSRF-Token"
SESSION_KEY: Final = "csrf"
UNSAFE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES: Final = ("application/x-www-form-urlencoded", "multipart/form-data")


def new_token(session: Session) -> str:
    """Give the session a fresh token (at login: a token never outlives its session)."""
    token = secrets.token_urlsafe(32)
    session[SESSION_KEY] = token
    return token


async def csrf_token(request: web.Request) -> str:
    """The session's token, created on first use (the login form needs one too)."""
    session = await get_session(request)
    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) else new_token(session)


async def token_matches(request: web.Request) -> bool:
    """Whether the request carries this session's token (header or form field)."""
    expected = (await get_session(request)).get(SESSION_KEY)
    given = request.headers.get(HEADER)
    if given is None and request.content_type in _FORM_TYPES:
        given_value = (await request.post()).get(FIELD)
        given = given_value if isinstance(given_value, str) else None
    if not isinstance(expected, str) or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
