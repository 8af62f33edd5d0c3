"""Searching the local vacancy index: ranking, word forms, prefixes, filters, paging, get()."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from vacancy_records import MakeIndex, record, write_jsonl

from actions.vacancies.local import LocalIndexSource, open_local_index
from actions.vacancies.model import Vacancy, VacancyQuery, VacancySourceError
from actions.vacancies.source import VacancySource


def ids(page_vacancies: list[Vacancy]) -> list[str]:
    return [vacancy.id for vacancy in page_vacancies]


async def test_it_is_a_vacancy_source(make_index: MakeIndex):
    source = make_index([record("a", "Welder")])
    assert isinstance(source, VacancySource)
    assert source.name == "local"


async def test_welder_titles_rank_above_vacancies_that_only_mention_welders(make_index: MakeIndex):
    source = make_index(
        [
            record("helper", "Construction helper", duties="Assist the welder. The welder leads."),
            record("welder", "Welder", duties="Welding steel structures."),
            record("tig", "TIG welder", duties="Welding thin sheet."),
            record("cook", "Cook", duties="Cooking meals."),
        ]
    )
    page = await source.search(VacancyQuery(occupation="welder"))
    assert page.total == 3
    assert set(ids(page.vacancies[:2])) == {"welder", "tig"}
    assert ids(page.vacancies)[2] == "helper"


async def test_the_start_of_a_word_finds_the_occupation(make_index: MakeIndex):
    source = make_index(
        [
            record("ru", "Сварщик", city="Казань"),
            record("en", "Welder", city="Tallinn"),
            record("other", "Повар"),
        ]
    )
    assert ids((await source.search(VacancyQuery(occupation="свар"))).vacancies) == ["ru"]
    assert ids((await source.search(VacancyQuery(occupation="weld"))).vacancies) == ["en"]


@pytest.mark.parametrize("typed", ["водителем", "водителя", "водители", "Водитель", "ВОДИТЕЛЕЙ"])
async def test_any_russian_word_form_finds_the_dictionary_form(make_index: MakeIndex, typed: str):
    source = make_index([record("bus", "Водитель автобуса"), record("nurse", "Медсестра")])
    page = await source.search(VacancyQuery(occupation=typed))
    assert ids(page.vacancies) == ["bus"]


async def test_inflected_occupation_and_place_together(make_index: MakeIndex):
    source = make_index(
        [
            record("kazan", "Медсестра", city="Казань", region="Республика Татарстан"),
            record("moscow", "Медсестра", city="Москва", region="Москва"),
            record("driver", "Водитель", city="Казань", region="Республика Татарстан"),
        ]
    )
    for location in ("в Казани", "Казани", "Казань", "Татарстан"):
        page = await source.search(VacancyQuery(occupation="медсестры", location=location))
        assert ids(page.vacancies) == ["kazan"], location


async def test_english_plurals_find_the_singular(make_index: MakeIndex):
    source = make_index([record("w", "Welder"), record("n", "Registered nurse")])
    assert ids((await source.search(VacancyQuery(occupation="welders"))).vacancies) == ["w"]
    assert ids((await source.search(VacancyQuery(occupation="nurses"))).vacancies) == ["n"]


async def test_every_word_of_the_occupation_must_match(make_index: MakeIndex):
    source = make_index([record("bus", "Водитель автобуса"), record("truck", "Водитель грузовика")])
    page = await source.search(VacancyQuery(occupation="водитель автобуса"))
    assert ids(page.vacancies) == ["bus"]
    assert (await source.search(VacancyQuery(occupation="senior welder"))).total == 0


async def test_duties_match_whole_words_only(make_index: MakeIndex):
    """A prefix of "водитель" must not find every vacancy that asks for a driving licence."""
    source = make_index(
        [
            record("driver", "Водитель"),
            record("courier", "Курьер", requirements="Водительское удостоверение категории B."),
            record("loader", "Грузчик", duties="Помощь водителю при разгрузке."),
        ]
    )
    page = await source.search(VacancyQuery(occupation="водитель"))
    assert ids(page.vacancies) == ["driver", "loader"]


@pytest.mark.parametrize("anywhere", [None, "", "anywhere", "любой", "везде", "где угодно"])
async def test_anywhere_means_no_place_filter(make_index: MakeIndex, anywhere: str | None):
    source = make_index([record("a", "Повар", city="Казань"), record("b", "Повар", city="Пермь")])
    page = await source.search(VacancyQuery(occupation="повар", location=anywhere))
    assert page.total == 2


async def test_a_place_alone_lists_its_vacancies_newest_first(make_index: MakeIndex):
    source = make_index(
        [
            record("old", "Повар", city="Пермь", posted="2026-10-01"),
            record("other", "Повар", city="Казань", posted="2026-11-20"),
            record("new", "Курьер", city="Пермь", posted="2026-11-10"),
        ]
    )
    page = await source.search(VacancyQuery(location="Пермь"))
    assert ids(page.vacancies) == ["new", "old"]
    assert page.total == 2


async def test_salary_filter_keeps_vacancies_paying_at_least_the_amount(make_index: MakeIndex):
    source = make_index(
        [
            record("range", "Повар", salary_min=30000, salary_max=50000),
            record("from", "Повар", salary_min=60000),
            record("up_to", "Повар", salary_max=45000),
            record("unstated", "Повар"),
        ]
    )
    page = await source.search(VacancyQuery(occupation="повар", salary_min=50000))
    assert sorted(ids(page.vacancies)) == ["from", "range"]
    unfiltered = await source.search(VacancyQuery(occupation="повар"))
    assert unfiltered.total == 4  # no salary filter: the unstated one is in


async def test_schedule_filter(make_index: MakeIndex):
    source = make_index(
        [
            record("shift", "Охранник", schedule="Сменный график"),
            record("full", "Охранник", schedule="full-time"),
            record("unknown", "Охранник"),
        ]
    )
    for schedule in ("shift", "сменный график"):
        page = await source.search(VacancyQuery(occupation="охранник", schedule=schedule))
        assert ids(page.vacancies) == ["shift"]


async def test_filters_alone_list_the_newest_first(make_index: MakeIndex):
    source = make_index(
        [
            record(f"v{day}", "Курьер", salary_min=1000 * day, posted=f"2026-11-{day:02d}")
            for day in range(1, 21)
        ]
    )
    page = await source.search(VacancyQuery(salary_min=15000), limit=3)
    assert page.total == 6
    assert ids(page.vacancies) == ["v20", "v19", "v18"]


async def test_paging_with_cursors_has_no_gaps_and_no_duplicates(make_index: MakeIndex):
    source = make_index(
        [record(f"c{day:02d}", "Курьер", posted=f"2026-11-{day:02d}") for day in range(1, 13)]
    )
    for query in (VacancyQuery(occupation="курьер"), VacancyQuery()):
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            page = await source.search(query, cursor=cursor, limit=5)
            assert page.total == 12
            seen += ids(page.vacancies)
            pages += 1
            cursor = page.next_cursor
            if cursor is None:
                break
        assert pages == 3
        # Equal titles rank equally, so the newest come first.
        assert seen == [f"c{day:02d}" for day in range(12, 0, -1)]


async def test_a_cursor_that_is_not_ours_is_refused(make_index: MakeIndex):
    source = make_index([record("a", "Курьер")])
    with pytest.raises(VacancySourceError):
        await source.search(VacancyQuery(), cursor="not a cursor")


async def test_get_returns_the_whole_vacancy(make_index: MakeIndex):
    source = make_index(
        [
            record(
                "demo-1",
                "Повар",
                employer="Кафе «Уют»",
                city="Казань",
                region="Республика Татарстан",
                salary_min=40000,
                salary_max=55000,
                currency="RUB",
                schedule="shift",
                employment="permanent",
                posted="2026-11-03",
                url="https://example.org/jobs/1",
                duties="Приготовление блюд.",
                requirements="Опыт от года.",
            )
        ]
    )
    assert await source.get("demo-1") == Vacancy(
        id="demo-1",
        title="Повар",
        employer="Кафе «Уют»",
        city="Казань",
        region="Республика Татарстан",
        salary_min=40000,
        salary_max=55000,
        currency="RUB",
        schedule="shift",
        employment="permanent",
        posted=date(2026, 11, 3),
        url="https://example.org/jobs/1",
        duties="Приготовление блюд.",
        requirements="Опыт от года.",
        source="local",
    )
    assert await source.get("nope") is None


async def test_concurrent_searches_all_get_their_answers(make_index: MakeIndex):
    source = make_index(
        [record(f"d{n}", "Водитель", city="Казань") for n in range(20)]
        + [record(f"n{n}", "Медсестра", city="Пермь") for n in range(7)]
    )
    queries = [VacancyQuery(occupation="водитель"), VacancyQuery(occupation="медсестра")] * 20
    pages = await asyncio.gather(*(source.search(query, limit=50) for query in queries))
    assert [page.total for page in pages] == [20, 7] * 20


async def test_a_file_that_is_not_an_index_fails_as_a_source_error(tmp_path: Path):
    source = LocalIndexSource(tmp_path)  # a directory
    with pytest.raises(VacancySourceError):
        await source.search(VacancyQuery(occupation="повар"))
    await source.close()


async def test_open_local_index_fills_an_empty_index_with_the_sample(tmp_path: Path):
    sample = write_jsonl(tmp_path / "sample.jsonl", [record("s1", "Повар"), record("s2", "Курьер")])
    index_path = tmp_path / "var" / "vacancies.db"
    source = await open_local_index(index_path, sample)
    assert (await source.search(VacancyQuery())).total == 2
    await source.close()

    # Not empty any more: another sample is not imported on top.
    other = write_jsonl(tmp_path / "other.jsonl", [record("o1", "Сварщик")])
    source = await open_local_index(index_path, other)
    assert (await source.search(VacancyQuery())).total == 2
    await source.close()


async def test_open_local_index_without_a_sample_gives_an_empty_index(tmp_path: Path):
    source = await open_local_index(tmp_path / "vacancies.db", tmp_path / "missing.jsonl")
    page = await source.search(VacancyQuery(occupation="повар"))
    assert (page.total, page.vacancies, page.next_cursor) == (0, [], None)
    await source.close()
