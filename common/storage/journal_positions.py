"""Where the conversation log stands in each journal of the Rasa event broker.

The broker appends every event to a journal file before it writes the event to the log, and
saves the journal's new position in the transaction that writes the rows
(`LogWriter.append(..., journal_position=)`). So a broker that finds a dead broker's journal
writes what lies beyond the saved position: nothing twice, nothing missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.storage.log_models import LogJournalPosition
from common.storage.sessions import reading, writing


@dataclass(frozen=True)
class JournalPosition:
    journal: str
    position: int

    def save(self, session: Session) -> None:
        """Record the position in the session's transaction."""
        session.merge(LogJournalPosition(journal=self.journal, position=self.position))


def saved_position(engine: Engine, journal: str) -> int:
    """Bytes of `journal` already in the log (0 for a journal the log has not seen)."""
    with reading(engine) as session:
        row = session.get(LogJournalPosition, journal)
        return int(row.position) if row is not None else 0


def forget_journal(engine: Engine, journal: str) -> None:
    """Drop the position of a journal file that was deleted."""
    with writing(engine) as session:
        session.execute(delete(LogJournalPosition).where(LogJournalPosition.journal == journal))
