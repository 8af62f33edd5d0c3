"""Script-based language detection, independent of Rasa so actions and channels can use it too.

Each language has a profile: the writing system it uses and, for languages that share a writing
system with another one, the letters or words that give it away (Kazakh shares Cyrillic with Russian
but has ә, ғ, қ…; Estonian shares Latin with English but has õ, ä, ö, ü). Adding a language means
adding a profile here and its response variations to the domain.

People also write Russian in Latin letters when their keyboard has no Cyrillic ("skolko platyat
posobie"): a profile's `transliterated_words` recognise that, when at least two of them occur (or
one, in a message of one or two words).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

SCRIPT_PATTERNS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[a-zA-Z\u00c0-\u024f]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff\u0500-\u052f]"),
}

# Text that says nothing about the language a person writes in.
_NOISE = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # links
    r"|[@#]\w+",  # mentions and hashtags
)


@dataclass(frozen=True)
class LanguageProfile:
    """How to recognise one language."""

    code: str
    script: str
    marker_letters: str = ""
    marker_words: frozenset[str] = field(default_factory=frozenset)
    transliterated_words: frozenset[str] = field(default_factory=frozenset)

    def is_transliterated(self, words: set[str]) -> bool:
        """Two of the words, or one in a message of at most two words ("spasibo", "privet")."""
        hits = len(self.transliterated_words & words)
        return hits >= TRANSLITERATED_WORDS_NEEDED or (hits == 1 and len(words) <= 2)

    def has_markers(self, text: str, words: set[str]) -> bool:
        return any(ch in self.marker_letters for ch in text) or bool(self.marker_words & words)


TRANSLITERATED_WORDS_NEEDED = 2
# Frequent Russian words as people write them in Latin letters (several spellings each); only
# words that are not also English words.
_RUSSIAN_IN_LATIN = frozenset(
    [
        "bezrabotica",
        "bezrabotice",
        "bezraboticy",
        "bezrabotnyj",
        "bezrabotnym",
        "bolshoe",
        "bolshoye",
        "chelovek",
        "chto",
        "chtoby",
        "dengi",
        "dlya",
        "dobriy",
        "dobroe",
        "dobry",
        "dobryj",
        "dobryy",
        "dokumentov",
        "dokumenty",
        "eto",
        "gde",
        "hochu",
        "horosho",
        "ischu",
        "ishu",
        "iskat",
        "kak",
        "kakaya",
        "kakie",
        "kakoj",
        "kakoy",
        "khochu",
        "khorosho",
        "kogda",
        "menya",
        "mne",
        "mogu",
        "mozhet",
        "mozhno",
        "nado",
        "nuzhen",
        "nuzhna",
        "nuzhno",
        "nuzhny",
        "pensiya",
        "platit",
        "platyat",
        "pochemu",
        "podskazhi",
        "podskazhite",
        "pogoda",
        "poka",
        "poluchat",
        "poluchit",
        "pomoch",
        "pomogi",
        "pomogite",
        "pomoshch",
        "ponyatno",
        "posobie",
        "posobiya",
        "posobiyu",
        "pozhalujsta",
        "pozhalusta",
        "pozhaluysta",
        "pozvonite",
        "privet",
        "rabota",
        "rabotaet",
        "rabotat",
        "rabote",
        "rabotu",
        "raboty",
        "sdelat",
        "segodnya",
        "skazhi",
        "skazhite",
        "skolko",
        "sokratili",
        "spasibo",
        "spravka",
        "spravki",
        "svidaniya",
        "svidanya",
        "svyazatsya",
        "tsentr",
        "uchet",
        "uchete",
        "uchyot",
        "utro",
        "uvolen",
        "uvolena",
        "uvolili",
        "uvolnenie",
        "vakansii",
        "vakansiya",
        "vchera",
        "vecher",
        "vstala",
        "vstat",
        "vyplata",
        "vyplaty",
        "zanyatosti",
        "zarplata",
        "zarplaty",
        "zavtra",
        "zdravstvuite",
        "zdravstvujte",
        "zdravstvuyte",
        "zhdat",
    ]
)

PROFILES: dict[str, LanguageProfile] = {
    profile.code: profile
    for profile in (
        LanguageProfile("en", "latin"),
        LanguageProfile("ru", "cyrillic", transliterated_words=_RUSSIAN_IN_LATIN),
        LanguageProfile("kk", "cyrillic", marker_letters="әғқңөұүһіӘҒҚҢӨҰҮҺІ"),
        LanguageProfile(
            "et",
            "latin",
            marker_letters="õäöüÕÄÖÜ",
            marker_words=frozenset({"tere", "aitäh", "jah", "ei", "töö", "kuidas", "palun"}),
        ),
    )
}


def words_of(text: str) -> set[str]:
    return set(re.findall(r"\w+", _NOISE.sub(" ", text or "").lower()))


def is_russian_in_latin_letters(text: str) -> bool:
    """Whether Latin-letter text is Russian written in translit ("skolko platyat posobie")."""
    return PROFILES["ru"].is_transliterated(words_of(text))


@dataclass(frozen=True)
class Detection:
    """A detected language and the share of letters written in its script (0..1)."""

    code: str
    confidence: float


class ScriptDetector:
    """Detects a message's language among the configured ones from the letters it uses."""

    def __init__(self, languages: list[str], min_letters: int = 2) -> None:
        unknown = [code for code in languages if code not in PROFILES]
        if unknown:
            raise ValueError(f"No language profile for {unknown}; known: {sorted(PROFILES)}")
        if not languages:
            raise ValueError("At least one language is needed")
        self.profiles = [PROFILES[code] for code in languages]
        self.min_letters = min_letters

    def detect(self, text: str) -> Detection | None:
        """The language of `text`, or None when it has too few letters to tell (a number, an emoji,
        an e-mail address, a button payload)."""
        if (text or "").lstrip().startswith("/"):
            return None  # a command or a button payload, not something the person wrote
        cleaned = _NOISE.sub(" ", text or "")
        counts: Counter[str] = Counter()
        for script, pattern in SCRIPT_PATTERNS.items():
            counts[script] = len(pattern.findall(cleaned))
        total = sum(counts.values())
        if total < self.min_letters:
            return None
        script, letters = counts.most_common(1)[0]
        candidates = [p for p in self.profiles if p.script == script]
        if not candidates:
            return None
        words = words_of(cleaned)
        transliterated = next((p for p in self.profiles if p.is_transliterated(words)), None)
        if script == "latin" and transliterated is not None:
            return Detection(transliterated.code, round(letters / total, 3))
        marked = [p for p in candidates if p.marker_letters or p.marker_words]
        chosen = next((p for p in marked if p.has_markers(cleaned, words)), None)
        if chosen is None:
            unmarked = [p for p in candidates if not (p.marker_letters or p.marker_words)]
            chosen = unmarked[0] if unmarked else None
        if chosen is None:
            return None
        return Detection(chosen.code, round(letters / total, 3))
