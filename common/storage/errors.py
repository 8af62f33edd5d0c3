"""Describing database errors for logs without what people wrote."""

from __future__ import annotations


def describe_error(error: BaseException) -> str:
    """The error's class and the first line of the driver's message: never the SQL statement's
    parameters, which SQLAlchemy puts into its messages (and which hold what people wrote)."""
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"[:300]
