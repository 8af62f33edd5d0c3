"""The event broker's journal: every event Rasa publishes goes into a file before anything else.

A Rasa server killed at any moment (kill -9, out of memory, a node drained) must not take the
last second of the conversation log with it. So `publish` appends the event, one JSON line, to
the process's journal file with a single write(2); the kernel keeps it once the call returns,
whatever then happens to the process. The writer thread reads the file and moves the journal's
position in the database in the same transaction as the rows it writes
(`common.storage.journal_positions`).

Each Rasa server holds its own file, locked with flock(2) for as long as the process lives. A
file nobody holds is a dead server's: any broker of the same database claims it (at start and
every few seconds), writes what lies beyond its saved position, and deletes it. A file that is
fully written and has grown past `rotate_bytes` is replaced by a new one, so no file grows
without bound. Files are named `<database>-<host>-<pid>-<random>.jsonl`, where `<database>` is
a hash of the database URL: a broker only ever claims the journals of its own database.

The files hold what people wrote, as the log does until it is masked for staff: they are
created 0600 in a 0700 directory, and deleted as soon as they are written.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

SUFFIX: Final = ".jsonl"
CREATING_SUFFIX: Final = ".new"
DEFAULT_ROTATE_BYTES: Final = 4 * 1024 * 1024
# A file still being created this long after it appeared belongs to a broker that died.
STALE_CREATING_S: Final = 60.0


@dataclass(frozen=True)
class JournalBatch:
    """Events read from a journal: `lines` complete lines, `unreadable` of them not JSON;
    `end` is the position after them."""

    events: list[dict[str, Any]]
    lines: int
    unreadable: int
    end: int


class Segment:
    """One journal file this process holds (its lock), read from `position` onwards."""

    def __init__(self, path: Path, reader: IO[bytes], writer_fd: int | None) -> None:
        self.path = path
        self.name = path.name.removesuffix(SUFFIX)
        self.position = 0
        self._reader = reader
        self._writer_fd = writer_fd

    @classmethod
    def create(cls, directory: Path, prefix: str) -> Segment:
        """A new, empty file, locked before it gets the name that other brokers look for."""
        host = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname())[:48]
        name = f"{prefix}-{host}-{os.getpid()}-{secrets.token_hex(4)}"
        creating = directory / f"{name}{CREATING_SUFFIX}"
        fd = os.open(creating, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        path = directory / f"{name}{SUFFIX}"
        os.rename(creating, path)
        return cls(path, open(path, "rb"), fd)

    @classmethod
    def claim(cls, path: Path) -> Segment | None:
        """The file at `path` if no live process holds it (and it was not deleted meanwhile)."""
        try:
            reader = open(path, "rb")  # noqa: SIM115 (closed by `close`)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(reader.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(path).st_ino != os.fstat(reader.fileno()).st_ino:
                raise FileNotFoundError(path)  # deleted by the broker that claimed it first
        except (BlockingIOError, FileNotFoundError):
            reader.close()
            return None
        return cls(path, reader, None)

    def append(self, data: bytes) -> None:
        assert self._writer_fd is not None, "only the process's own journal is appended to"
        os.write(self._writer_fd, data)

    def read(self, limit: int) -> JournalBatch:
        """Up to `limit` complete lines from `position` (a line still being written is left)."""
        self._reader.seek(self.position)
        events: list[dict[str, Any]] = []
        lines = unreadable = 0
        end = self.position
        while lines < limit:
            line = self._reader.readline()
            if not line.endswith(b"\n"):
                break
            lines += 1
            end += len(line)
            try:
                event = json.loads(line)
            except ValueError:
                event = None
            if isinstance(event, dict):
                events.append(event)
            else:
                unreadable += 1
        return JournalBatch(events, lines, unreadable, end)

    def size(self) -> int:
        return os.fstat(self._reader.fileno()).st_size

    def delete(self) -> None:
        """Remove the file, then let go of it (a broker waiting for the lock finds it gone)."""
        self.path.unlink(missing_ok=True)
        self.close()

    def close(self) -> None:
        if self._writer_fd is not None:
            os.close(self._writer_fd)
            self._writer_fd = None
        self._reader.close()


def journal_prefix(database_url: str) -> str:
    """How the names of the journals of brokers writing to `database_url` begin."""
    return hashlib.sha256(database_url.encode()).hexdigest()[:12]


class EventJournal:
    """This process's journal: `append` from Rasa's event loop, everything else from the
    broker's writer thread."""

    def __init__(
        self,
        directory: Path,
        database_url: str,
        *,
        rotate_bytes: int = DEFAULT_ROTATE_BYTES,
        max_bytes: int = 1024 * 1024 * 1024,
    ) -> None:
        """`max_bytes`: how much may wait to be written (the database down for long) before
        new events are refused rather than fill the disk."""
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.directory = directory
        self.prefix = journal_prefix(database_url)
        self._rotate_bytes = rotate_bytes
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self.segment = Segment.create(directory, self.prefix)
        self._size = 0  # of the current segment
        self._appended = 0  # events, all segments
        self._taken = 0  # events read off by the writer, all segments

    def append(self, event: Mapping[str, Any]) -> bool:
        """Write the event to the file; False if the journal is full (nothing written)."""
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"), default=str)
        data = f"{line}\n".encode()
        with self._lock:
            if self._size - self.segment.position + len(data) > self._max_bytes:
                return False
            self.segment.append(data)
            self._size += len(data)
            self._appended += 1
        return True

    @property
    def waiting(self) -> int:
        """Events appended that the writer has not taken yet."""
        return self._appended - self._taken

    def taken(self, lines: int) -> None:
        """The writer is done with `lines` more lines of the current segment."""
        self._taken += lines

    def rotate_if_done(self) -> Segment | None:
        """A new file for what comes next, when the current one is large and fully written;
        returns the old one for the caller to delete once it forgot its position."""
        if self.segment.position < self._rotate_bytes:
            return None
        with self._lock:
            if self._size != self.segment.position:
                return None
            old, self.segment, self._size = (
                self.segment,
                Segment.create(self.directory, self.prefix),
                0,
            )
        return old

    def orphans(self) -> Iterator[Segment]:
        """Claim, one by one, the journals of this database that no live process holds."""
        for path in sorted(self.directory.glob(f"{self.prefix}-*{CREATING_SUFFIX}")):
            # A broker that died while creating its file (nothing was written to it). A young
            # one may be a live broker's between creating and locking it: left alone.
            with contextlib.suppress(FileNotFoundError):
                if time.time() - path.stat().st_mtime < STALE_CREATING_S:
                    continue
            if (segment := Segment.claim(path)) is not None:
                segment.delete()
        for path in sorted(self.directory.glob(f"{self.prefix}-*{SUFFIX}")):
            if path != self.segment.path and (segment := Segment.claim(path)) is not None:
                yield segment
