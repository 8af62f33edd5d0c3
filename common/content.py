"""Reading the editable content (`data/content/*.yml`): one YAML reader, errors staff can act on.

Every content file is read through `read_content`, so a file that is missing, is not valid YAML or
does not hold a mapping stops the process with a message naming the file (and, for YAML errors,
the line), never a traceback into the parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it: several times faster on the big files.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file cannot be used; the message names the file and what is wrong."""


def read_yaml(path: Path) -> Any:
    """The parsed YAML file at `path` (None for an empty file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(f"{path}: not valid YAML{where}: {problem}") from None


def read_content(content_dir: Path, name: str) -> dict[str, Any]:
    """The mapping in `<content_dir>/<name>.yml`."""
    path = content_dir / f"{name}.yml"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: must be a mapping of names to values")
    return data
