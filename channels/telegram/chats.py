"""Who wrote, in which chat, in which language, and whether a group message is for the bot.

Sender ids (contract `<channel>:<platform user id>`): `telegram:<user id>` in a private chat. In
a group each member has a conversation of their own with the bot *in that group*:
`telegram:<chat id>:<user id>` (group chat ids are negative, e.g. `telegram:-100123:42`), so a
person's private conversation and their group conversations are never mixed, and members of a
group never share one.
"""

from __future__ import annotations

import re

from telegram import Chat, Message, MessageEntity, User

from common.languages import Languages


def sender_id(chat: Chat, user: User) -> str:
    if chat.type == Chat.PRIVATE:
        return f"telegram:{user.id}"
    return f"telegram:{chat.id}:{user.id}"


def chat_of(sender_id: str) -> int | None:
    """The chat a Telegram sender id talks in; None for another channel's or a malformed id."""
    parts = sender_id.split(":")
    if parts[0] != "telegram" or len(parts) not in (2, 3):
        return None
    try:
        return int(parts[1])
    except ValueError:
        return None


def language_hint(user: User | None, languages: Languages) -> str | None:
    """The person's Telegram interface language ("ru-RU" → "ru") if the assistant speaks it."""
    code = ((user.language_code if user else None) or "").split("-")[0].lower()
    return code if code in languages else None


def is_group(chat: Chat) -> bool:
    return chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def addressed(message: Message, bot: User) -> bool:
    """Whether a group message is for the bot: it mentions the bot, replies to it, or is a
    command not addressed to another bot (`/help`, `/help@our_bot`)."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    username = (bot.username or "").lower()
    kinds: list[str | None] = [
        MessageEntity.MENTION,
        MessageEntity.TEXT_MENTION,
        MessageEntity.BOT_COMMAND,
    ]
    for parse in (message.parse_entities, message.parse_caption_entities):
        for entity, text in parse(kinds).items():
            if entity.type == MessageEntity.MENTION and text[1:].lower() == username:
                return True
            if (
                entity.type == MessageEntity.TEXT_MENTION
                and entity.user
                and entity.user.id == bot.id
            ):
                return True
            if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
                _, at, recipient = text.partition("@")
                if not at or recipient.lower() == username:
                    return True
    return False


def without_mention(text: str, bot: User) -> str:
    """The text with the bot's @username taken out ("@pes_bot how do I register" → "how …")."""
    if not bot.username:
        return text.strip()
    return re.sub(rf"@{re.escape(bot.username)}\b", "", text, flags=re.IGNORECASE).strip()
