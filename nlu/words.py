"""Dictionary forms of words, without Rasa: shared by the NLU pipeline and the vacancy index.

Russian is highly inflected ("водителем", "водителя", "водители" are one word); pymorphy3 gives
the normal form of a Cyrillic word. Other words are lower-cased.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MORPH = pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The dictionary form of a word: Russian via pymorphy3, anything else lower-cased."""
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return lowered
    return str(_MORPH.parse(lowered)[0].normal_form).replace("ё", "е")
