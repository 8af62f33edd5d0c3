"""What every page shares: the style sheet, the language switch, the session for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from aiohttp import web
from aiohttp_session import get_session

from relay.keys import SETTINGS
from staff.auth import safe_next
from staff.csrf import csrf_token
from staff.requests import LANGUAGE_KEY, logged_in_user
from staff.roles import PERMISSIONS, public, requires

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"

routes = web.RouteTableDef()


@routes.get("/static/staff.css")
@public
async def style_sheet(_request: web.Request) -> web.StreamResponse:
    return web.FileResponse(
        STATIC_DIR / "staff.css",
        headers={"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=300"},
    )


@routes.post("/language")
@public
async def choose_language(request: web.Request) -> web.StreamResponse:
    """Switch the console's language for this session (also before logging in)."""
    form = await request.post()
    language = form.get("lang")
    if language in request.config_dict[SETTINGS].languages:
        (await get_session(request))[LANGUAGE_KEY] = language
    target = form.get("next")
    raise web.HTTPSeeOther(safe_next(target))


@routes.get("/api/session")
@requires("read")
async def session_api(request: web.Request) -> web.StreamResponse:
    """Who is logged in, what they may do, and the CSRF token scripts send in X-CSRF-Token."""
    user = logged_in_user(request)
    return web.json_response(
        {
            "username": user.username,
            "role": user.role,
            "permissions": sorted(PERMISSIONS[user.role]),
            "csrf_token": await csrf_token(request),
        }
    )
