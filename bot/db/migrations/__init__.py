"""Alembic environment and revisions for the `bot.db` schema (run by `bot.db.migrate`)."""
