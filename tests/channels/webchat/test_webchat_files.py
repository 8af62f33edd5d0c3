"""A file the assistant sends (an appointment's calendar) reaches the widget as a download link
the gateway serves; a link nobody signed, or an edited one, is refused."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient
from support.fake_rasa import FakeRasa
from support.webchat import ChatSocket, kinds

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Демо\r\nEND:VCALENDAR\r\n"
FILE = {"name": "appointment-CB-7K3M9Q.ics", "media_type": "text/calendar", "content": ICS}


def booked(sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"text": "Booked!"}, {"custom": {"file": FILE}}]


async def test_a_calendar_file_arrives_as_a_link_that_downloads_it(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(booked)
    chat = await ChatSocket.open(gateway)
    await chat.hello()

    frames = await chat.say("yes", "m1")

    assert kinds(frames) == ["ack", "typing", "bot", "bot"]
    file = frames[3]["file"]
    assert file["name"] == "appointment-CB-7K3M9Q.ics"
    assert file["url"].startswith("/webchat/files/")
    assert "custom" not in frames[3]
    response = await gateway.get(file["url"])
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="appointment-CB-7K3M9Q.ics"'
    )
    assert await response.text() == ICS


async def test_an_edited_or_made_up_file_link_is_refused(
    gateway: TestClient, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply_with(booked)
    chat = await ChatSocket.open(gateway)
    await chat.hello()
    url = (await chat.say("yes", "m1"))[3]["file"]["url"]
    prefix, token, name = url.rsplit("/", 2)
    body, signature = token.split(".")

    edited = f"{prefix}/{body[:-2]}AA.{signature}/{name}"
    renamed = f"{prefix}/{token}/other.ics"
    made_up = f"{prefix}/abc.def/{name}"

    for bad in (edited, renamed, made_up):
        response = await gateway.get(bad)
        assert response.status == 404, bad
