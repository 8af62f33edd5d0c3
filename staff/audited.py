"""One conversation exported (or saved as a test story), with its audit entry.

The log store exports filtered sets; a single conversation's download is read here with the
log's own queries, masking and audit log (`common.storage`), in one transaction: the data is
returned only if the audit entry is written.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.engine import Engine

from common.privacy import mask_sender_id
from common.storage import audit, log_queries
from common.storage.log_masking import Masker
from common.storage.log_records import Transcript
from common.storage.sessions import writing


async def export_conversation(
    engine: Engine,
    conversation_id: int,
    *,
    by: str,
    what: str,
    reveal: bool = False,
    reason: str | None = None,
) -> Transcript | None:
    """The conversation for a download (`what`: its format), masked unless `reveal`."""

    def run() -> Transcript | None:
        with writing(engine) as session:
            found = log_queries.transcript(session, conversation_id)
            if found is None:
                return None
            details: dict[str, Any] = {
                "format": what,
                "revealed": reveal,
                "sender": mask_sender_id(found.conversation.sender_id),
            }
            audit.record(
                session,
                actor=by,
                action="export",
                target=f"conversation:{conversation_id}",
                reason=reason,
                details=details,
            )
        if reveal:
            return Transcript(found.conversation, found.events, found.notes, revealed=True)
        return Masker.for_events(found.events).transcript(found)

    return await asyncio.to_thread(run)
