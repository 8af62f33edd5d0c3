"""Word normalisation shared by the vacancy index and its queries, and schedule wording.

Indexed text and query words both go through `normalise_word`, so any Russian word form meets
its dictionary form ("водителем" → "водитель", "Казани" → "казань") and English plurals meet
their singular ("welders" → "welder"). The Russian part is `nlu.words.lemma` (pymorphy3), the
same normal form the NLU pipeline uses; the English part is a deliberately light plural strip.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.words import lemma

# Letters and digits; "_" is punctuation for the FTS5 unicode61 tokenizer too.
_WORD = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[\s_\-]+")

# Grammatical words that carry no meaning in an occupation or place ("работа в Казани").
_STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "for", "from", "in", "near", "of", "or", "the", "to"),
        *("в", "во", "г", "гор", "город", "для", "и", "или", "на", "около", "по", "рядом", "с"),
        "со",
    }
)
# Places that mean "no filter": "anywhere", "любой", "везде", "где угодно", "не важно", …
_ANYWHERE_WORDS = frozenset(
    {
        *("any", "anywhere", "everywhere", "matter", "no", "where"),
        *("весь", "везде", "все", "всё", "где", "любой", "неважно", "не", "важно", "равно"),
        *("угодно", "нибудь"),
    }
)

# (schedule, fragments) in the order they are tried: "неполный день" must be part_time before
# "полный день" can make it full_time.
_SCHEDULE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "remote",
        ("remote", "work from home", "home office", "telework", "удален", "дистанц", "надом"),
    ),
    ("part_time", ("part time", "parttime", "неполн", "частичн", "подработ")),
    ("shift", ("shift", "rotation", "сменн", "посменн", "вахт")),
    ("full_time", ("full time", "fulltime", "полный", "полная", "пятиднев", "5/2")),
)


def _strip_english_plural(word: str) -> str:
    """ "welders" → "welder", "companies" → "company", "boxes" → "box"; short words stay."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """The form a word is indexed and searched under (lower case, dictionary form)."""
    base = lemma(word)
    if base.isascii() and base.isalpha():
        return _strip_english_plural(base)
    return base


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, as the index splits them."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=200_000)
def _normalise_piece(piece: str) -> str:
    return " ".join(map(normalise_word, _WORD.findall(piece)))


def normalise_text(text: str) -> str:
    """A text as space-separated normalised words, ready for the full-text index."""
    # Split at whitespace first and remember each piece with its punctuation ("работы,"):
    # pieces repeat so much that this is about twice as fast as finding words one by one.
    return " ".join(filter(None, map(_normalise_piece, text.lower().split())))


# Titles, cities and regions repeat a lot across vacancies: remember them whole.
normalise_phrase = lru_cache(maxsize=100_000)(normalise_text)


def query_words(text: str) -> list[tuple[str, str]]:
    """(as typed, normalised) for each meaningful word of an occupation query."""
    return [(word, normalise_word(word)) for word in words(text) if word not in _STOP_WORDS]


def normalise_place(text: str | None) -> str | None:
    """A city or region as normalised words ("в Казани" → "казань"); None means anywhere."""
    if not text:
        return None
    found = [(word, normalise_word(word)) for word in words(text) if word not in _STOP_WORDS]
    if all(word in _ANYWHERE_WORDS or base in _ANYWHERE_WORDS for word, base in found):
        return None
    return " ".join(base for _, base in found)


@lru_cache(maxsize=1024)
def normalise_schedule(text: str | None) -> str | None:
    """One of model.SCHEDULES from a source's or a person's wording, None when unknown.

    "удалённая работа" → remote, "сменный график" → shift, "полный день" → full_time,
    "part-time" → part_time; "flexible" → None.
    """
    if not text:
        return None
    lowered = " " + _SEPARATORS.sub(" ", text.lower().replace("ё", "е")).strip() + " "
    if lowered.strip() in ("remote", "part time", "full time", "shift"):
        return lowered.strip().replace(" ", "_")
    for schedule, fragments in _SCHEDULE_WORDS:
        if any(fragment in lowered for fragment in fragments):
            return schedule
    return None
