"""A vacancy's own words are shown as written, never as markup: a link or bold text a source
wrote into duties does not become a link in the widget or on Telegram (finding 11 of issue 14)."""

from __future__ import annotations

from actions.vacancies.cards import card, details
from actions.vacancies.model import Vacancy
from common.markup import parse, telegram_html

PLANTED = Vacancy(
    id="x-1",
    title="**Urgent** [Driver](https://phish.example/title)",
    employer="[Ministry of Labour](https://phish.example/employer)",
    city="Tallinn",
    duties="Driving. [Confirm your passport here](https://phish.example/login)",
    requirements="Licence D. **Send your ID** [now](tel:+70000000000)",
    url="https://demo-pes.example/jobs/x-1",
)


def links(text: str) -> list[str]:
    return [
        span.url
        for paragraph in parse(text)
        for line in paragraph.lines
        for span in line.spans
        if span.url is not None
    ]


def test_links_and_bold_planted_in_a_vacancy_are_plain_text_in_every_channel() -> None:
    shown = [card(PLANTED, "en")["text"], details(PLANTED, "ru")["text"]]

    assert [links(text) for text in shown] == [[], []]
    assert all("<a " not in telegram_html(text) for text in shown)
    assert "<b>Urgent</b>" not in telegram_html(shown[0])
    assert "<b>Send your ID</b>" not in telegram_html(shown[1])
    # still readable as written (a zero-width space between "]" and "(")
    assert "[Confirm your passport here]\u200b(https://phish.example/login)" in shown[1]
    assert "https://demo-pes.example/jobs/x-1" in shown[0]  # the source's own link stays
