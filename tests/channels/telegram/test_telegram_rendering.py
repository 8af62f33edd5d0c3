"""The assistant's messages as Bot API calls: HTML, keyboards, pictures, custom payloads, and
long texts split where a reader would expect — checked with the fake Bot API's own HTML parser."""

from __future__ import annotations

import re

from support.fake_telegram import visible_text
from telegram import InputFile

from channels.telegram.rendering import render, split_text, visible_length
from common.messages import BotMessage, Button

# Telegram's limit for one message: 4,096 characters after entity parsing (Bot API sendMessage).
MAX_TEXT = 4096


def rendered(message: BotMessage) -> list[tuple[str, dict]]:
    data = {button.payload: "=" + button.payload for button in message.buttons}
    return [
        (call.method, dict(call.params)) for call in render(message, data, buttons_text="Choose:")
    ]


def test_a_text_is_one_html_message_without_link_previews():
    [(method, params)] = rendered(BotMessage(text="Call **0800 000 000** & ask <anything>"))
    assert method == "sendMessage"
    assert params["parse_mode"] == "HTML"
    assert params["text"] == "Call <b>0800 000 000</b> &amp; ask &lt;anything&gt;"
    assert visible_text(params["text"]) == "Call 0800 000 000 & ask <anything>"
    assert params["link_preview_options"].is_disabled


def test_short_button_titles_go_two_to_a_row_and_long_ones_one_to_a_row():
    short = BotMessage(
        text="Menu",
        buttons=(
            Button("Register", "/register_start"),
            Button("Benefits", "/estimate_benefit"),
            Button("Find a job", "/search_vacancies"),
        ),
    )
    [(_, params)] = rendered(short)
    rows = [[key.text for key in row] for row in params["reply_markup"].inline_keyboard]
    assert rows == [["Register", "Benefits"], ["Find a job"]]

    long = BotMessage(
        text="Меню",
        buttons=(
            Button("Связаться с сотрудником", "/human_handoff"),
            Button("Пособие", "/estimate_benefit"),
        ),
    )
    [(_, params)] = rendered(long)
    rows = [[key.text for key in row] for row in params["reply_markup"].inline_keyboard]
    assert rows == [["Связаться с сотрудником"], ["Пособие"]]


def test_a_url_payload_becomes_a_link_button():
    message = BotMessage(text="Offices", buttons=(Button("Map", "https://demo-pes.example/map"),))
    [(_, params)] = rendered(message)
    [[key]] = params["reply_markup"].inline_keyboard
    assert key.url == "https://demo-pes.example/map"
    assert key.callback_data is None


def test_buttons_without_text_get_an_introduction():
    [(method, params)] = rendered(BotMessage(buttons=(Button("Yes", "/affirm"),)))
    assert method == "sendMessage"
    assert params["text"] == "Choose:"
    assert params["reply_markup"].inline_keyboard[0][0].callback_data == "=/affirm"


def test_an_image_takes_a_short_text_as_caption_and_the_buttons():
    message = BotMessage(
        text="Our **office**",
        image="https://demo-pes.example/office.jpg",
        buttons=(Button("Route", "/route"),),
    )
    [(method, params)] = rendered(message)
    assert method == "sendPhoto"
    assert params["photo"] == "https://demo-pes.example/office.jpg"
    assert params["caption"] == "Our <b>office</b>"
    assert params["parse_mode"] == "HTML"
    assert params["reply_markup"].inline_keyboard[0][0].text == "Route"


def test_an_image_with_a_long_text_comes_after_the_text():
    message = BotMessage(text="word " * 300, image="https://demo-pes.example/office.jpg")
    assert [method for method, _ in rendered(message)] == ["sendMessage", "sendPhoto"]


def test_attachments_by_url_are_sent_as_documents_or_photos():
    assert rendered(BotMessage(attachment="https://demo-pes.example/form.pdf")) == [
        ("sendDocument", {"document": "https://demo-pes.example/form.pdf"})
    ]
    image = {"type": "image", "payload": {"src": "https://demo-pes.example/a.png"}}
    assert rendered(BotMessage(attachment=image)) == [
        ("sendPhoto", {"photo": "https://demo-pes.example/a.png"})
    ]


def test_custom_payloads_naming_a_supported_method_are_passed_through():
    location = {"method": "sendLocation", "latitude": 55.79, "longitude": 49.12, "chat_id": 1}
    assert rendered(BotMessage(custom=location)) == [
        ("sendLocation", {"latitude": 55.79, "longitude": 49.12})
    ]
    nested = {
        "telegram": {
            "method": "sendVenue",
            "latitude": 1,
            "longitude": 2,
            "title": "PES",
            "address": "Main st. 1",
        }
    }
    assert rendered(BotMessage(custom=nested))[0][0] == "sendVenue"
    assert rendered(BotMessage(custom={"method": "banChatMember", "user_id": 5})) == []
    assert rendered(BotMessage(custom={"webchat": {"carousel": []}})) == []


ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def test_a_calendar_file_is_uploaded_as_a_document_after_the_text():
    file = {"name": "appointment-CB-7K3M9Q.ics", "media_type": "text/calendar", "content": ICS}
    calls = render(BotMessage(text="Booked!", custom={"file": file}), {}, buttons_text="Choose:")

    assert [call.method for call in calls] == ["sendMessage", "sendDocument"]
    document = calls[1].params["document"]
    assert isinstance(document, InputFile)
    assert (document.filename, document.mimetype) == ("appointment-CB-7K3M9Q.ics", "text/calendar")
    assert document.input_file_content == ICS.encode()


def test_a_file_of_another_type_or_with_a_path_in_its_name_is_not_sent():
    for file in (
        {"name": "run.sh", "media_type": "text/x-shellscript", "content": "echo"},
        {"name": "../etc/passwd.ics", "media_type": "text/calendar", "content": ICS},
    ):
        assert rendered(BotMessage(custom={"file": file})) == []


def test_a_long_text_is_split_between_paragraphs_first():
    paragraphs = [f"Paragraph {n}. " + "x" * 1900 for n in range(4)]
    messages = split_text("\n\n".join(paragraphs))
    assert [visible_text(m) for m in messages] == [
        paragraphs[0] + "\n\n" + paragraphs[1],
        paragraphs[2] + "\n\n" + paragraphs[3],
    ]


def test_a_paragraph_longer_than_a_message_is_split_after_sentences():
    sentences = [f"Sentence {n} says **something bold** & <odd>, really." for n in range(200)]
    text = " ".join(sentences)
    messages = split_text(text)
    assert len(messages) > 1
    shown = [visible_text(m) for m in messages]  # each one valid HTML for Telegram
    assert all(visible_length(m) <= MAX_TEXT for m in messages)
    assert all(part.endswith("really.") for part in shown)
    assert " ".join(shown) == text.replace("**", "")


def test_a_text_without_sentences_is_split_between_words_and_a_huge_word_anywhere():
    words = " ".join(f"word{n}" for n in range(2000))
    shown = [visible_text(m) for m in split_text(words)]
    assert " ".join(shown) == words
    assert all(
        not part.startswith(" ") and re.match(r"word\d+$", part.split()[-1]) for part in shown
    )

    huge = "y" * 10_000
    assert [len(visible_text(m)) for m in split_text(huge)] == [4096, 4096, 1808]


def test_lengths_are_counted_as_telegram_does_in_utf16():
    emoji_text = "👍" * 3000  # 6,000 UTF-16 units
    messages = split_text(emoji_text)
    assert [visible_length(m) for m in messages] == [4096, 1904]
    assert "".join(messages) == emoji_text


def test_a_bold_passage_cut_between_sentences_keeps_both_halves_bold():
    text = "**" + " ".join(["This is an important sentence."] * 300) + "**"
    messages = split_text(text)
    assert len(messages) == 3
    for message in messages:
        assert message.startswith("<b>") and message.endswith("</b>")
        visible_text(message)
