"""Slots from the console's publishing form: one time, or a weekly pattern over several weeks.

Times are the office's local times (`timezone` of handoff.yml), and a pattern leaves out the
office's holidays (`holidays` of handoff.yml), so staff publish "Mondays and Wednesdays at 9, 10
and 11 for four weeks" once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from common.storage.bookings import NewSlot

MAX_WEEKS: Final = 26
_CLOCK: Final = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class PatternError(ValueError):
    """The form's values cannot make slots; the message is a key of the console's texts."""


@dataclass(frozen=True)
class Pattern:
    counsellor: str
    topic: str
    first_day: date
    times: tuple[time, ...]
    minutes: int
    place_kind: str
    place: str
    weekdays: frozenset[int] = frozenset()  # Monday is 0; empty: only `first_day`
    weeks: int = 1

    def slots(self, zone: ZoneInfo, holidays: Collection[date]) -> list[NewSlot]:
        """Every slot of the pattern, soonest first, none on a holiday (NewSlot checks the
        rest: topic, place kind, length)."""
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise PatternError("slot_weeks")
        days = [self.first_day] if not self.weekdays else self._days()
        return [
            NewSlot(
                counsellor=self.counsellor,
                topic=self.topic,
                starts_at=datetime.combine(day, start, tzinfo=zone),
                minutes=self.minutes,
                place_kind=self.place_kind,
                place=self.place,
            )
            for day in days
            if day not in holidays
            for start in self.times
        ]

    def _days(self) -> list[date]:
        span = (self.first_day + timedelta(days=offset) for offset in range(7 * self.weeks))
        return [day for day in span if day.weekday() in self.weekdays]


def parse_times(text: str) -> tuple[time, ...]:
    """ "09:00, 10:30 11:00" → the times, sorted, each once; PatternError if one is not HH:MM."""
    found = []
    for part in re.split(r"[\s,;]+", text.strip()):
        match = _CLOCK.fullmatch(part)
        if not match:
            raise PatternError("slot_times")
        found.append(time(int(match.group(1)), int(match.group(2))))
    return tuple(sorted(set(found)))


def parse_weekdays(values: Sequence[str]) -> frozenset[int]:
    days = {int(value) for value in values if value.isdigit() and int(value) < 7}
    return frozenset(days)
