"""Stories for the benefit rules file: the shipped one loads, another scheme loads, and every
mistake a PES editor can make is refused with a message that names the field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.benefit import DEFAULT_RULES_PATH, BenefitRules, BenefitRulesError, load_rules
from actions.benefit.rules import DurationTier, RatePeriod

CONTENT = DEFAULT_RULES_PATH.parent
TEXTS_PATH = CONTENT / "benefit_texts.yml"

Document = dict[str, Any]


def shipped_document() -> Document:
    """The shipped rules as plain YAML data, pointing at the shipped texts from anywhere."""
    document: Document = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    document["texts_file"] = str(TEXTS_PATH)
    return document


def write(tmp_path: Path, document: object, name: str = "rules.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


# --- The shipped rules ----------------------------------------------------------------------------


def test_the_shipped_rules_load_as_the_demo_pes_scheme() -> None:
    rules = load_rules(DEFAULT_RULES_PATH)

    assert rules.currency == "EUR"
    assert rules.source_url == "https://demo-pes.example/benefits/unemployment-insurance"
    assert dict(rules.benefit_name) == {
        "en": "Unemployment insurance benefit",
        "ru": "Пособие по страхованию от безработицы",
    }
    assert (rules.min_insured_months, rules.lookback_months) == (12, 36)
    assert rules.days_per_month == 30
    assert rules.periods == (
        RatePeriod(first_day=1, last_day=100, rate=Decimal("0.60")),
        RatePeriod(first_day=101, last_day=None, rate=Decimal("0.40")),
    )
    assert (rules.daily_minimum, rules.daily_maximum) == (Decimal("10.00"), Decimal("120.00"))
    assert rules.duration_tiers == (
        DurationTier(from_years=Decimal(0), days=180),
        DurationTier(from_years=Decimal(5), days=270),
        DurationTier(from_years=Decimal(10), days=360),
    )
    assert rules.waiting_days == 7
    assert rules.voluntary_quit is not None
    assert (rules.voluntary_quit.rate, rules.voluntary_quit.extra_waiting_days) == (
        Decimal("0.40"),
        30,
    )
    assert [(a.key, a.url) for a in rules.alternatives] == [
        ("unemployment_allowance", "https://demo-pes.example/benefits/allowance"),
        ("registration_and_services", None),
    ]
    assert rules.languages == ("en", "ru")


def test_loaded_rules_cannot_be_changed_by_accident() -> None:
    rules = load_rules(DEFAULT_RULES_PATH)

    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.waiting_days = 0  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.benefit_name["en"] = "changed"  # type: ignore[index]


@pytest.mark.parametrize("path", [DEFAULT_RULES_PATH, TEXTS_PATH], ids=lambda p: p.name)
def test_rasa_does_not_mistake_the_content_files_for_training_data(path: Path) -> None:
    # `rasa train` reads every YAML file under data/; a line starting "rules:" or "nlu:" would
    # make it parse these files as conversations and fail.
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    assert not YAMLStoryReader.is_stories_file(path)
    assert not RasaYAMLReader.is_yaml_nlu_file(path)
    assert not Domain.is_domain_file(path)


# --- Another PES's scheme, without code changes ---------------------------------------------------


def test_a_different_scheme_loads_from_yaml_alone(tmp_path: Path) -> None:
    document = shipped_document()
    document["periods"] = [
        {"first_day": 1, "last_day": 30, "rate": 0.7},
        {"first_day": 31, "last_day": 90, "rate": "0.5"},
        {"first_day": 91, "last_day": 400, "rate": 0.3},
    ]
    document["duration_tiers"] = [{"from_years": 0, "days": 60}, {"from_years": 2.5, "days": 120}]
    document["daily_minimum"] = None
    del document["daily_maximum"]
    del document["voluntary_quit"]
    document["alternatives_when_not_eligible"] = []

    rules = load_rules(write(tmp_path, document))

    assert [(p.first_day, p.last_day, p.rate) for p in rules.periods] == [
        (1, 30, Decimal("0.7")),
        (31, 90, Decimal("0.5")),
        (91, 400, Decimal("0.3")),
    ]
    assert [(t.from_years, t.days) for t in rules.duration_tiers] == [
        (Decimal(0), 60),
        (Decimal("2.5"), 120),
    ]
    assert (rules.daily_minimum, rules.daily_maximum, rules.voluntary_quit) == (None, None, None)
    assert rules.alternatives == ()


def test_the_texts_file_is_found_next_to_the_rules(tmp_path: Path) -> None:
    document = shipped_document()
    document["texts_file"] = "texts.yml"
    (tmp_path / "texts.yml").write_text(TEXTS_PATH.read_text(encoding="utf-8"), encoding="utf-8")

    assert load_rules(write(tmp_path, document)).languages == ("en", "ru")


# --- Mistakes in the rules file -------------------------------------------------------------------


def setting(path: str, value: object) -> Callable[[Document], None]:
    """Change one field, addressed like the error messages do: ``periods[1].rate``."""

    def change(document: Document) -> None:
        *parents, last = path.replace("[", ".").replace("]", "").split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return change


_DELETE = object()


def swap_tiers(document: Document) -> None:
    tiers = document["duration_tiers"]
    tiers[1], tiers[2] = tiers[2], tiers[1]


BROKEN_RULES = [
    # (story, change, field named in the error, words in the message)
    ("rate written as a percentage", setting("periods[0].rate", 60),
     "periods[0].rate", "between 0 and 1 (write 60% as 0.60)"),
    ("negative rate", setting("periods[1].rate", -0.1), "periods[1].rate", "between 0 and 1"),
    ("rate is not a number", setting("periods[1].rate", "forty"), "periods[1].rate", "number"),
    ("gap between periods", setting("periods[1].first_day", 102),
     "periods[1].first_day", "contiguous: expected 101"),
    ("overlapping periods", setting("periods[1].first_day", 100),
     "periods[1].first_day", "contiguous: expected 101"),
    ("first period not on day 1", setting("periods[0].first_day", 8),
     "periods[0].first_day", "expected 1"),
    ("period ends before it starts", setting("periods[0].last_day", 0),
     "periods[0].last_day", "at least 1"),
    ("open-ended period that is not the last", setting("periods[0].last_day", None),
     "periods[0].last_day", "only the last period"),
    ("periods end before the longest duration", setting("periods[1].last_day", 200),
     "periods[1].last_day", "longest duration is 360 days"),
    ("no periods at all", setting("periods", []), "periods", "at least one"),
    ("tiers out of order", swap_tiers,
     "duration_tiers[2].from_years", "each above the one before: 5 comes after 10"),
    ("two tiers from the same year", setting("duration_tiers[1].from_years", 0),
     "duration_tiers[1].from_years", "sorted"),
    ("first tier not at 0 years", setting("duration_tiers[0].from_years", 1),
     "duration_tiers[0].from_years", "must start at 0"),
    ("a tier of zero days", setting("duration_tiers[0].days", 0),
     "duration_tiers[0].days", "at least 1"),
    ("minimum above the maximum", setting("daily_minimum", 200),
     "daily_maximum", "must not be below daily_minimum"),
    ("money in tenths of cents", setting("daily_minimum", 10.005),
     "daily_minimum", "at most 2 decimals"),
    ("negative minimum", setting("daily_minimum", -1), "daily_minimum", "negative"),
    ("absurd maximum", setting("daily_maximum", 1e30), "daily_maximum", "too large"),
    ("more qualifying months than the lookback",
     setting("qualifying_period.min_insured_months", 40),
     "qualifying_period.min_insured_months", "at most 36"),
    ("days per month of zero", setting("days_per_month", 0), "days_per_month", "at least 1"),
    ("negative waiting days", setting("waiting_days", -1), "waiting_days", "at least 0"),
    ("waiting days in words", setting("waiting_days", "seven"), "waiting_days", "whole number"),
    ("fractional waiting days", setting("waiting_days", 7.5), "waiting_days", "whole number"),
    ("currency written out", setting("currency", "euro"), "currency", "3-letter code"),
    ("currency missing", setting("currency", _DELETE), "currency", "is missing"),
    ("source is not a web address", setting("source_url", "demo-pes.example"),
     "source_url", "https://"),
    ("name missing in Russian", setting("benefit_name.ru", _DELETE), "benefit_name.ru", "missing"),
    ("name in a language without texts", setting("benefit_name.de", "Arbeitslosengeld"),
     "benefit_name", "unknown field(s) 'de'"),
    ("misspelt extra field", setting("daily_minumum", 5), None, "unknown field(s) 'daily_minumum'"),
    ("voluntary quit rate above 1", setting("voluntary_quit.rate", 1.4),
     "voluntary_quit.rate", "between 0 and 1"),
    ("explanation shows a rate the scheme does not change", setting("voluntary_quit.rate", None),
     "voluntary_quit.explanation.en", "unknown placeholder {rate}"),
    ("explanation with a misspelt placeholder",
     setting("voluntary_quit.explanation.ru", "ставка {rte}%"),
     "voluntary_quit.explanation.ru", "unknown placeholder {rte}"),
    ("alternative link is not a web address",
     setting("alternatives_when_not_eligible[0].url", "see our website"),
     "alternatives_when_not_eligible[0].url", "https://"),
    ("two alternatives with the same key",
     setting("alternatives_when_not_eligible[1].key", "unemployment_allowance"),
     "alternatives_when_not_eligible[1].key", "used twice"),
    ("alternative key with spaces",
     setting("alternatives_when_not_eligible[0].key", "an allowance"),
     "alternatives_when_not_eligible[0].key", "letters, digits and _"),
    ("unknown schema version", setting("schema_version", 2), "schema_version", "version 1"),
    ("texts file that does not exist", setting("texts_file", "nowhere.yml"),
     "texts_file", "no such file"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [pytest.param(*row, id=story) for story, *row in BROKEN_RULES],
)
def test_a_broken_rules_file_names_the_bad_field(
    tmp_path: Path, change: Callable[[Document], None], field: str | None, message: str
) -> None:
    document = shipped_document()
    change(document)
    path = write(tmp_path, document)

    with pytest.raises(BenefitRulesError) as caught:
        load_rules(path)

    assert caught.value.field == field
    assert message in caught.value.problem
    assert str(caught.value).startswith(f"rules.yml: {field}: " if field else "rules.yml: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("periods: [1, 2\n", "not valid YAML near line", id="YAML syntax error"),
        pytest.param("- a list\n- not a mapping\n", "must be a mapping", id="a list, not fields"),
        pytest.param("", "must be a mapping", id="empty file"),
    ],
)
def test_a_file_that_is_not_rules_at_all(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(BenefitRulesError, match=message):
        load_rules(path)


def test_a_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(BenefitRulesError, match=r"missing\.yml: cannot read the file"):
        load_rules(tmp_path / "missing.yml")


# --- Mistakes in the texts file -------------------------------------------------------------------


def with_texts(tmp_path: Path, change: Callable[[Document], None]) -> Path:
    texts: Document = yaml.safe_load(TEXTS_PATH.read_text(encoding="utf-8"))
    change(texts)
    write(tmp_path, texts, "texts.yml")
    document = shipped_document()
    document["texts_file"] = "texts.yml"
    return write(tmp_path, document)


BROKEN_TEXTS = [
    ("misspelt placeholder", setting("money.en", "{symbol}{amout}"),
     "money.en", "unknown placeholder {amout}; allowed here: {amount}, {symbol}"),
    ("unmatched brace", setting("total.ru", "Всего: {total"), "total.ru", "unmatched"),
    ("format tricks are not allowed", setting("total.en", "{total!r}"),
     "total.en", "unknown placeholder"),
    ("text missing in one language", setting("disclaimer.ru", _DELETE), "disclaimer.ru", "missing"),
    ("empty text", setting("source.en", " "), "source.en", "non-empty"),
    ("blank decimal separator", setting("decimal_separator.ru", " "),
     "decimal_separator.ru", "non-empty"),
    ("decimal separator equal to thousands", setting("decimal_separator.en", ","),
     "decimal_separator.en", "must differ"),
    ("reason text with a detail the reason lacks",
     setting("reason_insufficient_insured_months.en", "You have {has} of {total}"),
     "reason_insufficient_insured_months.en", "unknown placeholder {total}"),
    ("unknown text key", setting("greeting", {"en": "Hi", "ru": "Привет"}), None,
     "unknown field(s) 'greeting'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [pytest.param(*row, id=story) for story, *row in BROKEN_TEXTS],
)
def test_a_broken_texts_file_names_the_bad_text(
    tmp_path: Path, change: Callable[[Document], None], field: str, message: str
) -> None:
    path = with_texts(tmp_path, change)

    with pytest.raises(BenefitRulesError) as caught:
        load_rules(path)

    assert (caught.value.source, caught.value.field) == ("texts.yml", field)
    assert message in caught.value.problem


def test_rules_type_is_exported() -> None:
    assert load_rules(DEFAULT_RULES_PATH).__class__ is BenefitRules
