"""Settings of the staff console, read from `STAFF_*` environment variables (listed in README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from common.settings import PROJECT_ROOT, SettingsError


@dataclass(frozen=True)
class StaffSettings:
    """How long sessions live, how many login attempts are allowed, what counts as "low"."""

    # A session ends after this long without a request (idle), 8 hours by default.
    session_max_age_s: int = 8 * 3600
    # Login attempts allowed per username and address in `login_window_s`.
    login_attempts: int = 5
    login_window_s: int = 15 * 60
    # An intent confidence below this is highlighted and is the inbox's default "low" filter.
    low_confidence: float = 0.5
    page_size: int = 25
    # bcrypt cost of passwords set in the console or with `python -m bot staff` (4..31).
    bcrypt_rounds: int = 12
    # The Rasa domain whose intents reviewers choose from when they collect NLU examples.
    domain_dir: Path = PROJECT_ROOT / "domain"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StaffSettings:
        env = os.environ if environ is None else environ

        def whole(name: str, default: int, low: int = 1, high: int | None = None) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
            if value < low or (high is not None and value > high):
                bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
                raise SettingsError(f"{name} must be {bounds}, got {raw!r}")
            return value

        raw_low = env.get("STAFF_LOW_CONFIDENCE", "").strip()
        try:
            low_confidence = float(raw_low) if raw_low else cls.low_confidence
        except ValueError:
            raise SettingsError(f"STAFF_LOW_CONFIDENCE must be a number, got {raw_low!r}") from None
        if not 0 < low_confidence <= 1:
            raise SettingsError(f"STAFF_LOW_CONFIDENCE must be in (0, 1], got {raw_low!r}")
        domain = env.get("STAFF_DOMAIN_DIR", "").strip()
        return cls(
            session_max_age_s=whole("STAFF_SESSION_MAX_AGE_S", cls.session_max_age_s),
            login_attempts=whole("STAFF_LOGIN_ATTEMPTS", cls.login_attempts),
            login_window_s=whole("STAFF_LOGIN_WINDOW_S", cls.login_window_s),
            low_confidence=low_confidence,
            page_size=whole("STAFF_PAGE_SIZE", cls.page_size, 1, 500),
            bcrypt_rounds=whole("STAFF_BCRYPT_ROUNDS", cls.bcrypt_rounds, 4, 31),
            domain_dir=Path(domain) if domain else cls.domain_dir,
        )
