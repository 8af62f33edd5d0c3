"""Telegram `Update` JSON for tests, modelled on what Telegram really sends.

Ids are random per test run (update ids, users, groups): dedup keys live in the shared Redis for
a day, so fixed ids would make a second run see "duplicates". Commands and mentions carry the
entities Telegram adds (python-telegram-bot's CommandHandler relies on them).

    person = user(language_code="ru")
    post(text_update("/start", person))
    post(callback_update(person, telegram.shown(person["id"])[-1], data))
"""

from __future__ import annotations

import itertools
import random
import re
import time
from typing import Any

from support.fake_telegram import BOT_USER, BOT_USERNAME

_update_ids = itertools.count(random.randrange(1, 2**31 - 2**24))
_message_ids = itertools.count(random.randrange(1, 2**20))
_query_ids = itertools.count(random.randrange(10**15, 10**16))
_ENTITY = re.compile(r"(?P<command>^/\w+(?:@\w+)?)|(?P<mention>@\w+)")


def user(
    language_code: str | None = "en", first_name: str = "Anna", **extra: Any
) -> dict[str, Any]:
    person: dict[str, Any] = {
        "id": random.randrange(10**8, 10**10),
        "is_bot": False,
        "first_name": first_name,
        **extra,
    }
    if language_code:
        person["language_code"] = language_code
    return person


def private_chat(person: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": person["id"], "type": "private", "first_name": person["first_name"]}
    return chat


def group_chat(title: str = "Jobseekers of Kazan") -> dict[str, Any]:
    return {"id": -random.randrange(10**12, 10**13), "type": "supergroup", "title": title}


def update(**payload: Any) -> dict[str, Any]:
    return {"update_id": next(_update_ids), **payload}


def message(
    person: dict[str, Any], chat: dict[str, Any] | None = None, **content: Any
) -> dict[str, Any]:
    return {
        "message_id": next(_message_ids),
        "from": person,
        "chat": chat or private_chat(person),
        "date": int(time.time()),
        **content,
    }


def entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram marks in `text` (offsets in UTF-16)."""
    found = []
    for match in _ENTITY.finditer(text):
        kind = "bot_command" if match.group("command") else "mention"
        found.append(
            {"type": kind, "offset": _utf16(text[: match.start()]), "length": _utf16(match.group())}
        )
    return found


def text_message(
    text: str, person: dict[str, Any], chat: dict[str, Any] | None = None, **content: Any
) -> dict[str, Any]:
    marked = entities(text)
    extra = {"entities": marked} if marked else {}
    return message(person, chat, text=text, **extra, **content)


def text_update(text: str, person: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A private message (or, with `chat=group_chat()`, a group message)."""
    return update(message=text_message(text, person, **kwargs))


def mention(text: str) -> str:
    """`text` addressed to the bot in a group: "@pes_test_bot text"."""
    return f"@{BOT_USERNAME} {text}"


def reply_to(bot_message: dict[str, Any]) -> dict[str, Any]:
    """`reply_to_message` content for a message answering one of the bot's."""
    return {"reply_to_message": bot_message}


def edited_update(original: dict[str, Any], new_text: str) -> dict[str, Any]:
    edited = {**original, "text": new_text, "edit_date": int(time.time())}
    return update(edited_message=edited)


def callback_update(
    person: dict[str, Any], bot_message: dict[str, Any], data: str
) -> dict[str, Any]:
    """A press on a button of `bot_message` (as the fake Bot API shows it) carrying `data`."""
    return update(
        callback_query={
            "id": str(next(_query_ids)),
            "from": person,
            "message": bot_message,
            "chat_instance": str(random.randrange(10**18)),
            "data": data,
        }
    )


def photo_update(person: dict[str, Any], caption: str | None = None) -> dict[str, Any]:
    sizes = [
        {
            "file_id": "AgACAgI-small",
            "file_unique_id": "s1",
            "width": 90,
            "height": 67,
            "file_size": 1200,
        },
        {
            "file_id": "AgACAgI-big",
            "file_unique_id": "b1",
            "width": 1280,
            "height": 960,
            "file_size": 98000,
        },
    ]
    extra = {"caption": caption} if caption else {}
    return update(message=message(person, photo=sizes, **extra))


def document_update(person: dict[str, Any]) -> dict[str, Any]:
    document = {
        "file_name": "passport.pdf",
        "mime_type": "application/pdf",
        "file_id": "BQACAgI-doc",
        "file_unique_id": "d1",
        "file_size": 52311,
    }
    return update(message=message(person, document=document))


def voice_update(person: dict[str, Any]) -> dict[str, Any]:
    voice = {
        "duration": 3,
        "mime_type": "audio/ogg",
        "file_id": "AwACAgI-voice",
        "file_unique_id": "v1",
        "file_size": 9000,
    }
    return update(message=message(person, voice=voice))


def sticker_update(person: dict[str, Any]) -> dict[str, Any]:
    sticker = {
        "width": 512,
        "height": 512,
        "emoji": "👍",
        "set_name": "HotCherry",
        "is_animated": False,
        "is_video": False,
        "type": "regular",
        "file_id": "CAACAgI-sticker",
        "file_unique_id": "st1",
        "file_size": 20000,
    }
    return update(message=message(person, sticker=sticker))


def location_update(
    person: dict[str, Any], latitude: float = 55.796127, longitude: float = 49.106414
) -> dict[str, Any]:
    return update(message=message(person, location={"latitude": latitude, "longitude": longitude}))


def contact_update(person: dict[str, Any], phone_number: str = "79123456789") -> dict[str, Any]:
    """The person shares their own contact (Telegram sends the number without "+")."""
    contact = {
        "phone_number": phone_number,
        "first_name": person["first_name"],
        "user_id": person["id"],
    }
    return update(message=message(person, contact=contact))


def channel_post_update(text: str = "Job fair on Friday") -> dict[str, Any]:
    channel = {"id": -random.randrange(10**12, 10**13), "type": "channel", "title": "PES news"}
    post = {
        "message_id": next(_message_ids),
        "sender_chat": channel,
        "chat": channel,
        "date": int(time.time()),
        "text": text,
    }
    return update(channel_post=post)


def my_chat_member_update(person: dict[str, Any], status: str) -> dict[str, Any]:
    """The person blocks ("kicked") or unblocks/restarts ("member") the bot in their chat."""
    old = "member" if status == "kicked" else "kicked"
    change = {
        "chat": private_chat(person),
        "from": person,
        "date": int(time.time()),
        "old_chat_member": _member(old),
        "new_chat_member": _member(status),
    }
    return update(my_chat_member=change)


def _member(status: str) -> dict[str, Any]:
    member: dict[str, Any] = {"user": BOT_USER, "status": status}
    if status == "kicked":
        member["until_date"] = 0
    return member


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
