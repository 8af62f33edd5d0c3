"""Rasa NLU component that understands chat commands such as `/language ru`.

Rasa's own slash syntax (`/intent{"entity": "value"}`) covers button payloads; people and Telegram
menus also type commands with plain arguments. Commands listed here override the classifier.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

_LANGUAGE_COMMAND = re.compile(
    r"^/(?:language|lang|язык)(?:\s+(?P<code>[a-zA-Zа-яА-Я-]{2,12}))?\s*$"
)
_COMMANDS = {
    "/help": "help",
    "/start": "greet",
    "/menu": "help",
    "/human": "human_handoff",
    "/alerts": "list_alerts",
}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ChatCommandParser(GraphComponent):
    """Maps `/language <code>`, `/help`, `/start`, `/menu`, `/human` and `/alerts` to intents."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChatCommandParser:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = (message.get(TEXT) or "").strip()
            if not text.startswith("/"):
                continue
            match = _LANGUAGE_COMMAND.match(text)
            if match:
                entities = []
                if match.group("code"):
                    code = match.group("code").lower()
                    entities.append(
                        {
                            "entity": "language",
                            "value": code,
                            "start": match.start("code"),
                            "end": match.end("code"),
                            "extractor": self.__class__.__name__,
                        }
                    )
                self._set_intent(message, "set_language", entities)
            elif text.lower() in _COMMANDS:
                self._set_intent(message, _COMMANDS[text.lower()], [])
        return messages

    @staticmethod
    def _set_intent(message: Message, intent: str, entities: list[dict[str, Any]]) -> None:
        ranking = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, ranking, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [ranking], add_to_output=True)
        message.set(ENTITIES, entities, add_to_output=True)
