"""The gateway's own editable texts (`data/content/gateway.yml`), looked up by language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class GatewayTexts:
    """Loaded once at start-up; a missing language falls back to English."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @classmethod
    def load(cls, content_dir: Path) -> GatewayTexts:
        with open(content_dir / "gateway.yml", encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        if not isinstance(data, dict) or "rasa_unavailable" not in data:
            raise ValueError(f"{content_dir / 'gateway.yml'} must define rasa_unavailable")
        return cls(data)

    def text(self, key: str, language: str, **values: object) -> str:
        """`key` may be dotted ("errors.rate_limited"); `values` fill `{placeholders}`."""
        node: Any = self._data
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise KeyError(f"gateway.yml has no text {key!r}")
        template = str(node.get(language) or node.get("en") or next(iter(node.values())))
        return template.format(**values) if values else template
