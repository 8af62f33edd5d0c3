"""Read one YAML file (`common.content.read_yaml`), turning every failure into a
`BenefitRulesError`."""

from __future__ import annotations

from pathlib import Path

from actions.benefit.errors import BenefitRulesError
from common.content import UnreadableFile
from common.content import read_yaml as read_content_yaml


def read_yaml(path: Path, source: str) -> object:
    """The parsed content of `path`; `source` is the name used in error messages."""
    try:
        return read_content_yaml(path)
    except UnreadableFile as error:
        raise BenefitRulesError(error.problem, source=source) from None
