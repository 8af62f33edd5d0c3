""" "Collect as NLU example": a misunderstood message with the intent it should have had.

The form starts from the masked text (staff may shorten it or remove what masking missed); the
intent is chosen from the domain's list. Collected examples are listed, can be deleted, and are
downloaded as Rasa NLU YAML, all or one language at a time.
"""

from __future__ import annotations

from aiohttp import web

from common.storage.log_records import LoggedEvent
from relay.conversation_log import CONVERSATION_LOG
from relay.keys import DATABASE, SETTINGS
from staff.domain_intents import intent_choices
from staff.inbox import page_number
from staff.nlu_store import MAX_TEXT_LENGTH, NluExampleStore, nlu_yaml
from staff.rendering import error_response, render
from staff.requests import logged_in_user, staff_settings
from staff.roles import requires
from staff.transcript import conversation_id, form_text, transcript_url

routes = web.RouteTableDef()

MESSAGE_PATH = r"/conversations/{conversation:\d+}/messages/{event:\d+}/nlu-example"


def _store(request: web.Request) -> NluExampleStore:
    return NluExampleStore(request.config_dict[DATABASE])


async def _message(request: web.Request) -> LoggedEvent | None:
    """The person's message named in the URL, as staff see it (masked)."""
    transcript = await request.config_dict[CONVERSATION_LOG].transcript(conversation_id(request))
    if transcript is None:
        return None
    wanted = int(request.match_info["event"])
    return next((e for e in transcript.events if e.id == wanted and e.kind == "user"), None)


async def _form(
    request: web.Request,
    message: LoggedEvent,
    *,
    text: str | None = None,
    intent: str = "",
    error: str | None = None,
    status: int = 200,
) -> web.StreamResponse:
    return await render(
        request,
        "nlu_example.html",
        {
            "message": message,
            "conversation_id": conversation_id(request),
            "text": message.text if text is None else text,
            "intent": intent,
            "choices": intent_choices(staff_settings(request).domain_dir),
            "max_length": MAX_TEXT_LENGTH,
            "error": error,
        },
        status=status,
    )


@routes.get(MESSAGE_PATH)
@requires("review")
async def example_form(request: web.Request) -> web.StreamResponse:
    message = await _message(request)
    if message is None:
        return await error_response(request, 404, "not_found")
    return await _form(request, message)


@routes.post(MESSAGE_PATH)
@requires("review")
async def collect_example(request: web.Request) -> web.StreamResponse:
    message = await _message(request)
    if message is None:
        return await error_response(request, 404, "not_found")
    text = await form_text(request, "text", MAX_TEXT_LENGTH * 2)
    intent = await form_text(request, "intent", 200)
    if intent not in intent_choices(staff_settings(request).domain_dir):
        return await _form(request, message, text=text, error="bad_intent", status=400)
    try:
        stored = await _store(request).add(
            conversation_id=conversation_id(request),
            event_id=message.id,
            text=text,
            intent=intent,
            author=logged_in_user(request).username,
        )
    except ValueError:
        return await _form(
            request, message, text=text, intent=intent, error="bad_example", status=400
        )
    if stored is None:
        return await error_response(request, 404, "not_found")
    raise web.HTTPSeeOther(transcript_url(conversation_id(request)) + "?done=nlu_collected")


@routes.get("/nlu-examples")
@requires("read")
async def examples_page(request: web.Request) -> web.StreamResponse:
    page_size = staff_settings(request).page_size
    page = page_number(request.query.get("page"))
    examples, total = await _store(request).latest(limit=page_size, offset=(page - 1) * page_size)
    return await render(
        request,
        "nlu_examples.html",
        {
            "examples": examples,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // page_size)),
            "notice": request.query.get("done"),
        },
    )


@routes.get("/nlu-examples.yml")
@requires("read")
async def examples_yaml(request: web.Request) -> web.StreamResponse:
    language = request.query.get("language") or None
    examples = [
        example
        for example in await _store(request).all()
        if language is None or example.language == language
    ]
    known = request.config_dict[SETTINGS].languages
    name = f"nlu-examples-{language}.yml" if language in known else "nlu-examples.yml"
    return web.Response(
        text=nlu_yaml(examples),
        content_type="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@routes.post(r"/nlu-examples/{example:\d+}/delete")
@requires("review")
async def delete_example(request: web.Request) -> web.StreamResponse:
    await _store(request).delete(int(request.match_info["example"]))
    raise web.HTTPSeeOther("/staff/nlu-examples?done=nlu_deleted")
