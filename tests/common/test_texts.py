"""One texts loader, one YAML shape (key → language → text), checked when a process starts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from common.content import ContentError
from common.settings import Settings
from common.texts import Texts

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "data" / "content"
LANGUAGES = ("en", "ru")
TEXTS = {
    "rasa_unavailable": {"en": "Sorry.", "ru": "Извините."},
    "errors": {
        "text_too_long": {"en": "Under {limit}, please.", "ru": "Не больше {limit}."},
    },
    "weekdays": {"en": ["Mon", "Tue"], "ru": ["пн", "вт"]},
}


def test_a_text_is_found_by_its_dotted_key_in_each_language() -> None:
    texts = Texts.from_mapping(TEXTS, LANGUAGES, "gateway.yml")

    assert texts.text("rasa_unavailable", "ru") == "Извините."
    assert texts.text("errors.text_too_long", "en", limit=10) == "Under 10, please."
    assert texts.get("weekdays", "ru") == ["пн", "вт"]
    assert texts.text_keys() == ["rasa_unavailable", "errors.text_too_long", "weekdays"]


def test_a_language_not_on_offer_gets_the_default_one() -> None:
    texts = Texts.from_mapping(TEXTS, LANGUAGES, "gateway.yml", default="ru")

    assert texts.text("rasa_unavailable", "de") == "Извините."


def test_one_language_of_the_whole_file_reads_like_the_old_sections() -> None:
    texts = Texts.from_mapping(TEXTS, LANGUAGES, "gateway.yml")

    assert texts.in_language("en") == {
        "rasa_unavailable": "Sorry.",
        "errors": {"text_too_long": "Under {limit}, please."},
        "weekdays": ["Mon", "Tue"],
    }


def test_a_text_missing_in_a_language_is_named() -> None:
    broken = {**TEXTS, "errors": {"text_too_long": {"en": "Under {limit}, please."}}}

    with pytest.raises(
        ContentError, match=r"gateway\.yml: errors\.text_too_long has no text in ru"
    ):
        Texts.from_mapping(broken, LANGUAGES, "gateway.yml")


def test_a_bare_value_where_a_text_belongs_is_named() -> None:
    with pytest.raises(ContentError, match=r"gateway\.yml: errors\.internal must hold one text"):
        Texts.from_mapping({"errors": {"internal": "Oops"}}, LANGUAGES, "gateway.yml")


def test_an_unknown_key_is_a_key_error() -> None:
    with pytest.raises(KeyError, match=r"errors\.nowhere"):
        Texts.from_mapping(TEXTS, LANGUAGES, "gateway.yml").text("errors.nowhere", "en")


def test_every_content_file_has_the_one_shape() -> None:
    """No file is written language → key (as vacancy_texts.yml, benefit_texts.yml and
    demo_page.yml once were): languages never appear as top-level keys."""
    for path in sorted(CONTENT_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not set(data) & set(LANGUAGES), path.name


@pytest.mark.parametrize(
    "name",
    [
        "gateway",
        "webchat",
        "telegram",
        "staff_console",
        "demo_page",
        "vacancy_texts",
        "benefit_texts",
        "suggestions",
    ],
)
def test_every_shipped_texts_file_has_every_language(name: str) -> None:
    texts = Settings().texts(name)

    assert texts.text_keys()
    assert all(
        texts.get(key, language) is not None for key in texts.text_keys() for language in LANGUAGES
    )
