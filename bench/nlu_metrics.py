"""What the NLU figures mean, computed from (expected, outcome) pairs — no Rasa needed here.

- in-domain accuracy: in-domain messages answered with the right intent or FAQ topic (a "Did you
  mean …?" or a fallback counts as not answered);
- clarified: in-domain messages answered with "Did you mean …?" whose buttons include the right one;
- false fallback: in-domain messages that got a fallback or the out-of-scope answer;
- out-of-scope recall: out-of-domain messages that got the out-of-scope answer;
- PES answer rate: out-of-domain messages that got an answer about something else (the harm);
- ECE: expected calibration error of the best answer's confidence, 10 equal-width bins.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
BINS = 10


@dataclass(frozen=True)
class Outcome:
    """What the assistant made of one message."""

    text: str
    expected: str
    decision: str  # "answer", "out_of_scope", "low_confidence" or "ambiguous"
    best: str  # the best answer's label before the decision
    confidence: float  # the best answer's confidence before the decision
    runner_up: str = ""
    runner_up_confidence: float = 0.0
    out_of_scope_confidence: float = 0.0

    @property
    def predicted(self) -> str:
        """The label the person is answered with."""
        if self.decision in ("low_confidence", "ambiguous"):
            return FALLBACK
        if self.decision == "out_of_scope":
            return OUT_OF_SCOPE
        return self.best


@dataclass
class Scores:
    name: str
    language: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def in_domain(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected != OUT_OF_SCOPE]

    @property
    def out_of_domain(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected == OUT_OF_SCOPE]

    @property
    def accuracy(self) -> float:
        return _share(self.in_domain, lambda o: o.predicted == o.expected)

    @property
    def clarified(self) -> float:
        return _share(
            self.in_domain,
            lambda o: o.decision == "ambiguous" and o.expected in (o.best, o.runner_up),
        )

    @property
    def false_fallback(self) -> float:
        return _share(self.in_domain, lambda o: o.predicted in (FALLBACK, OUT_OF_SCOPE))

    @property
    def oos_recall(self) -> float:
        return _share(self.out_of_domain, lambda o: o.predicted == OUT_OF_SCOPE)

    @property
    def pes_answer_rate(self) -> float:
        return _share(self.out_of_domain, lambda o: o.predicted not in (FALLBACK, OUT_OF_SCOPE))

    def confusions(self, top: int = 8) -> list[tuple[tuple[str, str], int]]:
        pairs = Counter(
            (o.expected, o.predicted) for o in self.outcomes if o.predicted != o.expected
        )
        return pairs.most_common(top)

    def reliability(self) -> list[tuple[float, float, int]]:
        """(mean confidence, accuracy, count) per confidence bin with any messages."""
        bins: list[list[Outcome]] = [[] for _ in range(BINS)]
        for outcome in self.outcomes:
            bins[min(int(outcome.confidence * BINS), BINS - 1)].append(outcome)
        return [
            (
                sum(o.confidence for o in members) / len(members),
                _share(members, lambda o: o.best == o.expected),
                len(members),
            )
            for members in bins
            if members
        ]

    @property
    def expected_calibration_error(self) -> float:
        total = len(self.outcomes)
        if not total:
            return 0.0
        return sum(
            count / total * abs(confidence - accuracy)
            for confidence, accuracy, count in self.reliability()
        )


def _share(outcomes: list[Outcome], hit) -> float:
    return sum(1 for o in outcomes if hit(o)) / len(outcomes) if outcomes else float("nan")


def summary_line(scores: Scores) -> str:
    parts = [f"{scores.name:14} {scores.language}"]
    if scores.in_domain:
        parts.append(
            f"in-domain accuracy {scores.accuracy:.3f} ({len(scores.in_domain)}), "
            f"clarified {scores.clarified:.3f}, false fallback {scores.false_fallback:.3f}"
        )
    if scores.out_of_domain:
        parts.append(
            f"out-of-scope recall {scores.oos_recall:.3f} ({len(scores.out_of_domain)}), "
            f"PES answer {scores.pes_answer_rate:.3f}"
        )
    parts.append(f"ECE {scores.expected_calibration_error:.3f}")
    return " | ".join(parts)


def detailed_report(scores: Scores, mistakes: bool = True) -> str:
    lines = [summary_line(scores), "  worst confusions (expected -> answered):"]
    lines += [f"    {n:3}  {exp} -> {pred}" for (exp, pred), n in scores.confusions()]
    lines.append("  reliability (confidence bin: mean confidence / accuracy / messages):")
    lines += [f"    {conf:.2f} / {acc:.2f} / {count}" for conf, acc, count in scores.reliability()]
    if mistakes:
        lines.append("  mistakes:")
        lines += [
            f"    {o.expected:32} -> {o.predicted:32} ({o.best} {o.confidence:.2f}) {o.text!r}"
            for o in scores.outcomes
            if o.predicted != o.expected
        ]
    return "\n".join(lines)
