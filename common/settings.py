"""Settings of the gateway, read once from the environment (every variable is listed in README)."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from common.storage.engine import default_database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


class SettingsError(ValueError):
    """An environment variable holds a value the gateway cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Everything the gateway is configured with. Build it with `Settings.from_env()`."""

    secret_key: bytes
    host: str = "0.0.0.0"
    port: int = 8080
    rasa_url: str = "http://localhost:5005"
    rasa_token: str | None = None
    rasa_timeout_s: float = 5.0
    rasa_connect_timeout_s: float = 2.0
    redis_url: str | None = None
    database_url: str = field(default_factory=lambda: default_database_url(PROJECT_ROOT))
    default_language: str = "en"
    content_dir: Path = PROJECT_ROOT / "data" / "content"
    webchat_max_text: int = 2000
    webchat_rate_limit: int = 30
    webchat_history_limit: int = 200
    webchat_heartbeat_s: float = 30.0
    webchat_idle_timeout_s: float = 900.0
    webchat_allowed_origins: tuple[str, ...] = ()
    telegram_bot_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_mode: str = "webhook"
    telegram_api_base_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        def number(name: str, default: float, kind: type = float) -> float:
            raw = text(name)
            if raw is None:
                return default
            try:
                value = kind(raw)
            except ValueError:
                raise SettingsError(f"{name} must be a number, got {raw!r}") from None
            if value <= 0:
                raise SettingsError(f"{name} must be greater than 0, got {raw!r}")
            return value

        telegram_mode = (text("TELEGRAM_MODE") or "webhook").lower()
        if telegram_mode not in ("webhook", "polling"):
            raise SettingsError(f"TELEGRAM_MODE must be webhook or polling, got {telegram_mode!r}")
        origins = tuple(
            origin.strip().rstrip("/")
            for origin in (text("WEBCHAT_ALLOWED_ORIGINS") or "").split(",")
            if origin.strip()
        )
        return cls(
            secret_key=_secret_key(text("SECRET_KEY")),
            host=text("GATEWAY_HOST") or "0.0.0.0",
            port=int(number("GATEWAY_PORT", 8080, int)),
            rasa_url=(text("RASA_URL") or "http://localhost:5005").rstrip("/"),
            rasa_token=text("RASA_TOKEN"),
            rasa_timeout_s=number("RASA_TIMEOUT_S", 5.0),
            redis_url=text("REDIS_URL"),
            database_url=text("DATABASE_URL") or default_database_url(PROJECT_ROOT),
            default_language=text("DEFAULT_LANGUAGE") or "en",
            content_dir=Path(text("CONTENT_DIR") or PROJECT_ROOT / "data" / "content"),
            webchat_max_text=int(number("WEBCHAT_MAX_TEXT", 2000, int)),
            webchat_rate_limit=int(number("WEBCHAT_RATE_LIMIT", 30, int)),
            webchat_history_limit=int(number("WEBCHAT_HISTORY_LIMIT", 200, int)),
            webchat_heartbeat_s=number("WEBCHAT_HEARTBEAT_S", 30.0),
            webchat_idle_timeout_s=number("WEBCHAT_IDLE_TIMEOUT_S", 900.0),
            webchat_allowed_origins=origins,
            telegram_bot_token=text("TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret=text("TELEGRAM_WEBHOOK_SECRET"),
            telegram_mode=telegram_mode,
            telegram_api_base_url=text("TELEGRAM_API_BASE_URL"),
        )


def _secret_key(configured: str | None) -> bytes:
    """SECRET_KEY, or for the embedded set-up a random key kept in `var/secret_key`.

    The file makes web chat sessions survive a restart of `make run`; production sets
    SECRET_KEY (the same on every gateway replica).
    """
    if configured:
        if len(configured) < 16:
            raise SettingsError("SECRET_KEY must be at least 16 characters long")
        return configured.encode()
    path = PROJECT_ROOT / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
        log.warning("SECRET_KEY is not set: using a generated key kept in %s", path)
    return path.read_text().strip().encode()
