"""Vacancies from Work in Russia («Работа России», trudvsem.ru) through its open-data API.

The API needs no key: `GET {base}/api/v1/vacancies?text=…&offset=…&limit=…`, and for one region
`{base}/api/v1/vacancies/region/{13-digit region code}?…`. `offset` is a page NUMBER (the first
page is `FIRST_PAGE`), `limit` the page size (at most 100). The API searches Russian text: an
occupation or place written in another language is sent by its Russian name from the
classification or gazetteer (vocabulary.py). Places are turned into region codes with
data/content/workinrussia_regions.yml; a place not listed there is added to the search text.

Quirks of the answers handled here: `results` may be `{}`; `status`, `meta.total` and salaries
may be strings; a salary of 0 or "от 0" means "not stated"; the currency reads like "«руб.»";
keys are hyphenated ("job-name", "creation-date"); duties are HTML (sanitised to plain text with
nh3); a page takes seconds. The API is not asked to filter by salary or schedule: that is done
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
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import aiohttp
import nh3

from actions.vacancies.cache import QueryCache
from actions.vacancies.model import Vacancy, VacancyPage, VacancyQuery, VacancySourceError
from actions.vacancies.normalise import normalise_place, normalise_schedule, query_words
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
_BLANKED = "…"


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

    name = "workinrussia"

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
    total = _number(meta.get("total")) if isinstance(meta, dict) else None
    results = payload.get("results")
    raw_items = results.get("vacancies") if isinstance(results, dict) else None
    if not isinstance(raw_items, list):
        raw_items = []
    items = [
        map_vacancy(item.get("vacancy")) if isinstance(item, dict) else None for item in raw_items
    ]
    seen = (page - FIRST_PAGE) * size + len(raw_items)
    last = len(raw_items) < size or (total is not None and seen >= total)
    return _Batch(items, total, last)


# --- mapping one API vacancy -------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"<\s*(?:br|/?p|/?div|/?li|/?ul|/?ol|/?tr|/?h[1-6])\b[^>]*>", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?:\+7|\b8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}\b|\+\d[\d\s\-()]{8,}\d"
)
_AMOUNT = re.compile(r"\d[\d\s\u00a0]*(?:[.,]\d+)?")
# "г. Казань", "г Казань", "город Казань", "Казань г", "Казань г."
_CITY_PART = re.compile(r"(?:г\.|г\s|город\s)\s*(.+)|(.+?)\s+г\.?$", re.I)
# Federal cities: their region is the city ("Москва" without a "г.").
_CITY_REGIONS = frozenset({"7700000000000", "7800000000000", "9200000000000"})
_CURRENCIES = (
    ("RUB", ("руб", "rub", "rur", "₽")),
    ("USD", ("usd", "$", "долл")),
    ("EUR", ("eur", "€", "евро")),
)
# Fields of an API vacancy that hold contact data; read only to blank them out of free text.
_CONTACT_FIELDS = (
    "contact_list",
    "contact_person",
    "contacts",
    "email",
    "emails",
    "phone",
    "phones",
)


def map_vacancy(raw: Any) -> Vacancy | None:
    """A Vacancy from one `vacancy` object of the API, or None when it has no id or title."""
    if not isinstance(raw, dict):
        return None
    vacancy_id = _text(raw.get("id"))
    title = _text(raw.get("job-name"))
    if not vacancy_id or not title:
        return None
    company = _object(raw.get("company"))
    region = _object(raw.get("region"))
    region_name = _text(region.get("name")) or None
    salary_min = _amount(raw.get("salary_min"))
    salary_max = _amount(raw.get("salary_max"))
    currency = _currency(raw.get("currency"))
    if currency is None and raw.get("currency") in (None, "") and (salary_min or salary_max):
        currency = "RUB"
    secrets = sorted(set(_contact_strings(raw)), key=len, reverse=True)
    schedule_words = _text(raw.get("schedule"))
    employment = _text(raw.get("employment")) or None
    return Vacancy(
        id=vacancy_id,
        title=title,
        employer=_text(company.get("name")),
        city=_city(raw.get("addresses"), region),
        region=region_name,
        salary_min=salary_min,
        salary_max=salary_max,
        currency=currency if (salary_min or salary_max) else None,
        schedule=_schedule(schedule_words, employment),
        employment=employment,
        posted=_date(raw.get("creation-date")),
        url=_url(raw.get("vac_url")),
        duties=_blank_contacts(html_to_text(_text(raw.get("duty"))), secrets),
        requirements=_blank_contacts(_requirements(raw.get("requirement")), secrets),
        source=WorkInRussiaSource.name,
    )


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags and scripts gone, entities decoded, one line per
    paragraph or list item."""
    if not html:
        return ""
    cleaned = unescape(nh3.clean(_BLOCK_TAG.sub("\n", html), tags=set()))
    lines = (" ".join(line.split()) for line in cleaned.splitlines())
    return "\n".join(line for line in lines if line)


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    match = _AMOUNT.search(str(value))
    if match is None:
        return None
    digits = re.sub(r"[\s\u00a0]", "", match.group()).replace(",", ".")
    try:
        return int(float(digits))
    except ValueError:
        return None


def _amount(value: Any) -> int | None:
    """A salary; 0, "от 0", "" and nonsense mean not stated."""
    number = _number(value)
    return number if number and number > 0 else None


def _currency(value: Any) -> str | None:
    text = _text(value).lower().strip("«»\"'. ")
    if not text:
        return None
    for code, fragments in _CURRENCIES:
        if any(fragment in text for fragment in fragments):
            return code
    return text.upper() if len(text) == 3 and text.isascii() and text.isalpha() else None


def _schedule(schedule: str, employment: str | None) -> str | None:
    """Remote when either field says so, else what the schedule says, else the employment."""
    both = f"{schedule} {employment or ''}"
    if normalise_schedule(both) == "remote":
        return "remote"
    return normalise_schedule(schedule) or normalise_schedule(employment)


def _city(addresses: Any, region: Mapping[str, Any]) -> str | None:
    """The city of the first address that names one ("…, г. Казань, ул. …"), else the region
    when it is a city itself ("г. Москва")."""
    entries = addresses.get("address") if isinstance(addresses, dict) else None
    if isinstance(entries, dict):
        entries = [entries]
    for entry in entries if isinstance(entries, list) else []:
        city = _city_in(_text(entry.get("location")) if isinstance(entry, dict) else "")
        if city:
            return city
    region_name = _text(region.get("name"))
    if _text(region.get("region_code")) in _CITY_REGIONS:
        return _city_in(region_name) or region_name or None
    return _city_in(region_name)


def _city_in(location: str) -> str | None:
    for part in location.split(","):
        match = _CITY_PART.match(part.strip())
        if match:
            return (match.group(1) or match.group(2)).strip() or None
    return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _url(value: Any) -> str | None:
    url = _text(value)
    return url if url.startswith(("https://", "http://")) else None


def _requirements(requirement: Any) -> str:
    if not isinstance(requirement, dict):
        return ""
    lines = []
    education = _text(requirement.get("education"))
    if education:
        lines.append(f"Образование: {education}")
    experience = requirement.get("experience")
    years = _number(experience)
    if years is not None:
        lines.append(f"Опыт работы (лет): {years}" if years > 0 else "Опыт работы: не требуется")
    elif _text(experience):
        lines.append(f"Опыт работы: {_text(experience)}")
    qualification = html_to_text(_text(requirement.get("qualification")))
    if qualification:
        lines.append(qualification)
    return "\n".join(lines)


def _contact_strings(raw: Mapping[str, Any]) -> Iterator[str]:
    """The contact data of an API vacancy (read only to blank it out of free text)."""
    for field in _CONTACT_FIELDS:
        yield from _strings(raw.get(field))
    company = raw.get("company")
    if isinstance(company, dict):
        for field in _CONTACT_FIELDS:
            yield from _strings(company.get(field))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if len(value.strip()) >= 3:
            yield value.strip()
    elif isinstance(value, dict):
        # contact_list entries: {"contact_type": "Телефон", "contact_value": "+7 …"}
        yield from _strings(
            value["contact_value"] if "contact_value" in value else list(value.values())
        )
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _blank_contacts(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = re.sub(re.escape(secret), _BLANKED, text, flags=re.I)
    return _PHONE.sub(_BLANKED, _EMAIL.sub(_BLANKED, text))
