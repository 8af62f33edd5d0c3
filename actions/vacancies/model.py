"""The typed vacancy model shared by every vacancy source and the search actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Normalised schedules; sources map their own wording onto these.
SCHEDULES = ("remote", "part_time", "full_time", "shift")


@dataclass(frozen=True)
class Vacancy:
    """One vacancy, as plain text (HTML from sources is sanitised before it gets here).

    Contact persons, phones and e-mails of employers are never part of it: they are personal data.
    """

    id: str  # unique within its source, e.g. "demo-000123" or the Work in Russia id
    title: str
    employer: str
    city: str | None = None
    region: str | None = None
    salary_min: int | None = None  # None: not stated
    salary_max: int | None = None
    currency: str | None = None  # ISO 4217: "RUB", "EUR", …
    schedule: str | None = None  # one of SCHEDULES, or None when unknown
    employment: str | None = None  # e.g. "permanent", "temporary", as the source says it
    posted: date | None = None
    url: str | None = None
    duties: str = ""
    requirements: str = ""
    source: str = "local"


@dataclass(frozen=True)
class VacancyQuery:
    """What the person asked for. Words are as typed (any case, any Russian word form): sources
    normalise them (see README, vacancy search)."""

    occupation: str | None = None
    location: str | None = None  # None or "" means anywhere
    salary_min: int | None = None
    schedule: str | None = None  # one of SCHEDULES
    language: str = "en"  # the person's language, a hint for sources that care


@dataclass(frozen=True)
class VacancyPage:
    vacancies: list[Vacancy] = field(default_factory=list)
    total: int | None = None  # matches in all, when the source knows
    next_cursor: str | None = None  # opaque; None when there are no more results
    note: str | None = None  # e.g. "fallback_local" when another source answered instead


class VacancySourceError(Exception):
    """The source could not answer (down, too slow, or an unusable response)."""
