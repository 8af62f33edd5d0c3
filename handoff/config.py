"""The handoff's configuration and texts, read from `data/content/handoff.yml` at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import yaml

from common.messages import BotMessage, Button
from handoff.hours import OfficeHours

FILE_NAME: Final = "handoff.yml"
TEXT_KEYS: Final = (
    "queued",
    "still_waiting",
    "out_of_hours",
    "no_office_hours",
    "next_opening",
    "joined",
    "released",
    "released_idle",
    "unavailable",
)


class ConfigError(ValueError):
    """handoff.yml lacks something or holds a value the gateway cannot use."""


@dataclass(frozen=True)
class HandoffConfig:
    hours: OfficeHours
    average_handling_minutes: float
    idle_release_minutes: float
    texts: dict[str, dict[str, str]]
    weekdays: dict[str, list[str]]
    weekdays_short: dict[str, list[str]]
    out_of_hours_buttons: tuple[tuple[str, dict[str, str]], ...]  # payload, title per language

    @classmethod
    def load(cls, content_dir: Path) -> HandoffConfig:
        path = content_dir / FILE_NAME
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        try:
            return cls.from_dict(data)
        except ValueError as error:
            raise ConfigError(f"{path}: {error}") from None

    @classmethod
    def from_dict(cls, data: Any) -> HandoffConfig:
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping")
        texts = data.get("texts") or {}
        missing = [key for key in TEXT_KEYS if not (texts.get(key) or {}).get("en")]
        if missing:
            raise ConfigError(f"texts without an English variant: {', '.join(missing)}")
        buttons = []
        for button in data.get("out_of_hours_buttons") or []:
            title = button.get("title") if isinstance(button, dict) else None
            payload = button.get("payload") if isinstance(button, dict) else None
            if not isinstance(payload, str) or not isinstance(title, dict) or "en" not in title:
                raise ConfigError("each out_of_hours_buttons entry needs a payload and an en title")
            buttons.append((payload, {str(k): str(v) for k, v in title.items()}))
        return cls(
            hours=OfficeHours.from_config(data),
            average_handling_minutes=_minutes(data, "average_handling_minutes"),
            idle_release_minutes=_minutes(data, "idle_release_minutes"),
            texts={key: {str(k): str(v) for k, v in value.items()} for key, value in texts.items()},
            weekdays=_day_names(data, "weekdays"),
            weekdays_short=_day_names(data, "weekdays_short"),
            out_of_hours_buttons=tuple(buttons),
        )

    def text(self, key: str, language: str, **values: object) -> str:
        variants = self.texts[key]
        return (variants.get(language) or variants["en"]).format(**values)

    def expected_wait_minutes(self, position: int) -> int:
        """Place in the queue × average handling time, at least one minute."""
        return max(1, round(position * self.average_handling_minutes))

    def out_of_hours(self, now: datetime, language: str) -> BotMessage:
        """What the person is told outside office hours: when staff answer, and a way to leave
        contact details (the buttons)."""
        buttons = tuple(
            Button(title.get(language) or title["en"], payload)
            for payload, title in self.out_of_hours_buttons
        )
        opening = self.hours.next_opening(now)
        summary = self.hours.summary(self._names(self.weekdays_short, language))
        if opening is None or not summary:
            return BotMessage(text=self.text("no_office_hours", language), buttons=buttons)
        next_text = self.text(
            "next_opening",
            language,
            weekday=self._names(self.weekdays, language)[opening.weekday()],
            date=opening.strftime("%d.%m"),
            time=opening.strftime("%H:%M"),
        )
        text = self.text(
            "out_of_hours", language, hours=summary, zone=str(self.hours.zone), next=next_text
        )
        return BotMessage(text=text, buttons=buttons)

    @staticmethod
    def _names(names: dict[str, list[str]], language: str) -> list[str]:
        return names.get(language) or names["en"]


def _minutes(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{key} must be a number of minutes above 0")
    return float(value)


def _day_names(data: dict[str, Any], key: str) -> dict[str, list[str]]:
    names = data.get(key)
    if not isinstance(names, dict) or not isinstance(names.get("en"), list):
        raise ConfigError(f"{key} must give seven day names per language (en at least)")
    if any(not isinstance(days, list) or len(days) != 7 for days in names.values()):
        raise ConfigError(f"{key}: each language needs seven day names, Monday first")
    return {str(language): [str(day) for day in days] for language, days in names.items()}
