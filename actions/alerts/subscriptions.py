"""A vacancy search as a subscription, and back: what is stored and how it is described.

The occupation and place are kept as the person typed them (the search they made, matched with
the search's normalisation) and with the keys the classification and gazetteer give them now
(ISCO-08 codes, a place id) plus English labels, which the staff console counts by.
"""

from __future__ import annotations

from actions.vacancies.cards import dictionary_form, payload
from actions.vacancies.model import VacancyQuery
from actions.vacancies.vocabulary import vocabulary
from common.storage.alerts import NewSubscription, Subscription


def from_query(query: VacancyQuery, recipient: str) -> NewSubscription:
    words = vocabulary()
    occupation = words.occupation(query.occupation) if query.occupation else None
    place = words.place(query.location) if query.location else None
    return NewSubscription(
        recipient=recipient,
        channel=recipient.partition(":")[0],
        language=query.language,
        occupation=query.occupation,
        occupation_codes=occupation.entry.codes if occupation else (),
        occupation_label=(
            occupation.entry.name("en")
            if occupation
            else dictionary_form(query.occupation)
            if query.occupation
            else None
        ),
        place=query.location,
        place_id=place.entry.codes[0] if place else None,
        place_label=(
            place.entry.name("en")
            if place
            else dictionary_form(query.location).title()
            if query.location
            else None
        ),
        salary_min=query.salary_min,
        schedule=query.schedule,
    )


def as_query(subscription: Subscription, language: str) -> VacancyQuery:
    return VacancyQuery(
        occupation=subscription.occupation,
        location=subscription.place,
        salary_min=subscription.salary_min,
        schedule=subscription.schedule,
        language=language,
    )


def search_payload(subscription: Subscription) -> str:
    """A button payload that runs the subscription's search (the digest's "More")."""
    return payload(
        "search_vacancies",
        occupation=subscription.occupation,
        location=subscription.place,
        salary=subscription.salary_min,
        schedule=subscription.schedule,
    )
