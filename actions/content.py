"""Editable content (data/content/*.yml) as actions see it: loaded once, looked up by language."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

from actions.config import CONFIG


@cache
def load(name: str, content_dir: Path = CONFIG.content_dir) -> dict[str, Any]:
    """The parsed YAML file `<content_dir>/<name>.yml`."""
    with open(content_dir / f"{name}.yml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{name}.yml must be a mapping")
    return data


def localised(texts: dict[str, str], language: str) -> str:
    """The text in `language`, else in English, else any."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


def supported_languages() -> tuple[str, ...]:
    """The codes of data/content/languages.yml (`CONFIG.languages`)."""
    return CONFIG.languages.codes


def language_code(name: str | None) -> str | None:
    """The code of a language named in any of our languages ("по-русски" -> "ru"), or None."""
    return CONFIG.languages.code_for(name)


def language_of(tracker: Tracker) -> str:
    """The conversation's language (the `language` slot), else the configured default."""
    return str(tracker.get_slot("language") or CONFIG.default_language)
