"""Rasa's message dicts become one typed model that every channel renders from."""

from common.messages import BotMessage, Button


def test_a_rasa_reply_with_text_and_buttons_becomes_a_typed_message() -> None:
    message = BotMessage.from_rasa(
        {
            "recipient_id": "webchat:1",
            "text": "Do you agree?",
            "buttons": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        }
    )

    assert message.text == "Do you agree?"
    assert message.buttons == (Button("Yes", "/affirm"), Button("No", "/deny"))
    assert message.as_dict() == {
        "text": "Do you agree?",
        "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    }


def test_quick_replies_are_buttons_too_and_broken_buttons_are_dropped() -> None:
    message = BotMessage.from_rasa(
        {
            "text": "Pick one",
            "quick_replies": [{"title": "Jobs", "payload": "/search_vacancies"}],
            "buttons": [{"title": "", "payload": "/x"}, {"payload": "/y"}, "junk"],
        }
    )

    assert message.buttons == (Button("Jobs", "/search_vacancies"),)


def test_images_and_custom_payloads_are_kept() -> None:
    message = BotMessage.from_rasa(
        {"image": "https://pes.example/map.png", "custom": {"method": "sendLocation"}}
    )

    assert message.text is None
    assert message.as_dict() == {
        "image": "https://pes.example/map.png",
        "custom": {"method": "sendLocation"},
    }


def test_empty_and_malformed_messages_are_left_out_of_a_reply() -> None:
    reply = BotMessage.from_rasa_list(
        [{"recipient_id": "x"}, "not a dict", {"text": "  "}, {"text": "Hello"}]
    )

    assert [message.text for message in reply] == ["Hello"]
