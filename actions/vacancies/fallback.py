"""A vacancy source that answers from a second source when the first one cannot.

`FallbackSource(primary, fallback)`: a search goes to the primary; when it raises
VacancySourceError or takes longer than `timeout_s`, the fallback answers instead and its page
carries `note="fallback_local"` (the actions then say, in the person's language, that the live
service is unavailable and these results come from the local list). Both failing is a
VacancySourceError.

Cursors stay with the source that made them: they are returned prefixed ("p:" or "f:"). A "more
results" of a fallback page goes on in the fallback, even if the primary is back, so a list never
mixes two sources; a primary cursor whose source has gone down starts over in the fallback (from
its first page, with the note), since the primary's position means nothing there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TypeVar

from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.source import VacancySource

logger = logging.getLogger(__name__)

FALLBACK_NOTE = "fallback_local"
_PRIMARY = "p:"
_FALLBACK = "f:"

T = TypeVar("T")


class FallbackSource:
    """VacancySource trying `primary` first and `fallback` when it fails or is too slow."""

    def __init__(
        self, primary: VacancySource, fallback: VacancySource, timeout_s: float = 5
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.name = primary.name

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        if cursor is not None and cursor.startswith(_FALLBACK):
            return await self._from_fallback(query, cursor[len(_FALLBACK) :], limit)
        if cursor is not None and not cursor.startswith(_PRIMARY):
            raise VacancySourceError("not a cursor of this vacancy source")
        primary_cursor = cursor[len(_PRIMARY) :] if cursor else None
        try:
            page = await self._in_time(self.primary.search(query, primary_cursor, limit))
        except VacancySourceError as problem:
            logger.warning(
                "%s search failed (%s): answering from %s",
                self.primary.name,
                problem,
                self.fallback.name,
            )
            return await self._from_fallback(query, None, limit)
        return _with_cursor(page, _PRIMARY, page.note)

    async def get(self, vacancy_id: str) -> Vacancy | None:
        """The primary's vacancy, else the fallback's (ids of two sources do not collide).

        None only when a source that answered does not have it and neither failed; when the
        primary failed and the fallback does not have it, nobody can tell: VacancySourceError.
        """
        primary_failed: VacancySourceError | None = None
        try:
            vacancy = await self._in_time(self.primary.get(vacancy_id))
        except VacancySourceError as problem:
            primary_failed = problem
        else:
            if vacancy is not None:
                return vacancy
        try:
            vacancy = await self.fallback.get(vacancy_id)
        except VacancySourceError as problem:
            raise VacancySourceError(f"no vacancy source could answer: {problem}") from problem
        if vacancy is None and primary_failed is not None:
            raise VacancySourceError(f"{self.primary.name} could not answer: {primary_failed}")
        return vacancy

    async def close(self) -> None:
        results = await asyncio.gather(
            self.primary.close(), self.fallback.close(), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _from_fallback(
        self, query: VacancyQuery, cursor: str | None, limit: int
    ) -> VacancyPage:
        try:
            page = await self.fallback.search(query, cursor, limit)
        except VacancySourceError as problem:
            raise VacancySourceError(f"no vacancy source could answer: {problem}") from problem
        return _with_cursor(page, _FALLBACK, FALLBACK_NOTE)

    async def _in_time(self, work: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(work, self.timeout_s)
        except asyncio.TimeoutError:
            raise VacancySourceError(f"no answer within {self.timeout_s} s") from None


def _with_cursor(page: VacancyPage, prefix: str, note: str | None) -> VacancyPage:
    cursor = prefix + page.next_cursor if page.next_cursor is not None else None
    return VacancyPage(page.vacancies, page.total, cursor, note)
