"""Storage shared by the Rasa action server and the gateway: engine, models, migrations, stores."""

from bot.db.engine import default_database_url, make_engine
from bot.db.intakes import IntakeRecord, IntakeStore, NewIntake
from bot.db.migrate import upgrade

__all__ = [
    "IntakeRecord",
    "IntakeStore",
    "NewIntake",
    "default_database_url",
    "make_engine",
    "upgrade",
]
