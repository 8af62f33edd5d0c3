"""Typed, path-aware reading of a YAML mapping.

Every problem becomes a `BenefitRulesError` that names the field the way it is written in the
file (``periods[1].rate``), so that PES staff can fix the YAML without reading Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from actions.benefit.errors import BenefitRulesError

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 9  # also keeps quantize() within Decimal's precision


def describe(value: object) -> str:
    """Show a YAML value in an error message the way a person wrote it."""
    if value is None:
        return "nothing (empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping (field: value)"
    if isinstance(value, list):
        return "a list"
    return str(value)


class Fields:
    """One YAML mapping being read: typed getters, and a check for unknown (misspelt) keys."""

    def __init__(self, data: object, where: str, source: str) -> None:
        self.where = where
        self.source = source
        if not isinstance(data, Mapping):
            raise BenefitRulesError(
                f"must be a mapping of 'field: value' lines, got {describe(data)}",
                source=source,
                field=where or None,
            )
        self._data: Mapping[object, object] = data
        self._used: set[str] = set()

    # -- plumbing ---------------------------------------------------------------------------

    def path(self, key: str) -> str:
        """The field's name in messages, e.g. ``qualifying_period.lookback_months``."""
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, problem: str) -> BenefitRulesError:
        """An error about `key` in this mapping."""
        return BenefitRulesError(problem, source=self.source, field=self.path(key))

    def written_keys(self) -> list[object]:
        """The keys as written, in file order."""
        return list(self._data)

    def raw(self, key: str, *, required: bool = True) -> object:
        """The value as YAML gave it; None when absent and not required."""
        self._used.add(key)
        if key not in self._data:
            if required:
                raise BenefitRulesError("is missing", source=self.source, field=self.path(key))
            return None
        return self._data[key]

    def finish(self) -> None:
        """Reject keys nobody asked for: they are almost always typos."""
        unknown = [key for key in self._data if key not in self._used]
        if unknown:
            names = ", ".join(repr(key) for key in unknown)
            known = ", ".join(sorted(self._used))
            raise BenefitRulesError(
                f"unknown field(s) {names}; check the spelling (known fields: {known})",
                source=self.source,
                field=self.where or None,
            )

    # -- nested structures ------------------------------------------------------------------

    def section(self, key: str) -> Fields:
        """A nested mapping."""
        return Fields(self.raw(key), self.path(key), self.source)

    def optional_section(self, key: str) -> Fields | None:
        """A nested mapping that may be absent or empty."""
        value = self.raw(key, required=False)
        return None if value is None else Fields(value, self.path(key), self.source)

    def sections(self, key: str, *, allow_empty: bool = False) -> list[Fields]:
        """A list of mappings, each named ``key[i]`` in messages."""
        value = self.raw(key)
        if value is None and allow_empty:
            return []
        if not isinstance(value, list):
            raise self.error(key, f"must be a list ('- ' items), got {describe(value)}")
        if not value and not allow_empty:
            raise self.error(key, "must have at least one item")
        return [Fields(item, f"{self.path(key)}[{i}]", self.source) for i, item in enumerate(value)]

    # -- scalars ----------------------------------------------------------------------------

    def integer(self, key: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
        """A whole number within the given bounds."""
        return self._integer(key, self.raw(key), minimum, maximum)

    def optional_integer(self, key: str, *, minimum: int | None = None) -> int | None:
        """A whole number, or None when absent or empty."""
        value = self.raw(key, required=False)
        return None if value is None else self._integer(key, value, minimum, None)

    def _integer(self, key: str, value: object, minimum: int | None, maximum: int | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"must be a whole number, got {describe(value)}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise self.error(key, f"must be at most {maximum}, got {value}")
        return value

    def number(self, key: str, *, minimum: Decimal | None = None) -> Decimal:
        """A decimal number (YAML int, float or quoted string)."""
        value = self._decimal(key, self.raw(key))
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        return value

    def rate(self, key: str) -> Decimal:
        """A share of the wage, written as a fraction: 60% is 0.60."""
        return self._rate(key, self.raw(key))

    def optional_rate(self, key: str) -> Decimal | None:
        """A rate, or None when absent or empty."""
        value = self.raw(key, required=False)
        return None if value is None else self._rate(key, value)

    def _rate(self, key: str, value: object) -> Decimal:
        rate = self._decimal(key, value)
        if not Decimal(0) <= rate <= Decimal(1):
            raise self.error(
                key, f"must be a fraction between 0 and 1 (write 60% as 0.60), got {rate}"
            )
        return rate

    def optional_money(self, key: str) -> Decimal | None:
        """An amount of money in cents precision, or None when absent or empty."""
        value = self.raw(key, required=False)
        if value is None:
            return None
        amount = self._decimal(key, value)
        if amount < 0:
            raise self.error(key, f"must not be negative, got {amount}")
        if amount >= MONEY_LIMIT:
            raise self.error(key, f"is too large to be a daily amount: {amount}")
        if amount != amount.quantize(CENT):
            raise self.error(key, f"must have at most 2 decimals (cents), got {amount}")
        return amount.quantize(CENT)

    def _decimal(self, key: str, value: object) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.error(key, f"must be a number, got {describe(value)}")
        try:
            # str() of a float is its shortest round-trip form: 0.6 -> "0.6", not 0.59999...
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.error(key, f"must be a number, got {describe(value)}") from None
        if not number.is_finite():
            raise self.error(key, f"must be a finite number, got {describe(value)}")
        return number

    def text(self, key: str, *, strip: bool = True) -> str:
        """A non-empty piece of text; `strip=False` keeps leading and trailing spaces."""
        value = self._text(key, self.raw(key))
        return value.strip() if strip else value

    def optional_text(self, key: str) -> str | None:
        """A non-empty text, or None when absent or empty."""
        value = self.raw(key, required=False)
        return None if value is None else self._text(key, value).strip()

    def _text(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"must be a non-empty text, got {describe(value)}")
        return value

    def url(self, key: str) -> str:
        """An http(s) address."""
        return self._url(key, self.text(key))

    def optional_url(self, key: str) -> str | None:
        """An http(s) address, or None when absent or empty."""
        value = self.optional_text(key)
        return None if value is None else self._url(key, value)

    def _url(self, key: str, value: str) -> str:
        if not value.startswith(("https://", "http://")) or " " in value:
            raise self.error(key, f"must be a web address starting with https://, got {value!r}")
        return value

    def localized(self, key: str, languages: tuple[str, ...]) -> Mapping[str, str]:
        """One text per language, e.g. ``{en: ..., ru: ...}``; exactly the given languages."""
        fields = self.section(key)
        texts = {language: fields.text(language) for language in languages}
        fields.finish()
        return MappingProxyType(texts)
