"""One place where every channel hands a person's message to the assistant and gets the reply.

Channels build the sender id and metadata; this module talks to Rasa, counts and times the
exchange, and turns a Rasa failure into a polite apology in the person's language (logged with
the message, masked), so no channel has to handle Rasa's faults itself. It is also where the live
handoff (handoff) keeps the assistant silent while a member of staff holds a conversation,
and where a button payload is checked against the buttons the person was offered
(`relay.offered_buttons`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from common.languages import Languages
from common.messages import BotMessage
from common.privacy import mask_sender_id, mask_text
from common.scripts import ScriptDetector
from common.texts import Texts
from relay.metrics import Metrics
from relay.offered_buttons import OfferedButtons, Origin
from relay.rasa_client import RasaUnavailable
from relay.rasa_workers import RasaWorkers

log = logging.getLogger(__name__)


def answer_lease_s(rasa_timeout_s: float) -> float:
    """How long a gateway may hold a person's message it took (the lease of its dedup mark):
    the wait for the message before it in the conversation and Rasa's answer, each at most
    RASA_TIMEOUT_S, and a second for the rest. A gateway that dies holding one lets it run out,
    and a resend is then answered by whichever gateway has it."""
    return 2 * rasa_timeout_s + 1


@dataclass(frozen=True)
class Reply:
    messages: list[BotMessage]
    delivered_by_rasa: bool  # False: the messages are the gateway's apology


class UnansweredLog(Protocol):
    """Where the gateway records a message Rasa never answered (the conversation log)."""

    async def unanswered(
        self,
        *,
        sender: str,
        channel: str,
        text: str,
        apology: str,
        language: str,
        message_id: str | None = None,
    ) -> None: ...


@dataclass(frozen=True)
class Interception:
    """What the handoff decided about a person's message: `held` — a member of staff holds the
    conversation and Rasa must not see it; `notices` — what the person is told first."""

    held: bool
    notices: tuple[BotMessage, ...] = ()


class HandoffGate(Protocol):
    """The live handoff (handoff): may keep a message from Rasa while staff hold the
    conversation, and turns Rasa's handoff signal into the queue's answer."""

    async def intercept(
        self, *, channel: str, sender: str, text: str, language: str | None
    ) -> Interception: ...

    async def after_reply(
        self, *, channel: str, sender: str, language: str, messages: list[BotMessage]
    ) -> list[BotMessage]: ...


class Conversations:
    def __init__(
        self,
        rasa: RasaWorkers,
        texts: Texts,
        metrics: Metrics,
        *,
        languages: Languages,
        default_language: str,
    ) -> None:
        self.rasa = rasa
        self.texts = texts
        self.metrics = metrics
        self.default_language = default_language
        self._detector = ScriptDetector(languages)
        self.unanswered_log: UnansweredLog | None = None
        self.handoff: HandoffGate | None = None
        self.offered: OfferedButtons | None = None

    async def reply(
        self,
        *,
        channel: str,
        sender: str,
        text: str,
        language: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        origin: Origin = Origin.TYPED,
    ) -> Reply:
        """Send `text` (typed or a button payload) from `sender` to Rasa and return the reply.

        `language` is the channel's best guess (widget language, Telegram `language_code`); it is
        passed to Rasa as `language_hint` and used for the apology when Rasa cannot answer.
        `origin` says who wrote `text`: a payload with entities the person sent goes to Rasa
        only if it was offered to them with the title in `metadata["display_text"]`, else as
        plain text (`relay.offered_buttons`).

        The channel shows `reply.messages`, then calls `offer` with them: after showing, so
        the shared state's round trip does not delay the reply; in the conversation's turn, so
        the person's next message (a press of one of these buttons) finds them offered.
        """
        return await self._reply(channel, sender, text, language, metadata, origin)

    async def offer(self, sender: str, messages: list[BotMessage]) -> None:
        """`messages` just shown to the person (a reply, or the gateway's own): their buttons
        may be pressed."""
        if self.offered is not None:
            await self.offered.remember(sender, messages)

    async def _reply(
        self,
        channel: str,
        sender: str,
        text: str,
        language: str | None,
        metadata: Mapping[str, Any] | None,
        origin: Origin,
    ) -> Reply:
        self.metrics.messages_in.labels(channel).inc()
        shown = str((metadata or {}).get("display_text") or text)
        if self.offered is not None:
            title = (metadata or {}).get("display_text")
            text = await self.offered.admit(
                sender, text, origin, title if isinstance(title, str) else None
            )
        notices: tuple[BotMessage, ...] = ()
        if self.handoff is not None:
            gate = await self.handoff.intercept(
                channel=channel, sender=sender, text=shown, language=language
            )
            if gate.held:  # a member of staff answers: the assistant stays silent
                return Reply(list(gate.notices), delivered_by_rasa=True)
            notices = gate.notices
        full_metadata = {"channel": channel, **(metadata or {})}
        if language:
            full_metadata.setdefault("language_hint", language)
        started = time.perf_counter()
        try:
            messages = await self.rasa.send(sender, text, full_metadata)
        except RasaUnavailable as error:
            self.metrics.errors.labels(channel, "rasa_unavailable").inc()
            log.error(
                "Rasa could not answer %s (message %r): %s",
                mask_sender_id(sender),
                mask_text(text[:200]),
                error,
            )
            apology_language = self.language_of(text, language)
            apology = self.texts.text("rasa_unavailable", apology_language)
            if self.unanswered_log is not None:
                message_id = (metadata or {}).get("message_id")
                await self.unanswered_log.unanswered(
                    sender=sender,
                    channel=channel,
                    text=shown,
                    apology=apology,
                    language=apology_language,
                    message_id=str(message_id) if message_id else None,
                )
            return Reply([*notices, BotMessage(text=apology)], delivered_by_rasa=False)
        finally:
            self.metrics.reply_seconds.labels(channel).observe(time.perf_counter() - started)
        if self.handoff is not None:
            messages = await self.handoff.after_reply(
                channel=channel,
                sender=sender,
                language=self.language_of(text, language),
                messages=messages,
            )
        messages = [*notices, *messages]
        self.metrics.messages_out.labels(channel).inc(len(messages))
        return Reply(messages, delivered_by_rasa=True)

    def language_of(self, text: str, hint: str | None) -> str:
        """The language `text` is written in, else the hint, else the default."""
        detection = self._detector.detect(text)
        return detection.code if detection else (hint or self.default_language)
