"""The job alerts' settings (data/content/alerts.yml) and the office's time zone (handoff.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common.content import ContentError, read_content

_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class AlertConfig:
    timezone: ZoneInfo
    interval: timedelta
    quiet_from: time
    quiet_to: time
    max_cards: int
    retention_days: int

    @classmethod
    def load(cls, content_dir: Path) -> AlertConfig:
        """ContentError naming the file and the setting when one is unusable."""
        raw = read_content(content_dir, "alerts") or {}
        where = f"{content_dir / 'alerts.yml'}"
        zone = str((read_content(content_dir, "handoff") or {}).get("timezone") or "UTC")
        try:
            timezone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ContentError(f"handoff.yml: timezone {zone!r} is not an IANA time zone") from None
        quiet = raw.get("quiet_hours") or {}
        return cls(
            timezone=timezone,
            interval=timedelta(hours=_number(raw, "digest_interval_hours", where)),
            quiet_from=_time(quiet.get("from", "00:00"), f"{where}: quiet_hours.from"),
            quiet_to=_time(quiet.get("to", "00:00"), f"{where}: quiet_hours.to"),
            max_cards=int(_number(raw, "max_cards", where)),
            retention_days=int(_number(raw, "retention_days", where)),
        )


def _number(raw: dict[str, Any], key: str, where: str) -> float:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ContentError(f"{where}: {key} must be a number greater than 0")
    return float(value)


def _time(value: object, where: str) -> time:
    match = _TIME.fullmatch(str(value))
    if match is None:
        raise ContentError(f'{where} must be a time such as "21:00"')
    return time(int(match.group(1)), int(match.group(2)))
