"""New vacancies against subscriptions: the search's normalisation (word forms, languages,
places), its filters, and the same answers as the search itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from alert_data import Import, vacancy

from actions.alerts.matching import Chunk, new_vacancies, open_index
from actions.alerts.subscriptions import from_query
from actions.vacancies.local import LocalIndexSource
from actions.vacancies.model import VacancyQuery
from common.storage.alerts import Subscription

VACANCIES = [
    vacancy("Сварщик", "Казань", salary_min=70000, schedule="full_time"),
    vacancy("Welder (MIG/MAG)", "Tallinn", salary_min=1800, salary_max=2400, schedule="shift"),
    vacancy("Электросварщик ручной сварки", "Казань", region="Республика Татарстан"),
    vacancy("Водитель автобуса", "Москва", salary_min=90000),
    vacancy("Truck driver", "Tallinn", schedule="full_time"),
    vacancy("Senior welder", "Narva", duties="Welding of pipes."),
    vacancy("Бухгалтер", "Казань", salary_max=50000, schedule="remote"),
    vacancy("Кладовщик", "Казань", duties="Работа на складе, водительское удостоверение."),
]


def subscription(language: str = "en", **search: object) -> Subscription:
    new = from_query(VacancyQuery(language=language, **search), "telegram:1")  # type: ignore[arg-type]
    return Subscription(
        id=1,
        status="active",
        paused_reason=None,
        created_at=None,
        expires_at=None,
        **vars(new),  # type: ignore[arg-type]
    )


@pytest.fixture
def chunk(import_vacancies: Import, index_path: Path) -> Chunk:
    import_vacancies(*VACANCIES)
    connection = open_index(index_path)
    try:
        [vacancies] = list(new_vacancies(connection, 0))
    finally:
        connection.close()
    return Chunk(vacancies)


def titles(chunk: Chunk, **search: object) -> list[str]:
    return sorted(v.vacancy.title for v in chunk.matching(subscription(**search)))


def test_an_occupation_matches_in_any_word_form_and_language(chunk: Chunk) -> None:
    welders = ["Senior welder", "Welder (MIG/MAG)", "Сварщик", "Электросварщик ручной сварки"]
    assert titles(chunk, occupation="welder") == welders
    assert titles(chunk, occupation="сварщиком", language="ru") == welders


def test_a_broad_occupation_matches_the_occupations_under_it(chunk: Chunk) -> None:
    assert titles(chunk, occupation="driver") == ["Truck driver", "Водитель автобуса"]


def test_a_place_matches_in_any_language_and_word_form(chunk: Chunk) -> None:
    in_kazan = ["Бухгалтер", "Кладовщик", "Сварщик", "Электросварщик ручной сварки"]
    assert titles(chunk, location="Kazan") == in_kazan
    assert titles(chunk, location="в Казани", language="ru") == in_kazan
    assert titles(chunk, occupation="welder", location="Kazan") == [
        "Сварщик",
        "Электросварщик ручной сварки",
    ]


def test_an_unknown_occupation_matches_by_its_words(chunk: Chunk) -> None:
    assert titles(chunk, occupation="senior welder") == ["Senior welder"]
    assert titles(chunk, occupation="ручной сварки", language="ru") == [
        "Электросварщик ручной сварки"
    ]


def test_salary_and_schedule_filter_as_the_search_does(chunk: Chunk) -> None:
    # amounts are compared as the search compares them, whatever the currency
    assert titles(chunk, occupation="welder", salary_min=2000) == ["Welder (MIG/MAG)", "Сварщик"]
    assert titles(chunk, occupation="welder", salary_min=75000) == []
    assert titles(chunk, location="Kazan", salary_min=60000) == ["Сварщик"]
    assert titles(chunk, location="Kazan", schedule="remote") == ["Бухгалтер"]


def test_anywhere_and_any_job_match_everything(chunk: Chunk) -> None:
    assert len(titles(chunk, location="anywhere")) == len(VACANCIES)
    assert len(titles(chunk)) == len(VACANCIES)


def test_matches_come_newest_first(chunk: Chunk) -> None:
    matched = chunk.matching(subscription(location="Kazan"))
    posted = [v.vacancy.posted for v in matched]
    assert posted == sorted(posted, reverse=True)


@pytest.mark.parametrize(
    "search",
    [
        {"occupation": "welder"},
        {"occupation": "водителем", "language": "ru"},
        {"occupation": "driver", "location": "Tallinn"},
        {"location": "Казани", "language": "ru"},
        {"occupation": "senior welder"},
        {"occupation": "кладовщик", "location": "Казань", "language": "ru"},
        {"location": "Kazan", "salary_min": 60000},
        {"occupation": "bus", "location": "Moscow"},
    ],
)
async def test_a_subscription_matches_what_its_search_finds(
    chunk: Chunk, index_path: Path, search: dict[str, object]
) -> None:
    source = LocalIndexSource(index_path)
    try:
        page = await source.search(VacancyQuery(**search), None, 100)  # type: ignore[arg-type]
    finally:
        await source.close()
    found = sorted(v.title for v in page.vacancies)
    assert titles(chunk, **search) == found
