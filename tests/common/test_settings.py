"""The gateway reads its settings once from the environment and refuses unusable values."""

import pytest

from common.settings import Settings, SettingsError

SECRET = "s" * 32


def test_defaults_are_the_embedded_set_up() -> None:
    settings = Settings.from_env({"SECRET_KEY": SECRET})

    assert settings.port == 8080
    assert settings.rasa_url == "http://localhost:5005"
    assert settings.redis_url is None
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith(
        "pes.db"
    )
    assert settings.telegram_bot_token is None
    assert settings.webchat_rate_limit == 30
    assert settings.webchat_max_text == 2000


def test_every_documented_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "SECRET_KEY": SECRET,
            "GATEWAY_PORT": "9090",
            "RASA_URL": "http://rasa:5005/",
            "RASA_TIMEOUT_S": "2.5",
            "REDIS_URL": "redis://redis:6379/1",
            "DATABASE_URL": "postgresql://pes@db/pes",
            "DEFAULT_LANGUAGE": "ru",
            "WEBCHAT_RATE_LIMIT": "10",
            "WEBCHAT_ALLOWED_ORIGINS": "https://pes.example, https://www.pes.example/",
            "TELEGRAM_BOT_TOKEN": "123:ABC",
            "TELEGRAM_WEBHOOK_SECRET": "hook-secret",
            "TELEGRAM_MODE": "polling",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
        }
    )

    assert settings.port == 9090
    assert settings.rasa_url == "http://rasa:5005"
    assert settings.rasa_timeout_s == 2.5
    assert settings.redis_url == "redis://redis:6379/1"
    assert settings.database_url == "postgresql://pes@db/pes"
    assert settings.default_language == "ru"
    assert settings.webchat_rate_limit == 10
    assert settings.webchat_allowed_origins == ("https://pes.example", "https://www.pes.example")
    assert settings.telegram_mode == "polling"
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("GATEWAY_PORT", "eighty", "GATEWAY_PORT must be a number"),
        ("RASA_TIMEOUT_S", "-1", "RASA_TIMEOUT_S must be greater than 0"),
        ("TELEGRAM_MODE", "carrier-pigeon", "TELEGRAM_MODE must be webhook or polling"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 16 characters"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(
    name: str, value: str, complaint: str
) -> None:
    with pytest.raises(SettingsError, match=complaint):
        Settings.from_env({"SECRET_KEY": SECRET, name: value})
