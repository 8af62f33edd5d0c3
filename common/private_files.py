"""Files only this user may read: generated secrets and the embedded SQLite database.

A file that holds a secret or personal data is created with mode 0600 in the same system call
that creates it (`os.open` with a mode), never written first and restricted afterwards, and
the directory it is created in (`var/`) is made 0700. Two processes that start at once (the
gateway and `make run`'s token step, say) agree on one secret: the first creates the file
(O_EXCL), the other reads it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Final

FILE_MODE: Final = 0o600
DIRECTORY_MODE: Final = 0o700


def private_directory(path: Path) -> None:
    """Create `path` (and its missing parents) readable by this user only; an existing
    directory is left as it is (an operator may have chosen its mode)."""
    path.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist yet (an existing file is kept)."""
    private_directory(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def local_secret(path: Path) -> str:
    """The random secret kept in `path`, made (64 hex characters, mode 0600) on first use."""
    private_directory(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_hex(32))
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    secret = path.read_text().strip()
    if len(secret) < 16:  # a file another process has just created and not written yet
        raise RuntimeError(f"{path} holds no usable secret: delete it to have a new one made")
    return secret
