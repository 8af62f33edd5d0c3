"""Job alert test data: the clock, the settings, vacancies to import, subscriptions in SQL."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine

from actions.alerts.config import AlertConfig
from actions.alerts.subscriptions import from_query
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
numbers = itertools.count(1)


def vacancy(title: str, city: str, **fields: object) -> dict[str, object]:
    number = next(numbers)
    return {
        "id": f"a-{number:05d}",
        "title": title,
        "employer": "Demo Employer",
        "city": city,
        "posted": f"2026-12-{number % 28 + 1:02d}",
        "url": f"https://demo-pes.example/jobs/a-{number:05d}",
        **fields,
    }


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
