"""Alembic environment and revisions of the `common.storage` schema (`common.storage.migrate`)."""
