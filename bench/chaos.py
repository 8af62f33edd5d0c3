"""`make chaos`: kill -9, in turn, the Rasa server, the action server, Redis, PostgreSQL and the
gateway under load, bring each back, and count what people lost.

Two gateway replicas run behind a small reverse proxy (`bench/chaos_proxy.py`), as in
production; the "gateway" fault kills one of them. 200 simulated web chat people (WebSockets
through the proxy, reconnecting as the widget does: hello with their token, replies of
acknowledged messages read from the history, unacknowledged messages sent again with their ids)
and 20 Telegram people (their updates POSTed to the proxy's /telegram/webhook as Telegram does,
again after a second until a 2xx; replies sent to the local Bot API stand-in of the tests,
`tests/support/fake_telegram.py`) talk all the time. The stack runs on its own Redis and its own
PostgreSQL cluster (started here on free ports, never the machine's shared ones), migrated once
before the processes start.

Each fault is a phase: a calm spell, kill -9, down for `--down` seconds, start again, wait
until it answers, a settling spell. Prints per fault: messages sent, answered, apologised for,
lost, duplicated, late (completed after RASA_TIMEOUT_S + 1 s); conversations that continued with
their state; user messages in the conversation log against messages sent. Stops by itself.

    python -m bench.chaos [--people 200] [--telegram 20] [--rate 3] [--down 12]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp

from bench.chaos_accounting import (
    ANSWER,
    APOLOGY,
    Answer,
    Completion,
    Sent,
    classify,
    continued,
    history_completions,
    tally,
)
from bench.chaos_services import (
    Service,
    assistant_services,
    create_database,
    postgresql_service,
    redis_service,
    service_url,
)
from bench.gateway import APOLOGIES, SCRIPT
from bench.stack import ROOT, migrate

sys.path.insert(0, str(ROOT / "tests"))
from support.fake_telegram import TOKEN, FakeTelegram
from support.telegram_updates import private_chat, text_update, user

FAULTS = ("rasa", "actions", "redis", "postgresql", "gateway")
RASA_TIMEOUT_S = 5.0
DEADLINE_S = RASA_TIMEOUT_S + 1.0
# How long a person waits for a reply before sending the next message (a reply arriving later
# still counts, as late).
PATIENCE_S = 30.0
CALM_S = 8.0
SETTLE_S = 12.0
# The kill waits (at most BUSY_WAIT_S) for a moment with this many messages under way, so that
# something is in the hands of what dies: at 3 messages/s a random moment mostly has none.
BUSY_KILL_AT = 2
BUSY_WAIT_S = 10.0
WEB = "web"
WEBHOOK_SECRET = "chaos-webhook-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram delivers an update again when the webhook did not answer 2xx (or did not answer):
# modelled as a retry a second later.
WEBHOOK_RETRY_S = 1.0
WEBHOOK_TIMEOUT = aiohttp.ClientTimeout(total=10)


@dataclass
class Record:
    """Everything the simulated people saw, for `bench.chaos_accounting`."""

    sent: dict[str, Sent] = field(default_factory=dict)
    completions: list[Completion] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)  # web chat answers, for the state check
    phase: str = "start"
    phase_starts: dict[str, float] = field(default_factory=dict)
    killed_at: dict[str, float] = field(default_factory=dict)
    under_way_at_kill: dict[str, int] = field(default_factory=dict)
    open: set[str] = field(default_factory=set)  # sent, not completed yet
    recovered_at: dict[str, float] = field(default_factory=dict)
    # seconds from `hello` to `welcome` of each reconnect (not the first connection), by phase
    welcomes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def begin(self, phase: str) -> None:
        self.phase = phase
        self.phase_starts[phase] = time.monotonic()

    def send(self, key: str) -> None:
        """The person sent the message (the phase it belongs to is the current one)."""
        self.sent[key] = Sent(key, self.phase, time.monotonic())
        self.open.add(key)

    def resent(self, key: str) -> None:
        """It went out again on a new connection: the wait for its reply starts again (a
        widget cannot send while the gateway is down)."""
        first = self.sent[key]
        self.sent[key] = Sent(key, first.fault, time.monotonic())

    def under_way(self) -> int:
        """Messages sent in the last DEADLINE_S and not completed yet."""
        now = time.monotonic()
        return sum(now - self.sent[key].at < DEADLINE_S for key in self.open)

    def complete(self, person: str, key: str, reply: str) -> None:
        now = time.monotonic()
        self.open.discard(key)
        self.completions.append(Completion(key, now, reply))
        if reply == ANSWER and person.startswith(WEB):  # the state is checked in web histories
            self.answers.append(Answer(person, key, now))


def user_ids(history: list[dict[str, Any]]) -> set[str]:
    """The message ids of the person's entries in a `welcome` history."""
    return {str(e["id"]) for e in history if e.get("type") == "user" and e.get("id") is not None}


class WebPerson:
    """One person in the web chat widget: sends, waits for `done`, reconnects after a drop."""

    def __init__(self, number: int, ws_url: str, record: Record, think_s: float) -> None:
        self.name = f"{WEB}{number}"
        self.ws_url = ws_url
        self.record = record
        self.think_s = think_s
        self.token: str | None = None
        self.lang = "ru" if number % 3 == 0 else "en"
        self.outbox: dict[str, dict[str, Any]] = {}
        self.acked: set[str] = set()
        self.replies: dict[str, list[str]] = defaultdict(list)
        self.done: dict[str, asyncio.Event] = {}
        self.history_ids: set[str] = set()
        self.connected = asyncio.Event()
        self.ws: aiohttp.ClientWebSocketResponse | None = None

    async def run(self, http: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        connection = asyncio.create_task(self._stay_connected(http, stop))
        await asyncio.sleep(random.uniform(0, self.think_s))
        step = 0
        while not stop.is_set():
            key = f"{self.name}-{step}"
            frame = {"type": "message", "id": key, "text": SCRIPT[step % len(SCRIPT)]}
            self.done[key] = asyncio.Event()
            self.outbox[key] = frame
            self.record.send(key)
            await self._send(frame)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.done[key].wait(), PATIENCE_S)
            step += 1
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), random.uniform(0.5, 1.5) * self.think_s)
        drained = time.monotonic() + PATIENCE_S  # what is still on its way may arrive
        while self.outbox and time.monotonic() < drained:
            await asyncio.sleep(0.2)
        connection.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await connection

    async def _send(self, frame: dict[str, Any]) -> None:
        if self.ws is not None and self.connected.is_set():
            with contextlib.suppress(Exception):
                await self.ws.send_json(frame)

    async def _stay_connected(self, http: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        backoff = 0.5
        while True:
            try:
                async with http.ws_connect(self.ws_url, heartbeat=None) as ws:
                    self.ws = ws
                    hello_at = time.monotonic() if self.token else None
                    await ws.send_json({"type": "hello", "session": self.token, "lang": self.lang})
                    backoff = 0.5
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.TEXT:
                            frame = message.json()
                            if hello_at is not None and frame.get("type") == "welcome":
                                self.record.welcomes[self.record.phase].append(
                                    time.monotonic() - hello_at
                                )
                                hello_at = None
                            await self._on_frame(frame)
            except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
                pass
            except Exception as error:  # a bug here must not end the person's connection
                print(f"{self.name}: {type(error).__name__}: {error}", file=sys.stderr)
            self.connected.clear()
            self.ws = None
            await asyncio.sleep(backoff * random.uniform(0.5, 1.5))
            backoff = min(backoff * 2, 4.0)

    async def _on_frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "welcome":
            # As the widget does: the outbox holds what has no `done` yet; the history answers
            # some; what the history does not hold is sent again (the wait starts again now).
            self.token = frame["session"]
            history = frame.get("history") or []
            self.history_ids = user_ids(history)
            for key in self.outbox:
                self.record.resent(key)
            for found in history_completions(history, self.outbox, time.monotonic(), APOLOGIES):
                self._complete(found.key, found.reply)
            self.connected.set()
            for key, frame_again in list(self.outbox.items()):
                if key not in self.history_ids:
                    await self._send(frame_again)
        elif kind == "ack":
            self.acked.add(str(frame["id"]))
        elif kind == "bot" and frame.get("reply_to"):
            self.replies[str(frame["reply_to"])].append(str(frame.get("text", "")))
        elif kind == "done":
            key = str(frame["id"])
            self._complete(key, classify(self.replies.pop(key, []), APOLOGIES))
        elif kind == "error" and frame.get("id") is not None:
            self._complete(str(frame["id"]), APOLOGY)  # refused, with a message in their language

    def _complete(self, key: str, reply: str) -> None:
        self.outbox.pop(key, None)
        self.record.complete(self.name, key, reply)
        if key in self.done:
            self.done[key].set()


class TelegramPerson:
    """One person writing to the bot on Telegram; a reply is the next message shown to them.

    Telegram shows no link between an update and the bot's messages in a private chat, so what
    arrives after a reply has settled (a second) and before the person writes again completes
    the previous message once more: a duplicate (or, if it had no reply yet, a late first one).
    """

    def __init__(
        self, telegram: FakeTelegram, webhook_url: str, record: Record, think_s: float
    ) -> None:
        self.telegram = telegram
        self.webhook_url = webhook_url
        self.person = user(language_code=random.choice(["en", "ru"]))
        self.chat = private_chat(self.person)
        self.record = record
        self.think_s = think_s
        self.name = f"tg{self.chat['id']}"
        # the last message sent, and how many messages the chat showed once its reply settled
        self.previous: tuple[str, int] | None = None

    async def run(self, http: aiohttp.ClientSession, stop: asyncio.Event) -> None:
        await asyncio.sleep(random.uniform(0, self.think_s))
        step = 0
        chat_id = self.chat["id"]
        while not stop.is_set():
            self.count_late_replies()
            shown = len(self.telegram.texts(chat_id))
            update = text_update(SCRIPT[step % len(SCRIPT)], self.person)
            key = f"telegram-{update['update_id']}"
            self.record.send(key)
            deadline = time.monotonic() + PATIENCE_S
            await self._deliver(http, update, deadline)
            while time.monotonic() < deadline and len(self.telegram.texts(chat_id)) == shown:
                await asyncio.sleep(0.02)
            texts = self.telegram.texts(chat_id)[shown:]
            if texts:
                self.record.complete(self.name, key, classify(texts, APOLOGIES))
                await asyncio.sleep(1.0)  # the rest of the reply
            self.previous = (key, len(self.telegram.texts(chat_id)))
            step += 1
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), random.uniform(0.5, 1.5) * self.think_s)

    def count_late_replies(self) -> None:
        """Messages shown since the previous reply settled complete that message again."""
        if self.previous is None:
            return
        key, settled = self.previous
        texts = self.telegram.texts(self.chat["id"])
        if len(texts) > settled:
            self.record.complete(self.name, key, classify(texts[settled:], APOLOGIES))
            self.previous = (key, len(texts))

    async def _deliver(
        self, http: aiohttp.ClientSession, update: dict[str, Any], deadline: float
    ) -> None:
        """As Telegram delivers an update to the webhook: until it answers 2xx (the wait for the
        reply counts from the first try)."""
        while time.monotonic() < deadline:
            try:
                async with http.post(
                    self.webhook_url,
                    json=update,
                    headers={SECRET_HEADER: WEBHOOK_SECRET},
                    timeout=WEBHOOK_TIMEOUT,
                ) as response:
                    if 200 <= response.status < 300:
                        return
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(WEBHOOK_RETRY_S)


async def final_histories(http: aiohttp.ClientSession, people: list[WebPerson]) -> None:
    """Each person's conversation as a new tab sees it at the end (their message ids)."""

    async def one(person: WebPerson) -> None:
        with contextlib.suppress(Exception):
            async with http.ws_connect(person.ws_url) as ws:
                await ws.send_json({"type": "hello", "session": person.token, "lang": person.lang})
                while True:
                    frame = await asyncio.wait_for(ws.receive_json(), 30)
                    if frame.get("type") == "welcome":
                        history = frame.get("history") or []
                        person.history_ids = user_ids(history)
                        return

    await asyncio.gather(*(one(person) for person in people))


async def inject(
    services: dict[str, Service], record: Record, down_s: float, log: list[str]
) -> None:
    """The phases: for each fault, calm, kill -9 (at a busy moment), down, start, wait until
    ready, settle."""
    for fault in FAULTS:
        record.begin(fault)
        await asyncio.sleep(CALM_S)
        busy_by = time.monotonic() + BUSY_WAIT_S
        while record.under_way() < BUSY_KILL_AT and time.monotonic() < busy_by:
            await asyncio.sleep(0.005)
        record.under_way_at_kill[fault] = record.under_way()
        services[fault].kill()
        record.killed_at[fault] = time.monotonic()
        await asyncio.sleep(down_s)
        services[fault].start()
        ready_s = await asyncio.to_thread(services[fault].wait_ready)
        record.recovered_at[fault] = time.monotonic()
        await asyncio.sleep(SETTLE_S)
        log.append(
            f"{fault}: killed with {record.under_way_at_kill[fault]} messages under way,"
            f" down {down_s:.0f} s, ready {ready_s:.1f} s after restart"
        )
        print(log[-1], flush=True)


def logged_user_messages(database_url: str, phase_starts: dict[str, float]) -> dict[str, int]:
    """User messages in the conversation log per phase, by their timestamps (a phase lasts until
    the next one begins; the last fault's until now)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    offset = datetime.now(timezone.utc).timestamp() - time.monotonic()
    phases = [phase for phase in phase_starts if phase != "end"]
    ends = [phase_starts[phase] for phase in phases[1:]] + [time.monotonic() + 3600]
    counts = {}
    with engine.connect() as connection:
        for phase, end in zip(phases, ends, strict=True):
            start = phase_starts[phase]
            counts[phase] = connection.execute(
                text(
                    "SELECT count(*) FROM conversation_events WHERE kind = 'user' "
                    "AND timestamp >= :start AND timestamp < :end"
                ),
                {
                    "start": datetime.fromtimestamp(start + offset, timezone.utc),
                    "end": datetime.fromtimestamp(end + offset, timezone.utc),
                },
            ).scalar_one()
    engine.dispose()
    return counts


async def chaos(people: int, telegram_people: int, rate: float, down_s: float) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="pes-chaos-"))
    redis, redis_url = redis_service(workdir)
    postgresql, database_url = postgresql_service(workdir)
    started: list[Service] = []
    async with FakeTelegram() as telegram:
        env = {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "EVENT_JOURNAL_DIR": str(workdir / "event-journal"),
            "REDIS_URL": redis_url,
            "SECRET_KEY": "chaos-secret-key-0123456789abcdef",
            "RASA_TIMEOUT_S": str(RASA_TIMEOUT_S),
            "WEBCHAT_RATE_LIMIT": "1000",
            # every simulated person calls from 127.0.0.1: the per-address limits out of the way
            "WEBCHAT_CONNECTIONS_PER_ADDRESS": "100000",
            "WEBCHAT_HELLO_LIMIT": "100000",
            "WEBCHAT_ADDRESS_RATE_LIMIT": "100000",
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_MODE": "webhook",
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "LOG_LEVEL": "WARNING",
        }
        services = {"redis": redis, "postgresql": postgresql, **assistant_services(workdir, env)}
        try:
            for name in ("redis", "postgresql"):
                services[name].start()
                started.append(services[name])
                services[name].wait_ready()
            create_database(database_url)
            migrate(env)
            processes = ("actions", "rasa", "gateway", "gateway2", "proxy")
            for name in processes:
                services[name].start()
                started.append(services[name])
            for name in processes:
                await asyncio.to_thread(services[name].wait_ready)
            print(f"Stack up (logs in {workdir}); {people} web chat + {telegram_people} Telegram")
            await run_load(services, telegram, people, telegram_people, rate, down_s, database_url)
            print(f"taken over by a live replica (from the gateways' logs): {takeovers(workdir)}")
            print(f"written from a killed Rasa server's journal: {journaled(workdir)}")
        finally:
            for service in reversed(started):
                service.stop()


async def run_load(
    services: dict[str, Service],
    telegram: FakeTelegram,
    people: int,
    telegram_people: int,
    rate: float,
    down_s: float,
    database_url: str,
) -> None:
    record = Record()
    record.begin("start")
    think_s = (people + telegram_people) / rate
    proxy_url = service_url(services["proxy"])
    ws_url = proxy_url.replace("http", "ws", 1) + "/webchat/ws"
    webhook_url = f"{proxy_url}/telegram/webhook"
    stop = asyncio.Event()
    log: list[str] = []
    started = time.monotonic()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        web = [WebPerson(n, ws_url, record, think_s) for n in range(people)]
        phone = [
            TelegramPerson(telegram, webhook_url, record, think_s) for _ in range(telegram_people)
        ]
        load = [asyncio.create_task(p.run(http, stop)) for p in web]
        load += [asyncio.create_task(p.run(http, stop)) for p in phone]
        await asyncio.sleep(CALM_S)  # everybody connected and talking before the first fault
        await inject(services, record, down_s, log)
        record.begin("end")
        stop.set()
        await asyncio.gather(*load)
        await asyncio.sleep(3)  # the broker's last batch
        for person in phone:
            person.count_late_replies()
        await final_histories(http, web)
    report(record, web, database_url, time.monotonic() - started)


# What the gateways log (WARNING) when they answer what a replica that died had taken.
TAKEOVER_LOGS = {
    "web chat messages": "web chat message",
    "Telegram updates": "taken over from a gateway that died",
    "of which found pending in Redis": "Update of a gateway that died queued again",
}


def takeovers(workdir: Path) -> dict[str, int]:
    lines = [
        line
        for log_file in sorted(workdir.glob("gateway*.log"))
        for line in log_file.read_text(errors="replace").splitlines()
        if "taken over" in line or "queued again" in line
    ]
    return {name: sum(mark in line for line in lines) for name, mark in TAKEOVER_LOGS.items()}


def journaled(workdir: Path) -> str:
    """What the restarted Rasa server's event broker found in the killed one's journal."""
    found = re.findall(
        r"wrote (\d+) events a stopped Rasa server left",
        (workdir / "rasa.log").read_text(errors="replace"),
    )
    return f"{sum(map(int, found))} events from {len(found)} journal(s)"


def logged_message_ids(database_url: str) -> set[str]:
    """The channel message ids of the user messages in the conversation log: Rasa's rows keep
    them in the event's metadata, the gateway's (apologies) in their data."""
    import json

    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT data FROM conversation_events WHERE kind = 'user'")
        ).scalars()
        found = set()
        for data in rows:
            data = json.loads(data) if isinstance(data, str) else data or {}
            # Rasa's own uuid is in its rows' `message_id` too: it never equals a widget's id.
            metadata = data.get("metadata") or {}
            found |= {str(data.get("message_id")), str(metadata.get("message_id"))}
    engine.dispose()
    return found


def report(record: Record, web: list[WebPerson], database_url: str, seconds: float) -> None:
    figures = tally(record.sent.values(), record.completions, DEADLINE_S)
    logged = logged_user_messages(database_url, record.phase_starts)
    histories = {person.name: person.history_ids for person in web}
    completed = {completion.key for completion in record.completions}
    lost = [key for key in record.sent if key not in completed]
    print(f"\nchaos run: {seconds:.0f} s; deadline RASA_TIMEOUT_S + 1 s = {DEADLINE_S:.0f} s")
    print(
        "phase        sent answered apologised silent  lost duplicated  late slowest"
        "  continued  log rows/sent"
    )
    for phase, figure in figures.items():
        if phase in record.killed_at:
            kept, could = continued(
                record.answers, record.killed_at[phase], record.recovered_at[phase], histories
            )
            state = f"{kept:4d}/{could:<4d}"
        else:
            state = "     -   "
        print(
            f"{phase:<11} {figure.sent:5d} {figure.answered:8d} {figure.apologised:10d}"
            f" {figure.silent:6d} {figure.lost:5d} {figure.duplicated:10d} {figure.late:5d}"
            f" {figure.slowest_s:6.1f}s  {state}  {logged.get(phase, 0):5d}/{figure.sent}"
        )
    for phase, waits in record.welcomes.items():
        waits = sorted(waits)
        print(
            f"{phase:<11} {len(waits):4d} reconnects, hello to welcome: median"
            f" {waits[len(waits) // 2]:.2f} s, slowest {waits[-1]:.2f} s"
        )
    total_logged = sum(logged.values())
    print(f"all        {len(record.sent):5d} sent, {total_logged} user messages in the log")
    in_log = logged_message_ids(database_url)
    unlogged = [key for key in record.sent if key.startswith(WEB) and key not in in_log]
    print(f"web chat messages sent with no row in the log: {len(unlogged)}")
    for key in unlogged[:10]:
        sent = record.sent[key]
        killed = record.killed_at.get(sent.fault)
        when = f", sent {sent.at - killed:+.1f} s from the kill" if killed else ""
        print(f"  not in the log: {key} ({sent.fault}{when})")
    acked = set().union(*(person.acked for person in web))
    for key in lost[:10]:
        state = "acknowledged" if key in acked else "never acknowledged"
        print(f"  lost: {key} ({record.sent[key].fault}, {state})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--telegram", type=int, default=20)
    parser.add_argument("--rate", type=float, default=3.0, help="messages per second in all")
    parser.add_argument("--down", type=float, default=12.0, help="seconds each part stays down")
    args = parser.parse_args()
    if not 10 <= args.down <= 30:
        parser.error("--down must be 10-30 seconds")
    asyncio.run(chaos(args.people, args.telegram, args.rate, args.down))


if __name__ == "__main__":
    main()
