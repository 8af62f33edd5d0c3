"""The audit log: every reveal, export, erasure and purge of personal data, for admins to read.

Entries name targets without personal data (a conversation id, a masked sender id); they are
kept when conversations are purged or erased.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.storage.columns import utc_now
from common.storage.log_models import AuditEntry
from common.storage.log_records import AuditRecord

# The actions the conversation log writes; the console may add its own (e.g. "user_added").
LOG_ACTIONS: Final = ("reveal", "export", "erase", "purge")
_ACTION: Final = re.compile(r"[a-z][a-z_]{0,31}")


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str | None = None,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditRecord:
    """Add an entry in the caller's transaction (it is kept only if that commits)."""
    if not actor.strip():
        raise ValueError("an audit entry needs the actor")
    if not _ACTION.fullmatch(action):
        raise ValueError(f"an audit action is a lower-case word of up to 32 letters: {action!r}")
    row = AuditEntry(
        at=utc_now(),
        actor=actor.strip(),
        action=action,
        target=target,
        reason=reason.strip() if reason else None,
        details=dict(details) if details else None,
    )
    session.add(row)
    session.flush()
    return audit_record(row)


def latest(
    session: Session, *, limit: int, offset: int = 0, action: str | None = None
) -> list[AuditRecord]:
    """The newest entries first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action == action)
    rows = session.execute(query.offset(offset).limit(limit)).scalars()
    return [audit_record(row) for row in rows]


def audit_record(row: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        target=row.target,
        reason=row.reason,
        details=dict(row.details or {}),
    )
