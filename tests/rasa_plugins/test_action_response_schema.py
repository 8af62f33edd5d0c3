"""The action server's replies are checked as strictly as Rasa checks them, by a validator built
once: a reply that breaks the schema is rejected with Rasa's own error, a valid one goes through."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins.action_response_schema import HINT, response_validator

INVALID_REPLIES = [
    {"events": "not a list"},
    {"events": [{"name": "language", "value": "ru"}]},  # no "event"
    {"events": [{"event": "slot", "name": "language", "value": "ru", "timestamp": "now"}]},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [42]},
]

pytestmark = pytest.mark.usefixtures("rasa_reads_endpoints_yml")


async def run_against(aiohttp_server: Any, reply: dict[str, Any]) -> list[Any]:
    """Run a custom action whose action server (a local aiohttp server) answers `reply`."""

    async def webhook(request: web.Request) -> web.Response:
        return web.json_response(reply)

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    server = await aiohttp_server(app)
    action = RemoteAction("action_anything", EndpointConfig(str(server.make_url("/webhook"))))
    return await action.run(
        CollectingOutputChannel(),
        TemplatedNaturalLanguageGenerator({}),
        DialogueStateTracker("webchat:schema", []),
        Domain.empty(),
    )


@pytest.mark.parametrize("reply", INVALID_REPLIES)
async def test_a_reply_that_breaks_the_schema_is_rejected_with_rasas_error(
    aiohttp_server: Any, reply: dict[str, Any]
) -> None:
    with pytest.raises(jsonschema.ValidationError) as rejected:
        await run_against(aiohttp_server, reply)

    with pytest.raises(jsonschema.ValidationError) as by_jsonschema:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
    assert rejected.value.message == by_jsonschema.value.message + HINT
    assert "Failed to validate Action server response from API" in rejected.value.message


async def test_a_valid_reply_goes_through(aiohttp_server: Any) -> None:
    reply = {"events": [{"event": "slot", "name": "language", "value": "ru"}], "responses": []}

    assert await run_against(aiohttp_server, reply) == [SlotSet("language", "ru")]


def test_the_validator_is_built_once() -> None:
    assert response_validator() is response_validator()
