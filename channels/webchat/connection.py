"""One open web chat socket: reading its frames, answering them, closing it when idle.

Three parts keep a slow Rasa from stalling the socket:
- the reader only receives frames (so heartbeat pongs are seen) and watches the idle deadline;
- a worker handles the frames one by one in order: hello, checks, dedup, rate limits, ack;
- each accepted message is answered in its own task, which first waits for the session's turn
  (`Hub.turn`), so messages reach Rasa one at a time in arrival order, also across tabs.
An acknowledged message is answered even if its socket closes meanwhile: the reply reaches the
session's other sockets and the history.

Limits count per session and per client address (`Services.address`): a new session is free,
so a `hello` without a token must not start the counting again. `hello` frames themselves are
counted per address, and a session's history is read from Rasa once while it stays the same
(`Hub.welcomed_history`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from channels.webchat import protocol
from channels.webchat.files import FileLinks
from channels.webchat.hub import Hub, send
from channels.webchat.protocol import ErrorCode, FrameError, Hello, MessageId, UserMessage
from channels.webchat.tokens import SessionTokens
from common.messages import BotMessage
from common.privacy import mask_text, sender_ref
from common.settings import Settings
from common.storage.log_store import ConversationLog
from common.texts import Texts
from outbound.held import HeldMessages
from relay.conversations import Conversations
from relay.leases import Leases
from relay.metrics import Metrics
from relay.offered_buttons import Origin
from relay.rasa_client import RasaUnavailable
from relay.rasa_workers import RasaWorkers
from relay.shared_state import SharedState

log = logging.getLogger(__name__)

CHANNEL = "webchat"
SEEN_TTL_S = 24 * 3600  # an answered message id: a resend within a day is not answered again
RATE_WINDOW_S = 60
INBOX_SIZE = 64  # frames read but not handled yet; beyond it the reader waits (TCP backpressure)
_END = object()


@dataclass(frozen=True)
class Services:
    """What a connection uses from the gateway, taken from the app once per connection."""

    settings: Settings
    languages: tuple[str, ...]
    texts: Texts
    metrics: Metrics
    conversations: Conversations
    rasa: RasaWorkers
    state: SharedState
    leases: Leases
    hub: Hub
    tokens: SessionTokens
    log: ConversationLog | None = None  # the gateway's part of the history
    address: str = "-"  # the client's address (behind trusted proxies: the forwarded one)
    files: FileLinks | None = None  # download links for files (an appointment's .ics)
    held: HeldMessages | None = None  # messages kept for the person's next visit


class Connection:
    def __init__(self, socket: web.WebSocketResponse, services: Services) -> None:
        self.socket = socket
        self.services = services
        self.session: str | None = None
        self.language = services.settings.default_language
        self._inbox: asyncio.Queue[Any] = asyncio.Queue(INBOX_SIZE)
        self._answers: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        worker = asyncio.create_task(self._work())
        try:
            await self._read()
        finally:
            await self._inbox.put(_END)
            await worker
            if self.session is not None:
                self.services.hub.leave(self.session, self.socket)
            if self._answers:
                await asyncio.gather(*self._answers, return_exceptions=True)

    async def _read(self) -> None:
        loop = asyncio.get_running_loop()
        idle_s = self.services.settings.webchat_idle_timeout_s
        deadline = loop.time() + idle_s
        while True:
            try:
                # Heartbeat pongs are consumed inside receive(): only client frames count as
                # activity, so the deadline is kept here rather than as receive()'s timeout.
                message = await asyncio.wait_for(self.socket.receive(), deadline - loop.time())
            except asyncio.TimeoutError:
                await self.socket.close(code=WSCloseCode.OK, message=b"idle timeout")
                return
            if message.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                deadline = loop.time() + idle_s
                await self._inbox.put(message)
            elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            elif message.type == WSMsgType.ERROR:
                log.info("web chat socket closed on a protocol error: %s", message.data)
                return

    async def _work(self) -> None:
        while (message := await self._inbox.get()) is not _END:
            try:
                if message.type == WSMsgType.BINARY:
                    raise FrameError(ErrorCode.BINARY_FRAME, "binary frame")
                frame = protocol.parse_frame(
                    message.data, max_text=self.services.settings.webchat_max_text
                )
                if isinstance(frame, Hello):
                    await self._hello(frame)
                else:
                    await self._accept(frame)
            except FrameError as error:
                await self._refuse(error.code, error.message_id)
            except Exception:
                log.exception("web chat frame failed (%s)", self._ref(self.session))
                await self._refuse(ErrorCode.INTERNAL)

    async def _hello(self, hello: Hello) -> None:
        services = self.services
        hellos = await services.state.count(f"{CHANNEL}:hello:{services.address}", RATE_WINDOW_S)
        if hellos > services.settings.webchat_hello_limit:
            raise FrameError(ErrorCode.RATE_LIMITED, "too many hello frames from this address")
        self.language = self._language(hello.lang)
        session = None if hello.token is None else services.tokens.verify(hello.token)
        if hello.token is not None and session is None:
            log.info("web chat hello with an invalid session token: a new session is started")
            await self._refuse(ErrorCode.INVALID_SESSION)
        known = session is not None
        if session is None:
            session, token = services.tokens.new_session()
        else:
            token = services.tokens.sign(session)
        if self.session is not None and self.session != session:
            services.hub.leave(self.session, self.socket)
        self.session = session
        # In the session's turn, no frame is published to it: the history read now and the
        # frames published after joining neither overlap nor leave a gap.
        async with services.hub.turn(session):
            history = services.hub.welcomed_history(session) if known else []
            if history is None:
                history = await self._history(session)
                if history is not None:  # kept only when Rasa gave it
                    services.hub.keep_history(session, history)
            history = history or []
            services.hub.join(session, self.socket)
            await self._send(protocol.welcome(token, history))
            if known and services.held is not None:
                await self._show_held(session)

    async def _show_held(self, session: str) -> None:
        """Messages kept for the person while no window was open (alerts, reminders): after
        the welcome, as new bot frames (the launcher's badge counts them)."""
        assert self.services.held is not None

        async def show(messages: Sequence[BotMessage]) -> bool:
            now = time.time()
            reached = [
                await self.services.hub.publish(
                    session, protocol.bot(m, now, files=self.services.files)
                )
                for m in messages
            ]
            return any(reached)

        try:
            await self.services.held.show(f"{CHANNEL}:{session}", show)
        except Exception as error:  # the database is down: they stay kept for the next visit
            log.warning(
                "messages kept for %s not shown: %s", sender_ref(f"{CHANNEL}:{session}"), error
            )

    async def _history(self, session: str) -> list[dict[str, Any]] | None:
        """The session's history, or None when it cannot be read now."""
        sender = f"{CHANNEL}:{session}"
        try:
            turns = await self.services.rasa.history(
                sender, self.services.settings.webchat_history_limit
            )
        except RasaUnavailable as error:
            log.warning(
                "history of %s unavailable, welcome without it: %s", sender_ref(sender), error
            )
            return None
        except Exception:
            log.exception("history of %s could not be read, welcome without it", sender_ref(sender))
            return None
        entries = [
            protocol.history_entry(
                t.role, t.timestamp, t.message, t.message_id, files=self.services.files
            )
            for t in turns
        ]
        if turns and self.services.log is not None:
            entries = await self._with_gateway_messages(sender, entries, turns[0].timestamp)
        return entries[-self.services.settings.webchat_history_limit :]

    async def _with_gateway_messages(
        self, sender: str, entries: list[dict[str, Any]], since: float
    ) -> list[dict[str, Any]]:
        """Rasa's history with what only the gateway knows (staff replies, the person's messages
        while staff held the conversation, handoff notices, apologies), in time order."""
        assert self.services.log is not None
        try:
            events = await self.services.log.gateway_messages(
                sender, since=datetime.fromtimestamp(since, timezone.utc)
            )
        except Exception as error:  # the log's database is down: Rasa's history alone
            log.warning("gateway history of %s unavailable: %s", sender_ref(sender), error)
            return entries
        for event in events:
            role = "user" if event.kind == "user" else "bot"
            message = BotMessage(text=event.text)
            entry = protocol.history_entry(role, event.timestamp.timestamp(), message)
            if event.kind == "staff":
                entry["from"] = "staff"
            entries.append(entry)
        return sorted(entries, key=lambda entry: float(entry["ts"]))

    async def _accept(self, message: UserMessage) -> None:
        """Acknowledge a message and start answering it, unless it was seen or is one too many."""
        session = self.session
        if session is None:
            raise FrameError(ErrorCode.NOT_READY, "message before hello", message.id)
        leases, settings = self.services.leases, self.services.settings
        seen_key = f"{CHANNEL}:seen:{session}:{message.key}"
        rates = (
            (f"{CHANNEL}:rate:{session}", RATE_WINDOW_S),
            (f"{CHANNEL}:rate:address:{self.services.address}", RATE_WINDOW_S),
        )
        taken_at = time.monotonic()
        counts = await leases.take_counting(seen_key, rates)
        if counts is None:
            await self._send(protocol.ack(message.id))  # a resend: already answered or under way
            if not await leases.is_done(seen_key):
                self._start(self._take_over_if_abandoned(session, self.language, message, seen_key))
            return
        per_session, per_address = counts
        if (
            per_session > settings.webchat_rate_limit
            or per_address > settings.webchat_address_rate_limit
        ):
            await leases.give_up(seen_key)
            raise FrameError(ErrorCode.RATE_LIMITED, "rate limit", message.id)
        await self._send(protocol.ack(message.id))
        self._start(self._answer(session, self.language, message, seen_key, taken_at))

    def _start(self, answering: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(answering)
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    async def _take_over_if_abandoned(
        self, session: str, language: str, message: UserMessage, seen_key: str
    ) -> None:
        """A resend of a message another gateway (or this one) took: answer it here if that
        gateway died before answering it (the widget resends what it has no `done` for)."""
        if await self.services.leases.take_over(seen_key):
            log.warning("web chat message %s taken over", mask_text(message.key))
            await self._answer(session, language, message, seen_key, time.monotonic())

    async def _answer(
        self, session: str, language: str, message: UserMessage, seen_key: str, taken_at: float
    ) -> None:
        """`taken_at`: when this gateway took the message's lease (time.monotonic())."""
        hub = self.services.hub
        received = time.time()
        answered = False
        async with hub.turn(session):
            try:
                await self.services.leases.renew(seen_key, taken_at)
                metadata = {"message_id": message.key}
                if message.is_button:
                    metadata["display_text"] = message.shown
                replying = asyncio.create_task(
                    self.services.conversations.reply(
                        channel=CHANNEL,
                        sender=f"{CHANNEL}:{session}",
                        text=message.text,
                        language=language,
                        metadata=metadata,
                        origin=Origin.BUTTON if message.is_button else Origin.TYPED,
                    )
                )
                await asyncio.sleep(0)  # the message leaves for Rasa first
                await self._show_started(session, message, received)
                reply = await replying
                if not reply.delivered_by_rasa:
                    await self.services.leases.give_up(seen_key)  # a resend is tried again
                for bot_message in reply.messages:
                    frame = protocol.bot(
                        bot_message, time.time(), reply_to=message.id, files=self.services.files
                    )
                    await hub.publish(session, frame)
                await hub.publish(session, protocol.done(message.id))
                if reply.delivered_by_rasa:
                    await self.services.leases.finish(seen_key, SEEN_TTL_S)
                    answered = True  # shown and done: a failure after this must not undo it
                await self.services.conversations.offer(f"{CHANNEL}:{session}", reply.messages)
            except Exception:
                log.exception(
                    "web chat message %s of %s failed", mask_text(message.key), self._ref(session)
                )
                if not answered:
                    await self.services.leases.give_up(seen_key)
                    await self._refuse(ErrorCode.INTERNAL, message.id, language)

    async def _show_started(self, session: str, message: UserMessage, received: float) -> None:
        """While Rasa works on `message`: its copy in the session's other sockets, and the
        typing indicator. Never raises: the reply on its way must still be shown."""
        hub = self.services.hub
        try:
            await hub.publish(session, protocol.user_echo(message, received), exclude=self.socket)
            await hub.publish(session, protocol.typing())
        except Exception:
            log.exception("web chat frames of %s could not be sent", self._ref(session))

    async def _refuse(
        self, code: ErrorCode, message_id: MessageId | None = None, language: str | None = None
    ) -> None:
        self.services.metrics.errors.labels(CHANNEL, code.value).inc()
        text = self._error_text(code, language or self.language)
        await self._send(protocol.error(code, text, message_id))

    def _error_text(self, code: ErrorCode, language: str) -> str:
        texts = self.services.texts
        values = {"limit": self.services.settings.webchat_max_text}
        try:
            if code is ErrorCode.TEXT_TOO_LONG:
                return texts.text(f"errors.{code.value}", language, **values)
            return texts.text(f"errors.{code.value}", language)
        except KeyError:
            # gateway.yml is edited by hand: a missing text must not cost the person an answer.
            log.warning(
                "gateway.yml has no text errors.%s; the generic apology is used", code.value
            )
            return texts.text("rasa_unavailable", language)

    @staticmethod
    def _ref(session: str | None) -> str:
        """The session as logs name it (never the id itself: it is half of a bearer token)."""
        return "no session" if session is None else sender_ref(f"{CHANNEL}:{session}")

    def _language(self, lang: str | None) -> str:
        code = (lang or "").strip().lower().partition("-")[0]
        return code if code in self.services.languages else self.services.settings.default_language

    async def _send(self, frame: dict[str, Any]) -> None:
        await send(self.socket, protocol.encode(frame))
