"""The inbox filters, read from and written to URL query parameters (so a view can be shared)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

MAX_SEARCH_LENGTH: Final = 200
_YES: Final = ("yes", "true", "1", "on")
_NO: Final = ("no", "false", "0", "off")


class FilterError(ValueError):
    """A query parameter the inbox cannot use; the message names it."""


@dataclass(frozen=True)
class InboxFilter:
    """Which conversations the inbox shows. Every field left None does not filter.

    `since`/`until`: whole UTC days, both included: conversations with activity in the range.
    `intent`: a person's message got this intent ("faq" also matches "faq/documents").
    `low_confidence_below`: a person's message had an intent confidence below this.
    `search`: every word occurs in a message (a word may be the beginning of a longer one).
    """

    channel: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None
    intent: str | None = None
    low_confidence_below: float | None = None
    had_fallback: bool | None = None
    handoff_requested: bool | None = None
    reviewed: bool | None = None
    tag: str | None = None
    search: str | None = None
    sender_id: str | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise FilterError("since must not be after until")
        below = self.low_confidence_below
        if below is not None and not 0 < below <= 1:
            raise FilterError("below must be a confidence between 0 and 1")
        if self.search is not None and len(self.search) > MAX_SEARCH_LENGTH:
            raise FilterError(f"q must be at most {MAX_SEARCH_LENGTH} characters")

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> InboxFilter:
        """Read the filters from URL query parameters (the names of `PARAMETERS`).

        Empty values are ignored; a value that cannot be read raises FilterError.
        """

        def text(name: str) -> str | None:
            value = (params.get(name) or "").strip()
            return value or None

        return cls(
            channel=text("channel"),
            language=text("language"),
            since=_date("since", text("since")),
            until=_date("until", text("until")),
            intent=text("intent"),
            low_confidence_below=_confidence("below", text("below")),
            had_fallback=_flag("fallback", text("fallback")),
            handoff_requested=_flag("handoff", text("handoff")),
            reviewed=_flag("reviewed", text("reviewed")),
            tag=text("tag"),
            search=text("q"),
            sender_id=text("sender"),
        )

    def to_params(self) -> dict[str, str]:
        """The non-empty filters as URL query parameters (`from_params` reads them back)."""
        params: dict[str, str] = {}
        for name, attribute in PARAMETERS.items():
            value = getattr(self, attribute)
            if value is None:
                continue
            if isinstance(value, bool):
                params[name] = "yes" if value else "no"
            elif isinstance(value, date):
                params[name] = value.isoformat()
            else:
                params[name] = str(value)
        return params


# URL query parameter -> InboxFilter field.
PARAMETERS: Final = {
    "channel": "channel",
    "language": "language",
    "since": "since",
    "until": "until",
    "intent": "intent",
    "below": "low_confidence_below",
    "fallback": "had_fallback",
    "handoff": "handoff_requested",
    "reviewed": "reviewed",
    "tag": "tag",
    "q": "search",
    "sender": "sender_id",
}


def _date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"{name} must be a date such as 2025-03-01, got {value!r}") from None


def _confidence(name: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise FilterError(f"{name} must be a number between 0 and 1, got {value!r}") from None


def _flag(name: str, value: str | None) -> bool | None:
    if value is None or value.lower() in ("any", "all"):
        return None
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise FilterError(f"{name} must be yes or no, got {value!r}")
