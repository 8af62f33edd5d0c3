"""The outbox: one row per dedup key, claimed by one worker at a time, resumed where it stopped."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.engine import Engine

from common.storage import outbox
from common.storage.sessions import reading, writing

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=5)
CARDS = [{"text": "Welder, Kazan"}, {"text": "Welder, Kazan 2", "buttons": []}]


def queue(engine: Engine, key: str = "alert:telegram:1:2026-12-07", **changes: object) -> bool:
    values: dict = {
        "channel": "telegram",
        "recipient": "telegram:1",
        "kind": "alert",
        "dedup_key": key,
        "language": "en",
        "messages": CARDS,
        "not_before": NOW,
        **changes,
    }
    with writing(engine) as session:
        return outbox.enqueue(session, **values)


def test_the_same_dedup_key_is_queued_once(engine: Engine) -> None:
    assert queue(engine) is True
    assert queue(engine) is False
    with reading(engine) as session:
        assert outbox.counts(session) == {("alert", "telegram", "queued"): 1}


def test_a_refused_duplicate_leaves_the_callers_transaction_usable(engine: Engine) -> None:
    with writing(engine) as session:
        first = dict(channel="webchat", recipient="webchat:s", kind="staff", language="ru")
        assert outbox.enqueue(session, dedup_key="k", messages=CARDS, **first)
        assert not outbox.enqueue(session, dedup_key="k", messages=CARDS, **first)
        assert outbox.enqueue(session, dedup_key="k2", messages=CARDS, **first)
    with reading(engine) as session:
        assert outbox.counts(session) == {("staff", "webchat", "queued"): 2}


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"channel": "sms"}, "unknown channel"),
        ({"kind": "Alert!"}, "lower-case word"),
        ({"messages": [{"text": "  "}, {"buttons": "x"}]}, "nothing to send"),
    ],
)
def test_bad_rows_are_refused_with_the_reason(engine: Engine, change: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        queue(engine, **change)


def test_a_row_is_claimed_only_when_due_and_by_one_worker(engine: Engine) -> None:
    queue(engine, not_before=NOW + timedelta(hours=1))
    with writing(engine) as session:
        assert outbox.claim_due(session, NOW, lease=LEASE, limit=10) == []
    later = NOW + timedelta(hours=1)
    with writing(engine) as session:
        [claimed] = outbox.claim_due(session, later, lease=LEASE, limit=10)
    assert claimed.recipient == "telegram:1"
    assert [m.text for m in claimed.messages] == ["Welder, Kazan", "Welder, Kazan 2"]
    with writing(engine) as session:  # another worker, while the lease holds
        assert outbox.claim_due(session, later + timedelta(minutes=1), lease=LEASE, limit=10) == []


def test_a_worker_that_died_mid_digest_is_resumed_after_its_lease(engine: Engine) -> None:
    queue(engine)
    with writing(engine) as session:
        [claimed] = outbox.claim_due(session, NOW, lease=LEASE, limit=10)
    with writing(engine) as session:
        outbox.part_sent(session, claimed.id, 1)
    # the worker crashes here: no finish()
    with writing(engine) as session:
        [again] = outbox.claim_due(
            session, NOW + LEASE + timedelta(seconds=1), lease=LEASE, limit=1
        )
    assert again.id == claimed.id
    assert again.parts_sent == 1


def test_paused_kinds_and_other_channels_wait(engine: Engine) -> None:
    queue(engine)
    queue(engine, "r", kind="reminder", channel="webchat", recipient="webchat:s")
    with writing(engine) as session:
        claimed = outbox.claim_due(
            session, NOW, lease=LEASE, limit=10, paused_kinds=("alert",), channels=("telegram",)
        )
    assert claimed == []


def test_retry_counts_attempts_and_finish_records_the_outcome(engine: Engine) -> None:
    queue(engine)
    with writing(engine) as session:
        [claimed] = outbox.claim_due(session, NOW, lease=LEASE, limit=1)
        outbox.retry_at(session, claimed.id, NOW + timedelta(seconds=30), "429 retry after 30s")
    with writing(engine) as session:
        assert outbox.claim_due(session, NOW + timedelta(seconds=29), lease=LEASE, limit=1) == []
        [claimed] = outbox.claim_due(session, NOW + timedelta(seconds=30), lease=LEASE, limit=1)
        assert claimed.attempts == 1
        outbox.finish(session, claimed.id, "failed", error="blocked")
    with reading(engine) as session:
        assert outbox.counts(session) == {("alert", "telegram", "failed"): 1}


def test_held_messages_wait_for_the_persons_next_visit(engine: Engine) -> None:
    queue(engine, "a", channel="webchat", recipient="webchat:s")
    queue(engine, "b", channel="webchat", recipient="webchat:other")
    with writing(engine) as session:
        for claimed in outbox.claim_due(session, NOW, lease=LEASE, limit=10):
            outbox.finish(session, claimed.id, "held")
    with reading(engine) as session:
        [held] = outbox.held_for(session, "webchat:s")
    assert held.messages[0].text == "Welder, Kazan"
