"""Read one YAML file, turning every failure into a `BenefitRulesError`."""

from __future__ import annotations

from pathlib import Path

import yaml

from actions.benefit.errors import BenefitRulesError


def read_yaml(path: Path, source: str) -> object:
    """The parsed content of `path`; `source` is the name used in error messages."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as error:
        raise BenefitRulesError(f"cannot read the file ({error.strerror})", source=source) from None
    except UnicodeDecodeError:
        raise BenefitRulesError("is not UTF-8 text", source=source) from None
    try:
        return yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise BenefitRulesError(f"is not valid YAML{line}: {problem}", source=source) from None
