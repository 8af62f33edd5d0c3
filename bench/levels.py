"""Closed-loop load levels as `make bench-capacity` measures them, and the rules that read them.

A *level* is N people, each sending a message, waiting for the answer and sending the next one
at once, for a fixed time. The *capacity* of a server is the highest throughput of a level whose
p95 stays under a second with no error and no lost or duplicated reply: beyond it people wait.
Pure code (no processes, no network) so that tests/bench can check it with literal figures.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.stack import percentile

P95_LIMIT_MS = 1000.0
# A level where more than this share of messages failed says the server is failing, not
# queueing: more people would only add failures.
MAX_FAILED_SHARE = 0.05
# A level whose p95 is above this is a deep queue already: more people only lengthen it.
MAX_USEFUL_P95_MS = 10_000.0


@dataclass
class Level:
    """What one level measured."""

    people: int
    seconds: float = 0.0  # sending time
    latencies_ms: list[float] = field(default_factory=list)  # of answered messages
    in_window: int = 0  # messages answered before the sending time was up
    errors: int = 0  # HTTP errors, timeouts, error frames, apologies for a slow Rasa
    lost: int = 0  # messages that got no reply at all
    duplicated: int = 0  # replies that came twice or reached the wrong message
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds by process, this level
    window_ends: float = math.inf  # the `time.perf_counter()` at which the sending time is up

    def record(self, started: float, finished: float) -> None:
        """An answered message, timed with `time.perf_counter()`."""
        self.latencies_ms.append((finished - started) * 1000)
        if finished <= self.window_ends:
            self.in_window += 1

    @property
    def answered(self) -> int:
        return len(self.latencies_ms)

    @property
    def sent(self) -> int:
        return self.answered + self.errors

    @property
    def throughput(self) -> float:
        """Messages answered per second of sending time. Answers that come in after it (the
        last ones in flight) count for the latencies, not here: in a closed loop the server was
        busy all the sending time, while draining it is not."""
        return self.in_window / self.seconds if self.seconds else 0.0

    def latency(self, share: float) -> float:
        return percentile(self.latencies_ms, share) if self.latencies_ms else float("inf")

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("inf")

    @property
    def clean(self) -> bool:
        """No error, nothing lost, nothing duplicated."""
        return not (self.errors or self.lost or self.duplicated)

    def cpu_ms_per_message(self, process: str) -> float | None:
        if process not in self.cpu_s or not self.answered:
            return None
        return self.cpu_s[process] * 1000 / self.answered


def capacity(levels: Sequence[Level]) -> Level | None:
    """The level with the highest throughput whose p95 is under P95_LIMIT_MS and which is clean."""
    usable = [level for level in levels if level.clean and level.latency(0.95) < P95_LIMIT_MS]
    return max(usable, key=lambda level: level.throughput, default=None)


def stop_reason(level: Level) -> str | None:
    """Why the sweep should not go on to more people after `level`, or None to go on."""
    if level.sent and (level.errors + level.lost) / level.sent > MAX_FAILED_SHARE:
        return f"more than {MAX_FAILED_SHARE:.0%} of messages failed"
    if level.latency(0.95) > MAX_USEFUL_P95_MS:
        return f"p95 above {MAX_USEFUL_P95_MS / 1000:.0f} s"
    return None


def sweep_deadline(now: float, deadline: float, sweeps_left: int, reserve_s: float) -> float:
    """When the next sweep must end: an equal share of the time left, after keeping `reserve_s`
    for stopping the processes, so a slow first sweep cannot eat the others' time."""
    return now + max(0.0, deadline - now - reserve_s) / max(1, sweeps_left)


def fits(now: float, sweep_end: float, level_budget_s: float) -> bool:
    """Whether one more level (sending time plus draining the answers) ends before `sweep_end`."""
    return now + level_budget_s <= sweep_end


def ratio(ours: Level | None, theirs: Level | None) -> float | None:
    """Throughput of one capacity over another; None when either has none."""
    if ours is None or theirs is None or not theirs.throughput:
        return None
    return ours.throughput / theirs.throughput


def row(level: Level, processes: Sequence[str]) -> str:
    """One line of the table `make bench-capacity` prints for a level."""
    cpu = "".join(
        f"  {value:6.1f}" if (value := level.cpu_ms_per_message(name)) is not None else "       -"
        for name in processes
    )
    return (
        f"{level.people:>6} {level.throughput:7.1f} {level.p50:7.0f} {level.latency(0.95):7.0f}"
        f" {level.latency(0.99):7.0f} {level.errors:6} {level.lost:5} {level.duplicated:5}{cpu}"
    )


def header(processes: Sequence[str]) -> str:
    cpu = "".join(f"  {name[:6]:>6}" for name in processes)
    columns = f"{'people':>6} {'msg/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    return f"{columns} {'errors':>6} {'lost':>5} {'dup':>5}{cpu}"
