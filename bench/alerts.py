"""Figures for job alerts: 100,000 subscriptions matched against a 10,000-vacancy import.

    python -m bench.alerts [--subscriptions 100000] [--vacancies 10000] [--seed 1]
                           [--database-url URL]

Builds a fresh vacancy index and database in a temporary folder (or the database at
--database-url, e.g. PostgreSQL, whose alert and outbox tables it empties first), stores
synthetic subscriptions (occupations and places from the classification and gazetteer, in
both languages and in the word forms people type, some with salary or schedule filters, some
with occupations the classification does not know, several per person), imports generated
vacancies, then times one matching run (`actions.alerts.run`: streamed subscriptions, digests
queued in the outbox). Prints the time, the digests queued and the process's peak RSS before
and after the run, and the run's CPU time (the machine's other load shows as the difference).
Target: < 60 s. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import delete, insert

from actions.alerts.config import AlertConfig
from actions.alerts.matching import start_mark
from actions.alerts.run import run
from actions.alerts.subscriptions import from_query
from actions.vacancies.importer import import_file
from actions.vacancies.model import SCHEDULES, VacancyQuery
from actions.vacancies.vocabulary import vocabulary
from bench.vacancy_data import generate
from common.settings import settings
from common.storage.alerts import AlertSubscription, NewSubscription
from common.storage.engine import make_engine
from common.storage.migrate import upgrade
from common.storage.outbox import OutboundMessage
from common.storage.sessions import writing

TARGET_S = 60.0
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)
UNKNOWN_OCCUPATIONS = ("senior welder", "night nurse", "помощник повара", "водитель погрузчика")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def subscriptions(count: int, seed: int) -> list[dict[str, object]]:
    """Rows for `alert_subscriptions`; searches repeat (people look for the same jobs)."""
    rng = random.Random(seed)
    words = vocabulary()
    occupations = [
        (entry, language) for entry in words.occupations.entries for language in ("en", "ru")
    ]
    places = [(entry, language) for entry in words.places.entries for language in ("en", "ru")]
    resolved: dict[tuple[object, ...], NewSubscription] = {}
    rows = []
    person = 0
    for number in range(count):
        if number == 0 or rng.random() < 0.7:
            person += 1
        language = "ru" if rng.random() < 0.6 else "en"
        if rng.random() < 0.05:
            occupation = rng.choice(UNKNOWN_OCCUPATIONS)
        else:
            entry, name_language = rng.choice(occupations)
            occupation = rng.choice(entry.names[name_language])
        place_entry, place_language = rng.choice(places)
        place = None if rng.random() < 0.1 else place_entry.names[place_language][0]
        salary = rng.choice((None, None, None, 40_000, 80_000, 1_500))
        schedule = rng.choice(SCHEDULES) if rng.random() < 0.15 else None
        key = (occupation, place, salary, schedule, language)
        if key not in resolved:
            query = VacancyQuery(occupation, place, salary, schedule, language)
            resolved[key] = from_query(query, "")
        new = resolved[key]
        channel = "telegram" if person % 10 < 7 else "webchat"
        rows.append(
            {
                "recipient": f"{channel}:{100_000 + person}",
                "channel": channel,
                "language": language,
                "occupation": new.occupation,
                "occupation_codes": " ".join(new.occupation_codes),
                "occupation_label": new.occupation_label,
                "place": new.place,
                "place_id": new.place_id,
                "place_label": new.place_label,
                "salary_min": new.salary_min,
                "schedule": new.schedule,
                "status": "active",
                "consent_at": NOW - timedelta(days=2),
                "created_at": NOW - timedelta(days=2),
                "expires_at": NOW + timedelta(days=170),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as folder:
        root = Path(folder)
        database_url = args.database_url or f"sqlite:///{root / 'pes.db'}"
        index_path = root / "vacancies.db"
        upgrade(database_url)
        engine = make_engine(database_url)
        config = AlertConfig.load(settings().content_dir)

        started = time.perf_counter()
        rows = subscriptions(args.subscriptions, args.seed)
        with writing(engine) as session:
            session.execute(delete(OutboundMessage))
            session.execute(delete(AlertSubscription))
            for start in range(0, len(rows), 5_000):
                session.execute(insert(AlertSubscription), rows[start : start + 5_000])
        people = len({row["recipient"] for row in rows})
        del rows
        print(
            f"{args.subscriptions:,} subscriptions of {people:,} people stored"
            f" in {time.perf_counter() - started:.1f} s ({engine.dialect.name})"
        )

        start_mark(index_path)
        source = root / "vacancies.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for record in generate(args.vacancies, args.seed):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        started = time.perf_counter()
        summary = import_file(source, index_path)
        print(f"{summary.imported:,} vacancies imported in {time.perf_counter() - started:.1f} s")

        rss_before = peak_rss_mb()
        started, cpu = time.perf_counter(), cpu_seconds()
        report = run(engine, index_path, config, now=NOW)
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        engine.dispose()

    verdict = "meets" if elapsed < TARGET_S else "MISSES"
    print(
        f"matching: {report.vacancies:,} new vacancies x {report.subscriptions:,} subscriptions"
        f" in {elapsed:.1f} s, {cpu:.1f} s of CPU ({verdict} the {TARGET_S:.0f} s target);"
        f" {report.digests:,} digests queued"
    )
    print(f"peak RSS: {rss_before:.0f} MB before the run, {peak_rss_mb():.0f} MB after it")


if __name__ == "__main__":
    main()
