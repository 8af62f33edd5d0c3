"""Which language a conversation goes on in after a message: the one rule behind the `language`
and `language_explicit` slots.

The language follows the detected language of each message (nlu.language.LanguageDetector adds
it to the parse data, Russian typed in Latin letters included). An explicit choice —
`set_language` with a language entity: "по-английски", `/language ru` — wins, and keeps winning
over detection until the next explicit choice. Answers to form questions (`inform` or
`nlu_fallback` while a form is active: a name, a city) never switch it, nor does a message whose
language is not on offer, or that has none (a number, an emoji, a button payload).

Two callers apply the rule after every user message: the Rasa server itself
(rasa_plugins/language_slots.py, without a round trip to the action server) and the action
server's `action_detect_language`, the custom slot mapping domain/core.yml names, for a Rasa
process without the project's plugins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from common.languages import Languages

LANGUAGE_SLOT: Final = "language"
EXPLICIT_SLOT: Final = "language_explicit"
SET_LANGUAGE_INTENT: Final = "set_language"
# Answers to form questions are data (a name, a city, an e-mail), not a choice of language.
DATA_INTENTS: Final = frozenset({"inform", "nlu_fallback"})


def intent_of(message: Mapping[str, Any]) -> str | None:
    """The intent name of a message's parse data."""
    intent = message.get("intent") or {}
    return intent.get("name") if isinstance(intent, Mapping) else None


def requested_language(message: Mapping[str, Any], languages: Languages) -> str | None:
    """The code of the language a message's parse data explicitly asks for, if any."""
    if intent_of(message) != SET_LANGUAGE_INTENT:
        return None
    values = [entity.get("value") for entity in message.get("entities") or []]
    names = [str(value) for value in values if value]
    return next((code for code in map(languages.code_for, names) if code), None)


def detected_language(message: Mapping[str, Any], languages: Languages) -> str | None:
    """The language on offer that LanguageDetector found in a message's parse data, if any."""
    detection = message.get("language") or {}
    code = detection.get("code") if isinstance(detection, Mapping) else None
    return code if code in languages else None


def language_slots(
    message: Mapping[str, Any],
    *,
    current: str,
    explicit: bool,
    active_loop: str | None,
    languages: Languages,
) -> dict[str, Any]:
    """The slots to set after `message` (parse data), in order; empty when nothing changes.

    `current` is the conversation's language, `explicit` whether it was chosen explicitly,
    `active_loop` the name of the active form, if any.
    """
    requested = requested_language(message, languages)
    if requested:
        return {LANGUAGE_SLOT: requested, EXPLICIT_SLOT: True}
    if explicit:
        return {}
    if active_loop and intent_of(message) in DATA_INTENTS:
        return {}
    detected = detected_language(message, languages)
    if detected and detected != current:
        return {LANGUAGE_SLOT: detected}
    return {}
