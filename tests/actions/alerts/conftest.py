"""Job alert fixtures: a real vacancy index fed by imports, and subscriptions in SQL."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine

from actions.alerts.config import AlertConfig
from actions.alerts.subscriptions import from_query
from actions.vacancies.importer import import_file
from actions.vacancies.model import VacancyQuery
from common.storage import alerts
from common.storage.alerts import Subscription
from common.storage.sessions import writing

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc)  # 12:00 in Tallinn
CONFIG = AlertConfig(
    timezone=ZoneInfo("Europe/Tallinn"),
    interval=timedelta(hours=24),
    quiet_from=datetime.strptime("21:00", "%H:%M").time(),
    quiet_to=datetime.strptime("08:00", "%H:%M").time(),
    max_cards=5,
    retention_days=180,
)
Import = Callable[..., None]
_numbers = itertools.count(1)


def vacancy(title: str, city: str, **fields: object) -> dict[str, object]:
    number = next(_numbers)
    return {
        "id": f"a-{number:05d}",
        "title": title,
        "employer": "Demo Employer",
        "city": city,
        "posted": f"2026-12-{number % 28 + 1:02d}",
        "url": f"https://demo-pes.example/jobs/a-{number:05d}",
        **fields,
    }


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    return tmp_path / "vacancies.db"


@pytest.fixture
def import_vacancies(tmp_path: Path, index_path: Path) -> Import:
    def run(*records: dict[str, object]) -> None:
        path = tmp_path / f"import-{next(_numbers)}.jsonl"
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
        assert import_file(path, index_path).errors == []

    return run


def subscribe(
    engine: Engine, recipient: str, language: str = "en", **search: object
) -> Subscription:
    query = VacancyQuery(language=language, **search)  # type: ignore[arg-type]
    with writing(engine) as session:
        subscription, _ = alerts.subscribe(
            session,
            from_query(query, recipient),
            consent_at=NOW - timedelta(days=1),
            expires_at=NOW + timedelta(days=179),
        )
    return subscription
