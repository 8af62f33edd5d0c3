"""A file the assistant sends (an appointment's calendar) is uploaded to the chat as a document,
through the fake Bot API speaking Telegram's multipart format."""

from __future__ import annotations

from typing import Any

from support.telegram_updates import text_update, user

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def booked(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    file = {"name": "appointment-CB-7K3M9Q.ics", "media_type": "text/calendar", "content": ICS}
    return [{"text": "Booked!"}, {"custom": {"file": file}}]


async def test_a_calendar_file_is_uploaded_as_a_document(gateway: Any) -> None:
    gateway.rasa.reply_with(booked)
    person = user()

    await gateway.deliver(text_update("yes", person))

    sent = [
        (call.method, call.params.get("document"))
        for call in gateway.telegram.calls
        if call.params.get("chat_id") == person["id"] and call.method != "sendChatAction"
    ]
    assert sent == [
        ("sendMessage", None),
        ("sendDocument", {"filename": "appointment-CB-7K3M9Q.ics"}),
    ]
