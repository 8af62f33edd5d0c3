"""Settings of the action server, read once from the environment (documented in README)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_ROOT / "data" / "content"


@dataclass(frozen=True)
class ActionsConfig:
    database_url: str
    default_language: str
    phone_region: str
    reference_prefix: str
    content_dir: Path

    @classmethod
    def from_env(cls) -> ActionsConfig:
        from bot.db.engine import default_database_url

        return cls(
            database_url=os.environ.get("DATABASE_URL") or default_database_url(PROJECT_ROOT),
            default_language=os.environ.get("DEFAULT_LANGUAGE", "en"),
            phone_region=os.environ.get("PHONE_DEFAULT_REGION", "EE").upper(),
            reference_prefix=os.environ.get("INTAKE_REFERENCE_PREFIX", "DP"),
            content_dir=Path(os.environ.get("CONTENT_DIR") or CONTENT_DIR),
        )


CONFIG = ActionsConfig.from_env()
