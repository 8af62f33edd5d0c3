"""Rasa NLU component that puts dictionary forms into token lemmas.

The word-level CountVectorsFeaturizer reads `token.lemma`, so intents generalise across Russian
word forms (see nlu.words); the character-level one keeps the surface form for typos. Russian
typed in Latin letters ("skolko platyat posobie") gets the lemmas of the Cyrillic words it stands
for, so it meets the Russian training examples.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.words import cyrillic_from_latin, is_russian_in_latin, lemma


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
                translit = is_russian_in_latin(message.get(attribute) or "")
                for token in message.get(TOKENS_NAMES[attribute]) or []:
                    word = (translit and cyrillic_from_latin(token.text)) or token.text
                    token.lemma = lemma(word)
        return messages
