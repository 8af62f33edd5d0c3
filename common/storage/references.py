"""Human-friendly intake references such as `DP-7K3M9Q`: generated at random, read forgivingly."""

from __future__ import annotations

import re
import secrets
from typing import Final

# Crockford's base32: no I, L, O or U, so a reference read aloud or copied by hand stays
# unambiguous. 32**6, about a billion, references per prefix.
ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 6
# Crockford decoding: the letters people type by mistake for the digits they resemble.
_LOOKALIKES: Final = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Whitespace and every kind of dash or underscore a person (or a phone keyboard) may insert.
_SEPARATORS: Final = re.compile(r"[\s_\-\u2010-\u2015\u2212]+")
_PREFIX: Final = re.compile(r"[A-Z0-9]{1,8}")


def validate_prefix(prefix: str) -> str:
    """Return `prefix` if it is 1-8 upper-case letters or digits, else raise ValueError."""
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"reference prefix must be 1-8 upper-case letters or digits: {prefix!r}")
    return prefix


def new_reference(prefix: str) -> str:
    """A fresh random reference `<prefix>-XXXXXX` (cryptographically random, not guessable)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{prefix}-{code}"


def normalize_reference(text: str, prefix: str) -> str | None:
    """The canonical form of a reference as typed by a person, or None if it cannot be one.

    Case, spaces and dashes do not matter, and O, I and L are read as 0, 1 and 1:
    " dp 7k3-m9q " and "DP-7K3M9Q" are the same reference.
    """
    compact = _SEPARATORS.sub("", text).upper()
    if not compact.startswith(prefix):
        return None
    code = compact[len(prefix) :].translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return f"{prefix}-{code}"
