"""A Rasa server killed at any moment takes nothing of the conversation log with it: its
event broker journaled every event first, and the next broker writes what was left, once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from support.processes import ROOT
from support.rasa_events import Conversation, registration

from common.storage.journal_positions import saved_position
from common.storage.log_models import ConversationEvent
from rasa_plugins.broker import ConversationLogBroker
from rasa_plugins.event_journal import journal_prefix
from rasa_plugins.log_events import log_entry

# A Rasa server's broker: writes in batches of 8, and publishes the whole registration. It says
# when every full batch is in the log; the last events wait for a batch that never fills.
KILLED_SERVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from support.rasa_events import Conversation, registration
    from rasa_plugins.broker import ConversationLogBroker

    broker = ConversationLogBroker(
        sys.argv[1], journal_dir=Path(sys.argv[2]), batch_size=8, flush_interval_s=3600
    )
    for event in registration(Conversation(sys.argv[3])):
        broker.publish(event)
    while broker.pending >= 8:
        time.sleep(0.01)
    print("written up to the last batch", flush=True)
    time.sleep(3600)
    """
)


def logged_events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(ConversationEvent)).scalar())


def events_the_log_keeps(sender_id: str) -> int:
    return sum(log_entry(event) is not None for event in registration(Conversation(sender_id)))


def kill_a_rasa_server_mid_conversation(database_url: str, journal_dir: Path, sender: str) -> None:
    """Start a broker in its own process and kill -9 it with events not yet written."""
    server = subprocess.Popen(
        [sys.executable, "-c", KILLED_SERVER, database_url, str(journal_dir), sender],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "written up to the last batch"
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)


async def test_the_events_of_a_killed_rasa_server_are_written_by_the_next_one_once(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    kill_a_rasa_server_mid_conversation(database_url, journal_dir, "webchat:killed")

    [journal] = journal_dir.iterdir()
    written_before = logged_events(engine)
    expected = events_the_log_keeps("webchat:killed")
    assert 0 < written_before < expected  # some were in the log, the rest only in the journal
    assert saved_position(engine, journal.stem) > 0

    restarted = ConversationLogBroker(database_url, journal_dir=journal_dir)
    await restarted.close()

    assert logged_events(engine) == expected  # the rest, and nothing twice
    assert list(journal_dir.iterdir()) == []
    assert saved_position(engine, journal.stem) == 0  # forgotten with the file


async def test_two_servers_starting_at_once_write_a_dead_ones_journal_once(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    kill_a_rasa_server_mid_conversation(database_url, journal_dir, "webchat:a")
    kill_a_rasa_server_mid_conversation(database_url, journal_dir, "webchat:b")

    brokers = [ConversationLogBroker(database_url, journal_dir=journal_dir) for _ in "xyz"]
    await asyncio.gather(*(broker.close() for broker in brokers))

    expected = events_the_log_keeps("webchat:a") + events_the_log_keeps("webchat:b")
    assert logged_events(engine) == expected
    assert list(journal_dir.iterdir()) == []


async def test_a_live_servers_journal_is_never_taken_by_another(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    waiting = ConversationLogBroker(
        database_url, journal_dir=journal_dir, batch_size=1000, flush_interval_s=3600
    )
    for event in registration(Conversation("webchat:alive")):
        waiting.publish(event)

    other = ConversationLogBroker(database_url, journal_dir=journal_dir)
    await other.close()
    assert logged_events(engine) == 0  # still the live broker's to write

    await waiting.close()
    assert logged_events(engine) == events_the_log_keeps("webchat:alive")


async def test_a_journal_is_replaced_once_written_so_it_never_grows_without_bound(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    broker = ConversationLogBroker(
        database_url, journal_dir=journal_dir, flush_interval_s=0, journal_rotate_bytes=1_000
    )
    names, largest = set(), 0
    for number in range(3):
        for event in registration(Conversation(f"webchat:{number}")):
            broker.publish(event)
            while broker.pending:
                await asyncio.sleep(0.005)
            for journal in journal_dir.iterdir():  # two while one is replaced
                names.add(journal.name)
                with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                    largest = max(largest, journal.stat().st_size)
    await broker.close()

    assert len(names) > 3
    assert largest < 1_000 + 2_000  # the limit, and at most one event more
    assert logged_events(engine) == 3 * events_the_log_keeps("webchat:0")
    assert list(journal_dir.iterdir()) == []


async def test_only_the_rasa_servers_user_can_read_the_journal(journal_dir: Path) -> None:
    broker = ConversationLogBroker(
        "postgresql+psycopg2://postgres@127.0.0.1:1/pes",
        journal_dir=journal_dir,
        retry_delays_s=(0.01,),
    )
    broker.publish(registration(Conversation("webchat:private"))[0])
    await broker.close()

    [journal] = journal_dir.iterdir()
    assert stat.S_IMODE(journal_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600


async def test_a_file_left_half_created_is_removed_but_one_being_created_is_not(
    database_url: str, engine: Engine, journal_dir: Path
) -> None:
    """A broker creates its file under a temporary name and locks it before renaming it: a
    young unlocked file may be another broker's in that instant; an old one is a dead one's."""
    journal_dir.mkdir()
    prefix = journal_prefix(database_url)
    being_created = journal_dir / f"{prefix}-host-1-aaaa.new"
    left_by_a_crash = journal_dir / f"{prefix}-host-2-bbbb.new"
    being_created.touch()
    left_by_a_crash.touch()
    an_hour_ago = time.time() - 3600
    os.utime(left_by_a_crash, (an_hour_ago, an_hour_ago))

    broker = ConversationLogBroker(database_url, journal_dir=journal_dir)
    await broker.close()

    assert sorted(path.name for path in journal_dir.iterdir()) == [being_created.name]
