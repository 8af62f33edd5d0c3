"""Chat texts for the benefit estimate: labels, disclaimer, reasons, money format.

They live in YAML (``data/content/benefit_texts.yml``, key → language → text like every texts
file) so that a PES can reword them without Python. Loading checks that every text exists in
every language and only uses the ``{placeholders}`` the assistant fills in, so a typo fails at
start-up, not in a chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from types import MappingProxyType

from actions.benefit.fields import Fields
from actions.benefit.reasons import REASON_DETAILS
from actions.benefit.yaml_file import read_yaml

# Every text key and the placeholders it may use.
TEXT_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "money": frozenset({"symbol", "amount"}),
    "estimate_title": frozenset({"benefit"}),
    "period": frozenset({"first_day", "last_day", "days", "monthly", "daily", "rate"}),
    "minimum_applied": frozenset({"minimum"}),
    "maximum_applied": frozenset({"maximum"}),
    "duration": frozenset({"days"}),
    "waiting": frozenset({"waiting_days", "first_paid_day"}),
    "total": frozenset({"total", "days"}),
    "disclaimer": frozenset(),
    "source": frozenset({"url"}),
    "ineligible_title": frozenset({"benefit"}),
    "alternatives_title": frozenset(),
    "alternative": frozenset({"text"}),
    "alternative_url": frozenset({"url"}),
    **{f"reason_{code}": details for code, details in REASON_DETAILS.items()},
}

SEPARATOR_KEYS = ("thousands_separator", "decimal_separator")


def check_template(fields: Fields, key: str, template: str, allowed: frozenset[str]) -> None:
    """Fail unless `template` only uses ``{name}`` placeholders from `allowed`."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError:
        problem = "has an unmatched { or }; write {{ or }} for a literal brace"
        raise fields.error(key, problem) from None
    for _, name, format_spec, conversion in parsed:
        if name is None:
            continue
        if format_spec or conversion or name not in allowed:
            choices = ", ".join(f"{{{p}}}" for p in sorted(allowed)) or "none"
            raise fields.error(key, f"unknown placeholder {{{name}}}; allowed here: {choices}")


@dataclass(frozen=True)
class LanguageTexts:
    """The texts and number format of one language."""

    language: str
    thousands_separator: str
    decimal_separator: str
    templates: Mapping[str, str]

    def render(self, key: str, **values: object) -> str:
        """Fill in one text's placeholders."""
        return self.templates[key].format(**values)


@dataclass(frozen=True)
class BenefitTexts:
    """All languages' texts, keyed by language code (``en``, ``ru``)."""

    by_language: Mapping[str, LanguageTexts]

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes, in file order."""
        return tuple(self.by_language)

    def for_language(self, language: str) -> LanguageTexts:
        """Texts for `language`; ``ru-RU`` and ``EN`` work too. ValueError if unsupported."""
        code = language.strip().lower().replace("_", "-").split("-")[0]
        if code not in self.by_language:
            available = ", ".join(self.languages)
            raise ValueError(f"no benefit texts for language {language!r}; available: {available}")
        return self.by_language[code]


def load_texts(path: Path, languages: tuple[str, ...]) -> BenefitTexts:
    """Load and validate a benefit texts file: every text in each of `languages`."""
    source = path.name
    top = Fields(read_yaml(path, source), "", source)
    sections = {key: top.section(key) for key in (*SEPARATOR_KEYS, *TEXT_PLACEHOLDERS)}
    top.finish()
    by_language = {language: _load_language(sections, language) for language in languages}
    return BenefitTexts(MappingProxyType(by_language))


def _load_language(sections: Mapping[str, Fields], language: str) -> LanguageTexts:
    thousands_texts = sections["thousands_separator"]
    thousands = thousands_texts.raw(language)
    if not isinstance(thousands, str):
        raise thousands_texts.error(language, 'must be text in quotes, e.g. "," or " " or ""')
    decimal_texts = sections["decimal_separator"]
    decimal = decimal_texts.text(language)
    if decimal == thousands:
        raise decimal_texts.error(language, "must differ from thousands_separator")
    templates: dict[str, str] = {}
    for key, allowed in TEXT_PLACEHOLDERS.items():
        fields = sections[key]
        template = fields.text(language, strip=False)
        check_template(fields, language, template, allowed)
        templates[key] = template
    return LanguageTexts(
        language=language,
        thousands_separator=thousands,
        decimal_separator=decimal,
        templates=MappingProxyType(templates),
    )
