"""What the action server checks before it answers anything.

rasa_sdk imports every module of `actions` when it starts, this one too: a text missing in a
language (`actions.content.check_content`) or benefit rules it cannot use stop it here, with one
line naming the file and the key, instead of failing in the middle of somebody's conversation.
"""

from __future__ import annotations

from actions.benefit_estimate import benefit_rules
from actions.content import check_content
from common.content import ContentError

try:
    check_content()
    benefit_rules()
except ContentError as error:
    raise SystemExit(f"error: {error}") from None
