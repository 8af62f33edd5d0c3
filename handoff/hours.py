"""Office hours: when staff answer live, in the office's time zone, with holidays.

Configured as data (`data/content/handoff.yml`): a time zone, opening periods per weekday
("09:00-17:00", several per day allowed, "24:00" as an end) and holiday dates. A moment is
inside office hours when its local time falls in a period of its weekday and its local date is
not a holiday.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PERIOD: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
# How far ahead the next opening is looked for (a year of holidays cannot hide it longer).
_LOOK_AHEAD_DAYS: Final = 400


class HoursError(ValueError):
    """The office hours in handoff.yml cannot be read; the message says which part."""


@dataclass(frozen=True)
class Period:
    """From `start` to `end` minutes after local midnight (end may be 1440, midnight)."""

    start: int
    end: int

    def label(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"


@dataclass(frozen=True)
class OfficeHours:
    zone: ZoneInfo
    weekly: tuple[tuple[Period, ...], ...]  # Monday first, 7 entries
    holidays: frozenset[date]

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OfficeHours:
        """Read `timezone`, `office_hours` (weekday → list of "HH:MM-HH:MM") and `holidays`."""
        name = config.get("timezone")
        if not isinstance(name, str) or not name:
            raise HoursError("timezone must name a time zone, e.g. Europe/Tallinn")
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise HoursError(f"unknown time zone {name!r}") from None
        hours = config.get("office_hours")
        if not isinstance(hours, Mapping) or set(hours) - set(WEEKDAYS):
            raise HoursError(f"office_hours must map weekdays ({', '.join(WEEKDAYS)}) to periods")
        weekly = tuple(_periods(day, hours.get(day) or []) for day in WEEKDAYS)
        holidays = config.get("holidays") or []
        if not isinstance(holidays, list) or not all(isinstance(d, date) for d in holidays):
            raise HoursError("holidays must be a list of dates (YYYY-MM-DD)")
        return cls(zone, weekly, frozenset(holidays))

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        if local.date() in self.holidays:
            return False
        minute = local.hour * 60 + local.minute
        return any(p.start <= minute < p.end for p in self.weekly[local.weekday()])

    def next_opening(self, moment: datetime) -> datetime | None:
        """The next local moment (after `moment`) staff are available; None if never."""
        local = moment.astimezone(self.zone)
        for offset in range(_LOOK_AHEAD_DAYS):
            day = local.date() + timedelta(days=offset)
            if day in self.holidays:
                continue
            for period in self.weekly[day.weekday()]:
                start = _at(day, period.start, self.zone)
                end = _at(day, period.end, self.zone)
                if end > local:
                    return max(start, local)
        return None

    def summary(self, day_names: Sequence[str]) -> str:
        """The weekly hours in a line, consecutive days with equal hours joined:
        "Mon–Thu 09:00–17:00, Fri 09:00–15:00"."""
        parts: list[str] = []
        day = 0
        while day < 7:
            last = day
            while last + 1 < 7 and self.weekly[last + 1] == self.weekly[day]:
                last += 1
            if self.weekly[day]:
                days = day_names[day] if last == day else f"{day_names[day]}–{day_names[last]}"
                parts.append(f"{days} {', '.join(p.label() for p in self.weekly[day])}")
            day = last + 1
        return ", ".join(parts)


def _periods(day: str, values: Any) -> tuple[Period, ...]:
    if not isinstance(values, list):
        raise HoursError(f"office_hours.{day} must be a list like ['09:00-17:00']")
    periods = []
    for value in values:
        found = _PERIOD.match(str(value))
        if not found:
            raise HoursError(f"office_hours.{day}: {value!r} is not HH:MM-HH:MM")
        start_h, start_m, end_h, end_m = (int(part) for part in found.groups())
        start, end = start_h * 60 + start_m, end_h * 60 + end_m
        if start_m > 59 or end_m > 59 or not 0 <= start < end <= 24 * 60:
            raise HoursError(f"office_hours.{day}: {value!r} is not a period within one day")
        periods.append(Period(start, end))
    return tuple(sorted(periods, key=lambda period: period.start))


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
