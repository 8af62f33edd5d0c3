"""Personal data is masked before it can reach a log line."""

from __future__ import annotations

import pytest

from common.privacy import mask_email, mask_name, mask_phone, mask_text


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+7 912 345-67-67", "+7 *** ***-**-67"),
        ("+79123456767", "+7********67"),
        ("+44 20 7946 0958", "+44 ** **** **58"),
        ("+380 (44) 123-45-89", "+380 (**) ***-**-89"),
        ("8 (912) 345-67-67", "* (***) ***-**-67"),
    ],
)
def test_a_phone_keeps_only_its_country_code_and_last_two_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_a_phone_that_cannot_be_parsed_still_hides_its_digits() -> None:
    assert mask_phone("+999 123 456") == "+*** *** *56"
    assert mask_phone("12") == "12"


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("anna.ivanova@example.com", "a***@example.com"),
        ("  Ivan+jobs@mail.example.org ", "I***@mail.example.org"),
        ("a@b.io", "a***@b.io"),
        ("not an address", "***"),
    ],
)
def test_an_email_keeps_its_first_letter_and_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Anna Ivanova", "A*** I***"),
        ("Анна  Сергеевна Иванова", "А*** С*** И***"),
        ("Jean-Luc", "J***"),
        ("", ""),
    ],
)
def test_a_name_keeps_only_initials(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_contacts_inside_a_message_are_masked_and_the_rest_is_kept() -> None:
    message = "Пишите на anna.ivanova@example.com или звоните +7 912 345-67-67 после 18:00"

    assert (
        mask_text(message) == "Пишите на a***@example.com или звоните +7 *** ***-**-67 после 18:00"
    )


def test_a_local_number_is_masked_with_or_without_a_known_region() -> None:
    assert mask_text("my number is 8 912 345 67 67", region="RU") == "my number is * *** *** ** 67"
    assert mask_text("my number is 89123456767") == "my number is *********67"


def test_dates_amounts_and_plain_text_are_left_readable() -> None:
    message = "Born 12.05.1988, I earned 1500 euros a month for 24 months in Kazan."

    assert mask_text(message) == message


def test_several_contacts_in_one_message_are_all_masked() -> None:
    masked = mask_text(
        "a: ivan@example.com, b: petr@example.org; +44 20 7946 0958 or +7 912 3456767"
    )

    for secret in ("ivan", "petr", "7946", "0958", "3456"):
        assert secret not in masked
    assert masked.count("***@") == 2


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("8.912.345.67.89", "*.***.***.**.89"),
        ("звоните 8\u00a0912\u00a0345\u00a067\u00a089", "звоните * *** *** ** 89"),
        ("+7\u202f912\u2009345\u201167\u201167", "+7 *** ***-**-67"),
        ("8 (912) 345–67–89", "* (***) ***-**-89"),
        ("8 912 345—67—89", "* *** ***-**-89"),
        ("8\u200b912\u200b345\u200b67\u200b89", "*********89"),
        ("паспорт серия 4508 номер 123456", "паспорт серия [passport]"),
        ("серии 45 08 № 123456 выдан", "серии [passport] выдан"),
        ("passport series 4508 number 123456", "passport series [passport]"),
        ("СНИЛС: 112.233.445 95", "СНИЛС: [SNILS]"),
        ("ИНН: 500100732259", "ИНН: [INN]"),
        ("ИНН 7707083893.", "ИНН [INN]."),
        ("карта 4111.1111.1111.1111", "карта [card]"),
        (
            '/inform{"latitude": 55.796127, "longitude": 49.106414}',
            '/inform{"latitude": [location], "longitude": [location]}',
        ),
        ("я здесь: 55.7961, 49.1064", "я здесь: [location]"),
        ("родился 12.05.1988", "родился 12.05.1988"),
    ],
)
def test_unicode_separators_dots_and_russian_identifiers_are_masked(text: str, masked: str) -> None:
    assert mask_text(text) == masked
