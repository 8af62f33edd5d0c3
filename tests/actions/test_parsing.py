"""What people type in chat, in English and Russian, and what the assistant reads from it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from actions.parsing import parse_money, parse_months, parse_years, parse_yes_no

# --- Money ----------------------------------------------------------------------------------------

MONEY = [
    # (typed, read) — None: not one clear amount, the assistant asks again
    ("1500", "1500"),
    ("1 500 €", "1500"),
    ("1\u00a0500\u00a0€", "1500"),  # no-break spaces, as phones type them
    ("€1,500", "1500"),
    ("1,500.50", "1500.50"),
    ("1.500,50", "1500.50"),
    ("1 500,50 евро", "1500.50"),
    ("1500,5", "1500.5"),
    ("1500.50 EUR", "1500.50"),
    ("1.500", "1500"),  # one separator + 3 digits groups thousands
    ("12 345 678,90", "12345678.90"),
    ("2k", "2000"),
    ("2.5k", "2500"),
    ("2 тыс", "2000"),
    ("2 тыс.", "2000"),
    ("1,5 тыс", "1500"),
    ("2к", "2000"),
    ("60 тысяч", "60000"),
    ("3 thousand", "3000"),
    ("about 2000 euros a month", "2000"),
    ("примерно 1800 евро", "1800"),
    ("зарплата 2100 в месяц до налогов", "2100"),
    ("0", "0"),
    ("1500-2000", None),  # a range is not one amount
    ("1500 or 1600", None),
    ("1.5.2024", None),  # a date
    ("1,50,000", None),
    ("a lot", None),
    ("не знаю", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("typed", "read"), [pytest.param(typed, read, id=typed or "empty") for typed, read in MONEY]
)
def test_money(typed: str, read: str | None) -> None:
    assert parse_money(typed) == (None if read is None else Decimal(read))


# --- Months ---------------------------------------------------------------------------------------

MONTHS = [
    ("24", 24),
    ("24 months", 24),
    ("24 месяца", 24),
    ("18 мес", 18),
    ("18 мес.", 18),
    ("11 месяцев", 11),
    ("2 years", 24),
    ("2 года", 24),
    ("a year", 12),
    ("год", 12),
    ("two years", 24),
    ("два года", 24),
    ("полтора года", 18),
    ("a year and a half", 18),
    ("два с половиной года", 30),
    ("полгода", 6),
    ("1 year 6 months", 18),
    ("1 год и 6 месяцев", 18),
    ("24 из 36", 24),
    ("24 months out of the last 36", 24),
    ("за последние 36 месяцев 20", 20),
    ("0", 0),
    ("1.3 years", None),  # 15.6 months: ask again rather than guess eligibility
    ("12 18", None),
    ("1 year 6", None),  # 6 what?
    ("several years", None),
    ("да", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("typed", "read"), [pytest.param(typed, read, id=typed or "empty") for typed, read in MONTHS]
)
def test_months(typed: str, read: int | None) -> None:
    assert parse_months(typed) == read


# --- Years ----------------------------------------------------------------------------------------

YEARS = [
    ("7", "7"),
    ("7 years", "7"),
    ("7 лет", "7"),
    ("7,5 лет", "7.5"),
    ("7.5 years", "7.5"),
    ("5 годов", "5"),
    ("10 лет и 6 месяцев", "10.5"),
    ("18 months", "1.5"),
    ("5 months", "0.42"),  # 0.41666... rounded
    ("полгода", "0.5"),
    ("около полугода", "0.5"),
    ("half a year", "0.5"),
    ("полтора года", "1.5"),
    ("about 12 years", "12"),
    ("0", "0"),
    ("много лет", None),
    ("5 or 6 years", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("typed", "read"), [pytest.param(typed, read, id=typed or "empty") for typed, read in YEARS]
)
def test_years(typed: str, read: str | None) -> None:
    assert parse_years(typed) == (None if read is None else Decimal(read))


# --- Yes / no -------------------------------------------------------------------------------------

YES_NO = [
    ("yes", True),
    ("Yes!", True),
    ("yeah", True),
    ("yes I did", True),
    ("of course", True),
    ("y", True),
    ("да", True),
    ("Да, сам", True),
    ("ага", True),
    ("конечно", True),
    ("no", False),
    ("No.", False),
    ("nope", False),
    ("of course not", False),
    ("I did not", False),
    ("нет", False),
    ("Нет, меня сократили", False),
    ("неа", False),
    ("да нет", False),  # Russian: "well, no"
    ("конечно нет", False),
    ("maybe", None),
    ("не знаю", None),
    ("not sure", None),
    ("yes and no", None),
    ("нет, да", None),
    ("уволился сам", None),  # what the answer means is the caller's business
    ("1500", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("typed", "read"), [pytest.param(typed, read, id=typed or "empty") for typed, read in YES_NO]
)
def test_yes_no(typed: str, read: bool | None) -> None:
    assert parse_yes_no(typed) is read


# --- Never raises ---------------------------------------------------------------------------------

ODD_INPUTS = [
    "NaN",
    "Infinity",
    "1e9",
    "١٢٣",  # Arabic-Indic digits
    "²",
    "💶💶💶",
    "{}",
    "%s %d",
    "-" * 1000,
    "9" * 5000,
    "1," * 500,
    ". , ' ’",
    "\x00",
]


@pytest.mark.parametrize("typed", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_odd_text_reads_as_nothing_so_the_assistant_asks_again(typed: str) -> None:
    read = [parse_money(typed), parse_months(typed), parse_years(typed), parse_yes_no(typed)]

    assert read == [None, None, None, None]


NOT_TEXT = [None, 42, 1.5, b"1500", ["1500"], {"amount": 1500}]


@pytest.mark.parametrize("value", NOT_TEXT, ids=range(len(NOT_TEXT)))
def test_something_that_is_not_text_gives_none(value: Any) -> None:
    read = [parse_money(value), parse_months(value), parse_years(value), parse_yes_no(value)]

    assert read == [None, None, None, None]
