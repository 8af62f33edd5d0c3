"""Storage shared by the Rasa action server and the gateway: engine, models, migrations, stores."""

from common.storage import (
    alerts,  # noqa: F401  (the job alerts' table belongs to the schema)
    booking_models,  # noqa: F401  (counselling slots and bookings belong to the schema)
    handoff_models,  # noqa: F401  (the live handoff's table belongs to the schema)
    outbox,  # noqa: F401  (the outbox's table belongs to the schema)
    staff_models,  # noqa: F401  (the staff console's tables belong to the schema)
)
from common.storage.engine import default_database_url, make_engine
from common.storage.intakes import IntakeRecord, IntakeStore, NewIntake
from common.storage.log_entries import LogEntry
from common.storage.log_filters import FilterError, InboxFilter
from common.storage.log_store import ConversationLog
from common.storage.migrate import upgrade

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
