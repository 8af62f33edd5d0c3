"""Before/after figures on the held-out sets, and whether the candidate may replace the model.

Two figures guard a merge, per held-out set and language: in-domain accuracy (a question we answer
is answered right) and out-of-scope recall (a question we cannot answer is recognised as such).
Staff examples are meant to fix misunderstandings; if either figure falls, the examples taught
the model something else too, and the merge is refused. False fallback is shown for context only:
it moves with accuracy. A figure a set cannot have (no out-of-domain lines in a situations set)
is NaN on both sides and never compares as a drop.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from bench.nlu_metrics import Scores

FIGURES: dict[str, Callable[[Scores], float]] = {
    "in-domain accuracy": lambda scores: scores.accuracy,
    "out-of-scope recall": lambda scores: scores.oos_recall,
    "false fallback": lambda scores: scores.false_fallback,
}
GATED = ("in-domain accuracy", "out-of-scope recall")


@dataclass(frozen=True)
class Change:
    set_name: str
    language: str
    figure: str
    before: float
    after: float

    @property
    def fall(self) -> float:
        return self.before - self.after


def changes(before: list[Scores], after: list[Scores]) -> list[Change]:
    """Every figure of every set and language, current model vs. candidate."""
    candidate = {(scores.name, scores.language): scores for scores in after}
    return [
        Change(current.name, current.language, figure, value(current), value(new))
        for current in before
        for new in [candidate[(current.name, current.language)]]
        for figure, value in FIGURES.items()
    ]


def drops(found: list[Change], tolerance: float) -> list[Change]:
    """The guarding figures that fell by more than `tolerance` (0: any fall at all).

    Falls are rounded to 9 places, so 1.0 - 0.99 is 0.01 as a person reads it; a real fall is
    at least one message in a set, far above that rounding."""
    return [c for c in found if c.figure in GATED and round(c.fall, 9) > tolerance]


def _cell(change: Change) -> str:
    if math.isnan(change.before) and math.isnan(change.after):
        return "—"
    return f"{change.before:.3f} → {change.after:.3f} ({change.after - change.before:+.3f})"


def table(found: list[Change]) -> str:
    """One row per set and language, one column per figure."""
    width = 26
    header = f"{'set':12} {'lang':5}" + "".join(f" {figure:{width}}" for figure in FIGURES)
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for change in found:
        rows.setdefault((change.set_name, change.language), {})[change.figure] = _cell(change)
    lines = [header.rstrip()]
    for (set_name, language), cells in rows.items():
        columns = "".join(f" {cells.get(figure, '—'):{width}}" for figure in FIGURES)
        lines.append(f"{set_name:12} {language:5}{columns}".rstrip())
    return "\n".join(lines)


def explain(fallen: list[Change]) -> str:
    """Which figure fell, where, and by how much."""
    return "\n".join(
        f"- {c.figure} on {c.set_name} ({c.language}) fell by {c.fall:.3f}: "
        f"{c.before:.3f} → {c.after:.3f}"
        for c in fallen
    )
