"""Console sessions kept on the server (table `staff_sessions`), so that ending one is final.

The cookie holds only a random token; the record, found by the token's SHA-256, says whose
session it is and whether it still runs. A session ends when its member of staff logs out (a
copy of the cookie made before is then worthless), when they log out everywhere, after
`session_max_age_s` without a request, and `session_lifetime_s` after the login however busy.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from common.settings import StaffSettings
from common.storage.columns import utc_now
from common.storage.sessions import read, write
from common.storage.staff_models import StaffSession


@dataclass(frozen=True)
class RunningSession:
    account_id: int
    created_at: datetime


# A session's last request is written at most this often (not one write per page view).
SEEN_PRECISION = timedelta(seconds=30)


class LoginSessions:
    def __init__(
        self, engine: Engine, settings: StaffSettings, *, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._engine = engine
        self._now = clock
        self._idle = timedelta(seconds=settings.session_max_age_s)
        self._lifetime = timedelta(seconds=settings.session_lifetime_s)

    async def open(self, account_id: int) -> str:
        """A new session of the account; returns its token (for the cookie only). Sessions
        long past their lifetime are cleared out meanwhile."""
        token = secrets.token_urlsafe(32)

        def work(session: Session) -> None:
            now = self._now()
            session.execute(
                delete(StaffSession).where(StaffSession.created_at < now - 2 * self._lifetime)
            )
            session.add(
                StaffSession(
                    id=_key(token), account_id=account_id, created_at=now, last_seen_at=now
                )
            )

        await write(self._engine, work)
        return token

    async def running(self, token: str) -> RunningSession | None:
        """The running session `token` opens (its last request moves to now); None when there
        is no such session or it has ended."""

        def find(session: Session) -> tuple[int, datetime, datetime, datetime | None] | None:
            record = session.get(StaffSession, _key(token))
            if record is None:
                return None
            return (record.account_id, record.created_at, record.last_seen_at, record.ended_at)

        found = await read(self._engine, find)
        now = self._now()
        if found is None:
            return None
        account_id, created_at, last_seen_at, ended_at = found
        if (
            ended_at is not None
            or now - last_seen_at > self._idle
            or now - created_at > self._lifetime
        ):
            return None
        if now - last_seen_at > SEEN_PRECISION:
            await self._update(StaffSession.id == _key(token), last_seen_at=now)
        return RunningSession(account_id, created_at)

    async def end(self, token: str) -> None:
        await self._update(StaffSession.id == _key(token), ended_at=self._now())

    async def end_all(self, account_id: int) -> None:
        """End every running session of the account ("log out everywhere")."""
        await self._update(
            StaffSession.account_id == account_id,
            StaffSession.ended_at.is_(None),
            ended_at=self._now(),
        )

    async def _update(self, *where: object, **values: object) -> None:
        def work(session: Session) -> None:
            session.execute(update(StaffSession).where(*where).values(**values))

        await write(self._engine, work)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
