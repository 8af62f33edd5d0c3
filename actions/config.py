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
    redis_url: str | None
    vacancy_source: str
    vacancy_index_path: Path
    vacancy_sample_path: Path
    workinrussia_api_url: str
    vacancy_timeout_s: float
    vacancy_cache_ttl_s: int

    @classmethod
    def from_env(cls) -> ActionsConfig:
        from common.storage.engine import default_database_url

        return cls(
            database_url=os.environ.get("DATABASE_URL") or default_database_url(PROJECT_ROOT),
            default_language=os.environ.get("DEFAULT_LANGUAGE", "en"),
            phone_region=os.environ.get("PHONE_DEFAULT_REGION", "EE").upper(),
            reference_prefix=os.environ.get("INTAKE_REFERENCE_PREFIX", "DP"),
            content_dir=Path(os.environ.get("CONTENT_DIR") or CONTENT_DIR),
            redis_url=os.environ.get("REDIS_URL") or None,
            vacancy_source=os.environ.get("VACANCY_SOURCE", "local"),
            vacancy_index_path=Path(
                os.environ.get("VACANCY_INDEX_PATH") or PROJECT_ROOT / "var" / "vacancies.db"
            ),
            vacancy_sample_path=Path(
                os.environ.get("VACANCY_SAMPLE_PATH")
                or PROJECT_ROOT / "data" / "vacancies" / "sample.jsonl"
            ),
            workinrussia_api_url=os.environ.get(
                "WORKINRUSSIA_API_URL", "https://opendata.trudvsem.ru"
            ).rstrip("/"),
            vacancy_timeout_s=float(os.environ.get("VACANCY_TIMEOUT_S", "5")),
            vacancy_cache_ttl_s=int(os.environ.get("VACANCY_CACHE_TTL_S", "300")),
        )


CONFIG = ActionsConfig.from_env()
