"""The live handoff in the console: the queue, taking a conversation, replying, handing it back.

    GET  /staff/handoff                 the queue: waiting conversations and who holds which
    GET  /staff/handoff/events          server-sent events (?handoff=<id>: one conversation)
    GET  /staff/handoff/<id>            one conversation live: history, reply box, hand back
    POST /staff/handoff/<id>/take       only one member of staff wins it
    POST /staff/handoff/<id>/reply      the holder writes to the person
    POST /staff/handoff/<id>/release    back to the assistant (the holder, or an admin)
    GET  /staff/static/handoff.js       the pages' small script (EventSource, fetch)

Every page works without the script (forms and reloads); with it, the queue and the
conversation follow events live. A form POST answers with a redirect, a script's POST (Accept:
application/json) with JSON. Everything shown is masked like the rest of the console.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any, Final

from aiohttp import web

from common.privacy import mask_sender_id
from common.storage.log_filters import InboxFilter
from common.storage.log_records import LoggedEvent
from handoff.app import HANDOFF
from handoff.service import Handoff, HandoffError
from handoff.store import HandoffRecord
from relay.conversation_log import CONVERSATION_LOG
from staff.middlewares import SECURITY_HEADERS
from staff.rendering import error_response, render, wants_json
from staff.requests import current_language, logged_in_user, translator
from staff.roles import public, requires

STATIC_DIR: Final = Path(__file__).resolve().parent / "static"
MAX_REPLY: Final = 2000
KEEPALIVE_S: Final = 15.0
# A stream ends after this long; the browser reconnects at once, and the session and role are
# checked again (a disabled account stops receiving events within this time).
STREAM_S: Final = 300.0
RETRY_MS: Final = 2000
# Conversation events the live page shows: what the person and staff read.
SHOWN_KINDS: Final = ("user", "bot", "staff", "handoff", "delivery_failure")
STATUS_OF_ERROR: Final = {
    "not_found": 404,
    "handoff_taken": 409,
    "handoff_not_yours": 403,
    "handoff_closed": 409,
    "handoff_waiting": 409,
}

routes = web.RouteTableDef()


def handoff_of(request: web.Request) -> Handoff:
    return request.config_dict[HANDOFF]


def handoff_id(request: web.Request) -> int:
    return int(request.match_info["handoff"])


@routes.get("/handoff")
@requires("handoff")
async def queue_page(request: web.Request) -> web.StreamResponse:
    service = handoff_of(request)
    t = await translator(request)
    entries = await service.queue()
    now = service.clock()
    return await render(
        request,
        "handoff_queue.html",
        {
            "waiting_entries": [entry for entry in entries if entry["status"] == "waiting"],
            "held_entries": [entry for entry in entries if entry["status"] == "active"],
            "office_open": service.config.hours.is_open(now),
            "office_hours": service.config.hours.summary(
                service.config.day_names(await current_language(request), short=True)
            ),
            "zone": str(service.config.hours.zone),
            "script_texts": _script_texts(t),
            "error": request.query.get("error") if request.query.get("error") in _ERRORS else None,
        },
    )


@routes.get(r"/handoff/{handoff:\d+}")
@requires("handoff")
async def live_page(request: web.Request) -> web.StreamResponse:
    record = await handoff_of(request).store.get(handoff_id(request))
    if record is None:
        return await error_response(request, 404, "not_found")
    return await _show(request, record)


@routes.post(r"/handoff/{handoff:\d+}/take")
@requires("handoff")
async def take(request: web.Request) -> web.StreamResponse:
    user = logged_in_user(request)
    try:
        record = await handoff_of(request).take(handoff_id(request), by=user.username)
    except HandoffError as error:
        return await _refused(request, error)
    if wants_json(request):
        return web.json_response({"status": record.status, "taken_by": record.taken_by})
    raise web.HTTPSeeOther(f"/staff/handoff/{record.id}")


@routes.post(r"/handoff/{handoff:\d+}/reply")
@requires("handoff")
async def reply(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    text = form.get("text")
    text = text.strip() if isinstance(text, str) else ""
    if not text or len(text) > MAX_REPLY:
        return await error_response(request, 400, "bad_reply", max=MAX_REPLY)
    user = logged_in_user(request)
    try:
        delivered = await handoff_of(request).reply(
            handoff_id(request), by=user.username, text=text
        )
    except HandoffError as error:
        return await _refused(request, error)
    if wants_json(request):
        return web.json_response({"delivered": delivered})
    raise web.HTTPSeeOther(f"/staff/handoff/{handoff_id(request)}")


@routes.post(r"/handoff/{handoff:\d+}/release")
@requires("handoff")
async def release(request: web.Request) -> web.StreamResponse:
    user = logged_in_user(request)
    try:
        await handoff_of(request).hand_back(
            handoff_id(request), by=user.username, force=user.role == "admin"
        )
    except HandoffError as error:
        return await _refused(request, error)
    if wants_json(request):
        return web.json_response({"status": "closed"})
    raise web.HTTPSeeOther("/staff/handoff")


@routes.get("/handoff/events")
@requires("handoff")
async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `queue` snapshots, or one conversation's `message`, `state` and
    `failed` events (`?handoff=<id>`). Comments keep the connection alive."""
    raw = request.query.get("handoff", "")
    if raw and not raw.isdigit():
        return await error_response(request, 404, "not_found")
    watched = int(raw) if raw else None
    service = handoff_of(request)
    response = web.StreamResponse(
        headers={
            **SECURITY_HEADERS,
            "Content-Type": "text/event-stream; charset=utf-8",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # a proxy (nginx) must pass events on at once
        }
    )
    await response.prepare(request)
    stream = service.streams.open(watched)  # before the first state, so nothing falls between
    loop = asyncio.get_running_loop()
    ends_at = loop.time() + STREAM_S
    try:
        await response.write(f"retry: {RETRY_MS}\n\n".encode())
        if watched is None:
            await _send(response, "queue", {"entries": await service.queue()})
        else:
            record = await service.store.get(watched)
            state = {"status": record.status if record else "closed"}
            await _send(response, "state", {**state, "taken_by": record and record.taken_by})
        while (left := ends_at - loop.time()) > 0:
            try:
                event, data = await asyncio.wait_for(stream.events.get(), min(KEEPALIVE_S, left))
            except asyncio.TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if not event:  # the stream was ended (shutdown, or it fell behind)
                break
            await _send(response, event, data)
    except (ConnectionResetError, ConnectionError):
        pass  # the browser went away
    finally:
        service.streams.close(stream)
    with contextlib.suppress(ConnectionResetError, ConnectionError):
        await response.write_eof()
    return response


@routes.get("/static/handoff.js")
@public
async def script(_request: web.Request) -> web.StreamResponse:
    return web.FileResponse(
        STATIC_DIR / "handoff.js",
        headers={
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "public, max-age=300",
        },
    )


# Helpers ---------------------------------------------------------------------------------------

_ERRORS: Final = frozenset(STATUS_OF_ERROR)


async def _send(response: web.StreamResponse, event: str, data: dict[str, Any]) -> None:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    await response.write(f"event: {event}\ndata: {body}\n\n".encode())


async def _refused(request: web.Request, error: HandoffError) -> web.StreamResponse:
    return await error_response(request, STATUS_OF_ERROR.get(error.code, 409), error.code)


async def _show(request: web.Request, record: HandoffRecord) -> web.StreamResponse:
    """The live page: the person's latest conversation as the log has it, and the controls."""
    log = request.config_dict[CONVERSATION_LOG]
    page = await log.inbox(InboxFilter(sender_id=record.sender_id), page_size=1)
    conversation = page.conversations[0] if page.conversations else None
    transcript = await log.transcript(conversation.id) if conversation else None
    shown: list[LoggedEvent] = [
        event
        for event in (transcript.events if transcript else ())
        if event.kind in SHOWN_KINDS and (event.text or event.kind == "handoff")
    ]
    user = logged_in_user(request)
    return await render(
        request,
        "handoff_live.html",
        {
            "handoff": record,
            "person": mask_sender_id(record.sender_id),
            "conversation": conversation,
            "events": shown,
            "holder": record.status == "active" and record.taken_by == user.username,
            "may_release": record.status == "active"
            and (record.taken_by == user.username or user.role == "admin"),
            "max_reply": MAX_REPLY,
            "script_texts": _script_texts(await translator(request)),
        },
    )


def _script_texts(t: Any) -> dict[str, str]:
    """The texts the page's script needs, in the console's language."""
    keys = (
        "take",
        "open",
        "minutes",
        "no_waiting",
        "no_active",
        "person",
        "staff",
        "assistant",
        "not_delivered",
        "closed",
        "taken_by",
        "reasons.asked",
        "reasons.fallback",
        "connection_lost",
        "send_failed",
        "waiting_count",
    )
    return {key: t(f"handoff.{key}") for key in keys}
