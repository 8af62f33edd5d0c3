"""The console's request pipeline: headers and error pages, access check, CSRF check.

Order (outermost first, after the session middleware): `page_middleware`, `access_middleware`,
`csrf_middleware`. So an anonymous request is sent to the login page (or gets 401 from the API)
before its CSRF token is looked at, and every refusal is a page in the member of staff's
language.
"""

from __future__ import annotations

import logging
from typing import Final

from aiohttp import web
from aiohttp.typedefs import Handler

from common.storage.migrate import SchemaNotReady
from relay.keys import SETTINGS
from staff.auth import load_user, login_url
from staff.csrf import UNSAFE_METHODS, token_matches
from staff.keys import SCHEMA
from staff.rendering import error_response, wants_json
from staff.requests import set_current_user
from staff.roles import PUBLIC, access_of, can

log = logging.getLogger(__name__)

# Styles, images and scripts from the gateway only (charts are inline SVG; the one script is the
# live handoff's, which also opens its event stream and posts replies: connect-src 'self').
CONTENT_SECURITY_POLICY: Final = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@web.middleware
async def page_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Security headers on every answer; 404, 405 and unexpected errors as polite pages.

    Until the database is at the newest migration every request gets a 503 page saying so
    (nothing runs against a missing table); the check is made again by the next request.
    """
    try:
        await request.config_dict[SCHEMA].ensure(request.config_dict[SETTINGS].database_url)
        response = await handler(request)
    except SchemaNotReady as problem:
        log.error("Staff console not ready: %s", problem)
        response = await error_response(request, 503, "not_ready")
    except web.HTTPNotFound:
        response = await error_response(request, 404, "not_found")
    except web.HTTPMethodNotAllowed:
        response = await error_response(request, 405, "not_allowed")
    except web.HTTPException:
        raise
    except Exception:
        log.exception("Staff console error on %s %s", request.method, request.path)
        response = await error_response(request, 500, "server_error")
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    # Pages show personal data: never kept in a cache (the style sheet sets its own policy).
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def access_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Anonymous: to the login page (pages) or 401 (API). Role lacks the permission: 403."""
    access = access_of(request.match_info.handler)
    user = await load_user(request)
    set_current_user(request, user)
    if access == PUBLIC:
        return await handler(request)
    if user is None:
        if wants_json(request):
            return await error_response(request, 401, "unauthenticated")
        back = request.path_qs if request.method == "GET" else "/staff/inbox"
        raise web.HTTPSeeOther(login_url(back, ended=bool(request.get("staff.session_ended"))))
    if access is not None and not can(user.role, access):
        log.warning("Staff %s refused %s %s", user.role, request.method, request.path)
        return await error_response(request, 403, "forbidden")
    return await handler(request)


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in UNSAFE_METHODS and not await token_matches(request):
        log.warning("CSRF token missing or wrong: %s %s", request.method, request.path)
        return await error_response(request, 403, "csrf")
    return await handler(request)
