"""Reading the editable content (`data/content/*.yml`): one YAML reader, errors staff can act on.

Every content file is read through `read_yaml` / `read_content`, so a file that is missing, is not
valid YAML or does not hold a mapping stops the process with a message naming the file (and, for
YAML errors, the line), never a traceback into the parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it: several times faster on the big files.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file cannot be used; the message names the file and what is wrong."""


class UnreadableFile(ContentError):
    """A YAML file that cannot be read or parsed; `problem` says why, without the path."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def read_yaml(path: Path) -> Any:
    """The parsed YAML file at `path` (None for an empty file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UnreadableFile(path, f"cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise UnreadableFile(path, "is not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" near line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "syntax error"
        raise UnreadableFile(path, f"is not valid YAML{line}: {problem}") from None


def read_content(content_dir: Path, name: str) -> dict[str, Any]:
    """The mapping in `<content_dir>/<name>.yml`."""
    path = content_dir / f"{name}.yml"
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: must be a mapping of names to values")
    return data
