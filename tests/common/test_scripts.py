"""Script-based language detection, from the languages of data/content/languages.yml."""

from pathlib import Path

import pytest

from common.languages import Languages, load_languages
from common.scripts import ScriptDetector

CONTENT_DIR = Path(__file__).resolve().parents[2] / "data" / "content"
SHIPPED = load_languages(CONTENT_DIR)
# The examples languages.yml gives for Kazakh and Estonian.
WITH_KAZAKH_AND_ESTONIAN = Languages.from_mapping(
    {
        "scripts": dict(SHIPPED.scripts),
        "languages": {
            "en": {"name": "English", "script": "latin"},
            "ru": {"name": "Русский", "script": "cyrillic"},
            "kk": {"name": "Қазақша", "script": "cyrillic", "marker_letters": "әғқңөұүһі"},
            "et": {
                "name": "Eesti",
                "script": "latin",
                "marker_letters": "õäöü",
                "marker_words": ["tere", "aitäh", "jah", "ei", "töö", "kuidas", "palun"],
            },
        },
    }
)


@pytest.fixture
def detector() -> ScriptDetector:
    return ScriptDetector(SHIPPED)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how do I register", "en"),
        ("hi", "en"),
        ("как встать на учёт", "ru"),
        ("да", "ru"),
        ("мой адрес anna@example.com", "ru"),  # the address says nothing about the language
        ("ищу работу driver в Москве", "ru"),  # mostly Cyrillic
        ("Привет! https://demo-pes.example/jobs", "ru"),
    ],
)
def test_detects_the_language_from_the_letters(detector, text, language):
    detection = detector.detect(text)
    assert detection is not None
    assert detection.code == language


@pytest.mark.parametrize(
    "text", ["12345", "👍", "🙂🙂", "+7 900 123-45-67", "", "a", "anna@example.com"]
)
def test_numbers_emoji_and_addresses_have_no_language(detector, text):
    assert detector.detect(text) is None


def test_button_payloads_have_no_language(detector):
    assert detector.detect('/inform{"education_level": "higher"}') is None


def test_mixed_text_reports_the_share_of_the_winning_script(detector):
    detection = detector.detect("работа job")
    assert detection is not None
    assert detection.code == "ru"
    assert detection.confidence == pytest.approx(6 / 9, abs=0.01)


def test_kazakh_is_told_apart_from_russian_by_its_letters_when_configured():
    detector = ScriptDetector(WITH_KAZAKH_AND_ESTONIAN, ["en", "ru", "kk"])
    assert detector.detect("Сәлеметсіз бе, жұмыс іздеймін").code == "kk"
    assert detector.detect("Здравствуйте, ищу работу").code == "ru"
    assert detector.detect("СӘЛЕМЕТСІЗ БЕ").code == "kk"  # capitals too


def test_estonian_is_told_apart_from_english_when_configured():
    detector = ScriptDetector(WITH_KAZAKH_AND_ESTONIAN, ["en", "et", "ru"])
    assert detector.detect("tere, ma otsin tööd").code == "et"
    assert detector.detect("hello, I am looking for work").code == "en"


def test_a_language_not_in_the_list_is_refused():
    with pytest.raises(ValueError, match="No language"):
        ScriptDetector(SHIPPED, ["en", "xx"])


@pytest.mark.parametrize(
    "text",
    [
        "skolko platyat posobie",
        "kak vstat na uchet v tsentr zanyatosti",
        "privet, mne nuzhna rabota",
        "spasibo bolshoe",
        "do svidaniya",
        "privet",
    ],
)
def test_russian_written_in_latin_letters_is_russian(detector, text):
    assert detector.detect(text).code == "ru"


@pytest.mark.parametrize(
    "text",
    ["see ya later", "how much is the benefit", "Kak is a word I don't know", "robot or human?"],
)
def test_english_with_one_russian_looking_word_stays_english(detector, text):
    assert detector.detect(text).code == "en"
