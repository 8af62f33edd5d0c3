"""What the pre-registration form accepts, in both languages."""

from datetime import date

import pytest

from actions import validators
from actions.content import load

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Anna Smith", "Anna Smith"),
        ("  Иванова   Анна Сергеевна ", "Иванова Анна Сергеевна"),
        ("Jean-Luc O'Neill", "Jean-Luc O'Neill"),
        ("Марат Исмаилов", "Марат Исмаилов"),
    ],
)
def test_names_are_accepted_and_tidied(typed, kept):
    assert validators.full_name(typed) == kept


@pytest.mark.parametrize(
    "typed", ["Anna", "what documents do I need?", "R2D2 Robot", "a b", "anna@example.com x", ""]
)
def test_things_that_are_not_names_are_refused(typed):
    assert validators.full_name(typed) is None


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("23.04.1990", date(1990, 4, 23)),
        ("23/04/1990", date(1990, 4, 23)),
        ("1990-04-23", date(1990, 4, 23)),
        ("23 April 1990", date(1990, 4, 23)),
        ("23 апреля 1990", date(1990, 4, 23)),
        ("5 марта 1990", date(1990, 3, 5)),
    ],
)
def test_dates_of_birth_in_both_languages(typed, born):
    assert validators.birth_date(typed, TODAY) == (born, None)


@pytest.mark.parametrize("typed", ["31.02.1990", "31/02/1990", "yesterday-ish", "12345", "1990"])
def test_impossible_or_unreadable_dates_are_refused(typed):
    assert validators.birth_date(typed, TODAY) == (None, "unreadable")


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("25.11.2012", True),  # 14 today
        ("26.11.2012", False),  # 14 tomorrow
        ("26.11.1925", True),  # 100
        ("25.11.1925", False),  # 101 today
    ],
)
def test_age_must_be_between_14_and_100(typed, accepted):
    born, problem = validators.birth_date(typed, TODAY)
    assert (born is not None) is accepted
    assert problem == (None if accepted else "age")


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("+372 5123 4567", "phone", "+37251234567"),
        ("мой номер +7 912 345-67-89", "phone", "+79123456789"),
        ("5123 4567", "phone", "+37251234567"),  # the default region (EE) applies
        ("Anna.Smith@Example.com", "email", "anna.smith@example.com"),
        ("пишите на ivan@example.org", "email", "ivan@example.org"),
    ],
)
def test_phone_numbers_and_emails_are_recognised_and_normalised(typed, kind, value):
    contact = validators.contact(typed, "EE")
    assert contact is not None
    assert (contact.kind, contact.value) == (kind, value)


@pytest.mark.parametrize("typed", ["12", "call me", "anna@", "+7 000"])
def test_no_contact_no_value(typed):
    assert validators.contact(typed, "EE") is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("unemployed", "unemployed"),
        ("I'm a student", "student"),
        ("сейчас без работы", "unemployed"),
        ("работаю, но ищу другое", "employed_seeking"),
        ("sailing", None),
    ],
)
def test_employment_status_from_buttons_or_typed_words(typed, key):
    assert validators.choice(typed, load("registration")["employment_status"]) == key


def test_occupation_none_and_refusals():
    no_words = load("registration")["no_occupation"]
    assert validators.occupation("нет", no_words) == "none"
    assert validators.occupation("welder", no_words) == "welder"
    assert validators.occupation("where is the office?", no_words) is None


@pytest.mark.parametrize(("typed", "kept"), [("Kazan", "Kazan"), ("в Казани", "в Казани")])
def test_places(typed, kept):
    assert validators.place(typed) == kept


@pytest.mark.parametrize("typed", ["12345", "?", "x"])
def test_not_places(typed):
    assert validators.place(typed) is None
