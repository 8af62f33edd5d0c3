"""What a channel answers when the worker hands it one message, and what a channel must offer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from common.messages import BotMessage


@dataclass(frozen=True)
class Delivered:
    """The person has the message."""


@dataclass(frozen=True)
class Skipped:
    """This message can never be sent (the channel refuses its content); the next ones can."""

    reason: str


@dataclass(frozen=True)
class Retry:
    """Not now: try again after `after_s` (the channel says how long, e.g. Telegram's
    `retry_after`), or after the worker's backoff when None."""

    reason: str
    after_s: float | None = None


@dataclass(frozen=True)
class Held:
    """Web chat: no chat window of the person is open; keep it for their next visit."""

    reason: str = "no_open_chat"


@dataclass(frozen=True)
class Failed:
    """Given up for good. `blocked`: the person refuses messages from us (their alerts pause)."""

    reason: str
    blocked: bool = False


Result = Delivered | Skipped | Retry | Held | Failed


class ChannelSender(Protocol):
    """How the worker reaches a person on one channel, one message at a time."""

    def available(self) -> bool:
        """Whether the channel can send now (e.g. Telegram connected); rows wait while not."""

    async def send(self, recipient: str, message: BotMessage, language: str) -> Result:
        """Send one message to `recipient` (a sender id such as `telegram:123456`)."""
