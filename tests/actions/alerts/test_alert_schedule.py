"""When a digest may go: once a day at most, never in the quiet hours (office time zone)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from alert_data import CONFIG

from actions.alerts.schedule import after_quiet_hours, in_quiet_hours, next_digest

UTC = timezone.utc


def at(text: str) -> datetime:
    """A UTC time; Tallinn is UTC+2 in December."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_first_digest_goes_at_once_in_the_day() -> None:
    assert next_digest(at("2026-12-07T10:00"), None, CONFIG) == at("2026-12-07T10:00")


def test_a_digest_in_the_quiet_hours_waits_until_they_end() -> None:
    assert in_quiet_hours(at("2026-12-07T19:30"), CONFIG)  # 21:30 in Tallinn
    assert next_digest(at("2026-12-07T19:30"), None, CONFIG) == at("2026-12-08T06:00")
    assert next_digest(at("2026-12-08T03:00"), None, CONFIG) == at("2026-12-08T06:00")
    assert not in_quiet_hours(at("2026-12-08T06:00"), CONFIG)


def test_one_digest_a_day_at_most() -> None:
    last = at("2026-12-07T09:00")
    assert next_digest(at("2026-12-07T15:00"), last, CONFIG) == at("2026-12-08T09:00")
    assert next_digest(at("2026-12-09T12:00"), last, CONFIG) == at("2026-12-09T12:00")


def test_quiet_hours_within_one_day_and_none_at_all() -> None:
    lunch = CONFIG.__class__(
        **{**vars(CONFIG), "quiet_from": CONFIG.quiet_to, "quiet_to": CONFIG.quiet_from}
    )
    assert in_quiet_hours(at("2026-12-07T10:00"), lunch)  # 12:00, between 08:00 and 21:00
    assert after_quiet_hours(at("2026-12-07T10:00"), lunch) == at("2026-12-07T19:00")
    never = CONFIG.__class__(**{**vars(CONFIG), "quiet_to": CONFIG.quiet_from})
    assert after_quiet_hours(at("2026-12-07T20:00"), never) == at("2026-12-07T20:00")


def test_the_end_of_quiet_hours_follows_summer_time() -> None:
    # 2026-03-29 Tallinn goes from UTC+2 to UTC+3 at 03:00 local.
    assert after_quiet_hours(at("2026-03-28T22:00"), CONFIG) == at("2026-03-29T05:00")
    assert after_quiet_hours(at("2026-03-28T22:00"), CONFIG) - at("2026-03-28T22:00") == (
        timedelta(hours=7)
    )
