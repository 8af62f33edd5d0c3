"""The Work in Russia source against a local server speaking the trudvsem.ru API format.

Redis is the real one at 127.0.0.1:6379; every test writes under its own key prefix and removes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import date

import pytest
from fake_workinrussia import (  # noqa: F401 (workinrussia_fixture registers the fixture)
    CONTACT_PERSON,
    DRIVERS,
    FakeWorkInRussia,
    workinrussia_fixture,
)
from redis.asyncio import Redis
from support.shared_redis import REDIS_URL

from actions.vacancies.cache import QueryCache
from actions.vacancies.model import Vacancy, VacancyQuery, VacancySourceError
from actions.vacancies.source import VacancySource
from actions.vacancies.workinrussia import WorkInRussiaSource

# Longer than any test: the fake API answers only when the test ends (`release`).
NEVER_S = 3600.0
# A search that hangs instead of giving up fails the test after this long, instead of hanging it.
HANG_GUARD_S = 60.0
# Pieces of the contact data in the fake's vacancies: none may ever leave the source.
CONTACT_PIECES = (CONTACT_PERSON, "Контактова", "company.example", "000-00-", "100-00-", "(900)")


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this test alone; whatever was written under it is deleted afterwards."""
    prefix = f"test:vacancies:{uuid.uuid4().hex[:12]}"
    yield prefix
    client = Redis.from_url(REDIS_URL)
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.close()


async def stored_under(prefix: str) -> dict[bytes, bytes]:
    client = Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        values = await client.mget(keys) if keys else []
        return dict(zip(keys, values, strict=True))
    finally:
        await client.close()


@pytest.fixture
async def source(workinrussia: FakeWorkInRussia) -> AsyncIterator[WorkInRussiaSource]:
    """The source on the fake API, with the cache in memory."""
    opened = WorkInRussiaSource(workinrussia.base_url, timeout_s=2)
    yield opened
    await opened.close()


def texts_of(vacancy: Vacancy) -> str:
    return " ".join(str(value) for value in dataclasses.asdict(vacancy).values())


async def test_a_vacancy_of_the_api_becomes_a_plain_vacancy(source, workinrussia):
    assert isinstance(source, VacancySource)

    page = await source.search(VacancyQuery(occupation="водителя погрузчика", location="Москве"))

    assert workinrussia.paths() == ["/api/v1/vacancies/region/7700000000000"]
    assert workinrussia.requests[0][1]["text"] == "водитель погрузчик"
    assert page.total == 1 and page.next_cursor is None
    [vacancy] = page.vacancies
    assert vacancy == Vacancy(
        id=DRIVERS[0],
        title="Водитель погрузчика",
        employer="ООО «Северный Склад»",
        city="Москва",
        region="г. Москва",
        salary_min=60000,
        salary_max=80000,
        currency="RUB",
        schedule="shift",
        employment="Полная занятость",
        posted=date(2024, 5, 1),
        url=f"https://trudvsem.ru/vacancy/card/1000000000001/{DRIVERS[0]}",
        duties="Работа на погрузчике. Вопросы: …, …, спросить ….",
        requirements="Образование: Среднее профессиональное\nОпыт работы (лет): 1\nОтветственность",
        source="workinrussia",
    )


async def test_an_occupation_and_place_written_in_english_are_asked_for_in_russian(
    source, workinrussia
):
    page = await source.search(VacancyQuery(occupation="forklift drivers", location="Moscow"))
    await source.search(VacancyQuery(occupation="bus driver", location="Tallinn"))

    assert [vacancy.title for vacancy in page.vacancies] == ["Водитель погрузчика"]
    assert workinrussia.requests == [
        (
            "/api/v1/vacancies/region/7700000000000",
            {"offset": "0", "limit": "20", "text": "водитель погрузчик"},
        ),
        # Tallinn has no Work in Russia region: its Russian name joins the search text.
        ("/api/v1/vacancies", {"offset": "0", "limit": "20", "text": "водитель автобус таллинн"}),
    ]


async def test_numbers_written_as_strings_read_as_numbers(source, workinrussia):
    workinrussia.string_numbers = True

    page = await source.search(VacancyQuery(occupation="водитель автобуса"))

    assert page.total == 1
    [vacancy] = page.vacancies
    assert (vacancy.salary_min, vacancy.salary_max, vacancy.currency) == (55000, 65000, "RUB")
    assert "Опыт работы (лет): 1" in vacancy.requirements


async def test_a_salary_from_zero_is_no_salary_at_all(source, workinrussia):
    workinrussia.salary_from_zero = True

    [vacancy] = (await source.search(VacancyQuery(occupation="водитель автобуса"))).vacancies

    assert (vacancy.salary_min, vacancy.salary_max, vacancy.currency) == (None, None, None)


async def test_html_duties_become_plain_text_without_scripts_or_contacts(source, workinrussia):
    workinrussia.html_duty = True

    [vacancy] = (await source.search(VacancyQuery(occupation="водитель автобуса"))).vacancies

    assert vacancy.duties == (
        "Управление погрузчиком & учёт грузов\nПриёмка\nОтгрузка\nЗвоните: … или пишите …"
    )
    assert vacancy.requirements.endswith("Удостоверение водителя")


async def test_where_the_city_and_the_schedule_come_from(source, workinrussia):
    page = await source.search(VacancyQuery(occupation="водитель", location="Татарстан"))

    assert [(v.city, v.region, v.schedule) for v in page.vacancies] == [
        ("Казань", "Республика Татарстан", "shift"),  # "Сменный график"
        ("Набережные Челны", "Республика Татарстан", "part_time"),  # "Неполный рабочий день"
    ]
    petersburg = await source.search(VacancyQuery(occupation="водитель", location="СПб"))
    assert [v.schedule for v in petersburg.vacancies] == ["full_time", None]  # "Гибкий график"
    remote = await source.search(VacancyQuery(occupation="программист"))
    assert remote.vacancies[0].schedule == "remote"  # employment "Удаленная работа"


async def test_nothing_found_is_an_empty_page(source, workinrussia):
    workinrussia.empty_results = True

    page = await source.search(VacancyQuery(occupation="водитель"))

    assert (page.vacancies, page.total, page.next_cursor) == ([], 0, None)


async def test_more_results_page_through_the_api_by_page_number(workinrussia):
    source = WorkInRussiaSource(workinrussia.base_url, timeout_s=2, page_size=3)
    query = VacancyQuery(occupation="Водитель")
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        page = await source.search(query, cursor, limit=2)
        assert page.total == len(DRIVERS)
        seen.extend(vacancy.id for vacancy in page.vacancies)
        cursor = page.next_cursor
        if cursor is None:
            break
    await source.close()

    assert seen == DRIVERS
    # 8 drivers, 3 per API page: "offset" counts pages (0, 1, 2), not items (0, 3, 6).
    assert sorted({(q["offset"], q["limit"]) for _, q in workinrussia.requests}) == [
        ("0", "3"),
        ("1", "3"),
        ("2", "3"),
    ]


async def test_a_known_city_in_any_word_form_asks_its_region(source, workinrussia):
    for place in ("Казани", "Kazan", "в Набережных Челнах", "г. Казань"):
        page = await source.search(VacancyQuery(occupation="водитель", location=place))
        assert [v.city for v in page.vacancies] == ["Казань", "Набережные Челны"], place

    assert set(workinrussia.paths()) == {"/api/v1/vacancies/region/1600000000000"}


async def test_an_unknown_place_is_searched_as_text(source, workinrussia):
    page = await source.search(VacancyQuery(occupation="водитель", location="Урюпинске"))

    assert workinrussia.requests == [
        ("/api/v1/vacancies", {"offset": "0", "limit": "20", "text": "водитель урюпинск"})
    ]
    assert [v.city for v in page.vacancies] == ["Урюпинск"]


async def test_salary_and_schedule_are_filtered_here(source, workinrussia):
    paid = await source.search(VacancyQuery(occupation="водитель", salary_min=60000), limit=10)
    # Stated pay reaching 60 000 (a maximum counts); pay not stated does not qualify.
    assert [v.salary_max or v.salary_min for v in paid.vacancies] == [80000, 90000, 65000, 85000]
    assert paid.total is None  # the API's total counts vacancies the filter dropped

    shifts = await source.search(VacancyQuery(occupation="водитель", schedule="shift"), limit=10)
    assert [v.id for v in shifts.vacancies] == [DRIVERS[0], DRIVERS[2], DRIVERS[6]]
    assert all("salary" not in q and "schedule" not in q for _, q in workinrussia.requests)


async def test_a_slow_api_is_an_error_within_the_time_budget(workinrussia):
    workinrussia.delay_s = NEVER_S  # only the time budget can end the search
    source = WorkInRussiaSource(workinrussia.base_url, timeout_s=0.5)

    with pytest.raises(VacancySourceError, match="did not answer"):
        await asyncio.wait_for(source.search(VacancyQuery(occupation="водитель")), HANG_GUARD_S)

    assert len(workinrussia.requests) == 1  # the budget was spent: no retry after it
    await source.close()


async def test_transient_server_errors_are_retried(source, workinrussia):
    workinrussia.fail_first = 2

    page = await source.search(VacancyQuery(occupation="водитель автобуса"))

    assert len(page.vacancies) == 1
    assert len(workinrussia.requests) == 3


async def test_an_api_that_keeps_failing_is_an_error_after_four_attempts(workinrussia):
    workinrussia.fail_first = 1000
    source = WorkInRussiaSource(workinrussia.base_url, timeout_s=30)  # time enough for all

    with pytest.raises(VacancySourceError, match="HTTP 500"):
        await source.search(VacancyQuery(occupation="водитель"))

    assert len(workinrussia.requests) == 4
    await source.close()


async def test_malformed_json_is_an_error_without_retries(source, workinrussia):
    workinrussia.malformed_json = True

    with pytest.raises(VacancySourceError, match="malformed JSON"):
        await source.search(VacancyQuery(occupation="водитель"))

    assert len(workinrussia.requests) == 1


async def test_a_cursor_of_another_source_is_refused(source):
    with pytest.raises(VacancySourceError):
        await source.search(VacancyQuery(occupation="водитель"), cursor="42")


async def test_contact_data_is_neither_in_vacancies_nor_in_redis_nor_in_logs(
    workinrussia, redis_prefix, caplog
):
    caplog.set_level(logging.DEBUG)
    workinrussia.html_duty = True
    workinrussia.fail_first = 1  # a retry gets logged
    source = WorkInRussiaSource(
        workinrussia.base_url, timeout_s=2, cache=QueryCache(REDIS_URL, 60, prefix=redis_prefix)
    )

    page = await source.search(VacancyQuery(occupation="водитель"), limit=20)
    await source.close()

    assert len(page.vacancies) == len(DRIVERS)
    for vacancy in page.vacancies:
        assert not [piece for piece in CONTACT_PIECES if piece in texts_of(vacancy)], vacancy.id
    stored = await stored_under(redis_prefix)
    assert len(stored) == 1 + len(DRIVERS)  # the page, and each vacancy for get()
    for key, value in stored.items():
        text = (key + value).decode("utf-8")
        assert "водитель" not in key.decode()  # the query is only there as a hash
        assert not [piece for piece in CONTACT_PIECES if piece in text], key
    assert "retrying" in caplog.text
    assert not [piece for piece in CONTACT_PIECES if piece in caplog.text]


async def test_a_cached_search_does_not_ask_the_api_again(workinrussia, redis_prefix):
    query = VacancyQuery(occupation="водитель", location="Москва")
    first = WorkInRussiaSource(
        workinrussia.base_url, cache=QueryCache(REDIS_URL, 60, prefix=redis_prefix)
    )
    page = await first.search(query)
    assert await first.search(query) == page
    await first.close()
    # Another action server process shares the cache through Redis.
    second = WorkInRussiaSource(
        workinrussia.base_url, cache=QueryCache(REDIS_URL, 60, prefix=redis_prefix)
    )
    assert await second.search(query) == page
    assert len(workinrussia.requests) == 1

    # A vacancy a search returned is there for get(); an unknown one is None.
    assert await second.get(page.vacancies[0].id) == page.vacancies[0]
    assert await second.get("00000000-0000-0000-0000-000000000000") is None
    await second.close()


async def test_without_redis_get_serves_the_vacancies_this_process_saw(source):
    page = await source.search(VacancyQuery(occupation="повар"))

    assert await source.get(page.vacancies[0].id) == page.vacancies[0]
    assert await source.get("unknown") is None
