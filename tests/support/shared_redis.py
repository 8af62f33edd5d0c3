"""The Redis the tests use: the local server's database 15, so a test run never reads or writes
the keys of `make run` (database 0 by default). The gateway's keys are further scoped to its
database (`relay.shared_state.installation_key`), so two test runs at once do not meet either."""

from __future__ import annotations

from support.processes import free_port

REDIS_URL = "redis://127.0.0.1:6379/15"


def unreachable_redis_url() -> str:
    """A Redis URL nothing listens on: a port just found free (bound, then closed again)."""
    return f"redis://127.0.0.1:{free_port()}/0"
