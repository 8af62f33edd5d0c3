"""The audit log for admins: who revealed, exported, erased or purged what, when and why."""

from __future__ import annotations

from typing import Final

from aiohttp import web

from common.storage.audit import LOG_ACTIONS
from relay.conversation_log import CONVERSATION_LOG
from staff.inbox import page_number
from staff.rendering import render
from staff.requests import staff_settings, translator
from staff.roles import requires

STAFF_ACTIONS: Final = (
    "staff_user_added",
    "staff_user_disabled",
    "staff_user_enabled",
    "staff_password_set",
    "alerts_paused",
    "alerts_resumed",
)
ACTIONS: Final = (*LOG_ACTIONS, *STAFF_ACTIONS)

routes = web.RouteTableDef()


@routes.get("/audit")
@requires("audit")
async def audit_page(request: web.Request) -> web.StreamResponse:
    action = request.query.get("action") or None
    if action not in (None, *ACTIONS):
        action = None
    page = page_number(request.query.get("page"))
    page_size = staff_settings(request).page_size
    # One entry more than a page: whether there is a next page, without counting them all.
    entries = await request.config_dict[CONVERSATION_LOG].audit_log(
        limit=page_size + 1, offset=(page - 1) * page_size, action=action
    )
    t = await translator(request)
    names = {name: t(f"audit.actions.{name}") for name in ACTIONS}
    return await render(
        request,
        "audit.html",
        {
            "entries": entries[:page_size],
            "has_next": len(entries) > page_size,
            "page": page,
            "action": action,
            "actions": ACTIONS,
            # Actions other parts of the gateway may add later are shown as they are stored.
            "action_name": lambda name: names.get(name, name),
        },
    )
