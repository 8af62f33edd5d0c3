"""A local stand-in for the Work in Russia (trudvsem.ru) open-data API, speaking its HTTP format.

It serves `/api/v1/vacancies` and `/api/v1/vacancies/region/{code}` from `SAMPLE_VACANCIES`
(synthetic: invented companies, placeholder contact data, no real person), in the answer format
of the real API: `{"status", "request", "meta": {"total", "limit"}, "results": {"vacancies":
[{"vacancy": {…}}]}}`, `results` being `{}` when there is nothing; `offset` is a page number
(first page 0), `limit` at most 100. `text` matches when every word of it is in the job name or
the address. Switches reproduce the quirks and failures of the real service; every request is
recorded in `requests`.

Use the `workinrussia` fixture (import `workinrussia_fixture` into the test module).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

CONTACT_PERSON = "Контактова Пример Тестовна"


def _vacancy(
    number: int,
    title: str,
    company: str,
    region: tuple[str, str],
    address: str,
    salary: tuple[int, int],
    schedule: str,
    employment: str = "Полная занятость",
    duty: str = "Работа по специальности.",
) -> dict[str, Any]:
    """One vacancy object as the API writes it (hyphenated keys, currency «руб.», contacts)."""
    company_code = f"1{number:012d}"
    vacancy_id = f"0000000{number}-f00d-4bad-9e57-{number:012d}"
    return {
        "id": vacancy_id,
        "source": "Вакансия работодателя",
        "region": {"region_code": region[0], "name": region[1]},
        "company": {
            "companycode": company_code,
            "name": company,
            "inn": f"77{number:08d}",
            "ogrn": company_code,
            "email": f"office{number}@company.example",
            "phone": f"+7 (900) 100-00-{number:02d}",
            "url": f"https://trudvsem.ru/company/{company_code}",
        },
        "creation-date": f"2024-05-{number:02d}",
        "modify-date": f"2024-05-{number:02d}T10:00:00+03:00",
        "salary": f"от {salary[0]} до {salary[1]}",
        "salary_min": salary[0],
        "salary_max": salary[1],
        "job-name": title,
        "vac_url": f"https://trudvsem.ru/vacancy/card/{company_code}/{vacancy_id}",
        "employment": employment,
        "schedule": schedule,
        "duty": duty,
        "category": {"specialisation": "Прочее"},
        "requirement": {
            "education": "Среднее профессиональное",
            "experience": 1,
            "qualification": "Ответственность",
        },
        "addresses": {"address": [{"location": address, "lat": "55.0", "lng": "37.0"}]},
        "contact_list": [
            {"contact_type": "Телефон", "contact_value": f"+7 (900) 000-00-{number:02d}"},
            {"contact_type": "Эл. почта", "contact_value": f"hr{number}@company.example"},
        ],
        "contact_person": CONTACT_PERSON,
        "work_places": 1,
        "currency": "«руб.»",
    }


MOSCOW = ("7700000000000", "г. Москва")
TATARSTAN = ("1600000000000", "Республика Татарстан")
PETERSBURG = ("7800000000000", "г. Санкт-Петербург")
NOVOSIBIRSK = ("5400000000000", "Новосибирская область")
VOLGOGRAD = ("3400000000000", "Волгоградская область")

SAMPLE_VACANCIES: list[dict[str, Any]] = [
    _vacancy(
        1,
        "Водитель погрузчика",
        "ООО «Северный Склад»",
        MOSCOW,
        "г. Москва, ул. Складская, д. 1",
        (60000, 80000),
        "Сменный график",
        duty="Работа на погрузчике. Вопросы: +7 (900) 000-00-01, hr1@company.example, "
        f"спросить {CONTACT_PERSON}.",
    ),
    _vacancy(
        2,
        "Водитель автомобиля",
        "АО «Столичный Таксопарк Пример»",
        MOSCOW,
        "г. Москва, Гаражный пр., д. 2",
        (90000, 0),
        "Полный рабочий день",
    ),
    _vacancy(
        3,
        "Водитель автобуса",
        "АО «Казанский Автопарк Тест»",
        TATARSTAN,
        "Республика Татарстан, г. Казань, ул. Автобусная, д. 3",
        (55000, 65000),
        "Сменный график",
    ),
    _vacancy(
        4,
        "Водитель-экспедитор",
        "ООО «Волжская Доставка»",
        TATARSTAN,
        "Республика Татарстан, Набережные Челны г, пр. Мира, д. 4",
        (50000, 0),
        "Неполный рабочий день",
        employment="Частичная занятость",
    ),
    _vacancy(
        5,
        "Водитель категории C",
        "ООО «Невский Груз»",
        PETERSBURG,
        "г. Санкт-Петербург, наб. Грузовая, д. 5",
        (70000, 85000),
        "Полный рабочий день",
    ),
    _vacancy(
        6,
        "Водитель-курьер",
        "ООО «Быстрый Пакет»",
        PETERSBURG,
        "г. Санкт-Петербург, ул. Курьерская, д. 6",
        (0, 0),
        "Гибкий график",
        employment="Временная",
    ),
    _vacancy(
        7,
        "Водитель погрузчика",
        "ООО «Сибирский Склад Пример»",
        NOVOSIBIRSK,
        "Новосибирская область, г. Новосибирск, ул. Складская, д. 7",
        (48000, 52000),
        "Сменный график",
    ),
    _vacancy(
        8,
        "Водитель трактора",
        "ООО «Урюпинское Поле»",
        VOLGOGRAD,
        "Волгоградская область, г. Урюпинск, ул. Полевая, д. 8",
        (40000, 45000),
        "Полный рабочий день",
    ),
    _vacancy(
        9,
        "Программист Python",
        "ООО «Волжский Код»",
        TATARSTAN,
        "Республика Татарстан, г. Казань, ул. Программистов, д. 9",
        (120000, 180000),
        "Полный рабочий день",
        employment="Удаленная работа",
    ),
    _vacancy(
        10,
        "Повар",
        "ООО «Татарская Кухня Пример»",
        TATARSTAN,
        "Республика Татарстан, г. Казань, ул. Кулинарная, д. 10",
        (0, 0),
        "Сменный график",
    ),
]
DRIVERS = [v["id"] for v in SAMPLE_VACANCIES if v["job-name"].startswith("Водитель")]
HTML_DUTY = (
    "<p>Управление погрузчиком &amp; учёт&nbsp;грузов</p><ul><li>Приёмка</li><li>Отгрузка</li>"
    "</ul><script>alert('x')</script><style>p {color: red}</style>"
    "<p>Звоните: 8 (900) 000-00-99 или пишите <a href='mailto:boss@company.example'>"
    "boss@company.example</a></p>"
)


@dataclass
class FakeWorkInRussia:
    """The fake API and its switches; `app()` is the aiohttp application to serve."""

    vacancies: list[dict[str, Any]] = field(default_factory=lambda: copy.deepcopy(SAMPLE_VACANCIES))
    empty_results: bool = False  # answer `results: {}` whatever the query
    string_numbers: bool = False  # status, total, limit, salaries and experience as strings
    salary_from_zero: bool = False  # salary_min "от 0", salary_max 0: pay not stated
    html_duty: bool = False  # duties as HTML with entities, lists, a script and contacts
    delay_s: float = 0.0  # wait this long before answering
    fail_first: int = 0  # answer HTTP 500 to this many requests first
    malformed_json: bool = False  # answer 200 with a body that is not JSON
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""
    _released: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/v1/vacancies", self._all)
        app.router.add_get("/api/v1/vacancies/region/{code}", self._region)
        return app

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def release(self) -> None:
        """Lets slow answers finish at once (at the end of a test)."""
        self._released.set()

    async def _all(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, None)

    async def _region(self, request: web.Request) -> web.StreamResponse:
        return await self._answer(request, request.match_info["code"])

    async def _answer(self, request: web.Request, region: str | None) -> web.StreamResponse:
        self.requests.append((request.path, dict(request.query)))
        if self.delay_s:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._released.wait(), self.delay_s)
        if len(self.requests) <= self.fail_first:
            return web.Response(status=500, text="<html><body>Internal Server Error</body></html>")
        if self.malformed_json:
            return web.Response(
                text='{"status": "200", "results": {"vacancies": [', content_type="application/json"
            )
        try:
            page = int(request.query.get("offset", "0"))
            limit = int(request.query.get("limit", "100"))
        except ValueError:
            return web.json_response(
                {"status": "400", "meta": {"error": "bad parameters"}}, status=400
            )
        if page < 0 or not 1 <= limit <= 100:
            return web.json_response(
                {"status": "400", "meta": {"error": "bad parameters"}}, status=400
            )
        words = request.query.get("text", "").lower().split()
        found = [
            vacancy
            for vacancy in self.vacancies
            if (region is None or vacancy["region"]["region_code"] == region)
            and all(word in _searchable(vacancy) for word in words)
        ]
        chosen = [] if self.empty_results else found[page * limit : (page + 1) * limit]
        total: int | str = 0 if self.empty_results else len(found)
        body: dict[str, Any] = {
            "status": "200" if self.string_numbers else 200,
            "request": {"api": "v1"},
            "meta": {
                "total": str(total) if self.string_numbers else total,
                "limit": str(limit) if self.string_numbers else limit,
            },
            "results": {"vacancies": [{"vacancy": self._quirky(v)} for v in chosen]}
            if chosen
            else {},
        }
        return web.json_response(body)

    def _quirky(self, vacancy: dict[str, Any]) -> dict[str, Any]:
        vacancy = copy.deepcopy(vacancy)
        if self.salary_from_zero:
            vacancy["salary_min"], vacancy["salary_max"] = "от 0", 0
        if self.string_numbers:
            for key in ("salary_min", "salary_max"):
                vacancy[key] = str(vacancy[key])
            vacancy["requirement"]["experience"] = str(vacancy["requirement"]["experience"])
            vacancy["work_places"] = str(vacancy["work_places"])
        if self.html_duty:
            vacancy["duty"] = HTML_DUTY
            vacancy["requirement"]["qualification"] = "<p>Удостоверение <b>водителя</b></p>"
        return vacancy


def _searchable(vacancy: dict[str, Any]) -> str:
    locations = " ".join(a["location"] for a in vacancy["addresses"]["address"])
    return f"{vacancy['job-name']} {locations}".lower()


ServerFactory = Callable[[web.Application], Awaitable[Any]]


@pytest.fixture(name="workinrussia")
async def workinrussia_fixture(aiohttp_server: ServerFactory) -> AsyncIterator[FakeWorkInRussia]:
    """A running fake API; `base_url` is where it listens."""
    fake = FakeWorkInRussia()
    server = await aiohttp_server(fake.app())
    fake.base_url = str(server.make_url("")).rstrip("/")
    yield fake
    fake.release()
