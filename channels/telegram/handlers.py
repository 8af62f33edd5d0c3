"""What the bot does with each kind of update. Rasa owns the dialogue; this only translates.

- text → Rasa (in groups only when the bot is mentioned or replied to, the mention removed);
- /start → "/greet" with the Telegram language as hint; /restart → "/restart", then "/greet";
  /language → buttons for English and Russian (`/language ru` goes to Rasa as typed); any other
  command (/help, /menu, /human) goes to Rasa as typed, which understands them;
- a button press → answered at once (the spinner stops), the keyboard reduced to the chosen
  button marked "✓", then the payload → Rasa with the button's title as display text;
- location → `/inform` shown as "📍 My location", without the coordinates: the domain has no use
  for them (Rasa answers it like any answer it cannot use, politely), and a place where a person
  is is personal data that would be kept in the tracker and the log; contact → its phone number;
- photos, documents, voice, stickers, video… → "I can only read text" from data/content;
- edited messages → not read again; the person is told to send a new message instead;
- my_chat_member: blocked/left → no more sends to the chat; unblocked/added → sends again;
- channel posts and anything else → ignored;
- an update_id seen before (Telegram delivers at least once) → ignored;
- any error → logged by the one error handler; the webhook has already answered 200.
Everything the person may have written stays out of the logs (ids masked, no texts).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Sequence

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from channels.telegram.blocked import BlockedChats
from channels.telegram.callbacks import CHOSEN, CallbackData
from channels.telegram.chats import (
    addressed,
    is_group,
    language_hint,
    sender_id,
    without_mention,
)
from channels.telegram.delivery import CHANNEL, Delivery, Outgoing, masked_chat
from channels.telegram.rendering import callback_payloads, chosen_keyboard, render, replying_to
from channels.telegram.runtime import TelegramApplication
from common.languages import Languages
from common.messages import BotMessage, Button
from common.privacy import mask_phone, mask_sender_id
from common.texts import Texts
from relay.conversations import Conversations
from relay.leases import Leases
from relay.metrics import Metrics
from relay.offered_buttons import Origin
from relay.shared_state import SharedState

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
# Telegram keeps an undelivered update for at most 24 hours.
UPDATE_TTL_S = 24 * 3600
# Updates being handled, kept in the shared state with the gateway handling each: Telegram does
# not deliver an update again once the gateway has it (webhook answered, poll confirmed), so a
# gateway that dies mid-update would lose it; `recover` hands such updates to this gateway.
PENDING = "telegram:pending"
RECOVER_EVERY_S = 1.0
UNSUPPORTED = filters.ATTACHMENT | filters.Dice.ALL
# The channel's own texts in data/content/telegram.yml (everything else comes from Rasa).
TEXT_KEYS = (
    "language_prompt",
    "choose",
    "location_shown",
    "unsupported_content",
    "edited_ignored",
    "button_expired",
    "button_for_someone_else",
)


class TelegramHandlers:
    def __init__(
        self,
        *,
        conversations: Conversations,
        texts: Texts,
        state: SharedState,
        leases: Leases,
        metrics: Metrics,
        delivery: Delivery,
        blocked: BlockedChats,
        languages: Languages,
        default_language: str,
    ) -> None:
        self._conversations = conversations
        self._texts = texts
        self._state = state
        self._metrics = metrics
        self._delivery = delivery
        self._blocked = blocked
        self._callbacks = CallbackData(state)
        self._languages = languages
        self._default_language = default_language
        self._leases = leases
        self._handling: set[str] = set()  # keys of the updates this gateway is handling now

    def register(self, application: TelegramApplication) -> None:
        new = filters.UpdateType.MESSAGE
        application.add_handler(TypeHandler(Update, self._skip_seen), group=-1)
        application.add_handler(TypeHandler(Update, self._mark_done), group=1)
        application.add_handlers(
            [
                CommandHandler("start", self._on_start, filters=new),
                CommandHandler("restart", self._on_restart, filters=new),
                CommandHandler("language", self._on_language, filters=new),
                MessageHandler(new & filters.TEXT, self._on_text),
                MessageHandler(new & filters.LOCATION, self._on_location),
                MessageHandler(new & filters.CONTACT, self._on_contact),
                MessageHandler(new & UNSUPPORTED, self._on_unsupported),
                MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._on_edited),
                CallbackQueryHandler(self._on_button),
                ChatMemberHandler(self._on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
            ]
        )
        application.add_error_handler(self._on_error)

    # updates ---------------------------------------------------------------------------------

    async def _skip_seen(self, update: Update, context: Context) -> None:
        """Go on with an update seen for the first time, or with one delivered again whose
        gateway died before handling it (`relay.leases`); stop one handled or being handled.
        (Waiting for a lease holds up this update's task only.)"""
        key = _update_key(update, context)
        if await self._leases.take(key):
            await self._keep_pending(key, update)
            return
        if await self._leases.take_over(key):
            log.warning("Update %s taken over from a gateway that died", update.update_id)
            await self._keep_pending(key, update)
            return
        log.info("Update %s was delivered before: ignored", update.update_id)
        self._metrics.errors.labels(CHANNEL, "duplicate_update").inc()
        raise ApplicationHandlerStop

    async def _mark_done(self, update: Update, context: Context) -> None:
        """After the update's handlers (group 1): delivered again, it is ignored for a day."""
        key = _update_key(update, context)
        await self._leases.finish(key, UPDATE_TTL_S)
        await self._state.forget(PENDING, key)
        self._handling.discard(key)

    async def _keep_pending(self, key: str, update: Update) -> None:
        self._handling.add(key)
        entry = {"holder": self._leases.holder, "update": update.to_dict()}
        await self._state.keep(PENDING, key, json.dumps(entry))

    async def recover(self, application: TelegramApplication, stop: asyncio.Event) -> None:
        """Until `stop`: every second, queue again the updates a gateway that died was handling
        (`_skip_seen` then takes them over); forget those handled meanwhile, and those under
        this gateway's name that it is not handling: their removal (and maybe their "done" mark)
        was lost while Redis was down, and another gateway would handle them again once this one
        died."""
        while not stop.is_set():
            for key, raw in (await self._state.kept(PENDING)).items():
                entry = json.loads(raw)
                holder = str(entry.get("holder"))
                left_over = holder == self._leases.holder and key not in self._handling
                if left_over or await self._leases.is_done(key):
                    await self._state.forget(PENDING, key)
                elif not await self._leases.is_alive(holder):
                    log.warning("Update of a gateway that died queued again")
                    update = Update.de_json(entry["update"], application.bot)
                    await application.update_queue.put(update)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), RECOVER_EVERY_S)

    async def _on_start(self, update: Update, context: Context) -> None:
        await self._converse(update, ["/greet"], display_text="/start", origin=Origin.GATEWAY)

    async def _on_restart(self, update: Update, context: Context) -> None:
        await self._converse(update, ["/restart", "/greet"], origin=Origin.GATEWAY)

    async def _on_language(self, update: Update, context: Context) -> None:
        if context.args:
            await self._converse(update, ["/language " + " ".join(context.args)])
            return
        message, user = _message_and_user(update)
        language = self._language(user)
        choices = tuple(
            Button(self._languages.name(code), f'/set_language{{"language": "{code}"}}')
            for code in self._languages
        )
        prompt = BotMessage(text=self._texts.text("language_prompt", language), buttons=choices)
        if user is not None:  # the buttons go back to Rasa from this person only
            await self._conversations.offer(sender_id(message.chat, user), [prompt])
        await self._show(message.chat, [prompt], language, reply_to=message.message_id)

    async def _on_text(self, update: Update, context: Context) -> None:
        message, _ = _message_and_user(update)
        text = message.text or ""
        if is_group(message.chat):
            if not addressed(message, context.bot.bot):
                return
            text = without_mention(text, context.bot.bot) or "/greet"
        await self._converse(update, [text])

    async def _on_location(self, update: Update, context: Context) -> None:
        message, user = _message_and_user(update)
        if message.location is None or not self._for_us(message, context):
            return
        shown = self._texts.text("location_shown", self._language(user))
        await self._converse(update, ["/inform"], display_text=shown, origin=Origin.GATEWAY)

    async def _on_contact(self, update: Update, context: Context) -> None:
        message, _ = _message_and_user(update)
        if message.contact is None or not self._for_us(message, context):
            return
        phone = message.contact.phone_number
        phone = phone if phone.startswith("+") else "+" + phone  # Telegram omits the "+"
        log.info("Chat %s shared a contact: %s", masked_chat(message.chat.id), mask_phone(phone))
        await self._converse(update, [phone])

    async def _on_unsupported(self, update: Update, context: Context) -> None:
        message, user = _message_and_user(update)
        if not self._for_us(message, context):
            return
        note = BotMessage(text=self._texts.text("unsupported_content", self._language(user)))
        await self._show(message.chat, [note], self._language(user), reply_to=message.message_id)

    async def _on_edited(self, update: Update, context: Context) -> None:
        message = update.edited_message
        if message is None or message.chat.type != Chat.PRIVATE:
            return
        language = self._language(message.from_user)
        note = BotMessage(text=self._texts.text("edited_ignored", language))
        await self._show(message.chat, [note], language, reply_to=message.message_id)

    async def _on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        message = query.message
        language = self._language(query.from_user)
        if query.data == CHOSEN:
            await _answer(query)
            return
        if isinstance(message, Message) and not _may_press(message, query.from_user):
            await _answer(query, self._texts.text("button_for_someone_else", language))
            return
        payload = await self._callbacks.decode(query.data or "")
        if payload is None:
            await _answer(query, self._texts.text("button_expired", language))
            await self._edit_keyboard(query, None)
            return
        title = _pressed_title(message, query.data or "")
        # Answer first: the person's spinner stops at once, and Telegram refuses answers to
        # queries older than a few seconds (Rasa may take longer).
        await _answer(query)
        await self._edit_keyboard(query, title)
        await self._converse(update, [payload], display_text=title, origin=Origin.BUTTON)

    async def _on_membership(self, update: Update, context: Context) -> None:
        change = update.my_chat_member
        if change is None:
            return
        chat_id = change.chat.id
        if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
            await self._blocked.block(chat_id)
            log.info("Chat %s blocked or removed the bot: no more messages", masked_chat(chat_id))
        else:
            await self._blocked.unblock(chat_id)
            log.info("Chat %s (re)admitted the bot", masked_chat(chat_id))

    async def _on_error(self, update: object, context: Context) -> None:
        self._metrics.errors.labels(CHANNEL, "handler").inc()
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("Telegram update %s could not be handled", update_id, exc_info=context.error)

    # helpers -----------------------------------------------------------------------------------

    async def _converse(
        self,
        update: Update,
        texts: Sequence[str],
        *,
        display_text: str | None = None,
        origin: Origin = Origin.TYPED,
    ) -> None:
        """Send `texts` to Rasa one after another as the person, and show each reply."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or user is None or message is None:
            return
        if chat.type == Chat.PRIVATE:
            await self._blocked.unblock(chat.id)  # writing to the bot means it is unblocked
        sender = sender_id(chat, user)
        metadata = {"display_name": user.first_name}
        if display_text:
            metadata["display_text"] = display_text
        for text in texts:
            async with self._delivery.typing(chat.id):
                reply = await self._conversations.reply(
                    channel=CHANNEL,
                    sender=sender,
                    text=text,
                    language=language_hint(user, self._languages),
                    metadata=metadata,
                    origin=origin,
                )
            masked = mask_sender_id(sender)
            log.debug("Rasa answered %s with %d messages", masked, len(reply.messages))
            await self._show(
                chat, reply.messages, self._language(user), reply_to=message.message_id
            )
            await self._conversations.offer(sender, reply.messages)
            metadata.pop("display_text", None)

    async def _show(
        self, chat: Chat, messages: Sequence[BotMessage], language: str, *, reply_to: int
    ) -> None:
        """Render `messages` and send them; in groups they reply to the person's message, so
        everybody sees whom they answer (and the buttons know who may press them)."""
        payloads = {payload for message in messages for payload in callback_payloads(message)}
        data = {payload: await self._callbacks.encode(payload) for payload in payloads}
        intro = self._texts.text("choose", language)
        outgoing = [
            call for message in messages for call in render(message, data, buttons_text=intro)
        ]
        if is_group(chat):
            outgoing = replying_to(outgoing, reply_to)
        await self._delivery.send(chat.id, outgoing)

    async def _edit_keyboard(self, query: CallbackQuery, chosen_title: str | None) -> None:
        """Reduce the pressed message's keyboard to the chosen button (or remove it)."""
        if query.message is None:
            return
        markup = chosen_keyboard(chosen_title) if chosen_title else None
        edit = Outgoing(
            "editMessageReplyMarkup",
            {"message_id": query.message.message_id, "reply_markup": markup},
        )
        await self._delivery.send(query.message.chat.id, [edit])

    def _for_us(self, message: Message, context: Context) -> bool:
        return not is_group(message.chat) or addressed(message, context.bot.bot)

    def _language(self, user: User | None) -> str:
        """The language of the channel's own texts: Telegram's, if the assistant speaks it."""
        return language_hint(user, self._languages) or self._default_language


def _message_and_user(update: Update) -> tuple[Message, User | None]:
    """The message of an update the handler's filter guarantees has one."""
    message = update.effective_message
    if not isinstance(message, Message):
        raise TypeError(f"update {update.update_id} has no message")
    return message, update.effective_user


def _may_press(message: Message, user: User) -> bool:
    """In a group, buttons answer the member whose message the bot replied to."""
    replied = message.reply_to_message if is_group(message.chat) else None
    owner = replied.from_user if replied is not None else None
    return owner is None or owner.id == user.id


def _pressed_title(message: object, data: str) -> str | None:
    markup = message.reply_markup if isinstance(message, Message) else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


async def _answer(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (a text, if any, shows as an alert the person closes)."""
    try:
        await query.answer(text=text, show_alert=text is not None)
    except TelegramError as error:  # e.g. a query too old to answer: nothing left to do
        log.info("Could not answer a button press: %s", error.message)


def _update_key(update: Update, context: Context) -> str:
    return f"telegram:update:{context.bot.id}:{update.update_id}"
