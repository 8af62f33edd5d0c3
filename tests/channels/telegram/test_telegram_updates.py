"""Every kind of update Telegram sends, and what the person gets back."""

from __future__ import annotations

import asyncio
import logging

from support.telegram_updates import (
    channel_post_update,
    contact_update,
    document_update,
    edited_update,
    group_chat,
    location_update,
    mention,
    photo_update,
    reply_to,
    sticker_update,
    text_message,
    text_update,
    update,
    user,
    voice_update,
)

UNSUPPORTED_EN = "Sorry, I can only read text messages"
UNSUPPORTED_RU = "Извините, я понимаю только текстовые сообщения"


async def test_a_private_message_reaches_rasa_with_the_channel_metadata(gateway):
    person = user(language_code="ru-RU", first_name="Ольга")
    await gateway.deliver(text_update("как встать на учёт?", person))

    [received] = gateway.rasa.received
    assert received.sender == f"telegram:{person['id']}"
    assert received.text == "как встать на учёт?"
    assert received.input_channel == "telegram"
    assert received.metadata == {
        "channel": "telegram",
        "display_name": "Ольга",
        "language_hint": "ru",
    }
    assert gateway.telegram.texts(person["id"]) == ["echo: как встать на учёт?"]


async def test_the_person_sees_typing_while_rasa_answers_and_the_reply_after_it(gateway):
    person = user()
    gateway.rasa.gate = asyncio.Event()  # Rasa answers when the test says so
    delivering = asyncio.create_task(gateway.deliver(text_update("hello", person)))

    [typing] = await gateway.telegram.wait_for("sendChatAction", chat_id=person["id"])
    before_reply = [call.method for call in gateway.telegram.calls if _to(call, person)]
    gateway.rasa.gate.set()
    await delivering
    [reply] = await gateway.telegram.wait_for("sendMessage", chat_id=person["id"])
    calls = [call.method for call in gateway.telegram.calls if _to(call, person)]

    assert typing.params["action"] == "typing"
    assert before_reply == ["sendChatAction"]
    assert reply.params["text"] == "echo: hello"
    assert calls.index("sendChatAction") < calls.index("sendMessage")


def _to(call, person) -> bool:
    return call.params.get("chat_id") == person["id"]


async def test_start_greets_in_the_language_of_the_telegram_interface(gateway):
    russian, german = user(language_code="ru"), user(language_code="de")
    await gateway.deliver(text_update("/start", russian), text_update("/start", german))

    [greet_ru] = [r for r in gateway.rasa.received if r.sender == f"telegram:{russian['id']}"]
    assert greet_ru.text == "/greet"
    assert greet_ru.metadata["language_hint"] == "ru"
    assert greet_ru.metadata["display_text"] == "/start"
    [greet_de] = [r for r in gateway.rasa.received if r.sender == f"telegram:{german['id']}"]
    assert greet_de.text == "/greet"
    assert "language_hint" not in greet_de.metadata  # not a language the assistant speaks


async def test_restart_starts_over_and_greets_again(gateway):
    person = user()
    await gateway.deliver(text_update("/restart", person))
    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["/restart", "/greet"]


async def test_help_and_other_commands_go_to_rasa_as_typed(gateway):
    person = user()
    await gateway.deliver(
        text_update("/help", person),
        text_update("/language ru", person),
        text_update("/human", person),
    )
    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == [
        "/help",
        "/language ru",
        "/human",
    ]


async def test_language_without_a_choice_offers_buttons(gateway):
    person = user(language_code="ru")
    await gateway.deliver(text_update("/language", person))

    assert gateway.rasa.received == []
    assert gateway.telegram.texts(person["id"]) == ["На каком языке мне говорить?"]
    [[english, russian]] = gateway.telegram.buttons(person["id"])[0]
    assert (english["text"], russian["text"]) == ("English", "Русский")
    assert english["callback_data"] == '=/set_language{"language": "en"}'
    assert russian["callback_data"] == '=/set_language{"language": "ru"}'


async def test_in_a_group_the_bot_answers_only_when_addressed(gateway):
    group, anna, boris = group_chat(), user(first_name="Anna"), user(first_name="Boris")
    await gateway.deliver(
        text_update("anyone knows when benefits are paid?", anna, chat=group),
        text_update(mention("when are benefits paid?"), anna, chat=group),
    )
    bot_reply = gateway.telegram.shown(group["id"])[-1]
    await gateway.deliver(
        text_update("and how much?", boris, chat=group, **reply_to(bot_reply)),
        text_update("/help@some_other_bot", boris, chat=group),
        text_update("/help@pes_test_bot", boris, chat=group),
    )

    assert [(r.sender, r.text) for r in gateway.rasa.received] == [
        (f"telegram:{group['id']}:{anna['id']}", "when are benefits paid?"),
        (f"telegram:{group['id']}:{boris['id']}", "and how much?"),
        (f"telegram:{group['id']}:{boris['id']}", "/help"),
    ]


async def test_in_a_group_the_answer_replies_to_the_persons_message(gateway):
    group, anna = group_chat(), user()
    asked = text_update(mention("hello"), anna, chat=group)
    await gateway.deliver(asked)
    [call] = gateway.telegram.calls_to("sendMessage")
    assert call.params["reply_parameters"]["message_id"] == asked["message"]["message_id"]


async def test_edited_messages_are_not_read_again_and_the_person_is_told(gateway):
    person = user(language_code="ru")
    original = text_message("хочу встать на учёт", person)
    await gateway.deliver(
        update(message=original), edited_update(original, "хочу узнать о пособии")
    )

    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["хочу встать на учёт"]
    assert gateway.telegram.texts(person["id"])[-1].startswith("Я не вижу исправлений")


async def test_photos_documents_voice_and_stickers_get_a_polite_text_only_note(gateway):
    english, russian = user(language_code="en"), user(language_code="ru")
    await gateway.deliver(
        photo_update(english, caption="my passport"),
        document_update(english),
        voice_update(russian),
        sticker_update(russian),
    )

    assert gateway.rasa.received == []
    assert [t[: len(UNSUPPORTED_EN)] for t in gateway.telegram.texts(english["id"])] == [
        UNSUPPORTED_EN
    ] * 2
    assert [t[: len(UNSUPPORTED_RU)] for t in gateway.telegram.texts(russian["id"])] == [
        UNSUPPORTED_RU
    ] * 2


async def test_a_location_reaches_rasa_without_its_coordinates(gateway, caplog):
    caplog.set_level(logging.INFO)
    person = user()
    await gateway.deliver(location_update(person, latitude=55.796127, longitude=49.106414))

    [received] = gateway.rasa.received
    assert received.text == "/inform"  # the assistant has no use for where a person is
    assert received.metadata["display_text"] == "📍 My location"
    assert gateway.telegram.texts(person["id"]) == ["echo: /inform"]
    assert "55.79" not in caplog.text and "49.10" not in caplog.text


async def test_a_shared_phone_number_goes_to_rasa_but_never_to_the_logs(gateway, caplog):
    caplog.set_level(logging.INFO)
    person = user()
    await gateway.deliver(contact_update(person, phone_number="79123456789"))

    assert gateway.rasa.texts_from(f"telegram:{person['id']}") == ["+79123456789"]
    assert "Chat" in caplog.text and "shared a contact" in caplog.text
    assert "9123456789" not in caplog.text
    assert "912345" not in caplog.text


async def test_channel_posts_are_ignored(gateway):
    assert await gateway.post(channel_post_update()) == 200
    await gateway.settled()
    assert gateway.rasa.received == []
    assert gateway.telegram.calls_to("sendMessage") == []
