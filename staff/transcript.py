"""One conversation: every event with time and channel, intents and confidences, entities,
actions and slots; review, tags and notes; an admin's audited reveal and erasure.

Pages and the API show the log store's masked view. A reveal answers its POST with the unmasked
page (never stored in the session): reloading it asks again, and is audited again.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from common.privacy import mask_sender_id
from common.storage.log_records import LoggedEvent, Transcript
from relay.conversation_log import CONVERSATION_LOG
from staff.inbox import summary_json
from staff.rendering import error_response, render
from staff.requests import logged_in_user
from staff.roles import requires

routes = web.RouteTableDef()

MAX_REASON_LENGTH = 500


def conversation_id(request: web.Request) -> int:
    return int(request.match_info["conversation"])


def transcript_url(conversation: int) -> str:
    return f"/staff/conversations/{conversation}"


async def form_text(request: web.Request, name: str, limit: int = 5000) -> str:
    value = (await request.post()).get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def show(
    request: web.Request,
    transcript: Transcript | None,
    *,
    error: str | None = None,
    status: int = 200,
    **values: object,
) -> web.StreamResponse:
    """The transcript page (or 404), with an optional error message for the last action."""
    if transcript is None:
        return await error_response(request, 404, "not_found")
    summary = transcript.conversation
    return await render(
        request,
        "transcript.html",
        {
            "transcript": transcript,
            "conversation": summary,
            "sender": summary.sender_id
            if transcript.revealed
            else mask_sender_id(summary.sender_id),
            "all_tags": await request.config_dict[CONVERSATION_LOG].tags(),
            "error": error,
            "error_values": values,
            "notice": request.query.get("done"),
        },
        status=status,
    )


@routes.get(r"/conversations/{conversation:\d+}")
@requires("read")
async def transcript_page(request: web.Request) -> web.StreamResponse:
    log = request.config_dict[CONVERSATION_LOG]
    return await show(request, await log.transcript(conversation_id(request)))


@routes.post(r"/conversations/{conversation:\d+}/reveal")
@requires("reveal")
async def reveal(request: web.Request) -> web.StreamResponse:
    log = request.config_dict[CONVERSATION_LOG]
    number = conversation_id(request)
    reason = await form_text(request, "reason", MAX_REASON_LENGTH)
    if not reason:
        return await show(
            request, await log.transcript(number), error="reason_required", status=400
        )
    user = logged_in_user(request)
    return await show(request, await log.reveal(number, by=user.username, reason=reason))


@routes.post(r"/conversations/{conversation:\d+}/review")
@requires("review")
async def review(request: web.Request) -> web.StreamResponse:
    reviewed = await form_text(request, "reviewed") != "no"
    found = await request.config_dict[CONVERSATION_LOG].set_reviewed(
        conversation_id(request), by=logged_in_user(request).username, reviewed=reviewed
    )
    if not found:
        return await error_response(request, 404, "not_found")
    raise web.HTTPSeeOther(transcript_url(conversation_id(request)))


@routes.post(r"/conversations/{conversation:\d+}/tags")
@requires("tag")
async def add_tag(request: web.Request) -> web.StreamResponse:
    log = request.config_dict[CONVERSATION_LOG]
    number = conversation_id(request)
    try:
        found = await log.add_tag(number, await form_text(request, "tag", 200))
    except ValueError:
        return await show(request, await log.transcript(number), error="bad_tag", status=400)
    if not found:
        return await error_response(request, 404, "not_found")
    raise web.HTTPSeeOther(transcript_url(number))


@routes.post(r"/conversations/{conversation:\d+}/tags/remove")
@requires("tag")
async def remove_tag(request: web.Request) -> web.StreamResponse:
    number = conversation_id(request)
    await request.config_dict[CONVERSATION_LOG].remove_tag(number, await form_text(request, "tag"))
    raise web.HTTPSeeOther(transcript_url(number))


@routes.post(r"/conversations/{conversation:\d+}/notes")
@requires("note")
async def add_note(request: web.Request) -> web.StreamResponse:
    log = request.config_dict[CONVERSATION_LOG]
    number = conversation_id(request)
    try:
        note = await log.add_note(
            number, author=logged_in_user(request).username, text=await form_text(request, "text")
        )
    except ValueError:
        return await show(request, await log.transcript(number), error="bad_note", status=400)
    if note is None:
        return await error_response(request, 404, "not_found")
    raise web.HTTPSeeOther(transcript_url(number))


@routes.post(r"/conversations/{conversation:\d+}/erase")
@requires("erase")
async def erase(request: web.Request) -> web.StreamResponse:
    """Erase everything kept about this conversation's person (all their conversations,
    pre-registrations and Rasa tracker), with a reason and a ticked confirmation."""
    log = request.config_dict[CONVERSATION_LOG]
    number = conversation_id(request)
    reason = await form_text(request, "reason", MAX_REASON_LENGTH)
    transcript = await log.transcript(number)
    if transcript is None:
        return await error_response(request, 404, "not_found")
    if not reason or await form_text(request, "confirm") != "yes":
        return await show(request, transcript, error="erase_unconfirmed", status=400)
    report = await log.erase(
        transcript.conversation.sender_id, by=logged_in_user(request).username, reason=reason
    )
    return await render(
        request,
        "erased.html",
        {"report": report, "sender": mask_sender_id(transcript.conversation.sender_id)},
    )


# The API: the same transcript and review actions for scripts (the live handoff pages).


def event_json(event: LoggedEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind,
        "timestamp": event.timestamp.isoformat(),
        "source": event.source,
        "name": event.name,
        "text": event.text,
        "intent": event.intent,
        "confidence": event.confidence,
        "entities": [dict(entity) for entity in event.entities],
        "language": event.language,
        "channel": event.channel,
        "sensitive": event.sensitive,
        "author": event.author,
        "data": dict(event.data),
    }


@routes.get(r"/api/conversations/{conversation:\d+}")
@requires("read")
async def transcript_api(request: web.Request) -> web.StreamResponse:
    transcript = await request.config_dict[CONVERSATION_LOG].transcript(conversation_id(request))
    if transcript is None:
        return await error_response(request, 404, "not_found")
    return web.json_response(
        {
            "conversation": summary_json(transcript.conversation),
            "events": [event_json(event) for event in transcript.events],
            "notes": [
                {
                    "author": note.author,
                    "text": note.text,
                    "created_at": note.created_at.isoformat(),
                }
                for note in transcript.notes
            ],
        }
    )


async def json_body(request: web.Request) -> dict[str, Any] | None:
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@routes.post(r"/api/conversations/{conversation:\d+}/review")
@requires("review")
async def review_api(request: web.Request) -> web.StreamResponse:
    body = await json_body(request)
    if body is None or not isinstance(body.get("reviewed"), bool):
        return await error_response(request, 400, "bad_json", example='{"reviewed": true}')
    found = await request.config_dict[CONVERSATION_LOG].set_reviewed(
        conversation_id(request), by=logged_in_user(request).username, reviewed=body["reviewed"]
    )
    if not found:
        return await error_response(request, 404, "not_found")
    return web.json_response({"reviewed": body["reviewed"]})


@routes.post(r"/api/conversations/{conversation:\d+}/tags")
@requires("tag")
async def tags_api(request: web.Request) -> web.StreamResponse:
    body = await json_body(request)
    example = '{"add": ["wrong answer"], "remove": []}'
    if body is None:
        return await error_response(request, 400, "bad_json", example=example)
    add, remove = body.get("add", []), body.get("remove", [])
    if not (_strings(add) and _strings(remove)):
        return await error_response(request, 400, "bad_json", example=example)
    log = request.config_dict[CONVERSATION_LOG]
    number = conversation_id(request)
    try:
        for tag in add:
            if not await log.add_tag(number, tag):
                return await error_response(request, 404, "not_found")
    except ValueError:
        return await error_response(request, 400, "bad_tag")
    for tag in remove:
        await log.remove_tag(number, tag)
    transcript = await log.transcript(number)
    tags = list(transcript.conversation.tags) if transcript else []
    return web.json_response({"tags": tags})


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
