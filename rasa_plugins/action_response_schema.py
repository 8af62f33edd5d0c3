"""The action server's replies checked against Rasa's response schema by a validator built once.

Rasa 3.6 checks every reply of the action server in `RemoteAction._validate_action_result` with
`jsonschema.validate(reply, schema)`. That call first checks the *schema* against the JSON Schema
meta-schema and builds a new validator; the schema never changes, so that work is repeated for
nothing on every custom action, form validation and custom slot mapping — it was a third of the
Rasa server's CPU per message (docs/capacity.md). `install()` replaces the method with one that
checks the schema once, keeps its validator, and rejects a reply that does not fit exactly as
Rasa does: the same best-matching `ValidationError`, with Rasa's hint appended.

rasa_plugins/patches.py installs it in every Rasa process started with endpoints.yml. The
validator is used from Rasa's event loop thread only.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

# Rasa's own wording (rasa.core.actions.action.RemoteAction._validate_action_result).
HINT = (
    ". Failed to validate Action server response from API, "
    "make sure your response from the Action endpoint is valid. "
    f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


@cache
def response_validator() -> Validator:
    """The validator of `RemoteAction.action_response_format_spec()`, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator: Validator = validator_class(schema)
    return validator


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """True for a valid reply; raises Rasa's `ValidationError` for one that is not."""
    error: ValidationError | None = best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += HINT
    raise error


def install() -> None:
    """Make every `RemoteAction` check replies with the validator built once."""
    RemoteAction._validate_action_result = validate_action_result
