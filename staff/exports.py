"""Downloads: a filtered set of conversations, one conversation, one conversation as a test story.

Every download is a POST (it writes the audit log, so it carries a CSRF token). Masked unless
an admin asks for the unmasked data and states why; reviewers asking for it get 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Final

from aiohttp import web

from common.storage.log_filters import FilterError
from common.storage.log_records import Transcript
from relay.conversation_log import CONVERSATION_LOG
from relay.keys import DATABASE, SETTINGS
from staff.audited import export_conversation
from staff.export_formats import as_csv, as_json
from staff.inbox import CHANNELS, UnknownPerson, inbox_filter
from staff.rendering import error_response, render
from staff.requests import logged_in_user
from staff.roles import can, requires
from staff.stories import test_story_yaml
from staff.transcript import MAX_REASON_LENGTH, conversation_id

routes = web.RouteTableDef()

FORMATS: Final[dict[str, tuple[str, Callable[[Sequence[Transcript], bool], str]]]] = {
    "csv": ("text/csv", lambda transcripts, _revealed: as_csv(transcripts)),
    "json": (
        "application/json",
        lambda transcripts, revealed: as_json(transcripts, revealed=revealed),
    ),
}


def download(body: str, content_type: str, filename: str) -> web.Response:
    return web.Response(
        text=body,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")


async def _form(request: web.Request) -> dict[str, str]:
    return {key: value for key, value in (await request.post()).items() if isinstance(value, str)}


async def _unmasked_request(
    request: web.Request, form: dict[str, str]
) -> tuple[bool, str | None, web.StreamResponse | None]:
    """(unmasked?, reason, refusal): unmasked data needs the permission and a reason."""
    if form.get("unmasked") != "yes":
        return False, None, None
    if not can(logged_in_user(request).role, "export_unmasked"):
        return True, None, await error_response(request, 403, "forbidden")
    reason = form.get("reason", "").strip()[:MAX_REASON_LENGTH]
    if not reason:
        return True, None, await error_response(request, 400, "reason_required")
    return True, reason, None


@routes.get("/exports")
@requires("export")
async def exports_page(request: web.Request) -> web.StreamResponse:
    error = None
    try:
        await inbox_filter(request.config_dict[DATABASE], request.query)
    except FilterError as problem:
        error = str(problem)
    except UnknownPerson:
        return await error_response(request, 404, "not_found")
    return await render(
        request,
        "exports.html",
        {
            "query": request.query,
            "filter_error": error,
            "channels": CHANNELS,
            "languages_known": request.config_dict[SETTINGS].languages.codes,
        },
        status=400 if error else 200,
    )


@routes.post("/exports")
@requires("export")
async def export_set(request: web.Request) -> web.StreamResponse:
    form = await _form(request)
    try:
        where, _params = await inbox_filter(request.config_dict[DATABASE], form)
    except FilterError as problem:
        return await error_response(request, 400, "bad_filter", problem=str(problem))
    except UnknownPerson:
        return await error_response(request, 404, "not_found")
    chosen = FORMATS.get(form.get("format", ""))
    if chosen is None:
        return await error_response(request, 400, "bad_format")
    unmasked, reason, refusal = await _unmasked_request(request, form)
    if refusal is not None:
        return refusal
    transcripts = await request.config_dict[CONVERSATION_LOG].export(
        where, by=logged_in_user(request).username, reveal=unmasked, reason=reason
    )
    content_type, render_file = chosen
    return download(
        render_file(transcripts, unmasked),
        content_type,
        f"conversations-{stamp()}.{form['format']}",
    )


@routes.post(r"/conversations/{conversation:\d+}/export")
@requires("export")
async def export_one(request: web.Request) -> web.StreamResponse:
    form = await _form(request)
    chosen = FORMATS.get(form.get("format", ""))
    if chosen is None:
        return await error_response(request, 400, "bad_format")
    unmasked, reason, refusal = await _unmasked_request(request, form)
    if refusal is not None:
        return refusal
    number = conversation_id(request)
    transcript = await export_conversation(
        request.config_dict[DATABASE],
        number,
        by=logged_in_user(request).username,
        what=form["format"],
        reveal=unmasked,
        reason=reason,
    )
    if transcript is None:
        return await error_response(request, 404, "not_found")
    content_type, render_file = chosen
    return download(
        render_file([transcript], unmasked),
        content_type,
        f"conversation-{number}-{stamp()}.{form['format']}",
    )


@routes.post(r"/conversations/{conversation:\d+}/story")
@requires("export")
async def export_story(request: web.Request) -> web.StreamResponse:
    number = conversation_id(request)
    transcript = await export_conversation(
        request.config_dict[DATABASE], number, by=logged_in_user(request).username, what="story"
    )
    if transcript is None:
        return await error_response(request, 404, "not_found")
    return download(
        test_story_yaml(transcript), "application/x-yaml", f"test-story-conversation-{number}.yml"
    )
