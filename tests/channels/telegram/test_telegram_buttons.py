"""Inline buttons: a press goes to Rasa, is answered, and leaves its mark on the keyboard."""

from __future__ import annotations

import secrets
from typing import Any

from support.telegram_updates import callback_update, group_chat, mention, text_update, user

LONG_PAYLOAD = (
    '/inform{"employment_status": "unemployed", "education_level": "vocational", '
    '"occupation": "сварщик"}'
)


def with_buttons(*buttons: tuple[str, str]):
    def reply(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "text": f"you said {text}",
                "buttons": [{"title": title, "payload": payload} for title, payload in buttons],
            }
        ]

    return reply


async def test_a_press_goes_to_rasa_is_answered_and_marks_the_chosen_button(gateway):
    gateway.rasa.reply_with(with_buttons(("Yes", "/affirm"), ("No", "/deny")))
    person = user()
    await gateway.deliver(text_update("register me", person))
    question = gateway.telegram.shown(person["id"])[-1]
    press = callback_update(person, question, "=/affirm")
    await gateway.deliver(press)

    pressed = gateway.rasa.received[-1]
    assert (pressed.text, pressed.metadata["display_text"]) == ("/affirm", "Yes")
    [answer] = gateway.telegram.calls_to("answerCallbackQuery")
    assert answer.params["callback_query_id"] == press["callback_query"]["id"]
    assert "text" not in answer.params
    # the keyboard now shows what was chosen, and pressing that does nothing
    assert gateway.telegram.shown(person["id"])[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "✓ Yes", "callback_data": "✓"}]]
    }
    assert gateway.telegram.texts(person["id"])[-1] == "you said /affirm"

    await gateway.deliver(callback_update(person, gateway.telegram.shown(person["id"])[0], "✓"))
    assert len(gateway.rasa.received) == 2
    assert len(gateway.telegram.calls_to("answerCallbackQuery")) == 2


async def test_a_payload_longer_than_64_bytes_travels_behind_a_short_key(gateway):
    assert len(LONG_PAYLOAD.encode()) > 64
    gateway.rasa.reply_with(with_buttons(("Vocational", LONG_PAYLOAD)))
    person = user()
    await gateway.deliver(text_update("my education?", person))
    question = gateway.telegram.shown(person["id"])[-1]
    [[button]] = question["reply_markup"]["inline_keyboard"]
    assert button["callback_data"].startswith("#")
    assert len(button["callback_data"].encode()) <= 64

    await gateway.deliver(callback_update(person, question, button["callback_data"]))
    assert gateway.rasa.received[-1].text == LONG_PAYLOAD
    assert gateway.rasa.received[-1].metadata["display_text"] == "Vocational"


async def test_the_long_payload_is_found_by_another_gateway_replica(start_gateway):
    first, second = await start_gateway(), await start_gateway()
    first.rasa.reply_with(with_buttons(("Vocational", LONG_PAYLOAD)))
    person = user()
    await first.deliver(text_update("my education?", person))
    question = first.telegram.shown(person["id"])[-1]
    data = question["reply_markup"]["inline_keyboard"][0][0]["callback_data"]

    await second.deliver(callback_update(person, question, data))
    assert first.rasa.received[-1].text == LONG_PAYLOAD


async def test_an_expired_button_is_answered_politely_and_its_keyboard_removed(gateway):
    gateway.rasa.reply_with(with_buttons(("Vocational", LONG_PAYLOAD)))
    person = user(language_code="ru")
    await gateway.deliver(text_update("образование?", person))
    question = gateway.telegram.shown(person["id"])[-1]

    expired = "#" + secrets.token_urlsafe(12)  # a key the shared state no longer holds
    await gateway.deliver(callback_update(person, question, expired))

    assert len(gateway.rasa.received) == 1
    [answer] = gateway.telegram.calls_to("answerCallbackQuery")
    assert answer.params["text"].startswith("Эта кнопка устарела")
    assert answer.params["show_alert"] is True
    assert "reply_markup" not in gateway.telegram.shown(person["id"])[-1]


async def test_in_a_group_only_the_person_answered_may_press_the_buttons(gateway):
    gateway.rasa.reply_with(with_buttons(("Yes", "/affirm")))
    group, anna, boris = group_chat(), user(), user(language_code="ru")
    asked = text_update(mention("register me"), anna, chat=group)
    await gateway.deliver(asked)
    # Telegram includes the message the bot's answer replies to
    question = {**gateway.telegram.shown(group["id"])[-1], "reply_to_message": asked["message"]}

    await gateway.deliver(callback_update(boris, question, "=/affirm"))
    [refusal] = gateway.telegram.calls_to("answerCallbackQuery")
    assert refusal.params["text"].startswith("Эти кнопки для того, кому я отвечал")
    assert len(gateway.rasa.received) == 1

    await gateway.deliver(callback_update(anna, question, "=/affirm"))
    assert gateway.rasa.received[-1].sender == f"telegram:{group['id']}:{anna['id']}"
    assert gateway.rasa.received[-1].text == "/affirm"


async def test_forged_callback_data_with_entities_reaches_rasa_as_plain_text(gateway):
    gateway.rasa.reply_with(with_buttons(("Yes", "/affirm")))
    person = user()
    await gateway.deliver(text_update("register me", person))
    question = gateway.telegram.shown(person["id"])[-1]
    # A modified client may send any callback data for a message with a keyboard.
    await gateway.deliver(callback_update(person, question, '=/inform{"full_name": "X"}'))

    assert gateway.rasa.received[-1].text == 'inform{"full_name": "X"}'
