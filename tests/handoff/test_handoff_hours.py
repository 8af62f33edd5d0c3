"""Office hours from data/content/handoff.yml: inside and outside, in the office's time zone, with
holidays; outside them the person is told when staff answer and how to leave contact details."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from support.handoff import HANDOFF_PAYLOAD, NEVER_OPEN, content_with_hours
from support.staff_console import Console
from support.webchat import ChatSocket

from common.settings import PROJECT_ROOT
from handoff.app import HANDOFF
from handoff.config import ConfigError, HandoffConfig
from handoff.hours import HoursError, OfficeHours

WEEKDAYS = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu")}
TALLINN = {
    "timezone": "Europe/Tallinn",
    "office_hours": {**WEEKDAYS, "fri": ["09:00-12:00", "13:00-15:00"]},
    "holidays": [date(2026, 12, 24)],
}


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (utc(2026, 11, 23, 6, 59), False),  # Monday 08:59 in Tallinn (UTC+2 in winter)
        (utc(2026, 11, 23, 7, 0), True),  # 09:00
        (utc(2026, 11, 23, 14, 59), True),  # 16:59
        (utc(2026, 11, 23, 15, 0), False),  # 17:00: closed
        (utc(2026, 7, 6, 6, 30), True),  # a summer Monday 09:30 (UTC+3)
        (utc(2026, 11, 27, 10, 30), False),  # Friday 12:30: the lunch break
        (utc(2026, 11, 28, 10, 0), False),  # Saturday
        (utc(2026, 12, 24, 10, 0), False),  # Thursday, but a holiday
    ],
)
def test_office_hours_are_in_the_office_time_zone(moment: datetime, is_open: bool) -> None:
    assert OfficeHours.from_config(TALLINN).is_open(moment) is is_open


def test_the_same_moment_is_inside_hours_in_another_time_zone() -> None:
    moment = utc(2026, 11, 23, 6, 0)  # 08:00 in Tallinn, 11:00 in Yekaterinburg
    assert not OfficeHours.from_config(TALLINN).is_open(moment)
    assert OfficeHours.from_config({**TALLINN, "timezone": "Asia/Yekaterinburg"}).is_open(moment)


def test_the_next_opening_skips_weekends_and_holidays() -> None:
    hours = OfficeHours.from_config(TALLINN)
    friday_evening = utc(2026, 11, 27, 16, 0)
    assert hours.next_opening(friday_evening) == datetime.fromisoformat("2026-11-30T09:00:00+02:00")
    before_christmas = utc(2026, 12, 23, 16, 0)  # Wednesday 18:00; Thursday is a holiday
    assert hours.next_opening(before_christmas) == datetime.fromisoformat(
        "2026-12-25T09:00:00+02:00"
    )
    assert (
        OfficeHours.from_config({**TALLINN, "office_hours": NEVER_OPEN}).next_opening(
            friday_evening
        )
        is None
    )


def test_the_weekly_summary_joins_days_with_equal_hours() -> None:
    hours = OfficeHours.from_config(TALLINN)
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert hours.summary(names) == "Mon–Thu 09:00–17:00, Fri 09:00–12:00, 13:00–15:00"


@pytest.mark.parametrize(
    "change",
    [
        {"timezone": "Mars/Olympus"},
        {"office_hours": {"mon": ["9-17"]}},
        {"office_hours": {"mon": ["17:00-09:00"]}},
        {"office_hours": {"someday": ["09:00-17:00"]}},
        {"holidays": ["next tuesday"]},
    ],
)
def test_unreadable_hours_are_refused_with_the_reason(change: dict[str, object]) -> None:
    with pytest.raises(HoursError):
        OfficeHours.from_config({**TALLINN, **change})


def test_the_shipped_configuration_loads_and_estimates_the_wait() -> None:
    config = HandoffConfig.load(PROJECT_ROOT / "data" / "content")
    assert config.expected_wait_minutes(1) == 6
    assert config.expected_wait_minutes(3) == 18
    assert config.hours.is_open(utc(2026, 11, 24, 10, 0))  # Tuesday 12:00 in Tallinn


def test_a_configuration_without_a_text_is_refused(tmp_path: Path) -> None:
    content = content_with_hours(tmp_path, NEVER_OPEN)
    path = content / "handoff.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("queued:", "queued_typo:"))
    with pytest.raises(ConfigError, match="queued"):
        HandoffConfig.load(content)


async def test_outside_office_hours_the_person_is_told_when_and_offered_to_leave_details(
    console: Console,
) -> None:
    service = console.app[HANDOFF]
    service.clock = lambda: utc(2026, 11, 27, 16, 0)  # Friday 18:00 in Tallinn
    chat = await ChatSocket.open(console.client)
    await chat.hello(lang="ru")
    service.config = HandoffConfig.load(PROJECT_ROOT / "data" / "content")

    await chat.send({"type": "message", "id": "m1", "payload": HANDOFF_PAYLOAD, "title": "Человек"})
    frames = await chat.receive_until("done")

    [_, told] = [frame for frame in frames if frame["type"] == "bot"]
    assert told["text"].startswith("Сейчас сотрудников в чате нет. Они отвечают: пн–чт 09:00–17:00")
    assert "ближайшее время — понедельник, 30.11, в 09:00" in told["text"]
    assert "Europe/Tallinn" in told["text"]
    assert [button["payload"] for button in told["buttons"]] == ["/register_start", "/help"]
    assert told["buttons"][0]["title"] == "Оставить контакты"
    assert await service.queue() == []  # nobody waits for staff who are not there
