"""The one error a broken benefit rules file produces."""

from __future__ import annotations

from common.content import ContentError


class BenefitRulesError(ContentError):
    """The benefit rules (or their texts) are missing, unreadable or inconsistent.

    The message names the file and the field, e.g.
    ``benefit_rules.yml: periods[1].rate: must be a fraction between 0 and 1 ...``,
    because the reader is PES staff editing YAML, not a Python developer.
    """

    def __init__(self, problem: str, *, source: str, field: str | None = None) -> None:
        self.problem = problem
        self.source = source
        self.field = field
        where = f"{source}: {field}" if field else source
        super().__init__(f"{where}: {problem}")
