"""Storage shared by the Rasa action server and the gateway: engine, models, migrations, stores."""

from bot.db import (
    handoff_models,  # noqa: F401  (the live handoff's table belongs to the schema)
    staff_models,  # noqa: F401  (the staff console's tables belong to the schema)
)
from bot.db.engine import default_database_url, make_engine
from bot.db.intakes import IntakeRecord, IntakeStore, NewIntake
from bot.db.log_entries import LogEntry
from bot.db.log_filters import FilterError, InboxFilter
from bot.db.log_store import ConversationLog
from bot.db.migrate import upgrade

__all__ = [
    "ConversationLog",
    "FilterError",
    "InboxFilter",
    "IntakeRecord",
    "IntakeStore",
    "LogEntry",
    "NewIntake",
    "default_database_url",
    "make_engine",
    "upgrade",
]
