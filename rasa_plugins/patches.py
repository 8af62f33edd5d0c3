"""Two changes to Rasa 3.6 that keep its behaviour and cut its CPU per message (docs/capacity.md).

- action_response_schema.py: the action server's replies are checked by a schema validator
  built once, not re-checked against the JSON Schema meta-schema on every reply;
- language_slots.py: the `language` slots are decided inside the Rasa server, not by a round
  trip to the action server with the whole tracker after every message.

The tracker store of endpoints.yml (`rasa_plugins.stores.EnvTrackerStore`) installs them when
Rasa builds it, so every Rasa process started with endpoints.yml has them. Installing twice is
harmless.
"""

from __future__ import annotations

from rasa_plugins import action_response_schema, language_slots


def install() -> None:
    action_response_schema.install()
    language_slots.install()
