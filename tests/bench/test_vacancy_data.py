"""The synthetic vacancy generator (bench/vacancy_data.py) and the shipped sample built from it."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest

from actions.vacancies.model import SCHEDULES
from bench.make_sample import COUNT, SAMPLE, SEED
from bench.vacancy_data import EMPLOYER_KINDS, OCCUPATIONS, SECTOR_DUTIES, TODAY, generate

KEYS = [
    "id",
    "title",
    "employer",
    "city",
    "region",
    "salary_min",
    "salary_max",
    "currency",
    "schedule",
    "employment",
    "posted",
    "url",
    "duties",
    "requirements",
]
TEXT_FIELDS = ("title", "employer", "city", "region", "duties", "requirements")
EMPLOYMENTS = {"permanent", "temporary", "seasonal"}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# A run of digits with the separators phone numbers are written with.
DIGIT_RUN = re.compile(r"\+?\d[\d\s().\-]*\d")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return list(generate(2000))


def test_same_seed_gives_the_same_records() -> None:
    assert list(generate(300, seed=7)) == list(generate(300, seed=7))
    assert list(generate(300, seed=7)) != list(generate(300, seed=8))


def test_the_first_records_do_not_depend_on_n(records: list[dict[str, object]]) -> None:
    assert list(generate(100)) == records[:100]


def test_keys_and_types(records: list[dict[str, object]]) -> None:
    for record in records:
        assert list(record) == KEYS
        for key in ("id", "title", "employer", "city", "region", "posted", "url"):
            assert isinstance(record[key], str) and record[key], (key, record)
        for key in ("salary_min", "salary_max"):
            value = record[key]
            assert value is None or (type(value) is int and value > 0), record
        assert record["currency"] in ("RUB", "EUR", None)
        assert record["schedule"] is None or record["schedule"] in SCHEDULES
        assert record["employment"] in EMPLOYMENTS
        assert isinstance(record["duties"], str) and record["duties"]
        assert isinstance(record["requirements"], str) and record["requirements"]


def test_ids_urls_and_dates(records: list[dict[str, object]]) -> None:
    ids = [record["id"] for record in records]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "demo-000001"
    for record in records:
        assert record["url"] == f"https://demo-pes.example/jobs/{record['id']}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(record["posted"]))
        age = (TODAY - date.fromisoformat(str(record["posted"]))).days
        assert 1 <= age <= 60, record


def test_both_languages_currencies_and_every_schedule(records: list[dict[str, object]]) -> None:
    russian = [record for record in records if CYRILLIC.search(str(record["title"]))]
    assert 0.5 < len(russian) / len(records) < 0.7
    currencies = Counter(record["currency"] for record in records)
    assert currencies["RUB"] and currencies["EUR"]
    assert 0.08 < currencies[None] / len(records) < 0.25
    assert set(SCHEDULES) <= {record["schedule"] for record in records}
    assert {record["employment"] for record in records} == EMPLOYMENTS


def test_language_is_consistent_within_a_record(records: list[dict[str, object]]) -> None:
    for record in records:
        if CYRILLIC.search(str(record["title"])):
            assert record["currency"] in ("RUB", None), record
            for key in ("employer", "city", "region", "duties", "requirements"):
                assert CYRILLIC.search(str(record[key])), (key, record)
        else:
            assert record["currency"] in ("EUR", None), record
            assert not any(CYRILLIC.search(str(record[key])) for key in TEXT_FIELDS), record


def test_salaries(records: list[dict[str, object]]) -> None:
    bounds = {"RUB": (30_000, 250_000), "EUR": (900, 5_000)}
    only_minimum = 0
    for record in records:
        low, high, currency = record["salary_min"], record["salary_max"], record["currency"]
        if currency is None:
            assert low is None and high is None, record
            continue
        assert isinstance(currency, str) and (low, high) != (None, None), record
        for value in (low, high):
            assert value is None or (
                isinstance(value, int) and bounds[currency][0] <= value <= bounds[currency][1]
            ), record
        if isinstance(low, int) and isinstance(high, int):
            assert low <= high, record
        only_minimum += low is not None and high is None
    assert only_minimum > 0.05 * len(records)


def test_no_contacts_in_any_field(records: list[dict[str, object]]) -> None:
    for record in records:
        for key, value in record.items():
            assert "@" not in str(value), (key, record)
        for key in TEXT_FIELDS:
            for run in DIGIT_RUN.findall(str(record[key])):
                assert sum(char.isdigit() for char in run) < 6, (key, run, record)


def test_texts_are_short_plain_sentences_or_simple_html(records: list[dict[str, object]]) -> None:
    html = 0
    for record in records:
        for key in ("duties", "requirements"):
            text = str(record[key])
            if "<" in text:
                html += 1
                assert re.fullmatch(r"<p>.+</p><ul>(<li>[^<]+</li>)+</ul>", text), text
            else:
                assert 1 <= len(SENTENCE_END.findall(text)) <= 3, text
    assert 0 < html < 0.1 * len(records)


def test_occupation_table() -> None:
    assert len(OCCUPATIONS) >= 100
    assert len({occupation.key for occupation in OCCUPATIONS}) == len(OCCUPATIONS)
    for occupation in OCCUPATIONS:
        assert occupation.sector in SECTOR_DUTIES, occupation.key
        assert set(occupation.kinds) <= set(EMPLOYER_KINDS), occupation.key
        assert occupation.rub[0] < occupation.rub[1], occupation.key
        for lang in ("ru", "en"):
            assert occupation.titles[lang], occupation.key
            assert len(occupation.duties[lang]) == 2, occupation.key
            assert len(occupation.requirements[lang]) == 1, occupation.key
            for sentence in (*occupation.duties[lang], *occupation.requirements[lang]):
                assert sentence.endswith(".") and sentence.count(".") == 1, sentence


def test_shipped_sample_parses_and_is_up_to_date() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 2000
    parsed = [json.loads(line) for line in lines]
    assert all(list(record) == KEYS for record in parsed)
    assert parsed == list(generate(COUNT, SEED)), "regenerate: python -m bench.make_sample"
