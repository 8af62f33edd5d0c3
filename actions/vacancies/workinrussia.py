"""Vacancies from Work in Russia («Работа России», trudvsem.ru) through its open-data API.

The API needs no key: `GET {base}/api/v1/vacancies?text=…&offset=…&limit=…`, and for one region
`{base}/api/v1/vacancies/region/{13-digit region code}?…`. `offset` is a page NUMBER (the first
page is `FIRST_PAGE`), `limit` the page size (at most 100). The API searches Russian text: an
occupation or place written in another language is sent by its Russian name from the
classification or gazetteer (vocabulary.py). Places are turned into region codes with
data/content/workinrussia_regions.yml; a place not listed there is added to the search text.

Quirks of the answers handled here: `results` may be `{}`; `status`, `meta.total` and salaries
may be strings; a salary of 0 or "от 0" means "not stated"; the currency reads like "«руб.»";
keys are hyphenated ("job-name", "creation-date"); duties are HTML; a page takes seconds. One
vacancy object becomes a Vacancy through `workinrussia_mapping`, the mapping the importer uses for
saved answers too. The API is not asked to filter by salary or schedule: that is done
here, on the mapped vacancies, so `total` is only given when no such filter applies.

Requests share one time budget per call (`timeout_s`): each attempt gets what is left of it,
5xx answers, 429, timeouts and connection errors are retried with exponential backoff while the
budget lasts, and `VacancySourceError` is raised when no usable answer came in time.

`get(id)` is served from the cache of vacancies that searches returned (`QueryCache`, in Redis or
in memory); an id not there is None. The API has a per-vacancy address
(`/api/v1/vacancies/vacancy/{company code}/{id}`) that third-party clients use, but it is not
documented for us to rely on and needs the company code, which an id alone does not give.

Personal data: `contact_list`, `contact_person` and any phone or e-mail field of the answer are
never copied into a Vacancy, so never cached or logged; phone numbers, e-mail addresses and the
contact person's name written into the free text of duties and requirements are blanked out.
Nothing of the person's query is logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from actions.vacancies import workinrussia_mapping as mapping
from actions.vacancies.cache import QueryCache
from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.normalise import normalise_place, query_words
from actions.vacancies.vocabulary import Found, vocabulary
from common.content import read_yaml

logger = logging.getLogger(__name__)

API_PATH = "/api/v1/vacancies"
FIRST_PAGE = 0
MAX_API_LIMIT = 100
DEFAULT_REGIONS_PATH = (
    Path(__file__).resolve().parents[2] / "data" / "content" / "workinrussia_regions.yml"
)
_MAX_ATTEMPTS = 4
_FIRST_BACKOFF_S = 0.1
_MAX_BACKOFF_S = 1.0
_CURSOR_TAG = "wr1"


class RegionMap:
    """Normalised city and region names → 13-digit Work in Russia region codes."""

    def __init__(self, codes: Mapping[str, str]) -> None:
        self._codes = dict(codes)
        self._longest = max((len(name.split()) for name in self._codes), default=0)

    @classmethod
    def load(cls, path: Path) -> RegionMap:
        data = read_yaml(path) or {}
        codes: dict[str, str] = {}
        for entry in data.get("cities") or []:
            code = str(entry["region"])
            if not (len(code) == 13 and code.isdigit()):
                raise ValueError(f"{path}: region of {entry.get('name')!r} is not 13 digits")
            for name in [entry["name"], *(entry.get("also") or [])]:
                key = normalise_place(str(name))
                if key:
                    codes.setdefault(key, code)
        return cls(codes)

    def code_for(self, place: str) -> str | None:
        """The region code of the longest known name in `place` ("г. Казань, центр" → Kazan)."""
        normalised = normalise_place(place)
        if not normalised:
            return None
        words = normalised.split()
        for size in range(min(len(words), self._longest), 0, -1):
            for start in range(len(words) - size + 1):
                code = self._codes.get(" ".join(words[start : start + size]))
                if code is not None:
                    return code
        return None


@dataclass(frozen=True)
class _Position:
    """Where a search goes on: API page size, page number, index of the next item in it."""

    page_size: int
    page: int
    index: int = 0

    def encode(self) -> str:
        return f"{_CURSOR_TAG}:{self.page_size}:{self.page}:{self.index}"

    @classmethod
    def decode(cls, cursor: str | None, page_size: int) -> _Position:
        if cursor is None:
            return cls(page_size, FIRST_PAGE)
        parts = cursor.split(":")
        if len(parts) == 4 and parts[0] == _CURSOR_TAG and all(p.isdigit() for p in parts[1:]):
            position = cls(int(parts[1]), int(parts[2]), int(parts[3]))
            if 1 <= position.page_size <= MAX_API_LIMIT and position.page >= FIRST_PAGE:
                return position
        raise VacancySourceError("not a cursor of the Work in Russia source")


@dataclass(frozen=True)
class _Request:
    path: str
    text: str | None


@dataclass(frozen=True)
class _Batch:
    """One API page: its items mapped (None where an item was unusable), and the total."""

    items: list[Vacancy | None]
    total: int | None
    last: bool


class _Retryable(Exception):
    """A failure worth another attempt (5xx, 429, timeout, connection error)."""


class WorkInRussiaSource:
    """VacancySource for the trudvsem.ru open-data API; see the module docstring.

    The source takes over `cache` (closed with it); a `session` passed in stays the caller's.
    """

    name = mapping.SOURCE

    def __init__(
        self,
        base_url: str,
        timeout_s: float = 5,
        cache: QueryCache | None = None,
        session: aiohttp.ClientSession | None = None,
        *,
        page_size: int = 20,
        max_pages_per_search: int = 5,
        regions_path: Path | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout_s = timeout_s
        self._cache = cache if cache is not None else QueryCache(None)
        self._session = session
        self._owns_session = session is None
        self._page_size = max(1, min(page_size, MAX_API_LIMIT))
        self._max_pages = max(1, max_pages_per_search)
        self.regions = RegionMap.load(regions_path or DEFAULT_REGIONS_PATH)

    async def search(
        self, query: VacancyQuery, cursor: str | None = None, limit: int = 5
    ) -> VacancyPage:
        limit = max(1, min(limit, MAX_API_LIMIT))
        request = self._request_for(query)
        position = _Position.decode(cursor, self._page_size)
        key = QueryCache.key_for(
            {
                "source": self.name,
                "base_url": self._base_url,
                "path": request.path,
                "text": request.text,
                "salary_min": query.salary_min,
                "schedule": query.schedule,
                "cursor": position.encode(),
                "limit": limit,
            }
        )
        cached = await self._cache.get_page(key)
        if cached is not None:
            return cached
        page = await self._search_api(request, query, position, limit)
        await self._cache.put_vacancies(self.name, page.vacancies)
        await self._cache.put_page(key, page)
        return page

    async def get(self, vacancy_id: str) -> Vacancy | None:
        return await self._cache.get_vacancy(self.name, vacancy_id)

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None
        await self._cache.close()

    def _request_for(self, query: VacancyQuery) -> _Request:
        occupation = in_russian(vocabulary().occupation(query.occupation), query.occupation)
        words = [base for _, base in query_words(occupation)]
        region = None
        if query.location and normalise_place(query.location):
            place = in_russian(vocabulary().place(query.location), query.location)
            region = self.regions.code_for(place)
            if region is None:
                words.extend(base for _, base in query_words(place))
        path = API_PATH if region is None else f"{API_PATH}/region/{region}"
        return _Request(path, " ".join(words)[:200] or None)

    async def _search_api(
        self, request: _Request, query: VacancyQuery, position: _Position, limit: int
    ) -> VacancyPage:
        """Reads API pages from `position` until `limit` vacancies pass the filters."""
        deadline = asyncio.get_running_loop().time() + self._timeout_s
        filtered = query.salary_min is not None or query.schedule is not None
        found: list[Vacancy] = []
        total: int | None = None
        page, index = position.page, position.index
        for scanned in range(self._max_pages):
            try:
                batch = await self._fetch(request, page, position.page_size, deadline)
            except VacancySourceError:
                if scanned == 0:
                    raise
                # Later pages are a bonus: show what was found and go on from here next time.
                resume = _Position(position.page_size, page, index).encode()
                return VacancyPage(found, None if filtered else total, resume)
            total = batch.total
            for i in range(index, len(batch.items)):
                vacancy = batch.items[i]
                if vacancy is None or not _matches(vacancy, query):
                    continue
                found.append(vacancy)
                if len(found) == limit:
                    return VacancyPage(
                        found,
                        None if filtered else total,
                        _after(position.page_size, page, i + 1, batch),
                    )
            if batch.last:
                return VacancyPage(found, None if filtered else total, None)
            page, index = page + 1, 0
        resume = _Position(position.page_size, page, 0).encode()
        return VacancyPage(found, None if filtered else total, resume)

    async def _fetch(self, request: _Request, page: int, size: int, deadline: float) -> _Batch:
        params: dict[str, str] = {"offset": str(page), "limit": str(size)}
        if request.text:
            params["text"] = request.text
        loop = asyncio.get_running_loop()
        backoff = _FIRST_BACKOFF_S
        for attempt in range(1, _MAX_ATTEMPTS + 1):
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            try:
                payload = await self._get_json(self._base_url + request.path, params, remaining)
            except _Retryable as problem:
                remaining = deadline - loop.time()
                if attempt == _MAX_ATTEMPTS or remaining <= backoff:
                    raise VacancySourceError(f"Work in Russia did not answer: {problem}") from None
                logger.warning(
                    "Work in Russia: %s on attempt %d, retrying in %.1f s",
                    problem,
                    attempt,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_S)
                continue
            return _batch_from(payload, page, size)
        raise VacancySourceError(f"Work in Russia did not answer within {self._timeout_s} s")

    async def _get_json(self, url: str, params: Mapping[str, str], remaining: float) -> Any:
        timeout = aiohttp.ClientTimeout(
            total=remaining,
            sock_connect=min(remaining, max(self._timeout_s / 2, 0.1)),
            sock_read=remaining,
        )
        try:
            async with self._client().get(
                url, params=params, timeout=timeout, headers={"Accept": "application/json"}
            ) as response:
                if response.status >= 500 or response.status == 429:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    raise VacancySourceError(f"Work in Russia answered HTTP {response.status}")
                body = await response.read()
        except asyncio.TimeoutError:
            raise _Retryable("timeout") from None
        except aiohttp.ClientError as error:
            raise _Retryable(type(error).__name__) from None
        try:
            return json.loads(body)
        except ValueError:
            raise VacancySourceError("Work in Russia answered malformed JSON") from None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"User-Agent": "pes-assistant (vacancy search)"}
            )
            self._owns_session = True
        return self._session


def in_russian(found: Found | None, typed: str | None) -> str:
    """What the person typed, in Russian when they wrote it in another language and the
    classification or gazetteer knows it ("welder" → «сварщик», "Tallinn" → «Таллинн»)."""
    if found is not None and found.language != "ru":
        return found.entry.name("ru")
    return typed or ""


def _after(page_size: int, page: int, index: int, batch: _Batch) -> str | None:
    """The cursor for what follows item `index` - 1 of a page; None when nothing does."""
    if index < len(batch.items):
        return _Position(page_size, page, index).encode()
    return None if batch.last else _Position(page_size, page + 1).encode()


def _matches(vacancy: Vacancy, query: VacancyQuery) -> bool:
    """The filters the API is not asked for: pay that reaches the wanted minimum (pay not
    stated does not), and the wanted schedule (an unknown schedule does not match)."""
    if query.salary_min is not None:
        stated = [pay for pay in (vacancy.salary_min, vacancy.salary_max) if pay is not None]
        if not stated or max(stated) < query.salary_min:
            return False
    return query.schedule is None or vacancy.schedule == query.schedule


def _batch_from(payload: Any, page: int, size: int) -> _Batch:
    if not isinstance(payload, dict):
        raise VacancySourceError("Work in Russia answered something other than an object")
    status = payload.get("status")
    if status is not None and str(status).strip() != "200":
        raise VacancySourceError(f"Work in Russia answered status {str(status)[:10]!r}")
    meta = payload.get("meta")
    total = mapping.number(meta.get("total")) if isinstance(meta, dict) else None
    results = payload.get("results")
    raw_items = results.get("vacancies") if isinstance(results, dict) else None
    if not isinstance(raw_items, list):
        raw_items = []
    items = [
        mapping.vacancy(item.get("vacancy")) if isinstance(item, dict) else None
        for item in raw_items
    ]
    seen = (page - FIRST_PAGE) * size + len(raw_items)
    last = len(raw_items) < size or (total is not None and seen >= total)
    return _Batch(items, total, last)
