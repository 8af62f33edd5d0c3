"""A content directory with one more language, as a PES adding one would write it.

`with_language(tmp_path, "et", "Eesti", ...)` copies data/content, adds the language to
languages.yml and gives every text in every content file a version in it (the English one, marked
with the code, so tests can tell which language they got).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "data" / "content"
SHIPPED = ("en", "ru")


def with_language(tmp_path: Path, code: str, name: str, names: list[str], **profile: Any) -> Path:
    """A copy of data/content in `tmp_path/content` that speaks `code` too."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    for path in sorted(content.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "languages.yml":
            data["languages"][code] = {"name": name, "names": names, **profile}
        else:
            data = _add_texts(data, code)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return content


def _add_texts(node: Any, code: str) -> Any:
    """Every mapping that holds one text per shipped language gets one for `code` too."""
    if isinstance(node, dict):
        if set(node) == set(SHIPPED):
            return {**node, code: _marked(copy.deepcopy(node["en"]), code)}
        return {key: _add_texts(value, code) for key, value in node.items()}
    if isinstance(node, list):
        return [_add_texts(item, code) for item in node]
    return node


def _marked(text: Any, code: str) -> Any:
    if isinstance(text, str) and text and not text.isspace() and len(text) > 3:
        return f"[{code}] {text}"
    if isinstance(text, dict):
        return {key: _marked(value, code) for key, value in text.items()}
    return text
