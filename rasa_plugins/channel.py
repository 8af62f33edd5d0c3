"""Rasa's REST channel, extended so the gateway's channel metadata reaches the tracker.

Rasa's own `RestInput` drops the request's `metadata`; this subclass keeps it (channel, language
hint, display name, the shown title of a pressed button), so `action_session_start` sees the
language hint and the conversation log sees where a message came from. Registered in
credentials.yml under the same name, `rest`: the URL stays `/webhooks/rest/webhook`.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput
from sanic.request import Request

# Metadata keys the gateway sends; anything else in the request is ignored.
ALLOWED_KEYS = ("channel", "language_hint", "display_name", "display_text", "message_id")
MAX_VALUE_LENGTH = 200


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

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
