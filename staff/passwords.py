"""Staff passwords: bcrypt hashes, and the rules a new password must meet."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import bcrypt

MIN_LENGTH: Final = 10
# bcrypt reads at most 72 bytes; a longer password is refused rather than silently cut.
MAX_BYTES: Final = 72


class PasswordError(ValueError):
    """A new password breaks a rule. `code` names the rule (texts: staff_console.yml errors)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_new_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError("password_short", f"a password needs at least {MIN_LENGTH} characters")
    if len(password.encode()) > MAX_BYTES:
        raise PasswordError("password_long", f"a password may have at most {MAX_BYTES} bytes")
    if not password.strip():
        raise PasswordError("password_short", "a password cannot be only spaces")


def hash_password(password: str, rounds: int) -> str:
    """A bcrypt hash of a password that passed `check_new_password` (slow on purpose)."""
    check_new_password(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    """Whether `password` matches; False (never an error) for anything bcrypt cannot check."""
    try:
        return bcrypt.checkpw(password.encode(), password_hash.encode())
    except ValueError:  # a password over 72 bytes, or a hash that is not bcrypt's
        return False


@lru_cache(maxsize=4)
def dummy_hash(rounds: int) -> str:
    """A hash to check unknown usernames against, so they cost as long as known ones."""
    return bcrypt.hashpw(b"no such user", bcrypt.gensalt(rounds)).decode()
