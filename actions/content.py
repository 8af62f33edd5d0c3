"""Editable content (data/content/*.yml) as actions see it: loaded once, looked up by language.

`check_content()` runs when the action server imports its actions: every text the actions read
(vacancy_texts.yml, bookings.yml, benefit_texts.yml and the labels of registration.yml,
suggestions.yml and benefit_rules.yml) must exist in every language of languages.yml, else the
action server does not start, and says which text is missing where.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rasa_sdk import Tracker

from actions.config import CONFIG
from common.content import read_content
from common.texts import Texts


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed YAML file `<CONTENT_DIR>/<name>.yml`."""
    return read_content(CONFIG.content_dir, name)


def texts(name: str) -> Texts:
    """The texts of `<CONTENT_DIR>/<name>.yml` (key → language → text)."""
    return CONFIG.texts(name)


def localised(texts: dict[str, str], language: str) -> str:
    """The text in `language`, else in the default language (every text has both: checked by
    `check_content` at start-up)."""
    return texts.get(language) or texts[CONFIG.default_language]


def registration_texts() -> Texts:
    """The labels of registration.yml: what people read of its choices and statuses."""
    content = load("registration")
    labels = {
        field: {choice: spec.get("labels") for choice, spec in content[field].items()}
        for field in ("employment_status", "education_level")
    }
    return Texts.from_mapping(
        {
            **labels,
            "no_occupation_label": content.get("no_occupation_label"),
            "intake_status": content.get("intake_status"),
        },
        CONFIG.languages.codes,
        str(CONFIG.content_dir / "registration.yml"),
        CONFIG.default_language,
    )


def check_content() -> None:
    """Every text the actions use, in every language (ContentError naming the one missing)."""
    texts("vacancy_texts")
    texts("bookings")
    texts("alert_texts")
    from actions.alerts.config import AlertConfig

    AlertConfig.load(CONFIG.content_dir)
    registration_texts()
    Texts.from_mapping(
        load("suggestions"),
        CONFIG.languages.codes,
        str(CONFIG.content_dir / "suggestions.yml"),
        CONFIG.default_language,
    )


def language_code(name: str | None) -> str | None:
    """The code of a language named in any of our languages ("по-русски" -> "ru"), or None."""
    return CONFIG.languages.code_for(name)


def language_of(tracker: Tracker) -> str:
    """The conversation's language (the `language` slot), else the configured default."""
    return str(tracker.get_slot("language") or CONFIG.default_language)
