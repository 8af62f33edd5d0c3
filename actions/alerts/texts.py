"""The job alerts' texts (data/content/alert_texts.yml) and how a subscription is described."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from actions.alerts.subscriptions import as_query
from actions.content import texts as content_texts
from actions.vacancies import cards
from common.storage.alerts import Subscription


def texts(language: str) -> dict[str, Any]:
    return content_texts("alert_texts").in_language(language)


def what(subscription: Subscription, language: str) -> str:
    """How the vacancy search names the subscription's search: ' for “welder” in Kazan'."""
    return _described(as_query(subscription, language), language)


# Searches repeat across people (a digest run describes the same few thousand many times).
_described = lru_cache(maxsize=20_000)(cards.describe_query)


def describe(subscription: Subscription, number: int, language: str) -> str:
    t = texts(language)
    salary = (
        str(t["salary_from"]).format(amount=cards.money(subscription.salary_min, language))
        if subscription.salary_min
        else ""
    )
    schedule_name = cards.texts(language)["schedules"].get(subscription.schedule or "")
    schedule = str(t["schedule"]).format(schedule=schedule_name) if schedule_name else ""
    status = subscription.paused_reason or "person" if subscription.status == "paused" else "active"
    label = t["status"].get(status) or t["status"]["paused"]
    return str(t["list_item"]).format(
        number=number,
        what=what(subscription, language) or t["any_vacancy"],
        salary=salary,
        schedule=schedule,
        status=label,
    )
