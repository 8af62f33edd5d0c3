"""A person's digest: what is new for each of their alerts, up to `max_cards` cards, "More".

One header, then per alert with news a line naming it and its count, the newest vacancies as the
search shows them (`cards.card`, with their Details buttons), and the buttons: "More" for each
alert with more news than shown (it runs that alert's search), and "My alerts".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from actions.alerts.matching import NewVacancy
from actions.alerts.subscriptions import search_payload
from actions.alerts.texts import texts, what
from actions.vacancies import cards
from actions.vacancies.model import Vacancy
from common.storage.alerts import Subscription

Message = cards.Message


def digest(
    news: Sequence[tuple[Subscription, Sequence[NewVacancy]]],
    language: str,
    max_cards: int,
    *,
    card: Callable[[Vacancy, str], Message] = cards.card,
) -> list[Message]:
    """The messages of one digest (nothing when there is no news). `card` renders a vacancy
    (a batch job passes a cached `cards.card`)."""
    t = texts(language)
    messages: list[Message] = []
    more: list[dict[str, str]] = []
    shown: set[int] = set()
    for subscription, vacancies in news:
        fresh = [vacancy for vacancy in vacancies if vacancy.pk not in shown]
        if not fresh:
            continue
        described = what(subscription, language)
        room = max_cards - len(shown)
        messages.append({"text": str(t["digest_search"]).format(count=len(fresh), what=described)})
        for vacancy in fresh[: max(room, 0)]:
            messages.append(card(vacancy.vacancy, language))
            shown.add(vacancy.pk)
        if len(fresh) > max(room, 0):
            title = str(t["more_button"]).format(what=described)
            more.append({"title": title[:64], "payload": search_payload(subscription)})
    if not messages:
        return []
    buttons = [*more, {"title": str(t["alerts_button"]), "payload": "/list_alerts"}]
    last = messages[-1]
    messages[-1] = {**last, "buttons": [*last.get("buttons", []), *buttons]}
    return [{"text": str(t["digest_header"])}, *messages]
