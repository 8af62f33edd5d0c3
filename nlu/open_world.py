"""Rasa NLU component that decides between answering, asking "Did you mean …?" and saying no.

The intent classifier and the FAQ ResponseSelector always name *some* known meaning, however far
the message is from everything they were trained on. A public service must not answer a question
about a blocked bank card with a jobseeker's obligations, so this component looks at the whole
ranking of *answers* — every intent, and every FAQ topic weighted by the `faq` intent's
confidence — and decides:

- the classifier says `out_of_scope`, or gives it at least `out_of_scope_threshold` although an
  in-domain answer ranks first: `out_of_scope` (the class is trained on a large, diverse set of
  requests a PES does not handle; in-domain probability is spread over many topics, so a strong
  second-placed `out_of_scope` is the better bet). A bare form answer (`inform`) is never
  overruled — inside a form the form's validation judges it;
- the best answer is below `threshold`: `nlu_fallback` — outside a form the assistant asks to
  rephrase and offers the likeliest topics, inside a form the answer goes to the form's validation;
- the two best answers are both in-domain and closer than `ambiguity_margin`: `nlu_fallback`
  marked `ambiguous`, and the assistant asks "Did you mean …?" with both as buttons.

A message without a letter or a digit (empty, spaces, emoji, punctuation) is `nlu_fallback`
(decision `no_words`): the assistant asks what the person means instead of guessing.

The three numbers are not set by hand: `make tune-nlu` chooses them on the development sets
(`tests/nlu/dev/`) and writes them into config.yml. The raw ranking is kept in the parse data
(`open_world`), so the choice can be re-made and explained without retraining.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

OPEN_WORLD_KEY = "open_world"
_WORD_CHARACTER = re.compile(r"[^\W_]")
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
RETRIEVAL_INTENT = "faq"
INFORM = "inform"
# Intents that are never "one of two close topics": small talk and bare answers don't get a
# "Did you mean …?" (a "yes" that is almost a "thanks" is simply taken).
NOT_AMBIGUOUS = frozenset(
    {"greet", "goodbye", "affirm", "deny", "thank", INFORM, "stop", OUT_OF_SCOPE}
)


@dataclass(frozen=True)
class Answer:
    """One way to answer a message: an intent, or `faq/<topic>` for an FAQ answer."""

    label: str
    confidence: float


def ranked_answers(
    intent_ranking: list[dict[str, Any]], faq_ranking: list[dict[str, Any]]
) -> list[Answer]:
    """Every intent and every FAQ topic as one ranking, best first.

    An FAQ topic's confidence is P(faq) × P(topic | faq), so "faq" with 0.9 split 0.5/0.5 over two
    topics gives two answers of 0.45 each — exactly the case for "Did you mean …?".
    """
    answers: list[Answer] = []
    for ranked in intent_ranking:
        name, confidence = str(ranked.get(INTENT_NAME_KEY)), float(ranked.get("confidence") or 0)
        if name != RETRIEVAL_INTENT:
            answers.append(Answer(name, confidence))
            continue
        for topic in faq_ranking:
            key = str(topic.get("intent_response_key") or "")
            answers.append(Answer(key, confidence * float(topic.get("confidence") or 0)))
        if not faq_ranking:
            answers.append(Answer(name, confidence))
    return sorted(answers, key=lambda answer: answer.confidence, reverse=True)


@dataclass(frozen=True)
class Decision:
    """What the assistant does with a message, and the two best answers behind that choice."""

    kind: str  # "answer", "out_of_scope", "low_confidence" or "ambiguous"
    best: Answer | None
    runner_up: Answer | None
    out_of_scope_confidence: float = 0.0


@dataclass(frozen=True)
class Thresholds:
    """The decision rule's numbers, chosen on the development sets (`make tune-nlu`)."""

    threshold: float
    ambiguity_margin: float
    out_of_scope_threshold: float


def decide(answers: list[Answer], limits: Thresholds) -> Decision:
    """The decision rule, kept free of Rasa types so it can be tuned and tested on its own."""
    best = answers[0] if answers else None
    runner_up = answers[1] if len(answers) > 1 else None
    oos = next((a.confidence for a in answers if a.label == OUT_OF_SCOPE), 0.0)
    if best is None:
        return Decision("low_confidence", None, None, oos)
    if best.label == OUT_OF_SCOPE or (
        best.label != INFORM and oos >= limits.out_of_scope_threshold
    ):
        return Decision("out_of_scope", best, runner_up, oos)
    if best.confidence < limits.threshold:
        return Decision("low_confidence", best, runner_up, oos)
    if (
        runner_up is not None
        and best.label not in NOT_AMBIGUOUS
        and runner_up.label not in NOT_AMBIGUOUS
        and best.confidence - runner_up.confidence < limits.ambiguity_margin
    ):
        return Decision("ambiguous", best, runner_up, oos)
    return Decision("answer", best, runner_up, oos)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OpenWorldDecider(GraphComponent):
    """Turns a low-confidence or ambiguous classification into `nlu_fallback` (see module doc)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"threshold": 0.3, "ambiguity_margin": 0.0, "out_of_scope_threshold": 1.0}

    def __init__(self, config: dict[str, Any]) -> None:
        self.limits = Thresholds(
            float(config["threshold"]),
            float(config["ambiguity_margin"]),
            float(config["out_of_scope_threshold"]),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OpenWorldDecider:
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            if not _WORD_CHARACTER.search(text):
                message.set(OPEN_WORLD_KEY, {"decision": "no_words"}, add_to_output=True)
                fallback = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, fallback, add_to_output=True)
                continue
            faq = (message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
            answers = ranked_answers(
                message.get(INTENT_RANKING_KEY) or [], faq.get("ranking") or []
            )
            decision = decide(answers, self.limits)
            message.set(OPEN_WORLD_KEY, _as_output(decision), add_to_output=True)
            best = decision.best.confidence if decision.best else 0.0
            if decision.kind in ("low_confidence", "ambiguous"):
                intent = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0 - best}
            elif decision.kind == "out_of_scope":
                confidence = decision.out_of_scope_confidence
                intent = {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: confidence}
            else:
                continue
            message.set(INTENT, intent, add_to_output=True)
        return messages


def _as_output(decision: Decision) -> dict[str, Any]:
    def answer(value: Answer | None) -> dict[str, Any] | None:
        return None if value is None else {"name": value.label, "confidence": value.confidence}

    return {
        "decision": decision.kind,
        "best": answer(decision.best),
        "runner_up": answer(decision.runner_up),
        "out_of_scope_confidence": decision.out_of_scope_confidence,
    }
