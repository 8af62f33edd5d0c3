"""Script-based language detection, independent of Rasa so the gateway and actions use it too.

Each language (`common.languages`, from `data/content/languages.yml`) is written in a script; a
language that shares its script with another one has marker letters or words that give it away
(Kazakh shares Cyrillic with Russian but has ә, ғ, қ…; Estonian shares Latin with English but has
õ, ä, ö, ü). A message's language is the one whose script most of its letters are written in,
except that a language also written in another script is recognised by its transliterated words:
people write Russian in Latin letters when their keyboard has no Cyrillic ("skolko platyat
posobie"), and at least two such words (one in a message of one or two words) make it Russian.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from common.languages import Language, Languages

# How many transliterated words of a language make a message that language.
TRANSLITERATED_WORDS_NEEDED = 2
# Text that says nothing about the language a person writes in.
_NOISE = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # links
    r"|[@#]\w+",  # mentions and hashtags
)


@dataclass(frozen=True)
class Detection:
    """A detected language and the share of letters written in its script (0..1)."""

    code: str
    confidence: float


class ScriptDetector:
    """Detects a message's language among the given ones from the letters it uses."""

    def __init__(
        self, languages: Languages, codes: Sequence[str] | None = None, min_letters: int = 2
    ) -> None:
        """`codes`: a subset of `languages`, in order of preference (default: all of them)."""
        chosen = list(codes) if codes is not None else list(languages.codes)
        unknown = [code for code in chosen if code not in languages]
        if unknown:
            raise ValueError(f"No language {unknown} in languages.yml; known: {languages.codes}")
        if not chosen:
            raise ValueError("At least one language is needed")
        self.profiles: list[Language] = [languages.by_code[code] for code in chosen]
        used = {profile.script for profile in self.profiles}
        self.scripts = {
            script: re.compile(f"[{ranges}]")
            for script, ranges in languages.scripts.items()
            if script in used
        }
        self.min_letters = min_letters

    def detect(self, text: str) -> Detection | None:
        """The language of `text`, or None when it has too few letters to tell (a number, an emoji,
        an e-mail address, a button payload)."""
        if (text or "").lstrip().startswith("/"):
            return None  # a command or a button payload, not something the person wrote
        cleaned = _NOISE.sub(" ", text or "")
        counts: Counter[str] = Counter()
        for script, pattern in self.scripts.items():
            counts[script] = len(pattern.findall(cleaned))
        total = sum(counts.values())
        if total < self.min_letters:
            return None
        script, letters = counts.most_common(1)[0]
        candidates = [p for p in self.profiles if p.script == script]
        if not candidates:
            return None
        words = words_of(cleaned)
        transliterated = next((p for p in self.profiles if _transliterated(p, words)), None)
        if transliterated is not None and transliterated.script != script:
            return Detection(transliterated.code, round(letters / total, 3))
        chosen = next((p for p in candidates if p.marked and _has_markers(p, cleaned, words)), None)
        if chosen is None:
            chosen = next((p for p in candidates if not p.marked), None)
        if chosen is None:
            return None
        return Detection(chosen.code, round(letters / total, 3))


def words_of(text: str) -> set[str]:
    """The lower-case words of `text`, without addresses, links and mentions."""
    return set(re.findall(r"\w+", _NOISE.sub(" ", text or "").lower()))


def is_transliterated(text: str, language: Language) -> bool:
    """Whether `text` is `language` written in another script ("skolko platyat posobie" for
    Russian): at least TRANSLITERATED_WORDS_NEEDED of its transliterated words, or one in a
    message of at most two words."""
    return _transliterated(language, words_of(text))


def _transliterated(language: Language, words: set[str]) -> bool:
    """Two of its words, or one in a message of at most two words ("spasibo", "privet")."""
    hits = len(language.transliterated_words & words)
    return hits >= TRANSLITERATED_WORDS_NEEDED or (hits == 1 and len(words) <= 2)


def _has_markers(language: Language, text: str, words: set[str]) -> bool:
    letters = language.marker_letters
    return any(ch in letters or ch.lower() in letters for ch in text) or bool(
        language.marker_words & words
    )
