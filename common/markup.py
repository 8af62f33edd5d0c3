"""The small Markdown subset Rasa responses are written in, parsed once for every channel.

The subset: `**bold**`, `[text](https://…)` links (also `mailto:` and `tel:`), list items
(lines starting with `-`, `*` or `•`, or `1.` / `1)`), line breaks, and blank lines between
paragraphs. Everything else is plain text and stays exactly as written: a single `*`, `_`, `<`
or `&` is a character, not markup. `parse` turns text into paragraphs → lines → spans;
`telegram_html` renders that for Telegram's parse mode HTML with every other character escaped.
(The web widget renders the same subset in JavaScript.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

BULLET = "•"

_BULLET_ITEM = re.compile(r"^\s*[-*•]\s+(?P<rest>.*)$")
_NUMBERED_ITEM = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<rest>.*)$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A `**` marker, or a link whose address is one people can open safely.
_INLINE = re.compile(
    r"\*\*|\[(?P<label>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:|tel:)[^\s()<>]+)\)"
)


# What makes markup of the subset (and of the widget's renderer): a link's `](` and bold's `**`.
_MARKUP_JOINTS = re.compile(r"(?<=\])(?=\s*\()|(?<=\*)(?=\*)")
ZERO_WIDTH_SPACE = "\u200b"


def literal(text: str) -> str:
    """Text from a third party (a vacancy's duties, say) that must read as written and never
    act as markup: a zero-width space goes between the `]` and `(` of a would-be link and
    between the two `*` of `**`, so `[Apply](https://…)` stays those characters instead of
    becoming a link labelled "Apply", in the widget and on Telegram alike. Idempotent."""
    return _MARKUP_JOINTS.sub(ZERO_WIDTH_SPACE, text)


@dataclass(frozen=True)
class Span:
    """A run of characters with one style: plain, bold, a link, or a bold link."""

    text: str
    bold: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Line:
    """One line; `marker` is "•" for a bullet item, "3." for a numbered one, else None."""

    spans: tuple[Span, ...]
    marker: str | None = None


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]


def parse(text: str) -> list[Paragraph]:
    """Paragraphs of `text` (separated by blank lines); empty ones are dropped."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(normalised):
        lines = tuple(parse_line(line) for line in block.rstrip().split("\n"))
        if lines:
            paragraphs.append(Paragraph(lines))
    return paragraphs


def parse_line(line: str) -> Line:
    line = line.rstrip()
    bullet = _BULLET_ITEM.match(line)
    if bullet:
        return Line(parse_inline(bullet.group("rest")), BULLET)
    numbered = _NUMBERED_ITEM.match(line)
    if numbered:
        return Line(parse_inline(numbered.group("rest")), f"{numbered.group('number')}.")
    return Line(parse_inline(line))


def parse_inline(text: str) -> tuple[Span, ...]:
    """Spans of one line: `**` pairs toggle bold (an unpaired one is a literal `**`)."""
    tokens: list[tuple[str, str, str | None]] = []  # (kind, text, url): kind text|marker|link
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()], None))
        if match.group("url"):
            tokens.append(("link", match.group("label"), match.group("url")))
        else:
            tokens.append(("marker", "**", None))
        position = match.end()
    if position < len(text):
        tokens.append(("text", text[position:], None))

    paired = _paired_markers(tokens)
    spans: list[Span] = []
    bold = False
    for index, (kind, value, url) in enumerate(tokens):
        if kind == "marker" and index in paired:
            bold = not bold
        elif kind == "link":
            label_bold = len(value) > 4 and value.startswith("**") and value.endswith("**")
            label = value[2:-2] if label_bold else value
            spans.append(Span(label, bold or label_bold, url))
        else:
            _append(spans, Span(value, bold))
    return tuple(spans)


def _paired_markers(tokens: list[tuple[str, str, str | None]]) -> set[int]:
    """Indexes of the `**` tokens that open or close bold text.

    As in Markdown, an opening marker is followed by a non-space character, a closing one
    follows one, and bold text is not empty; any other `**` is literal text.
    """

    def neighbour(index: int, step: int) -> str:
        near = tokens[index + step][1] if 0 <= index + step < len(tokens) else ""
        return (near[:1] if step > 0 else near[-1:]) or " "

    paired: set[int] = set()
    opening: int | None = None
    for index, (kind, _, _) in enumerate(tokens):
        if kind != "marker":
            continue
        can_close = not neighbour(index, -1).isspace()
        if opening is not None and can_close and index > opening + 1:
            paired.update((opening, index))
            opening = None
        elif not neighbour(index, 1).isspace():
            opening = index
    return paired


def _append(spans: list[Span], span: Span) -> None:
    """Add `span`, merged into the previous one when it has the same style."""
    if not span.text:
        return
    if spans and spans[-1].bold == span.bold and spans[-1].url is None and span.url is None:
        spans[-1] = Span(spans[-1].text + span.text, span.bold)
    else:
        spans.append(span)


# Telegram (parse mode HTML) -------------------------------------------------------------------


def telegram_html(text: str) -> str:
    """`text` rendered for Telegram's parse mode HTML."""
    return "\n\n".join(paragraph_html(paragraph) for paragraph in parse(text))


def paragraph_html(paragraph: Paragraph) -> str:
    return "\n".join(line_html(line) for line in paragraph.lines)


def line_html(line: Line) -> str:
    return spans_html(line_spans(line))


def line_spans(line: Line) -> tuple[Span, ...]:
    """The line's spans with its list marker as leading plain text ("• ", "2. ")."""
    if line.marker is None:
        return line.spans
    return (Span(f"{line.marker} "), *line.spans)


def spans_html(spans: Iterable[Span]) -> str:
    parts = []
    for span in spans:
        part = html.escape(span.text, quote=False)
        if span.url is not None:
            part = f'<a href="{html.escape(span.url, quote=True)}">{part}</a>'
        if span.bold:
            part = f"<b>{part}</b>"
        parts.append(part)
    return "".join(parts)
