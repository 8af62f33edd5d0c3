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


# Informal Latin spellings of Russian letters, longest first; "ts" is also read as "т"+"с"
# ("nakhoditsya" → находится), and a missing soft sign is put back where it makes a known word
# ("skolko" → сколько). No transliteration library reads chat translit this way.
_LATIN_TO_CYRILLIC = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ya", "я"),
    ("ja", "я"),
    ("ia", "я"),
    ("yu", "ю"),
    ("ju", "ю"),
    ("iu", "ю"),
    ("yo", "ё"),
    ("jo", "ё"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("w", "в"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("i", "и"),
    ("j", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("h", "х"),
    ("c", "ц"),
    ("x", "кс"),
    ("q", "к"),
    ("'", "ь"),
)
_VOWELS = "аеёиоуыэюя"
_SOFTENABLE = "бвдзлмнпрстф"
_LATIN_WORD = re.compile(r"^[a-z']+$")


def _spell(word: str, ts_as_one_letter: bool) -> str:
    cyrillic, position = "", 0
    while position < len(word):
        if word.startswith("ts", position) and ts_as_one_letter:
            latin, letter = "ts", "ц"
        else:
            latin, letter = next(
                ((lat, cyr) for lat, cyr in _LATIN_TO_CYRILLIC if word.startswith(lat, position)),
                (word[position], word[position]),
            )
        if latin == "y":  # й after a vowel or at the start, ы after a consonant
            letter = "й" if not cyrillic or cyrillic[-1] in _VOWELS else "ы"
        cyrillic, position = cyrillic + letter, position + len(latin)
    return cyrillic


def _variants(spelling: str) -> list[str]:
    """The spelling, with "э" for an initial "е", and with one soft sign put back."""
    bases = [spelling, "э" + spelling[1:]] if spelling.startswith("е") else [spelling]
    softened = [
        base[:cut] + "ь" + base[cut:]
        for base in bases
        for cut in range(1, len(base) + 1)
        if base[cut - 1] in _SOFTENABLE and (cut == len(base) or base[cut] not in _VOWELS)
    ]
    return [*bases, *softened]


@lru_cache(maxsize=20_000)
def cyrillic_from_latin(word: str) -> str | None:
    """The Russian word a Latin-letter spelling stands for ("dengi" → "деньги"), or None."""
    lowered = word.lower()
    if not _LATIN_WORD.match(lowered):
        return None
    spellings = dict.fromkeys(_spell(lowered, ts) for ts in (True, False))
    candidates = [v for spelling in spellings for v in _variants(spelling)]
    return next((c for c in candidates if _MORPH.word_is_known(c)), None)
