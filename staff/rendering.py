"""Pages and error answers of the console: HTML for browsers, JSON for `/staff/api/`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import aiohttp_jinja2
from aiohttp import web

from relay.keys import SETTINGS
from staff.csrf import csrf_token
from staff.keys import TEMPLATES
from staff.requests import current_language, current_user, staff_settings, translator
from staff.roles import can

API_PREFIX: Final = "/staff/api/"
# What a page may confirm after a redirect (`?done=<notice>`); anything else is ignored.
NOTICES: Final = frozenset(
    {
        "nlu_collected",
        "nlu_deleted",
        "password_set",
        "status_saved",
        "user_added",
        "user_disabled",
        "user_enabled",
    }
)


def wants_json(request: web.Request) -> bool:
    """API requests (under /staff/api/, or asking for JSON only) get JSON errors, not pages."""
    if request.path.startswith(API_PREFIX):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


async def render(
    request: web.Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    """Render a page with what every page needs: texts, user, language, CSRF token."""
    user = current_user(request)
    languages = request.config_dict[SETTINGS].languages
    context = dict(context or {})
    if context.get("notice") not in NOTICES:
        context["notice"] = None
    base = {
        "t": await translator(request),
        "lang": await current_language(request),
        "languages": languages.codes,
        "language_name": languages.name,
        "user": user,
        "can": lambda permission: user is not None and can(user.role, permission),
        "csrf_token": await csrf_token(request),
        "here": request.path_qs,
        "low_confidence": staff_settings(request).low_confidence,
    }
    return aiohttp_jinja2.render_template(
        template, request, {**base, **context}, app_key=TEMPLATES, status=status
    )


async def error_response(
    request: web.Request, status: int, code: str, **values: object
) -> web.Response:
    """A refusal in the member of staff's language: a page, or `{"error", "message"}`."""
    t = await translator(request)
    message = t(f"errors.{code}", **values)
    if wants_json(request):
        return web.json_response({"error": code, "message": message}, status=status)
    title = t(f"errors.title_{status}")
    return await render(request, "error.html", {"title": title, "message": message}, status=status)
