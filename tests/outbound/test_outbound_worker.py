"""The delivery worker with a scripted channel: retries, backoff, holding, giving up, resuming,
and never sending a message twice, on SQLite and PostgreSQL with a controllable clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from prometheus_client import generate_latest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.messages import BotMessage
from common.settings import OutboundSettings
from common.storage import outbox
from common.storage.outbox import OutboundMessage
from common.storage.sessions import reading, writing
from outbound.results import Delivered, Failed, Held, Result, Retry, Skipped
from outbound.worker import OutboundWorker, backoff_s
from relay.metrics import Metrics

START = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
DIGEST = [{"text": "New jobs for you"}, {"text": "Welder"}, {"text": "Fitter"}]


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class ScriptedChannel:
    """Answers from `script` (then Delivered), recording what reached the person."""

    def __init__(self, *script: Result) -> None:
        self.script = list(script)
        self.received: list[tuple[str, str]] = []
        self.up = True

    def available(self) -> bool:
        return self.up

    async def send(self, recipient: str, message: BotMessage, language: str) -> Result:
        result = self.script.pop(0) if self.script else Delivered()
        if isinstance(result, Delivered):
            self.received.append((recipient, message.text or ""))
        return result


def queue(engine: Engine, key: str, recipient: str = "telegram:7", **changes: object) -> None:
    values: dict = dict(
        channel="telegram",
        recipient=recipient,
        kind="alert",
        dedup_key=key,
        language="en",
        messages=DIGEST,
        not_before=START,
    )
    values.update(changes)
    with writing(engine) as session:
        assert outbox.enqueue(session, **values)


def row(engine: Engine, key: str) -> OutboundMessage:
    with reading(engine) as session:
        found = session.execute(select(OutboundMessage).filter_by(dedup_key=key)).scalar_one()
        session.expunge(found)
        return found


def make_worker(
    engine: Engine, channel: ScriptedChannel, clock: Clock, metrics: Metrics | None = None, **kw
) -> OutboundWorker:
    return OutboundWorker(
        engine,
        {"telegram": channel},
        metrics or Metrics(),
        OutboundSettings(telegram_per_s=10_000, max_attempts=3),
        clock=clock,
        **kw,
    )


def counter(metrics: Metrics, outcome: str, kind: str = "alert") -> float:
    value = metrics.registry.get_sample_value(
        "pes_outbound_total", {"channel": "telegram", "kind": kind, "outcome": outcome}
    )
    return value or 0.0


async def test_a_due_digest_is_sent_in_order_and_recorded(engine: Engine) -> None:
    clock, channel, metrics = Clock(), ScriptedChannel(), Metrics()
    queue(engine, "d1")
    assert await make_worker(engine, channel, clock, metrics).run_once() == 1
    assert channel.received == [
        ("telegram:7", "New jobs for you"),
        ("telegram:7", "Welder"),
        ("telegram:7", "Fitter"),
    ]
    sent = row(engine, "d1")
    assert (sent.status, sent.parts_sent, sent.sent_at) == ("sent", 3, sent.sent_at)
    assert sent.sent_at is not None
    assert counter(metrics, "sent") == 1
    assert b'pes_outbound_total{channel="telegram",kind="alert",outcome="sent"} 1.0' in (
        generate_latest(metrics.registry)
    )


async def test_nothing_is_sent_twice_after_a_restart(engine: Engine) -> None:
    clock, channel = Clock(), ScriptedChannel()
    queue(engine, "d1")
    await make_worker(engine, channel, clock).run_once()
    restarted = make_worker(engine, channel, clock)
    clock.advance(hours=2)
    assert await restarted.run_once() == 0
    assert len(channel.received) == 3


async def test_a_message_not_yet_due_waits_for_its_time(engine: Engine) -> None:
    clock, channel = Clock(), ScriptedChannel()
    queue(engine, "later", not_before=START + timedelta(hours=8))
    worker = make_worker(engine, channel, clock)
    assert await worker.run_once() == 0
    clock.advance(hours=8)
    assert await worker.run_once() == 1
    assert len(channel.received) == 3


async def test_a_crash_mid_digest_resumes_with_the_next_message(engine: Engine) -> None:
    clock = Clock()
    queue(engine, "d1")

    class Crashing(ScriptedChannel):
        async def send(self, recipient: str, message: BotMessage, language: str) -> Result:
            if len(self.received) == 2:
                raise RuntimeError("the process dies here")
            return await super().send(recipient, message, language)

    first = Crashing()
    await make_worker(engine, first, clock).run_once()
    assert [text for _, text in first.received] == ["New jobs for you", "Welder"]
    assert row(engine, "d1").status == "queued"

    second = ScriptedChannel()
    worker = make_worker(engine, second, clock)
    assert await worker.run_once() == 0  # the dead worker's lease still holds the row
    clock.advance(minutes=11)
    assert await worker.run_once() == 1
    assert second.received == [("telegram:7", "Fitter")]
    assert row(engine, "d1").status == "sent"


async def test_flood_control_waits_as_long_as_the_channel_asks(engine: Engine) -> None:
    clock, metrics = Clock(), Metrics()
    channel = ScriptedChannel(Delivered(), Retry("429 Too Many Requests", after_s=7))
    queue(engine, "d1")
    worker = make_worker(engine, channel, clock, metrics)
    await worker.run_once()
    waiting = row(engine, "d1")
    assert (waiting.status, waiting.attempts, waiting.parts_sent) == ("queued", 1, 1)
    assert waiting.not_before == START + timedelta(seconds=7)
    assert waiting.last_error == "429 Too Many Requests"
    assert counter(metrics, "retried") == 1
    clock.advance(seconds=6)
    assert await worker.run_once() == 0
    clock.advance(seconds=1)
    assert await worker.run_once() == 1
    assert [text for _, text in channel.received] == ["New jobs for you", "Welder", "Fitter"]


async def test_unreachable_channels_are_retried_with_backoff_then_given_up(engine: Engine) -> None:
    clock, metrics = Clock(), Metrics()
    channel = ScriptedChannel(*[Retry("NetworkError")] * 3)
    queue(engine, "d1")
    worker = make_worker(engine, channel, clock, metrics)
    await worker.run_once()
    assert row(engine, "d1").not_before == START + timedelta(seconds=30)
    clock.advance(seconds=30)
    await worker.run_once()
    assert row(engine, "d1").not_before == clock.now + timedelta(seconds=60)
    clock.advance(seconds=60)
    await worker.run_once()  # the third attempt of three
    given_up = row(engine, "d1")
    assert (given_up.status, given_up.last_error) == ("failed", "NetworkError")
    assert (counter(metrics, "retried"), counter(metrics, "failed")) == (2, 1)
    assert channel.received == []


def test_backoff_doubles_up_to_an_hour() -> None:
    assert [backoff_s(n) for n in (0, 1, 2, 3)] == [30, 60, 120, 240]
    assert backoff_s(20) == 3600


async def test_a_person_who_blocked_us_is_given_up_and_the_hooks_run(engine: Engine) -> None:
    clock = Clock()
    paused: list[tuple[str, str]] = []

    def pause_subscriptions(session: Session, recipient: str, reason: str) -> None:
        paused.append((recipient, reason))

    queue(engine, "d1")
    channel = ScriptedChannel(Failed("blocked", blocked=True))
    await make_worker(engine, channel, clock, blocked_hooks=[pause_subscriptions]).run_once()
    assert (row(engine, "d1").status, row(engine, "d1").last_error) == ("failed", "blocked")
    assert paused == [("telegram:7", "blocked")]


async def test_a_message_the_channel_refuses_is_skipped_and_the_rest_sent(engine: Engine) -> None:
    clock = Clock()
    queue(engine, "d1")
    channel = ScriptedChannel(Delivered(), Skipped("400 can't parse entities"))
    await make_worker(engine, channel, clock).run_once()
    sent = row(engine, "d1")
    assert (sent.status, sent.last_error) == ("sent", "400 can't parse entities")
    assert [text for _, text in channel.received] == ["New jobs for you", "Fitter"]


async def test_web_chat_without_an_open_window_is_held(engine: Engine) -> None:
    clock, metrics = Clock(), Metrics()
    queue(engine, "w1", channel="webchat", recipient="webchat:abc")
    channel = ScriptedChannel(Held())
    worker = OutboundWorker(engine, {"webchat": channel}, metrics, OutboundSettings(), clock=clock)
    await worker.run_once()
    assert row(engine, "w1").status == "held"
    with reading(engine) as session:
        assert [m.text for m in outbox.held_for(session, "webchat:abc")[0].messages] == [
            "New jobs for you",
            "Welder",
            "Fitter",
        ]


@pytest.mark.parametrize("paused", [True, False])
async def test_paused_kinds_and_unavailable_channels_stay_queued(
    engine: Engine, paused: bool
) -> None:
    clock, channel = Clock(), ScriptedChannel()
    queue(engine, "d1")
    if paused:
        with writing(engine) as session:
            outbox.pause(session, "alert", by="anna", reason="bad import")
    else:
        channel.up = False
    assert await make_worker(engine, channel, clock).run_once() == 0
    assert row(engine, "d1").status == "queued"


async def test_rows_of_one_person_keep_their_order(engine: Engine) -> None:
    clock, channel = Clock(), ScriptedChannel()
    queue(engine, "first", messages=[{"text": "1"}])
    queue(engine, "second", messages=[{"text": "2"}], not_before=START + timedelta(seconds=1))
    queue(engine, "other", recipient="telegram:8", messages=[{"text": "x"}])
    clock.advance(seconds=1)
    await make_worker(engine, channel, clock).run_once()
    mine: Callable[[str], list[str]] = lambda who: [t for r, t in channel.received if r == who]  # noqa: E731
    assert mine("telegram:7") == ["1", "2"]
    assert mine("telegram:8") == ["x"]
