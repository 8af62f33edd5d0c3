"""Falling back from Work in Russia (the local fake API) to a second source."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from fake_workinrussia import (  # noqa: F401 (workinrussia_fixture registers the fixture)
    DRIVERS,
    FakeWorkInRussia,
    workinrussia_fixture,
)

from actions.vacancies.fallback import FallbackSource
from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.source import VacancySource
from actions.vacancies.workinrussia import WorkInRussiaSource

QUERY = VacancyQuery(occupation="водитель")
LOCAL = [Vacancy(id=f"demo-{n}", title="Водитель", employer="Пример") for n in range(1, 6)]
# The note a page of the fallback carries (actions/vacancies/fallback.py), for the reply to say so.
FALLBACK_NOTE = "fallback_local"
# Longer than any test: the fake API answers only when the test ends (`release`).
NEVER_S = 3600.0
# A search that hangs instead of giving up fails the test after this long, instead of hanging it.
HANG_GUARD_S = 60.0


class ListSource:
    """A tiny local source: the vacancies of a list, `limit` at a time; or always failing."""

    name = "local"

    def __init__(self, vacancies: list[Vacancy], failing: bool = False) -> None:
        self.vacancies = vacancies
        self.failing = failing
        self.closed = False

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        if self.failing:
            raise VacancySourceError("local index unavailable")
        start = int(cursor or 0)
        more = start + limit < len(self.vacancies)
        return VacancyPage(
            self.vacancies[start : start + limit],
            len(self.vacancies),
            str(start + limit) if more else None,
        )

    async def get(self, vacancy_id: str) -> Vacancy | None:
        if self.failing:
            raise VacancySourceError("local index unavailable")
        return next((v for v in self.vacancies if v.id == vacancy_id), None)

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
async def primary(workinrussia: FakeWorkInRussia) -> AsyncIterator[WorkInRussiaSource]:
    source = WorkInRussiaSource(workinrussia.base_url, timeout_s=0.5)
    yield source
    await source.close()


async def test_a_healthy_primary_answers_and_keeps_its_cursor(primary, workinrussia):
    source = FallbackSource(primary, ListSource(LOCAL), timeout_s=2)
    assert isinstance(source, VacancySource)

    first = await source.search(QUERY, limit=3)
    second = await source.search(QUERY, first.next_cursor, limit=3)

    assert first.note is None and second.note is None
    assert [v.id for v in first.vacancies + second.vacancies] == DRIVERS[:6]
    assert first.next_cursor is not None and first.next_cursor.startswith("p:")


async def test_a_slow_primary_is_answered_by_the_fallback_with_a_note(primary, workinrussia):
    workinrussia.delay_s = NEVER_S  # only the time budget can end the primary's search
    source = FallbackSource(primary, ListSource(LOCAL), timeout_s=0.2)

    page = await asyncio.wait_for(source.search(QUERY, limit=2), HANG_GUARD_S)

    assert page.note == FALLBACK_NOTE
    assert [v.id for v in page.vacancies] == ["demo-1", "demo-2"]
    assert page.total == 5


async def test_a_failing_primary_is_answered_by_the_fallback_with_a_note(primary, workinrussia):
    workinrussia.fail_first = 1000

    page = await FallbackSource(primary, ListSource(LOCAL)).search(QUERY, limit=2)

    assert page.note == FALLBACK_NOTE
    assert [v.id for v in page.vacancies] == ["demo-1", "demo-2"]


async def test_more_results_of_the_fallback_stay_in_the_fallback(primary, workinrussia):
    workinrussia.malformed_json = True
    source = FallbackSource(primary, ListSource(LOCAL))
    first = await source.search(QUERY, limit=2)
    workinrussia.malformed_json = False  # the primary is back…
    asked = len(workinrussia.requests)

    second = await source.search(QUERY, first.next_cursor, limit=2)

    # …but the list goes on where it was, without mixing in another source.
    assert [v.id for v in second.vacancies] == ["demo-3", "demo-4"]
    assert second.note == FALLBACK_NOTE
    assert len(workinrussia.requests) == asked


async def test_a_primary_cursor_starts_over_in_the_fallback_when_the_primary_fails(
    primary, workinrussia
):
    source = FallbackSource(primary, ListSource(LOCAL))
    first = await source.search(QUERY, limit=2)
    assert first.note is None
    workinrussia.fail_first = 1000

    second = await source.search(QUERY, first.next_cursor, limit=2)

    assert second.note == FALLBACK_NOTE
    assert [v.id for v in second.vacancies] == ["demo-1", "demo-2"]


async def test_both_failing_is_an_error(primary, workinrussia):
    workinrussia.fail_first = 1000
    source = FallbackSource(primary, ListSource(LOCAL, failing=True))

    with pytest.raises(VacancySourceError, match="no vacancy source could answer"):
        await source.search(QUERY)


async def test_a_cursor_from_elsewhere_is_refused(primary):
    with pytest.raises(VacancySourceError):
        await FallbackSource(primary, ListSource(LOCAL)).search(QUERY, "3")


async def test_get_asks_the_primary_then_the_fallback(primary, workinrussia):
    source = FallbackSource(primary, ListSource(LOCAL))
    [shown] = (await source.search(VacancyQuery(occupation="повар"))).vacancies

    assert await source.get(shown.id) == shown
    assert await source.get("demo-3") == LOCAL[2]
    assert await source.get("unknown") is None

    failing = FallbackSource(ListSource([], failing=True), ListSource(LOCAL))
    assert await failing.get("demo-3") == LOCAL[2]
    with pytest.raises(VacancySourceError):
        await failing.get("unknown")  # the primary might have had it


async def test_closing_closes_both():
    primary, fallback = ListSource([]), ListSource(LOCAL)

    await FallbackSource(primary, fallback).close()

    assert primary.closed and fallback.closed
