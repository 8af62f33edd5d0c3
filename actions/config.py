"""The action server's settings: the process's one `Settings` (`common.settings`), read once.

`CONFIG` is read when the action server imports its actions, so a variable it cannot use stops
it before it answers anything, with a message naming the variable. A vacancy source of your own
is constructed with it (`Class(config)`); `ActionsConfig` is its type.
"""

from __future__ import annotations

from typing import Final

from common.settings import Settings, settings

ActionsConfig = Settings
CONFIG: Final[Settings] = settings()
