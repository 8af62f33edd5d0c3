"""What `make chaos` counts, from what the simulated people recorded: pure functions, tested with
literal transcripts in tests/bench/test_chaos_accounting.py.

A person records each message they sent (`Sent`: a key unique in the run, the fault whose phase
it was sent in, when) and each time a message of theirs was completed (`Completion`: the key,
when, and what came back: an answer, an apology, or nothing at all) — a `done` frame, a reply
found in the `welcome` history after a reconnect, or a Telegram reply. `tally` turns that into
the figures per fault: answered, apologised for, silent (completed without a word), lost (never
completed), duplicated (completed more than once: the assistant handled it twice), late (first
completed after the deadline).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

ANSWER: Final = "answer"
APOLOGY: Final = "apology"
SILENT: Final = "silent"  # `done` without a single bot message


@dataclass(frozen=True)
class Sent:
    key: str
    fault: str
    at: float


@dataclass(frozen=True)
class Completion:
    key: str
    at: float
    reply: str  # ANSWER, APOLOGY or SILENT


@dataclass
class Tally:
    """The figures of one fault's phase."""

    sent: int = 0
    answered: int = 0
    apologised: int = 0
    silent: int = 0
    lost: int = 0
    duplicated: int = 0
    late: int = 0
    slowest_s: float = 0.0


def tally(
    sent: Iterable[Sent], completions: Iterable[Completion], deadline_s: float
) -> dict[str, Tally]:
    """Figures per fault, in the order the faults first appear in `sent`.

    A message counts as answered, apologised for or silent by its first completion; every further
    completion of the same key is a duplicate; a first completion more than `deadline_s` after
    sending is late (and still counted as answered or apologised for).
    """
    by_key: dict[str, list[Completion]] = defaultdict(list)
    for completion in completions:
        by_key[completion.key].append(completion)
    figures: dict[str, Tally] = {}
    for message in sent:
        figure = figures.setdefault(message.fault, Tally())
        figure.sent += 1
        done = sorted(by_key.get(message.key, []), key=lambda completion: completion.at)
        if not done:
            figure.lost += 1
            continue
        first = done[0]
        if first.reply == APOLOGY:
            figure.apologised += 1
        elif first.reply == SILENT:
            figure.silent += 1
        else:
            figure.answered += 1
        figure.duplicated += len(done) - 1
        waited = first.at - message.at
        figure.slowest_s = max(figure.slowest_s, waited)
        if waited > deadline_s:
            figure.late += 1
    return figures


def history_completions(
    history: list[dict], waiting: Iterable[str], at: float, apologies: tuple[str, ...]
) -> list[Completion]:
    """Completions found in a `welcome` history for the message ids in `waiting` (acknowledged,
    no `done` seen before the connection dropped): a user entry with the id followed by at
    least one bot entry before the next user entry."""
    waiting = set(waiting)
    found = []
    for index, entry in enumerate(history):
        if entry.get("type") != "user" or entry.get("id") not in waiting:
            continue
        replies = []
        for later in history[index + 1 :]:
            if later.get("type") == "user":
                break
            if later.get("type") == "bot":
                replies.append(str(later.get("text", "")))
        if replies:
            found.append(Completion(str(entry["id"]), at, classify(replies, apologies)))
    return found


def classify(texts: list[str], apologies: tuple[str, ...]) -> str:
    """What the bot messages `texts` that answered one message amount to."""
    if not texts:
        return SILENT
    return APOLOGY if all(text.startswith(apologies) for text in texts) else ANSWER


@dataclass(frozen=True)
class Answer:
    """A message of `person` answered (not apologised for) at `at`."""

    person: str
    key: str
    at: float


def continued(
    answers: Iterable[Answer],
    killed_at: float,
    recovered_at: float,
    final_history: dict[str, set[str]],
) -> tuple[int, int]:
    """(conversations that continued with their state, conversations that could): the people
    answered before the kill and again after the recovery; of those, the ones whose history at
    the end still holds every message answered before the kill."""
    before: dict[str, set[str]] = defaultdict(set)
    after: set[str] = set()
    for answer in answers:
        if answer.at < killed_at:
            before[answer.person].add(answer.key)
        elif answer.at > recovered_at:
            after.add(answer.person)
    could = [person for person in before if person in after]
    kept = [person for person in could if before[person] <= final_history.get(person, set())]
    return len(kept), len(could)
