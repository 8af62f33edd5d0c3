"""Rasa NLU component that puts dictionary forms into token lemmas.

Russian is highly inflected ("водителем", "водителя", "водители" are one word for the classifier);
pymorphy3 gives the normal form of each Cyrillic token. Other tokens are lower-cased. The word-level
CountVectorsFeaturizer reads `token.lemma`, so intents generalise across word forms; the
character-level one keeps the surface form for typos.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pymorphy3
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MORPH = pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of a word: Russian via pymorphy3, anything else lower-cased."""
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return lowered
    return str(_MORPH.parse(lowered)[0].normal_form).replace("ё", "е")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class Lemmatizer(GraphComponent):
    """Sets `token.lemma` for every token of text, responses and action texts."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Lemmatizer:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            for attribute in (TEXT, RESPONSE, ACTION_TEXT):
                for token in message.get(TOKENS_NAMES[attribute]) or []:
                    token.lemma = lemma(token.text)
        return messages
