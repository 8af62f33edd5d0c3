"""When a person's next digest may go: not sooner than the interval after their last one, and
never in the quiet hours (local time of the office). Pure functions of the clock's `now`."""

from __future__ import annotations

from datetime import datetime, timedelta

from actions.alerts.config import AlertConfig


def in_quiet_hours(at: datetime, config: AlertConfig) -> bool:
    local = at.astimezone(config.timezone).time()
    start, end = config.quiet_from, config.quiet_to
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # spans midnight


def after_quiet_hours(at: datetime, config: AlertConfig) -> datetime:
    """`at`, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(at, config):
        return at
    local = at.astimezone(config.timezone)
    end = local.replace(
        hour=config.quiet_to.hour, minute=config.quiet_to.minute, second=0, microsecond=0
    )
    if end <= local:
        end += timedelta(days=1)
    # Wall-clock arithmetic in the office's zone, then back to UTC (a DST change moves it).
    return end.replace(tzinfo=None).replace(tzinfo=config.timezone).astimezone(at.tzinfo)


def next_digest(now: datetime, last: datetime | None, config: AlertConfig) -> datetime:
    """When the next digest may go, `last` being when the previous one went (or will go)."""
    earliest = now if last is None else max(now, last + config.interval)
    return after_quiet_hours(earliest, config)
