"""The inbox: conversations by latest activity, paged on the server, filtered by the URL.

Every filter is a query parameter (`common.storage.log_filters.PARAMETERS`), so a filtered view
can be bookmarked or sent to a colleague. What is shown is masked (the log store's masked view).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.engine import Engine

from common.privacy import mask_sender_id
from common.storage.log_filters import FilterError, InboxFilter
from common.storage.log_models import Conversation
from common.storage.log_records import ConversationSummary, InboxPage
from common.storage.sessions import reading
from relay.conversation_log import CONVERSATION_LOG
from relay.keys import DATABASE, SETTINGS
from staff.rendering import error_response, render
from staff.requests import staff_settings
from staff.roles import requires

CHANNELS: Final = ("webchat", "telegram")

routes = web.RouteTableDef()


class UnknownPerson(LookupError):
    """`person=` names a conversation that does not exist."""


async def inbox_filter(
    engine: Engine, params: Mapping[str, str]
) -> tuple[InboxFilter, dict[str, str]]:
    """The filter of a request and its parameters for links.

    `person=<conversation id>` shows that conversation's person's conversations: the filter
    gets the sender id, while links keep `person`, so sender ids never appear in URLs.
    FilterError for an unreadable filter, UnknownPerson for an unknown conversation.
    """
    chosen = {key: value for key, value in params.items() if key != "sender"}
    person = chosen.get("person", "").strip()
    if person:
        sender = await _sender_of(engine, person)
        if sender is None:
            raise UnknownPerson(person)
        chosen["sender"] = sender
    where = InboxFilter.from_params(chosen)
    public = where.to_params()
    if person:
        del public["sender"]
        public["person"] = person
    return where, public


async def _sender_of(engine: Engine, conversation: str) -> str | None:
    if not conversation.isdigit():
        return None

    def find() -> str | None:
        with reading(engine) as session:
            query = select(Conversation.sender_id).where(Conversation.id == int(conversation))
            sender = session.execute(query).scalar()
            return None if sender is None else str(sender)

    return await asyncio.to_thread(find)


def page_number(raw: str | None) -> int:
    """A 1-based page number from the query string; anything unreadable is page 1."""
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def summary_json(summary: ConversationSummary) -> dict[str, Any]:
    """A conversation of the inbox for the API (masked like the page)."""
    return {
        "id": summary.id,
        "sender": mask_sender_id(summary.sender_id),
        "channel": summary.channel,
        "language": summary.language,
        "started_at": summary.started_at.isoformat(),
        "last_activity_at": summary.last_activity_at.isoformat(),
        "user_messages": summary.user_messages,
        "bot_messages": summary.bot_messages,
        "min_confidence": summary.min_confidence,
        "had_fallback": summary.had_fallback,
        "handoff_requested": summary.handoff_requested,
        "had_staff": summary.had_staff,
        "reviewed": summary.reviewed,
        "reviewed_by": summary.reviewed_by,
        "tags": list(summary.tags),
        "preview": summary.preview,
    }


@routes.get("/")
@requires("read")
async def home(_request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/staff/inbox")


@routes.get("/inbox")
@requires("read")
async def inbox_page(request: web.Request) -> web.StreamResponse:
    log = request.config_dict[CONVERSATION_LOG]
    settings = staff_settings(request)
    error = None
    page: InboxPage | None = None
    params: dict[str, str] = {}
    try:
        where, params = await inbox_filter(request.config_dict[DATABASE], request.query)
    except FilterError as problem:
        error = str(problem)
    except UnknownPerson:
        return await error_response(request, 404, "not_found")
    else:
        if any(not value for value in request.query.values()):
            # A submitted filter form sends every field: keep only the chosen ones in the
            # URL, so the view is short to share.
            raise web.HTTPFound("/staff/inbox" + (f"?{urlencode(params)}" if params else ""))
        page = await log.inbox(
            where, page=page_number(request.query.get("page")), page_size=settings.page_size
        )
    return await render(
        request,
        "inbox.html",
        {
            "page": page,
            "filter_error": error,
            "query": request.query,
            "filter_query": urlencode(params),
            "page_link": lambda number: "?" + urlencode({**params, "page": number}),
            "channels": CHANNELS,
            "languages_known": request.config_dict[SETTINGS].languages.codes,
            "intents": await log.intents(),
            "tags": await log.tags(),
            "masked_sender": mask_sender_id,
        },
        status=400 if error else 200,
    )


@routes.get("/api/conversations")
@requires("read")
async def inbox_api(request: web.Request) -> web.StreamResponse:
    try:
        where, _params = await inbox_filter(request.config_dict[DATABASE], request.query)
    except FilterError as problem:
        return await error_response(request, 400, "bad_filter", problem=str(problem))
    except UnknownPerson:
        return await error_response(request, 404, "not_found")
    page = await request.config_dict[CONVERSATION_LOG].inbox(
        where,
        page=page_number(request.query.get("page")),
        page_size=staff_settings(request).page_size,
    )
    return web.json_response(
        {
            "total": page.total,
            "page": page.page,
            "pages": page.pages,
            "page_size": page.page_size,
            "conversations": [summary_json(summary) for summary in page.conversations],
        }
    )
