"""Machine-readable reasons why someone is not eligible, and the details each one carries.

The chat text for a reason is ``reason_<code>`` in the benefit texts file; its ``{placeholders}``
are the reason's details, so the texts file is checked against this table when it loads.
"""

from __future__ import annotations

from collections.abc import Mapping

INSUFFICIENT_INSURED_MONTHS = "insufficient_insured_months"

REASON_DETAILS: Mapping[str, frozenset[str]] = {
    INSUFFICIENT_INSURED_MONTHS: frozenset({"needed", "has", "lookback_months"}),
}
