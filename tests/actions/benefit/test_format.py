"""Stories for the chat message: each language shows the right numbers in its own way."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from actions.benefit import (
    DEFAULT_RULES_PATH,
    BenefitEstimate,
    BenefitRules,
    estimate,
    format_estimate,
    format_ineligible,
    load_rules,
)
from actions.benefit.format import format_money, format_percent

URL = "https://demo-pes.example/benefits/unemployment-insurance"
ALLOWANCE_URL = "https://demo-pes.example/benefits/allowance"


@pytest.fixture(scope="module")
def rules() -> BenefitRules:
    return load_rules(DEFAULT_RULES_PATH)


def run(
    rules: BenefitRules,
    wage: str = "900",
    insured_months: int = 24,
    years: str = "3",
    quit_voluntarily: bool = False,
) -> BenefitEstimate:
    return estimate(rules, Decimal(wage), insured_months, Decimal(years), quit_voluntarily)


# --- Eligible -------------------------------------------------------------------------------------

ESTIMATE_STORIES = [
    # (story, language, wage, years, quit, lines or fragments the message must contain)
    ("ordinary wage in English", "en", "900", "3", False, [
        "Days 1–100: about €540.00 a month (€18.00 a day, 60%)",
        "Days 101–180: about €360.00 a month (€12.00 a day, 40%)",
        "180 days",
        "7 days, so payment starts on day 8",
        "about €2,760.00",
        "This is an estimate, not a decision.",
        URL,
    ]),
    ("ordinary wage in Russian", "ru", "900", "3", False, [
        "Дни 1–100: около 540,00 € в месяц (18,00 € в день, 60%)",
        "Дни 101–180: около 360,00 € в месяц (12,00 € в день, 40%)",
        "Срок выплаты: 180 дн.",
        "Период ожидания: 7 дн., выплата начинается с 8-го дня",
        "около 2 760,00 €",
        "Это предварительный расчёт, а не решение.",
        URL,
    ]),
    ("minimum in English", "en", "450", "5", False, [
        "Days 1–100: about €300.00 a month (€10.00 a day, 60%) "
        "— raised to the daily minimum of €10.00",
        "Days 101–270:",
        "about €2,700.00",
    ]),
    ("maximum in Russian", "ru", "7000", "10", False, [
        "Дни 1–100: около 3 600,00 € в месяц (120,00 € в день, 60%) "
        "— ограничено дневным максимумом 120,00 €",
        "Дни 101–360: около 2 800,00 € в месяц (93,33 € в день, 40%)\n",
        "около 36 266,67 €",
    ]),
    ("voluntary quit in English", "en", "1500", "6", True, [
        "Days 1–270: about €600.00 a month (€20.00 a day, 40%)",
        "the rate is 40% for the whole period and payment starts 30 days later",
        "37 days, so payment starts on day 38",
        "about €5,400.00",
    ]),
    ("voluntary quit in Russian", "ru", "1500", "6", True, [
        "Дни 1–270: около 600,00 € в месяц (20,00 € в день, 40%)",
        "ставка — 40% на весь срок, а выплата начинается на 30 дн. позже",
        "37 дн., выплата начинается с 38-го дня",
        "около 5 400,00 €",
    ]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "wage", "years", "quit_voluntarily", "expected"),
    [pytest.param(*story[1:], id=story[0]) for story in ESTIMATE_STORIES],
)
def test_the_estimate_shows_the_right_numbers(
    rules: BenefitRules,
    language: str,
    wage: str,
    years: str,
    quit_voluntarily: bool,
    expected: list[str],
) -> None:
    result = run(rules, wage=wage, years=years, quit_voluntarily=quit_voluntarily)

    message = format_estimate(result, rules, language)

    for fragment in expected:
        assert fragment in message


def test_an_ordinary_estimate_has_no_limit_or_quit_notes(rules: BenefitRules) -> None:
    message = format_estimate(run(rules), rules, "en")

    assert "minimum" not in message
    assert "maximum" not in message
    assert "voluntar" not in message and "own wish" not in message


def test_the_estimate_fits_a_chat_message(rules: BenefitRules) -> None:
    message = format_estimate(run(rules, wage="7000", years="10"), rules, "ru")

    assert len(message) < 1000
    assert len(message.splitlines()) <= 12


# --- Not eligible ---------------------------------------------------------------------------------

INELIGIBLE_STORIES = [
    ("English", "en", [
        "you need 12 insured months in the last 36, you have 8",
        "flat-rate unemployment allowance",
        ALLOWANCE_URL,
        "register as unemployed and use our services",
        "This is an estimate, not a decision.",
        URL,
    ]),
    ("Russian", "ru", [
        "не менее 12 мес. за последние 36 мес., у вас 8 мес.",
        "пособие по безработице в фиксированном размере",
        ALLOWANCE_URL,
        "зарегистрироваться как безработный",
        "Это предварительный расчёт, а не решение.",
        URL,
    ]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        pytest.param(language, expected, id=story)
        for story, language, expected in INELIGIBLE_STORIES
    ],
)
def test_ineligible_says_why_and_what_else_exists(
    rules: BenefitRules, language: str, expected: list[str]
) -> None:
    message = format_ineligible(run(rules, insured_months=8), rules, language)

    for fragment in expected:
        assert fragment.lower() in message.lower()
    assert "€" not in message  # no amounts for someone who does not qualify


# --- Money and percentages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "english", "russian"),
    [
        pytest.param("0", "€0.00", "0,00 €", id="zero"),
        pytest.param("18", "€18.00", "18,00 €", id="always two decimals"),
        pytest.param("999.99", "€999.99", "999,99 €", id="no separator below a thousand"),
        pytest.param("1234.5", "€1,234.50", "1 234,50 €", id="thousands"),
        pytest.param("1234567.89", "€1,234,567.89", "1 234 567,89 €", id="millions"),
    ],
)
def test_money_is_written_the_way_each_language_writes_it(
    rules: BenefitRules, amount: str, english: str, russian: str
) -> None:
    en, ru = rules.texts.for_language("en"), rules.texts.for_language("ru")

    assert format_money(Decimal(amount), rules, en) == english
    assert format_money(Decimal(amount), rules, ru) == russian


@pytest.mark.parametrize(
    ("rate", "english", "russian"),
    [
        pytest.param("0.6", "60", "60", id="whole percent"),
        pytest.param("0.600", "60", "60", id="trailing zeros dropped"),
        pytest.param("0.375", "37.5", "37,5", id="decimal percent"),
        pytest.param("1", "100", "100", id="full wage"),
    ],
)
def test_rates_are_shown_as_percentages(
    rules: BenefitRules, rate: str, english: str, russian: str
) -> None:
    en, ru = rules.texts.for_language("en"), rules.texts.for_language("ru")

    assert (format_percent(Decimal(rate), en), format_percent(Decimal(rate), ru)) == (
        english,
        russian,
    )


# --- Languages and misuse -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru-RU", "RU", "ru_RU"])
def test_regional_language_codes_use_the_base_language(rules: BenefitRules, language: str) -> None:
    assert format_estimate(run(rules), rules, language) == format_estimate(run(rules), rules, "ru")


def test_a_language_without_texts_is_refused(rules: BenefitRules) -> None:
    with pytest.raises(ValueError, match="no benefit texts for language 'de'; available: en, ru"):
        format_estimate(run(rules), rules, "de")


def test_each_formatter_refuses_the_other_outcome(rules: BenefitRules) -> None:
    with pytest.raises(ValueError, match="format_ineligible"):
        format_estimate(run(rules, insured_months=8), rules, "en")
    with pytest.raises(ValueError, match="format_estimate"):
        format_ineligible(run(rules), rules, "en")


def test_a_pes_can_reword_the_texts_without_code(rules: BenefitRules, tmp_path: Path) -> None:
    texts = yaml.safe_load((DEFAULT_RULES_PATH.parent / "benefit_texts.yml").read_text("utf-8"))
    texts["disclaimer"]["en"] = "Only the PES office can decide."
    texts["period"]["en"] = "{first_day}-{last_day}: {daily} per day"
    (tmp_path / "benefit_texts.yml").write_text(yaml.safe_dump(texts, allow_unicode=True), "utf-8")
    (tmp_path / "benefit_rules.yml").write_text(DEFAULT_RULES_PATH.read_text("utf-8"), "utf-8")
    reworded = load_rules(tmp_path / "benefit_rules.yml")

    message = format_estimate(run(reworded), reworded, "en")

    assert "1-100: €18.00 per day" in message
    assert "Only the PES office can decide." in message
    assert "This is an estimate" not in message
