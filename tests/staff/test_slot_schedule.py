"""Publishing slots as a weekly pattern: local times of the office, holidays left out."""

from __future__ import annotations

from datetime import date, time, timezone
from zoneinfo import ZoneInfo

import pytest

from staff.slot_schedule import Pattern, PatternError, parse_times, parse_weekdays

TALLINN = ZoneInfo("Europe/Tallinn")


def pattern(**overrides: object) -> Pattern:
    values: dict[str, object] = {
        "counsellor": "Maria Tamm",
        "topic": "career",
        "first_day": date(2026, 12, 21),  # a Monday
        "times": (time(9), time(10)),
        "minutes": 45,
        "place_kind": "office",
        "place": "Demo PES, Main st. 1, room 12",
    }
    return Pattern(**{**values, **overrides})  # type: ignore[arg-type]


def starts(slots: list) -> list[str]:
    return [slot.starts_at.strftime("%a %d.%m %H:%M") for slot in slots]


def test_one_day_gives_its_times_in_the_office_time_zone() -> None:
    slots = pattern().slots(TALLINN, holidays=())

    assert starts(slots) == ["Mon 21.12 09:00", "Mon 21.12 10:00"]
    assert slots[0].starts_at.astimezone(timezone.utc).hour == 7  # Tallinn is UTC+2 in winter


def test_a_weekly_pattern_leaves_out_the_holidays() -> None:
    holidays = {date(2026, 12, 24), date(2026, 12, 25)}
    slots = pattern(weekdays=frozenset({0, 3}), weeks=2, times=(time(9),)).slots(TALLINN, holidays)

    assert starts(slots) == ["Mon 21.12 09:00", "Mon 28.12 09:00", "Thu 31.12 09:00"]


def test_times_are_read_forgivingly_and_refused_when_not_a_clock() -> None:
    assert parse_times("11:00, 9:30;10:00 9:30") == (time(9, 30), time(10), time(11))
    with pytest.raises(PatternError):
        parse_times("9am")
    with pytest.raises(PatternError):
        parse_times("25:00")


def test_weekdays_come_from_the_form_checkboxes() -> None:
    assert parse_weekdays(["0", "2", "9", "x"]) == frozenset({0, 2})


def test_too_many_weeks_are_refused() -> None:
    with pytest.raises(PatternError):
        pattern(weekdays=frozenset({0}), weeks=27).slots(TALLINN, ())
