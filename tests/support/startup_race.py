"""One process of the start-up race test (tests/bot/test_startup_race.py), run as a script.

    python tests/support/startup_race.py upgrade <database URL>...
    python tests/support/startup_race.py serve <database URL>...

`upgrade` migrates each database in turn, as `python -m bot db upgrade` does. `serve` does for
each database what a process does at start: the gateway's schema check (until the schema is
current), then the Rasa event broker's and the action server's first uses of the database. It
exits 1, printing the error, at the first thing that is not "the schema is not there yet".
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime, timezone

from sqlalchemy import text

from common.storage.engine import make_engine
from common.storage.log_entries import LogEntry
from common.storage.log_writer import LogWriter
from common.storage.migrate import require_current_schema, upgrade
from relay.schema_watch import SchemaWatch

NOT_YET = "the database has no schema yet: run `python -m bot db upgrade`"
TIMEOUT_S = 120.0


def serve(database_url: str) -> None:
    watch = SchemaWatch(database_url)
    deadline = time.monotonic() + TIMEOUT_S
    while not asyncio.run(watch.check()):
        if watch.problem != NOT_YET or time.monotonic() > deadline:
            raise RuntimeError(watch.problem)
        time.sleep(0.01)
    require_current_schema(database_url)  # the broker's and the action server's check
    engine = make_engine(database_url)
    try:
        entry = LogEntry(
            sender_id=f"webchat:race-{os.getpid()}",
            kind="user",
            timestamp=datetime.now(timezone.utc),
            text="hello",
            source="gateway",
        )
        LogWriter(engine, sensitive_slots=frozenset()).append([entry])
        with engine.connect() as connection:
            for table in ("conversations", "handoffs", "intakes", "staff_users"):
                connection.execute(text(f"SELECT count(*) FROM {table}"))
    finally:
        engine.dispose()


def main(role: str, database_urls: list[str]) -> int:
    for database_url in database_urls:
        try:
            upgrade(database_url) if role == "upgrade" else serve(database_url)
        except Exception as error:
            print(f"{role} {database_url}: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
