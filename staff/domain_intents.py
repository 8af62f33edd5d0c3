"""The intents a reviewer can choose for an NLU example, read from the Rasa domain.

A retrieval intent (such as `faq`) is offered as its sub-intents (`faq/registration_documents`,
one per `utter_faq/...` response), because those are what the NLU data is written with.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from common.content import read_yaml


@lru_cache(maxsize=4)
def intent_choices(domain_dir: Path) -> tuple[str, ...]:
    """Sorted intent names of the domain (a directory of YAML files, or one file)."""
    files = sorted(domain_dir.glob("*.yml")) if domain_dir.is_dir() else [domain_dir]
    intents: set[str] = set()
    responses: set[str] = set()
    for path in files:
        data: Any = read_yaml(path) or {}
        for item in data.get("intents") or []:
            name = next(iter(item), None) if isinstance(item, dict) else item
            if isinstance(name, str):
                intents.add(name)
        responses.update(name for name in data.get("responses") or {} if isinstance(name, str))
    choices: set[str] = set()
    for intent in intents:
        prefix = f"utter_{intent}/"
        retrieval = {name.removeprefix("utter_") for name in responses if name.startswith(prefix)}
        choices.update(retrieval or {intent})
    return tuple(sorted(choices))
