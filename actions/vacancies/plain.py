"""Plain text of what sources send as HTML: the one sanitiser of vacancy texts (nh3).

Tags are stripped (script and style with their content), entities decoded, `<br>`, `<p>`, `<li>`
and other blocks become line breaks, runs of whitespace one space. The importer runs it on every
text field of every record; the Work in Russia mapping on duties and requirements.
"""

from __future__ import annotations

import html
import re

import nh3

# Block elements, opening or closing: each starts a new line.
_BLOCK_TAG = re.compile(r"(<\s*/?\s*(?:br|p|li|div|tr|ul|ol|h[1-6])\b)", re.IGNORECASE)


def plain_text(value: str) -> str:
    """`value` without HTML, one line per paragraph or list item."""
    if "<" in value or "&" in value:
        value = html.unescape(nh3.clean(_BLOCK_TAG.sub(r"\n\1", value), tags=set()))
    elif value.isprintable() and "  " not in value and value == value.strip():
        return value  # the common case: nothing to do
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)
