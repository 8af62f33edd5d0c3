"""What the assistant says (`BotMessage`) as Telegram Bot API calls (`Outgoing`).

- text: parse mode HTML from the shared markup (`common.markup`), everything else escaped;
  longer than Telegram's 4,096 characters → several messages, split between paragraphs, else
  between lines, else after sentences, else between words (a tag never spans two messages);
- buttons: an inline keyboard on the message's last text or picture; URL payloads open the URL,
  the others travel as callback data (`channels.telegram.callbacks`);
- image: sendPhoto (the text becomes its caption when it is short enough); attachment: a file by
  URL (sendDocument, or sendPhoto for an image);
- custom: a file (`common.messages.FileAttachment`, e.g. an appointment's .ics) is uploaded with
  sendDocument; `{"method": "<Bot API method>", …parameters}` (or the same under a "telegram"
  key) is passed through when the method is one the channel supports; other custom payloads are
  meant for other channels and skipped.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    ReplyParameters,
)

from channels.telegram.callbacks import CHOSEN
from channels.telegram.delivery import Outgoing
from common import markup
from common.markup import Span
from common.messages import BotMessage, Button, FileAttachment

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
CUSTOM_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue", "sendContact"}
)
_CARRIES_MARKUP = ("sendMessage", "sendPhoto", "sendDocument")
SHORT_TITLE = 20  # buttons with titles up to this long go two to a row
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAG = re.compile(r"<[^>]*>")
# Where a line may be cut, from the most to the least natural: after a sentence, after a word.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”)\]]*\s+")
_WORD_END = re.compile(r"\s+")


def callback_payloads(message: BotMessage) -> list[str]:
    """The payloads of the message's buttons that need callback data (all but URLs)."""
    return [button.payload for button in message.buttons if not _is_url(button.payload)]


def render(
    message: BotMessage, callback_data: Mapping[str, str], *, buttons_text: str
) -> list[Outgoing]:
    """The calls showing `message`. `callback_data` maps each of `callback_payloads(message)`
    to its encoding; `buttons_text` introduces buttons that come without any text."""
    texts = [_text_message(chunk) for chunk in split_text(message.text)] if message.text else []
    media = _media(message)
    if len(texts) == 1 and media and visible_length(texts[0].params["text"]) <= MAX_CAPTION:
        caption = {"caption": texts.pop().params["text"], "parse_mode": "HTML"}
        media[0] = dataclasses.replace(media[0], params={**media[0].params, **caption})
    outgoing = texts + media + _file(message) + _custom(message.custom)
    if message.buttons:
        reply_markup = keyboard(message.buttons, callback_data)
        carriers = [i for i, call in enumerate(outgoing) if call.method in _CARRIES_MARKUP]
        if carriers:
            last = outgoing[carriers[-1]]
            outgoing[carriers[-1]] = dataclasses.replace(
                last, params={**last.params, "reply_markup": reply_markup}
            )
        else:
            intro = _text_message(html.escape(buttons_text, quote=False))
            outgoing.append(
                dataclasses.replace(intro, params={**intro.params, "reply_markup": reply_markup})
            )
    return outgoing


def replying_to(outgoing: Sequence[Outgoing], message_id: int) -> list[Outgoing]:
    """The calls, the first one as a reply to the person's message (in groups: whom it answers)."""
    if not outgoing:
        return []
    reply = ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
    first = dataclasses.replace(
        outgoing[0], params={**outgoing[0].params, "reply_parameters": reply}
    )
    return [first, *outgoing[1:]]


def keyboard(buttons: Sequence[Button], callback_data: Mapping[str, str]) -> InlineKeyboardMarkup:
    keys = [
        InlineKeyboardButton(button.title, url=button.payload)
        if _is_url(button.payload)
        else InlineKeyboardButton(button.title, callback_data=callback_data[button.payload])
        for button in buttons
    ]
    per_row = 2 if all(len(button.title) <= SHORT_TITLE for button in buttons) else 1
    return InlineKeyboardMarkup([keys[i : i + per_row] for i in range(0, len(keys), per_row)])


def chosen_keyboard(title: str) -> InlineKeyboardMarkup:
    """What is left of a keyboard after a press: the chosen button, marked, doing nothing."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"✓ {title}", callback_data=CHOSEN)]])


def _text_message(text_html: str) -> Outgoing:
    return Outgoing(
        "sendMessage",
        {"text": text_html, "parse_mode": "HTML", "link_preview_options": _NO_PREVIEW},
    )


def _media(message: BotMessage) -> list[Outgoing]:
    media = []
    if message.image:
        media.append(Outgoing("sendPhoto", {"photo": message.image}))
    attachment = message.attachment
    if isinstance(attachment, str) and _is_url(attachment):
        media.append(Outgoing("sendDocument", {"document": attachment}))
    elif isinstance(attachment, Mapping):
        payload = attachment.get("payload")
        url = payload.get("src") or payload.get("url") if isinstance(payload, Mapping) else None
        if isinstance(url, str) and _is_url(url):
            if attachment.get("type") == "image":
                media.append(Outgoing("sendPhoto", {"photo": url}))
            else:
                media.append(Outgoing("sendDocument", {"document": url}))
    return media


def _file(message: BotMessage) -> list[Outgoing]:
    file = message.file
    if file is None:
        return []
    document = InputFile(file.content.encode("utf-8"), filename=file.name)
    return [Outgoing("sendDocument", {"document": document})]


def _custom(custom: Mapping[str, Any] | None) -> list[Outgoing]:
    if not custom or FileAttachment.from_custom(custom):
        return []
    payload = custom.get("telegram", custom)
    method = payload.get("method") if isinstance(payload, Mapping) else None
    if not isinstance(payload, Mapping) or method not in CUSTOM_METHODS:
        log.debug("A custom payload not meant for Telegram was skipped")
        return []
    params = {key: value for key, value in payload.items() if key not in ("method", "chat_id")}
    return [Outgoing(str(method), params)]


def _is_url(value: str) -> bool:
    return value.startswith(("https://", "http://"))


# Splitting long texts --------------------------------------------------------------------------


def visible_length(text_html: str) -> int:
    """How long Telegram counts a text in parse mode HTML: tags removed, entities one
    character, in UTF-16 code units (an emoji counts two)."""
    plain = html.unescape(_TAG.sub("", text_html))
    return len(plain.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` (markup) as HTML messages of at most `limit` visible characters each."""
    pieces: list[tuple[str, str]] = []  # (separator before it, html): joined back when they fit
    for paragraph in markup.parse(text):
        whole = markup.paragraph_html(paragraph)
        if visible_length(whole) <= limit:
            pieces.append(("\n\n", whole))
            continue
        for number, line in enumerate(paragraph.lines):
            separator = "\n\n" if number == 0 else "\n"
            for index, fragment in enumerate(_fit(markup.line_spans(line), limit)):
                pieces.append((separator if index == 0 else "", fragment))
    return _pack(pieces, limit)


def _fit(spans: tuple[Span, ...], limit: int, level: int = 0) -> list[str]:
    """HTML fragments of a line, each within `limit`: cut after sentences, else words, else
    characters; the fragments end with the space that followed them."""
    rendered = markup.spans_html(spans)
    if visible_length(rendered) <= limit:
        return [rendered]
    if level == len(_CUTS):
        return [markup.spans_html(part) for part in _cut_every(spans, limit)]
    text = "".join(span.text for span in spans)
    cuts = [match.end() for match in _CUTS[level].finditer(text) if match.end() < len(text)]
    fragments: list[str] = []
    for part in _cut(spans, cuts):
        fragments.extend(_fit(part, limit, level + 1))
    return fragments


_CUTS = (_SENTENCE_END, _WORD_END)


def _cut(spans: tuple[Span, ...], positions: Iterable[int]) -> list[tuple[Span, ...]]:
    """The spans cut at character `positions` of their joined text (styles kept)."""
    parts: list[tuple[Span, ...]] = []
    current: list[Span] = []
    start = 0  # position of the first character of `spans[0]` in the joined text
    cuts = list(positions)
    for span in spans:
        end = start + len(span.text)
        offset = start
        while cuts and cuts[0] <= end:
            cut = cuts.pop(0)
            if cut > offset:
                current.append(
                    dataclasses.replace(span, text=span.text[offset - start : cut - start])
                )
            if current:
                parts.append(tuple(current))
            current = []
            offset = cut
        if offset < end:
            current.append(dataclasses.replace(span, text=span.text[offset - start :]))
        start = end
    if current:
        parts.append(tuple(current))
    return parts


def _cut_every(spans: tuple[Span, ...], limit: int) -> list[tuple[Span, ...]]:
    """Last resort for a "word" longer than a message: cut every `limit` UTF-16 units."""
    positions = []
    units = 0
    for position, char in enumerate("".join(span.text for span in spans)):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > limit:
            positions.append(position)
            units = 0
        units += width
    return _cut(spans, positions)


def _pack(pieces: list[tuple[str, str]], limit: int) -> list[str]:
    """Join consecutive pieces into as few messages as fit (visible lengths add up: every
    piece is complete HTML)."""
    messages: list[str] = []
    current, current_length = "", 0
    for separator, piece in pieces:
        length = visible_length(piece)
        if current and current_length + len(separator) + length <= limit:
            current += separator + piece
            current_length += len(separator) + length
            continue
        if current:
            messages.append(current)
        current, current_length = piece, length
    if current:
        messages.append(current)
    return [message.strip() for message in messages if message.strip()]
