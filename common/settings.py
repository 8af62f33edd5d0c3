"""Settings of every process, read once from the environment and checked before anything starts.

This module is the only place that reads the environment. `settings()` reads it once per process
(the gateway, the Rasa server's plugins, the action server and the CLI all call it); a value that
cannot be used raises `SettingsError` naming the variable, and the process stops with that
message. Each variable is documented once, in README's "Configuration" table (a test checks that
the table and `VARIABLES` agree). A process ignores the variables it does not use, but a bad value
stops every process: one environment, one verdict.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Final, TypeVar

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from common.content import ContentError
from common.languages import Languages, load_languages
from common.private_files import local_secret
from common.storage.engine import default_database_url
from common.storage.references import validate_prefix
from common.texts import Texts

PROJECT_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR: Final = PROJECT_ROOT / "data" / "content"
# Generated secrets and the embedded database (mode 0700, see common.private_files).
VAR_DIR: Final = PROJECT_ROOT / "var"
LOG_LEVELS: Final = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
log = logging.getLogger(__name__)

N = TypeVar("N", int, float)


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class StaffSettings:
    """The staff console: sessions, login attempts, what counts as "low", paging, passwords."""

    # A session ends after this long without a request (idle), 8 hours by default.
    session_max_age_s: int = 8 * 3600
    # A session ends this long after its login however active it is (absolute lifetime).
    session_lifetime_s: int = 24 * 3600
    # Failed logins allowed per username and address, and per address, in `login_window_s`.
    login_attempts: int = 5
    login_attempts_per_address: int = 20
    login_window_s: int = 15 * 60
    # An intent confidence below this is highlighted and is the inbox's default "low" filter.
    low_confidence: float = 0.5
    page_size: int = 25
    # bcrypt cost of passwords set in the console or with `python -m bot staff` (4..31).
    bcrypt_rounds: int = 12
    # The Rasa domain whose intents reviewers choose from when they collect NLU examples.
    domain_dir: Path = PROJECT_ROOT / "domain"


@dataclass(frozen=True)
class OutboundSettings:
    """The delivery worker of the outbox (`outbound/`): where it runs and how fast it sends."""

    # "gateway": the worker runs inside the gateway; "off": it does not (run it as a process of
    # its own with `python -m bot outbound`, or on one replica only).
    worker: str = "gateway"
    # Messages per second per channel: Telegram allows 30 to all chats together.
    telegram_per_s: float = 30.0
    webchat_per_s: float = 100.0
    # Attempts before a delivery is given up (failed), with pauses of 30 s, 60 s, … up to 1 h.
    max_attempts: int = 8
    poll_s: float = 2.0


@dataclass(frozen=True)
class Settings:
    """Everything the processes are configured with. Build it with `Settings.from_env()`, or
    take the process's own with `settings()`."""

    # Shared
    database_url: str = field(default_factory=lambda: default_database_url(PROJECT_ROOT))
    redis_url: str | None = None
    content_dir: Path = DEFAULT_CONTENT_DIR
    default_language: str = "en"
    log_level: str = "INFO"
    log_retention_days: int = 365
    # Rasa's event broker: where each Rasa server journals events until they are in the log.
    event_journal_dir: Path = VAR_DIR / "event-journal"
    # Gateway. `secret_key` None: not configured (the gateway then generates one, see
    # `with_secret_key`); the other processes never need it.
    secret_key: bytes | None = None
    host: str = "0.0.0.0"
    port: int = 8080
    # One Rasa server, or several separated by commas (one per worker; see `rasa_urls`).
    rasa_url: str = "http://localhost:5005"
    rasa_token: str | None = None
    rasa_timeout_s: float = 5.0
    rasa_connect_timeout_s: float = 2.0
    webchat_max_text: int = 2000
    webchat_rate_limit: int = 30
    webchat_history_limit: int = 200
    webchat_heartbeat_s: float = 30.0
    webchat_idle_timeout_s: float = 900.0
    webchat_allowed_origins: tuple[str, ...] = ()
    # Per client address (behind TRUSTED_PROXIES: the forwarded one): open sockets, and
    # `hello` frames and messages a minute.
    webchat_connections_per_address: int = 20
    webchat_hello_limit: int = 30
    webchat_address_rate_limit: int = 120
    trusted_proxies: tuple[str, ...] = ()
    # Unset: /metrics and the details of /readyz answer local calls only.
    metrics_token: str | None = None
    telegram_bot_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_mode: str = "webhook"
    telegram_api_base_url: str | None = None
    staff: StaffSettings = field(default_factory=StaffSettings)
    # `make run`: how many Rasa servers (each with its own action server) and their first ports.
    rasa_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    rasa_port: int = 5005
    actions_port: int = 5055
    outbound: OutboundSettings = field(default_factory=OutboundSettings)
    # Action server
    phone_region: str = "EE"
    reference_prefix: str = "DP"
    vacancy_source: str = "local"
    vacancy_index_path: Path = PROJECT_ROOT / "var" / "vacancies.db"
    vacancy_sample_path: Path = PROJECT_ROOT / "data" / "vacancies" / "sample.jsonl"
    workinrussia_api_url: str = "https://opendata.trudvsem.ru"
    vacancy_timeout_s: float = 5.0
    vacancy_cache_ttl_s: int = 300

    @property
    def gateway_secret(self) -> bytes:
        """The secret key; only the gateway needs one, and it is there after `with_secret_key`."""
        if self.secret_key is None:
            raise RuntimeError("no secret key: build the gateway's settings with_secret_key()")
        return self.secret_key

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """The Rasa servers the gateway spreads people over (`RASA_URL`, comma-separated; a
        server named twice counts once)."""
        urls = (url.strip().rstrip("/") for url in self.rasa_url.split(","))
        return tuple(dict.fromkeys(url for url in urls if url))

    @cached_property
    def languages(self) -> Languages:
        """The languages on offer (`<content_dir>/languages.yml`)."""
        return load_languages(self.content_dir)

    def texts(self, name: str) -> Texts:
        """The texts of `<content_dir>/<name>.yml`, checked for every language on offer."""
        return Texts.load(self.content_dir, name, self.languages.codes, self.default_language)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = _Environment(os.environ if environ is None else environ)
        content_dir = env.directory("CONTENT_DIR", DEFAULT_CONTENT_DIR)
        try:
            languages = load_languages(content_dir)
        except ContentError as error:
            raise SettingsError(f"CONTENT_DIR: {error}") from None
        default_language = env.text("DEFAULT_LANGUAGE") or languages.default
        if default_language not in languages:
            raise SettingsError(
                f"DEFAULT_LANGUAGE must be one of {', '.join(languages.codes)}"
                f" (languages.yml), got {default_language!r}"
            )
        return cls(
            database_url=env.database_url("DATABASE_URL"),
            redis_url=env.url("REDIS_URL", ("redis", "rediss", "unix")),
            content_dir=content_dir,
            default_language=default_language,
            log_level=env.choice("LOG_LEVEL", LOG_LEVELS, "INFO", upper=True),
            log_retention_days=env.number("LOG_RETENTION_DAYS", 365, int),
            event_journal_dir=env.path("EVENT_JOURNAL_DIR", VAR_DIR / "event-journal"),
            secret_key=env.secret_key("SECRET_KEY"),
            host=env.text("GATEWAY_HOST") or "0.0.0.0",
            port=env.number("GATEWAY_PORT", 8080, int, high=65535),
            rasa_url=env.urls("RASA_URL", ("http", "https")) or "http://localhost:5005",
            rasa_token=env.text("RASA_TOKEN"),
            rasa_timeout_s=env.number("RASA_TIMEOUT_S", 5.0, float),
            webchat_max_text=env.number("WEBCHAT_MAX_TEXT", 2000, int),
            webchat_rate_limit=env.number("WEBCHAT_RATE_LIMIT", 30, int),
            webchat_history_limit=env.number("WEBCHAT_HISTORY_LIMIT", 200, int),
            webchat_heartbeat_s=env.number("WEBCHAT_HEARTBEAT_S", 30.0, float),
            webchat_idle_timeout_s=env.number("WEBCHAT_IDLE_TIMEOUT_S", 900.0, float),
            webchat_allowed_origins=env.origins("WEBCHAT_ALLOWED_ORIGINS"),
            webchat_connections_per_address=env.number("WEBCHAT_CONNECTIONS_PER_ADDRESS", 20, int),
            webchat_hello_limit=env.number("WEBCHAT_HELLO_LIMIT", 30, int),
            webchat_address_rate_limit=env.number("WEBCHAT_ADDRESS_RATE_LIMIT", 120, int),
            trusted_proxies=env.networks("TRUSTED_PROXIES"),
            metrics_token=env.text("METRICS_TOKEN"),
            telegram_bot_token=env.text("TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret=env.text("TELEGRAM_WEBHOOK_SECRET"),
            telegram_mode=env.choice("TELEGRAM_MODE", ("webhook", "polling"), "webhook"),
            telegram_api_base_url=env.url("TELEGRAM_API_BASE_URL", ("http", "https")),
            staff=StaffSettings(
                session_max_age_s=env.number("STAFF_SESSION_MAX_AGE_S", 8 * 3600, int),
                session_lifetime_s=env.number("STAFF_SESSION_LIFETIME_S", 24 * 3600, int),
                login_attempts=env.number("STAFF_LOGIN_ATTEMPTS", 5, int),
                login_attempts_per_address=env.number("STAFF_LOGIN_ATTEMPTS_PER_ADDRESS", 20, int),
                login_window_s=env.number("STAFF_LOGIN_WINDOW_S", 15 * 60, int),
                low_confidence=env.number("STAFF_LOW_CONFIDENCE", 0.5, float, high=1),
                page_size=env.number("STAFF_PAGE_SIZE", 25, int, high=500),
                bcrypt_rounds=env.number("STAFF_BCRYPT_ROUNDS", 12, int, low=4, high=31),
                domain_dir=env.directory("STAFF_DOMAIN_DIR", PROJECT_ROOT / "domain"),
            ),
            rasa_workers=env.number("RASA_WORKERS", os.cpu_count() or 1, int, low=1, high=64),
            rasa_port=env.number("RASA_PORT", 5005, int, high=65535),
            actions_port=env.number("ACTIONS_PORT", 5055, int, high=65535),
            outbound=OutboundSettings(
                worker=env.choice("OUTBOUND_WORKER", ("gateway", "off"), "gateway"),
                telegram_per_s=env.number("OUTBOUND_TELEGRAM_PER_S", 30.0, float),
                webchat_per_s=env.number("OUTBOUND_WEBCHAT_PER_S", 100.0, float),
                max_attempts=env.number("OUTBOUND_MAX_ATTEMPTS", 8, int, low=1, high=100),
                poll_s=env.number("OUTBOUND_POLL_S", 2.0, float),
            ),
            phone_region=env.phone_region("PHONE_DEFAULT_REGION", "EE"),
            reference_prefix=env.checked("INTAKE_REFERENCE_PREFIX", "DP", validate_prefix),
            vacancy_source=env.vacancy_source("VACANCY_SOURCE"),
            vacancy_index_path=env.path(
                "VACANCY_INDEX_PATH", PROJECT_ROOT / "var" / "vacancies.db"
            ),
            vacancy_sample_path=env.path(
                "VACANCY_SAMPLE_PATH", PROJECT_ROOT / "data" / "vacancies" / "sample.jsonl"
            ),
            workinrussia_api_url=env.url("WORKINRUSSIA_API_URL", ("http", "https"))
            or "https://opendata.trudvsem.ru",
            vacancy_timeout_s=env.number("VACANCY_TIMEOUT_S", 5.0, float),
            vacancy_cache_ttl_s=env.number("VACANCY_CACHE_TTL_S", 300, int),
        )

    def with_secret_key(self) -> Settings:
        """These settings with a secret key: SECRET_KEY, or for the embedded set-up a random key
        kept in `var/secret_key` (web chat sessions then survive a restart of `make run`).
        Production sets SECRET_KEY, the same on every gateway replica."""
        if self.secret_key is not None:
            return self
        path = VAR_DIR / "secret_key"
        if not path.exists():
            log.warning("SECRET_KEY is not set: using a generated key kept in %s", path)
        return replace(self, secret_key=local_secret(path).encode())

    def rasa_token_or_local(self) -> str:
        """RASA_TOKEN, or for the embedded set-up a random token kept in `var/rasa_token`
        (`make run` passes it to Rasa's `--auth-token` and to the gateway)."""
        return self.rasa_token or local_secret(VAR_DIR / "rasa_token")


@cache
def settings() -> Settings:
    """This process's settings: read from the environment on the first call, then kept."""
    return Settings.from_env()


# Every variable `Settings.from_env` reads, in README's order (filled in by reading them once).
VARIABLES: list[str] = []


class _Environment:
    """Reads variables, each with the check its value needs; errors name the variable."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def text(self, name: str) -> str | None:
        if name not in VARIABLES:
            VARIABLES.append(name)
        value = self._environ.get(name, "").strip()
        return value or None

    def number(
        self,
        name: str,
        default: N,
        kind: type[N],
        *,
        low: float | None = None,
        high: float | None = None,
    ) -> N:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = kind(raw)
        except ValueError:
            whole = " whole" if kind is int else ""
            raise SettingsError(f"{name} must be a{whole} number, got {raw!r}") from None
        if low is None and value <= 0:
            raise SettingsError(f"{name} must be greater than 0, got {raw!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"at most {high}" if low is None else f"between {low} and {high}"
            raise SettingsError(f"{name} must be {bounds}, got {raw!r}")
        return value

    def choice(self, name: str, allowed: tuple[str, ...], default: str, upper: bool = False) -> str:
        raw = self.text(name)
        if raw is None:
            return default
        value = raw.upper() if upper else raw.lower()
        if value not in allowed:
            raise SettingsError(f"{name} must be {' or '.join(allowed)}, got {raw!r}")
        return value

    def url(self, name: str, schemes: tuple[str, ...], value: str | None = None) -> str | None:
        raw = self.text(name) if value is None else value.strip()
        if not raw:
            return None
        scheme, separator, rest = raw.partition("://")
        if not separator or scheme.lower() not in schemes or not rest.strip("/"):
            raise SettingsError(
                f"{name} must be a URL starting with {' or '.join(s + '://' for s in schemes)},"
                f" got {raw!r}"
            )
        return raw.rstrip("/")

    def urls(self, name: str, schemes: tuple[str, ...]) -> str | None:
        """One URL or several separated by commas, each checked like `url`."""
        raw = self.text(name)
        if raw is None:
            return None
        checked = [self.url(name, schemes, part) for part in raw.split(",") if part.strip()]
        return ",".join(url for url in checked if url) or None

    def database_url(self, name: str) -> str:
        raw = self.text(name)
        if raw is None:
            return default_database_url(PROJECT_ROOT)
        try:
            make_url(raw)
        except ArgumentError:
            raise SettingsError(
                f"{name} must be an SQLAlchemy URL such as postgresql+psycopg2://user@host/db"
                " or sqlite:////path/pes.db"
            ) from None
        return raw

    def path(self, name: str, default: Path) -> Path:
        raw = self.text(name)
        return Path(raw).expanduser() if raw else default

    def directory(self, name: str, default: Path) -> Path:
        path = self.path(name, default)
        if not path.is_dir():
            raise SettingsError(f"{name} must be a directory, got {str(path)!r}")
        return path

    def origins(self, name: str) -> tuple[str, ...]:
        raw = self.text(name) or ""
        return tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())

    def networks(self, name: str) -> tuple[str, ...]:
        raw = self.text(name) or ""
        entries = tuple(entry.strip() for entry in raw.split(",") if entry.strip())
        for entry in entries:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise SettingsError(
                    f"{name} must list IP addresses or networks such as 10.0.0.0/8, got {entry!r}"
                ) from None
        return entries

    def secret_key(self, name: str) -> bytes | None:
        raw = self.text(name)
        if raw is None:
            return None
        if len(raw) < 16:
            raise SettingsError(f"{name} must be at least 16 characters long")
        return raw.encode()

    def phone_region(self, name: str, default: str) -> str:
        raw = self.text(name)
        if raw is None:
            return default
        if not re.fullmatch(r"[A-Za-z]{2}", raw):
            raise SettingsError(f"{name} must be a two-letter country code such as EE, got {raw!r}")
        return raw.upper()

    def checked(self, name: str, default: str, check: Callable[[str], str]) -> str:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            return check(raw)
        except ValueError as error:
            raise SettingsError(f"{name}: {error}") from None

    def vacancy_source(self, name: str) -> str:
        raw = self.text(name) or "local"
        if raw in ("local", "workinrussia") or re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", raw):
            return raw
        raise SettingsError(
            f"{name} must be local, workinrussia or a dotted path package.module.Class, got {raw!r}"
        )


Settings.from_env({})  # fills VARIABLES, and checks that the defaults themselves are usable
