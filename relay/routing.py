"""Which Rasa worker answers a person: rendezvous (highest random weight) hashing.

Every (person, worker) pair has a fixed score; a person goes to the worker with the highest score
among those in the rotation. When a worker leaves the rotation only its own people move, each to
their next choice, and they come back when it returns; nobody else moves. The score is a
digest, not Python's per-process `hash`, so every gateway replica and every restart picks the same
worker for the same person.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def score(sender: str, worker: str) -> int:
    """The fixed weight of `worker` for `sender` (64 bits of BLAKE2b)."""
    digest = hashlib.blake2b(f"{worker}\0{sender}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def ranked(sender: str, workers: Sequence[str]) -> list[str]:
    """`workers` in the order `sender` prefers them: the first answers, the next takes over."""
    return sorted(workers, key=lambda worker: (score(sender, worker), worker), reverse=True)
