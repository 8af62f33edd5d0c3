"""Rasa's REST channel, extended so the gateway's channel metadata reaches the tracker.

Rasa's own `RestInput` drops the request's `metadata`; this subclass keeps it (channel, language
hint, display name, the shown title of a pressed button), so `action_session_start` sees the
language hint and the conversation log sees where a message came from. Registered in
credentials.yml under the same name, `rest`: the URL stays `/webhooks/rest/webhook`.

Rasa's `--auth-token` guards its HTTP API but not the channels' webhooks, so this channel checks
the same token (RASA_TOKEN, sent by the gateway as `?token=`) itself: without it nobody who
reaches the port can post as any sender, past the gateway's signed sessions, rate limits and
handoff holds. Without RASA_TOKEN (tests, `rasa shell`) the webhook is open, as Rasa's own.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from common.settings import settings

# Metadata keys the gateway sends; anything else in the request is ignored.
ALLOWED_KEYS = ("channel", "language_hint", "display_name", "display_text", "message_id")
MAX_VALUE_LENGTH = 200


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        webhook.middleware(refuse_without_token, "request")
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
