"""Rasa's REST channel, extended so the gateway's channel metadata reaches the tracker, and so a
message Rasa could not handle is never answered with silence.

Rasa's own `RestInput` drops the request's `metadata`; this subclass keeps it (channel, language
hint, display name, the shown title of a pressed button), so `action_session_start` sees the
language hint and the conversation log sees where a message came from. Registered in
credentials.yml under the same name, `rest`: the URL stays `/webhooks/rest/webhook`.

Rasa's `RestInput` also answers 200 with whatever it collected when handling fails. Here
(`rasa_plugins.turns`): a message whose handling raised (the tracker store did not answer) gets
503, so the gateway apologises and logs it; a reply that lost a custom action's messages (the
action server did not answer) ends with the apology of data/content/gateway.yml.

Rasa's `--auth-token` guards its HTTP API but not the channels' webhooks, so this channel checks
the same token (RASA_TOKEN, sent by the gateway as `?token=`) itself: without it nobody who
reaches the port can post as any sender, past the gateway's signed sessions, rate limits and
handoff holds. Without RASA_TOKEN (tests, `rasa shell`) the webhook is open, as Rasa's own.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from common.scripts import ScriptDetector
from common.settings import settings
from rasa_plugins.turns import Turn, current_turn, watch_action_failures

# Metadata keys the gateway sends; anything else in the request is ignored.
ALLOWED_KEYS = ("channel", "language_hint", "display_name", "display_text", "message_id")
MAX_VALUE_LENGTH = 200


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        watch_action_failures()
        webhook = super().blueprint(handled_with_turn(on_new_message))
        webhook.middleware(refuse_without_token, "request")
        webhook.middleware(start_turn, "request")
        webhook.middleware(refuse_failed_turn, "response")
        return webhook

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        body = request.json if isinstance(request.json, dict) else {}
        metadata = body.get("metadata")
        if not isinstance(metadata, dict):
            return None
        kept = {
            key: value[:MAX_VALUE_LENGTH]
            for key, value in metadata.items()
            if key in ALLOWED_KEYS and isinstance(value, str)
        }
        return kept or None


def handled_with_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """`on_new_message`, noting in the request's turn whether it raised, and ending a reply
    that lost a failed action's messages with an apology."""

    async def handle(message: UserMessage) -> None:
        turn = current_turn.get()
        try:
            await on_new_message(message)
        except Exception:
            if turn is not None:
                turn.failed = True
            raise
        output = message.output_channel
        if turn is not None and turn.action_failed and isinstance(output, CollectingOutputChannel):
            output.messages.append({"recipient_id": message.sender_id, "text": apology(message)})

    return handle


def apology(message: UserMessage) -> str:
    """The gateway's apology (`rasa_unavailable`), in the language the message is written in,
    else the language hint, else the default."""
    current = settings()
    detected = ScriptDetector(current.languages).detect(message.text or "")
    hint = (message.metadata or {}).get("language_hint")
    language = detected.code if detected else str(hint or current.default_language)
    return current.texts("gateway").text("rasa_unavailable", language)


async def start_turn(_request: Request) -> None:
    current_turn.set(Turn())


async def refuse_failed_turn(_request: Request, _response: HTTPResponse) -> HTTPResponse | None:
    turn = current_turn.get()
    if turn is not None and turn.failed:
        return response.json({"error": "the message could not be handled"}, status=503)
    return None


async def refuse_without_token(request: Request) -> HTTPResponse | None:
    """401 for a request without RASA_TOKEN (when one is configured), as Rasa's HTTP API."""
    expected = settings().rasa_token
    if expected is None:
        return None
    given = request.args.get("token") or ""
    if hmac.compare_digest(given.encode(), expected.encode()):
        return None
    return response.json(
        {"status": "failure", "reason": "NotAuthenticated", "code": 401}, status=401
    )
