"""Dictionary forms of words, without Rasa: shared by the NLU pipeline and the vacancy index.

Russian is highly inflected ("водителем", "водителя", "водители" are one word); pymorphy3 gives
the normal form of a Cyrillic word. Other words are lower-cased.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

from common.scripts import is_transliterated, words_of
from common.settings import settings

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
    """The spelling; with "э" for an initial "е"; with "й" for an "и" after a vowel ("dobryi");
    and each of those with one soft sign put back ("skolko")."""
    bases = [spelling, "э" + spelling[1:]] if spelling.startswith("е") else [spelling]
    bases += [
        base[:at] + "й" + base[at + 1 :]
        for base in list(bases)
        for at in range(1, len(base))
        if base[at] == "и" and base[at - 1] in _VOWELS
    ]
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


KNOWN_SHARE_NEEDED = 0.6


def is_russian_in_latin(text: str) -> bool:
    """Whether Latin-letter text is Russian typed in translit.

    The frequent-word check of common.scripts (the words of languages.yml) decides alone when it
    is sure (two such words, or one in a short message); otherwise one frequent word must be
    there *and* most longer words must spell known Russian words ("svyazhite menya s
    konsultantom"). International words alone ("internet bank problem") never make a message
    Russian.
    """
    russian = settings().languages.by_code.get("ru")  # as data/content/languages.yml has it
    if russian is None:
        return False
    if is_transliterated(text, russian):
        return True
    words = words_of(text)
    if not russian.transliterated_words & words:
        return False
    longer = [word for word in words if len(word) >= 3 and _LATIN_WORD.match(word)]
    known = [word for word in longer if cyrillic_from_latin(word)]
    return bool(longer) and len(known) / len(longer) >= KNOWN_SHARE_NEEDED
