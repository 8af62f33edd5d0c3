"""Rasa NLU component that adds the detected language of each message to the parse data.

The result appears as `"language": {"code": "ru", "confidence": 1.0}` in the parse data (and so in
`tracker.latest_message`); the `language` slot follows it through `action_detect_language`, which
also lets an explicit choice of language win over detection.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from common.scripts import Detection, ScriptDetector
from common.settings import settings
from nlu.words import is_russian_in_latin

LANGUAGE_KEY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class LanguageDetector(GraphComponent):
    """Detects the language of a message from its script (see common.scripts)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`languages`: None for every language of data/content/languages.yml (CONTENT_DIR), or
        some of them, the preferred first."""
        return {"languages": None, "min_letters": 2}

    def __init__(self, config: dict[str, Any]) -> None:
        codes = config.get("languages")
        self.detector = ScriptDetector(
            settings().languages,
            list(codes) if codes else None,
            int(config["min_letters"]),
        )
        self.speaks_russian = any(profile.code == "ru" for profile in self.detector.profiles)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training needs no language: one model serves every language."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            detection = self.detector.detect(text)
            if (
                detection is not None
                and detection.code != "ru"
                and self.speaks_russian
                and is_russian_in_latin(text)
            ):
                detection = Detection("ru", detection.confidence)
            if detection is not None:
                message.set(
                    LANGUAGE_KEY,
                    {"code": detection.code, "confidence": detection.confidence},
                    add_to_output=True,
                )
        return messages
