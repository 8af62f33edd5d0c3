"""Rasa NLU component: one logistic regression over every intent *and* every FAQ topic.

Rasa's usual split — an intent classifier that sees `faq` as one intent, then a ResponseSelector
that picks the topic from word counts alone — measured worse on the development sets than one
classifier over all labels (`faq/benefit_duration` is a label like `estimate_benefit`): the topic
choice gets the character n-grams too (typos, unseen word forms, translit), and the out-of-scope
class competes with each topic directly instead of with their sum. It also trains in seconds,
where the ResponseSelector needed minutes of TensorFlow.

Features: word lemmas (from nlu.lemmas.Lemmatizer, so Russian word forms and Latin-letter Russian
meet) and character 2–4-grams of the words as typed, both TF-IDF weighted with sublinear term
frequency and unit length: raw counts made a pasted CV or a long repeated text look like an FAQ
topic with confidence 1.0. The weighting and C were compared on the development sets (README).

The output has Rasa's usual shape: `intent` and `intent_ranking` (with `faq` as the sum of its
topics) and `response_selector.faq` (the topic), so `utter_faq`, the fallback suggestions and the
conversation log work unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.lemmas import Lemmatizer

MODEL_FILE = "classifier.joblib"


def _lemmas(message: Message) -> str:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(str(token.lemma or token.text).lower() for token in tokens)


def label_of(example: Message) -> str:
    """`faq/<topic>` for a retrieval-intent example, else its intent."""
    return str(example.get(INTENT_RESPONSE_KEY) or example.get(INTENT))


def store_weights_by_column(clf: LogisticRegression) -> None:
    """Keep the fitted weights column-major, so that `coef_.T` is C-contiguous.

    Predicting multiplies the message's sparse features by `coef_.T`; scipy needs that operand
    C-contiguous and otherwise copies all of it (every feature × every label, ~1.5 million
    numbers) for each message: milliseconds instead of microseconds. Same numbers, same
    predictions."""
    clf.coef_ = np.asfortranarray(clf.coef_)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentAndTopicClassifier(GraphComponent, IntentClassifier):
    """Classifies a message into an intent or an FAQ topic (see the module docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Lemmatizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "retrieval_intent": "faq",
            "C": 20.0,
            "class_weight": None,
            "min_ngram": 2,
            "max_ngram": 4,
            "max_iter": 400,
            "random_state": 42,
            "ranking_length": 10,
        }

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.words = TfidfVectorizer(
            tokenizer=str.split, lowercase=False, token_pattern=None, sublinear_tf=True
        )
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(self.config["min_ngram"], self.config["max_ngram"]),
            sublinear_tf=True,
        )
        self.clf = LogisticRegression(
            C=self.config["C"],
            class_weight=self.config["class_weight"],
            max_iter=self.config["max_iter"],
            random_state=self.config["random_state"],
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentAndTopicClassifier:
        return cls(config, model_storage, resource)

    def _features(self, messages: list[Message]) -> csr_matrix:
        texts = [str(m.get(TEXT) or "") for m in messages]
        return hstack(
            [self.words.transform([_lemmas(m) for m in messages]), self.chars.transform(texts)]
        ).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        self.words.fit([_lemmas(e) for e in examples])
        self.chars.fit([str(e.get(TEXT)) for e in examples])
        self.clf.fit(self._features(examples), [label_of(e) for e in examples])
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump((self.words, self.chars, self.clf), directory / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> IntentAndTopicClassifier:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                component.words, component.chars, component.clf = joblib.load(
                    directory / MODEL_FILE
                )
            store_weights_by_column(component.clf)
        except ValueError:  # not trained: an NLU-less model (e.g. `rasa train core`)
            pass
        return component

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text or not hasattr(self.clf, "classes_"):
            return messages
        probabilities = self.clf.predict_proba(self._features(with_text))
        for message, row in zip(with_text, probabilities, strict=True):
            self._set_prediction(message, row)
        return messages

    def _set_prediction(self, message: Message, row: np.ndarray) -> None:
        retrieval = str(self.config["retrieval_intent"])
        labels = [str(label) for label in self.clf.classes_]
        by_intent: dict[str, float] = defaultdict(float)
        for label, probability in zip(labels, row, strict=True):
            by_intent[label.split("/", 1)[0]] += float(probability)
        ranking = sorted(by_intent.items(), key=lambda pair: pair[1], reverse=True)
        ranking = ranking[: self.config["ranking_length"]]
        intents = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: p} for n, p in ranking]
        message.set(INTENT, intents[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, intents, add_to_output=True)

        topics = sorted(
            (
                (p, label)
                for label, p in zip(labels, row, strict=True)
                if label.startswith(f"{retrieval}/")
            ),
            reverse=True,
        )
        total = by_intent.get(retrieval, 0.0) or 1.0
        best_probability, best_topic = topics[0] if topics else (0.0, "")
        message.set(
            "response_selector",
            {
                "all_retrieval_intents": [retrieval],
                retrieval: {
                    "response": {
                        "responses": None,
                        PREDICTED_CONFIDENCE_KEY: float(best_probability) / total,
                        INTENT_RESPONSE_KEY: best_topic,
                        "utter_action": f"utter_{best_topic}",
                    },
                    "ranking": [
                        {PREDICTED_CONFIDENCE_KEY: float(p) / total, INTENT_RESPONSE_KEY: topic}
                        for p, topic in topics[: self.config["ranking_length"]]
                    ],
                },
            },
            add_to_output=True,
        )
