"""One matching run: the vacancies imported since the last run against every active alert, and a
digest queued in the outbox for each person with news.

Idempotent: each chunk of new vacancies gives each person at most one digest, whose dedup key
names the chunk (`alert:<sender id>:<first pk>-<last pk>`), and the high-water mark moves past a
chunk only once its digests are stored. A run that dies is run again: the digests it stored
are not stored twice, the others are. While staff have paused all alerts nothing is matched and
the mark stays, so the news waits for the pause to end.
"""

from __future__ import annotations

import functools
import itertools
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from actions.alerts.config import AlertConfig
from actions.alerts.digest import digest
from actions.alerts.matching import Chunk, max_pk, new_vacancies, open_index, read_mark, write_mark
from actions.alerts.schedule import next_digest
from actions.vacancies import cards
from common.storage import alerts, outbox
from common.storage.alerts import Subscription
from common.storage.sessions import reading, writing

log = logging.getLogger(__name__)

KIND = "alert"
WRITE_EVERY = 1000  # people whose digests are stored in one transaction


@dataclass
class RunReport:
    vacancies: int = 0
    subscriptions: int = 0
    digests: int = 0
    already_queued: int = 0
    paused_by: str | None = None
    first_run: bool = False


def run(
    engine: Engine, index_path: Path, config: AlertConfig, *, now: datetime, chunk: int = 20_000
) -> RunReport:
    report = RunReport()
    with reading(engine) as session:
        pause = outbox.paused_kinds(session).get(KIND)
        if pause is not None:
            report.paused_by = pause.paused_by
            return report
    connection = open_index(index_path)
    try:
        mark = read_mark(connection)
        if mark is None:  # the first run: what is in the index already is not news
            write_mark(connection, max_pk(connection))
            report.first_run = True
            return report
        for vacancies in new_vacancies(connection, mark, chunk=chunk):
            _match_chunk(engine, Chunk(vacancies), config, now, report)
            report.vacancies += len(vacancies)
            write_mark(connection, vacancies[-1].pk)
    finally:
        connection.close()
    return report


def _match_chunk(
    engine: Engine, chunk: Chunk, config: AlertConfig, now: datetime, report: RunReport
) -> None:
    first, last = chunk.vacancies[0].pk, chunk.vacancies[-1].pk
    with reading(engine) as session:
        latest = outbox.latest_per_recipient(session, KIND, now - config.interval)
    pending: list[tuple[str, list[Subscription], list[dict[str, object]]]] = []
    card = functools.lru_cache(maxsize=50_000)(cards.card)  # a vacancy is in many digests
    with reading(engine) as session:
        people = itertools.groupby(alerts.active_by_recipient(session), lambda s: s.recipient)
        for recipient, group in people:
            subscriptions = list(group)
            report.subscriptions += len(subscriptions)
            news = [(s, matched) for s in subscriptions if (matched := chunk.matching(s))]
            if not news:
                continue
            language = subscriptions[-1].language
            messages = digest(news, language, config.max_cards, card=card)
            pending.append((recipient, subscriptions, messages))
            if len(pending) >= WRITE_EVERY:
                _store(engine, pending, latest, config, now, f"{first}-{last}", report)
                pending = []
    if pending:
        _store(engine, pending, latest, config, now, f"{first}-{last}", report)


def _store(
    engine: Engine,
    pending: list[tuple[str, list[Subscription], list[dict[str, object]]]],
    latest: dict[str, datetime],
    config: AlertConfig,
    now: datetime,
    batch: str,
    report: RunReport,
) -> None:
    """Queue the digests of `pending` in one statement (a digest queued by an earlier run of
    this chunk is left as it is)."""
    rows = []
    for recipient, subscriptions, messages in pending:
        when = next_digest(now, latest.get(recipient), config)
        rows.append(
            outbox.new_row(
                channel=subscriptions[0].channel,
                recipient=recipient,
                kind=KIND,
                dedup_key=f"alert:{recipient}:{batch}"[:200],
                language=subscriptions[-1].language,
                messages=messages,
                not_before=when,
            )
        )
        latest[recipient] = when
    with writing(engine) as session:
        queued_before = outbox.existing_keys(session, [row["dedup_key"] for row in rows])
        new = [row for row in rows if row["dedup_key"] not in queued_before]
        outbox.enqueue_many(session, new)
    report.digests += len(new)
    report.already_queued += len(queued_before)
