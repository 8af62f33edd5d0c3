"""The interface every vacancy source implements, and how the configured one is chosen."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery


@runtime_checkable
class VacancySource(Protocol):
    """An async source of vacancies. Implementations raise VacancySourceError when they cannot
    answer; they never return personal data of employers' contact persons."""

    name: str

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        """A page of vacancies matching the query, best first; `cursor` continues a search
        from the `next_cursor` of its previous page."""
        ...

    async def get(self, vacancy_id: str) -> Vacancy | None:
        """One vacancy by id, or None when the source does not have it (any more)."""
        ...

    async def close(self) -> None:
        """Release connections and files."""
        ...
