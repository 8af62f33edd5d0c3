"""The staff console: a sub-application mounted at `/staff/` by `bot.app.create_app`.

Server-rendered pages (aiohttp-jinja2, autoescaped) and a small JSON API under `/staff/api/`, no
front-end build; the one script is the live handoff's (`static/handoff.js`). Every route needs a
logged-in member of staff with the right role (`staff.roles`), except the login page, the
style sheet, the script and the language switch; every state-changing request needs the
session's CSRF token (`staff.csrf`).

    /staff/login, /staff/logout          auth.py
    /staff/inbox                          inbox.py (and /staff/api/conversations)
    /staff/conversations/<id>             transcript.py (and /staff/api/conversations/<id>)
    /staff/conversations/<id>/messages/<event>/nlu-example, /staff/nlu-examples  nlu_examples.py
    /staff/exports, …/export, …/story     exports.py
    /staff/analytics                      analytics.py
    /staff/registrations                  intakes.py
    /staff/slots, /staff/bookings/<ref>   slots.py (counselling appointments)
    /staff/users                          users_page.py (admins)
    /staff/audit                          audit_page.py (admins)
    /staff/handoff, /staff/handoff/<id>   handoff_pages.py (the live handoff, and …/events)
    /staff/alerts                         alerts_page.py (job alerts; pausing them: admins)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import session_middleware

from common.settings import StaffSettings
from common.settings import settings as current_settings
from staff import (
    alerts_page,
    analytics,
    audit_page,
    auth,
    exports,
    handoff_pages,
    inbox,
    intakes,
    nlu_examples,
    site,
    slots,
    transcript,
    users_page,
)
from staff.auth import StaffCookieStorage
from staff.keys import SCHEMA, STAFF_SETTINGS, TEMPLATES, SchemaCheck
from staff.middlewares import access_middleware, csrf_middleware, page_middleware
from staff.roles import check_declared

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
ROUTES = (
    site.routes,
    auth.routes,
    inbox.routes,
    handoff_pages.routes,
    transcript.routes,
    nlu_examples.routes,
    exports.routes,
    analytics.routes,
    intakes.routes,
    slots.routes,
    users_page.routes,
    audit_page.routes,
    alerts_page.routes,
)


def create_staff_app(secret_key: bytes, settings: StaffSettings | None = None) -> web.Application:
    """The console; `secret_key` (SECRET_KEY) encrypts its session cookie, `settings` default
    to the STAFF_* environment variables."""
    settings = settings or current_settings().staff
    app = web.Application(
        middlewares=[
            session_middleware(StaffCookieStorage(secret_key)),
            page_middleware,
            access_middleware,
            csrf_middleware,
        ]
    )
    app[STAFF_SETTINGS] = settings
    app[SCHEMA] = SchemaCheck()
    filters: dict[str, Callable[..., str]] = {
        "when": when,
        "percent": percent,
        "confidence": confidence,
    }
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        app_key=TEMPLATES,
        filters=filters,
    )
    for routes in ROUTES:
        app.add_routes(routes)
    check_declared(app)
    return app


def when(moment: datetime | None) -> str:
    """A time as staff read it: UTC, to the second."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def percent(fraction: float | None) -> str:
    return "–" if fraction is None else f"{fraction * 100:.1f} %"


def confidence(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


__all__ = ["create_staff_app"]
