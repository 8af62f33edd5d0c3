"""Every process reads its settings once from the environment, and refuses unusable values."""

import os
import re
import shutil
from pathlib import Path

import pytest

from common.settings import VARIABLES, Settings, SettingsError, settings

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s" * 32
# Read by the Rasa server from endpoints.yml (set by `make run`), or by `make run` (Procfile).
MAKE_RUN_ONLY = {"ACTION_ENDPOINT_URL", "RASA_ENDPOINTS", "RASA_HOST", "ACTIONS_HOST"}


def test_defaults_are_the_embedded_set_up() -> None:
    defaults = Settings.from_env({})

    assert defaults.secret_key is None  # the gateway generates one; no other process needs it
    assert defaults.port == 8080
    assert defaults.rasa_url == "http://localhost:5005"
    assert defaults.redis_url is None
    assert defaults.database_url.startswith("sqlite:///")
    assert defaults.database_url.endswith("var/pes.db")
    assert defaults.telegram_bot_token is None
    assert defaults.webchat_rate_limit == 30
    assert defaults.webchat_max_text == 2000
    assert defaults.default_language == "en"  # languages.yml's default
    assert defaults.languages.codes == ("en", "ru")
    assert defaults.vacancy_source == "local"
    assert defaults.staff.bcrypt_rounds == 12
    assert defaults.log_retention_days == 365


def test_every_documented_variable_is_read() -> None:
    read = Settings.from_env(
        {
            "SECRET_KEY": SECRET,
            "GATEWAY_PORT": "9090",
            "RASA_URL": "http://rasa:5005/",
            "RASA_TIMEOUT_S": "2.5",
            "REDIS_URL": "redis://redis:6379/1",
            "DATABASE_URL": "postgresql://pes@db/pes",
            "DEFAULT_LANGUAGE": "ru",
            "LOG_LEVEL": "debug",
            "LOG_RETENTION_DAYS": "30",
            "WEBCHAT_RATE_LIMIT": "10",
            "WEBCHAT_ALLOWED_ORIGINS": "https://pes.example, https://www.pes.example/",
            "TELEGRAM_BOT_TOKEN": "123:ABC",
            "TELEGRAM_WEBHOOK_SECRET": "hook-secret",
            "TELEGRAM_MODE": "polling",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "STAFF_LOW_CONFIDENCE": "0.4",
            "STAFF_BCRYPT_ROUNDS": "4",
            "PHONE_DEFAULT_REGION": "ru",
            "INTAKE_REFERENCE_PREFIX": "MSK",
            "VACANCY_SOURCE": "workinrussia",
            "VACANCY_TIMEOUT_S": "1.5",
            "WORKINRUSSIA_API_URL": "http://127.0.0.1:9000/",
        }
    )

    assert read.secret_key == SECRET.encode()
    assert read.port == 9090
    assert read.rasa_url == "http://rasa:5005"
    assert read.rasa_timeout_s == 2.5
    assert read.redis_url == "redis://redis:6379/1"
    assert read.database_url == "postgresql://pes@db/pes"
    assert read.default_language == "ru"
    assert read.log_level == "DEBUG"
    assert read.log_retention_days == 30
    assert read.webchat_rate_limit == 10
    assert read.webchat_allowed_origins == ("https://pes.example", "https://www.pes.example")
    assert read.telegram_mode == "polling"
    assert read.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert read.staff.low_confidence == 0.4
    assert read.staff.bcrypt_rounds == 4
    assert read.phone_region == "RU"
    assert read.reference_prefix == "MSK"
    assert read.vacancy_source == "workinrussia"
    assert read.vacancy_timeout_s == 1.5
    assert read.workinrussia_api_url == "http://127.0.0.1:9000"


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("GATEWAY_PORT", "eighty", "GATEWAY_PORT must be a whole number, got 'eighty'"),
        ("GATEWAY_PORT", "70000", "GATEWAY_PORT must be at most 65535"),
        ("RASA_TIMEOUT_S", "-1", "RASA_TIMEOUT_S must be greater than 0"),
        ("RASA_URL", "rasa:5005", "RASA_URL must be a URL starting with http:// or https://"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be a URL starting with redis://"),
        ("DATABASE_URL", "not a url", "DATABASE_URL must be an SQLAlchemy URL"),
        ("TELEGRAM_MODE", "carrier-pigeon", "TELEGRAM_MODE must be webhook or polling"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 16 characters"),
        (
            "TRUSTED_PROXIES",
            "10.0.0.1, proxy.local",
            "TRUSTED_PROXIES must list IP addresses or networks such as 10.0.0.0/8, got 'proxy."
            "local'",
        ),
        ("WEBCHAT_HELLO_LIMIT", "0", "WEBCHAT_HELLO_LIMIT must be greater than 0"),
        ("DEFAULT_LANGUAGE", "de", "DEFAULT_LANGUAGE must be one of en, ru"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be DEBUG or INFO or WARNING"),
        ("LOG_RETENTION_DAYS", "0", "LOG_RETENTION_DAYS must be greater than 0"),
        ("STAFF_LOW_CONFIDENCE", "2", "STAFF_LOW_CONFIDENCE must be at most 1"),
        ("STAFF_BCRYPT_ROUNDS", "3", "STAFF_BCRYPT_ROUNDS must be between 4 and 31"),
        ("STAFF_DOMAIN_DIR", "/nowhere", "STAFF_DOMAIN_DIR must be a directory"),
        ("CONTENT_DIR", "/nowhere", "CONTENT_DIR must be a directory"),
        ("PHONE_DEFAULT_REGION", "EST", "PHONE_DEFAULT_REGION must be a two-letter country"),
        ("INTAKE_REFERENCE_PREFIX", "dp-", "INTAKE_REFERENCE_PREFIX: reference prefix must be"),
        ("VACANCY_SOURCE", "ftp", "VACANCY_SOURCE must be local, workinrussia or a dotted path"),
        ("VACANCY_CACHE_TTL_S", "5.5", "VACANCY_CACHE_TTL_S must be a whole number"),
        ("WORKINRUSSIA_API_URL", "trudvsem.ru", "WORKINRUSSIA_API_URL must be a URL"),
        ("RASA_URL", "http://a:5005,b:5006", "RASA_URL must be a URL starting with http://"),
        ("RASA_WORKERS", "0", "RASA_WORKERS must be between 1 and 64"),
        ("RASA_WORKERS", "two", "RASA_WORKERS must be a whole number"),
        ("ACTIONS_PORT", "65536", "ACTIONS_PORT must be at most 65535"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(
    name: str, value: str, complaint: str
) -> None:
    with pytest.raises(SettingsError, match=re.escape(complaint)):
        Settings.from_env({name: value})


def test_several_rasa_servers_are_one_comma_separated_rasa_url() -> None:
    read = Settings.from_env(
        {
            "RASA_URL": "http://127.0.0.1:5005/, http://127.0.0.1:5006,http://127.0.0.1:5005",
            "RASA_WORKERS": "3",
        }
    )

    assert read.rasa_urls == ("http://127.0.0.1:5005", "http://127.0.0.1:5006")
    assert read.rasa_workers == 3
    assert Settings.from_env({}).rasa_urls == ("http://localhost:5005",)


def test_the_default_worker_count_is_the_number_of_cores() -> None:
    assert Settings.from_env({}).rasa_workers == (os.cpu_count() or 1)


def test_a_content_directory_without_languages_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"CONTENT_DIR: .*languages\.yml: cannot read the file"):
        Settings.from_env({"CONTENT_DIR": str(tmp_path)})


def test_the_languages_come_from_the_content_directory(tmp_path: Path) -> None:
    shutil.copy(ROOT / "data" / "content" / "languages.yml", tmp_path)
    (tmp_path / "languages.yml").write_text(
        (tmp_path / "languages.yml")
        .read_text(encoding="utf-8")
        .replace("default: en", "default: ru"),
        encoding="utf-8",
    )

    read = Settings.from_env({"CONTENT_DIR": str(tmp_path)})

    assert read.default_language == "ru"
    assert read.languages.code_for("по-английски") == "en"


def test_a_process_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_PORT", "9191")
    first = settings()
    monkeypatch.setenv("GATEWAY_PORT", "9292")

    assert settings() is first
    assert settings().port == 9191


def test_without_secret_key_the_gateway_keeps_a_generated_one() -> None:
    gateway = Settings.from_env({}).with_secret_key()

    assert gateway.secret_key is not None and len(gateway.secret_key) >= 32
    assert Settings.from_env({}).with_secret_key().secret_key == gateway.secret_key


def test_readme_documents_every_variable_once() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = [name for row in rows for name in re.findall(r"`([A-Z0-9_]+)`", row.split("|")[1])]

    assert sorted(documented) == sorted(set(documented)), "a variable has two rows"
    assert set(documented) == set(VARIABLES) | MAKE_RUN_ONLY
