"""The handoff's configuration and texts, read from `data/content/handoff.yml` at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from common.content import ContentError, read_content
from common.messages import BotMessage, Button
from common.texts import Texts
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


class ConfigError(ContentError):
    """handoff.yml lacks something or holds a value the gateway cannot use."""


@dataclass(frozen=True)
class HandoffConfig:
    hours: OfficeHours
    average_handling_minutes: float
    idle_release_minutes: float
    # texts.<key>, weekdays, weekdays_short, out_of_hours_buttons.<n>.title: one per language
    texts: Texts
    out_of_hours_payloads: tuple[str, ...]

    @classmethod
    def load(
        cls,
        content_dir: Path,
        languages: tuple[str, ...] = ("en", "ru"),
        default_language: str | None = None,
    ) -> HandoffConfig:
        path = content_dir / FILE_NAME
        data = read_content(content_dir, FILE_NAME.removesuffix(".yml"))
        try:
            return cls.from_dict(data, languages, str(path), default_language)
        except ContentError:
            raise
        except ValueError as error:
            raise ConfigError(f"{path}: {error}") from None

    @classmethod
    def from_dict(
        cls,
        data: Any,
        languages: tuple[str, ...],
        source: str = FILE_NAME,
        default_language: str | None = None,
    ) -> HandoffConfig:
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: must be a mapping")
        written = data.get("texts") or {}
        missing = [key for key in TEXT_KEYS if key not in written]
        if missing:
            raise ConfigError(f"{source}: texts without {', '.join(missing)}")
        payloads, titles = [], {}
        for number, button in enumerate(data.get("out_of_hours_buttons") or [], start=1):
            payload = button.get("payload") if isinstance(button, dict) else None
            if not isinstance(payload, str):
                raise ConfigError(f"{source}: out_of_hours_buttons entry {number} needs a payload")
            payloads.append(payload)
            titles[str(number)] = {"title": button.get("title")}
        texts = Texts.from_mapping(
            {
                "texts": written,
                "weekdays": data.get("weekdays"),
                "weekdays_short": data.get("weekdays_short"),
                "out_of_hours_buttons": titles,
            },
            languages,
            source,
            default_language,
        )
        for key in ("weekdays", "weekdays_short"):
            for language in languages:
                days = texts.get(key, language)
                if not isinstance(days, list) or len(days) != 7:
                    raise ConfigError(f"{source}: {key}.{language} must be seven day names")
        return cls(
            hours=OfficeHours.from_config(data),
            average_handling_minutes=_minutes(data, "average_handling_minutes"),
            idle_release_minutes=_minutes(data, "idle_release_minutes"),
            texts=texts,
            out_of_hours_payloads=tuple(payloads),
        )

    def text(self, key: str, language: str, **values: object) -> str:
        return self.texts.text(f"texts.{key}", language, **values)

    def day_names(self, language: str, *, short: bool = False) -> list[str]:
        """The seven day names, Monday first, in `language` (else the default language)."""
        return [
            str(day) for day in self.texts.get("weekdays_short" if short else "weekdays", language)
        ]

    def expected_wait_minutes(self, position: int) -> int:
        """Place in the queue × average handling time, at least one minute."""
        return max(1, round(position * self.average_handling_minutes))

    def out_of_hours(self, now: datetime, language: str) -> BotMessage:
        """What the person is told outside office hours: when staff answer, and a way to leave
        contact details (the buttons)."""
        buttons = tuple(
            Button(self.texts.text(f"out_of_hours_buttons.{number}.title", language), payload)
            for number, payload in enumerate(self.out_of_hours_payloads, start=1)
        )
        opening = self.hours.next_opening(now)
        summary = self.hours.summary(self.day_names(language, short=True))
        if opening is None or not summary:
            return BotMessage(text=self.text("no_office_hours", language), buttons=buttons)
        next_text = self.text(
            "next_opening",
            language,
            weekday=self.day_names(language)[opening.weekday()],
            date=opening.strftime("%d.%m"),
            time=opening.strftime("%H:%M"),
        )
        text = self.text(
            "out_of_hours", language, hours=summary, zone=str(self.hours.zone), next=next_text
        )
        return BotMessage(text=text, buttons=buttons)


def _minutes(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigError(f"{key} must be a number of minutes above 0")
    return float(value)
