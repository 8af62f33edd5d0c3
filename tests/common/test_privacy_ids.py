"""Personal identifiers, sensitive form answers and sender ids are masked in what staff see."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from common.privacy import is_valid_snils, mask_sender_id, mask_text, mask_values, sensitive_slots

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("СНИЛС 112-233-445 95", "СНИЛС [SNILS]"),
        ("snils: 11223344595.", "snils: [SNILS]."),
        ("ИНН 7707083893", "ИНН [INN]"),
        ("my INN is 500100732259", "my INN is [INN]"),
        ("паспорт 4508 123456", "паспорт [passport]"),
        ("passport 45 08 123456", "passport [passport]"),
        ("серия и номер 4508 № 123456", "серия и номер [passport]"),
        ("Паспорт: 4508123456", "Паспорт: [passport]"),
        ("isikukood 37605030299", "isikukood [isikukood]"),
        ("card 4111 1111 1111 1111 please", "card [card] please"),
        ("карта 5500000000000004", "карта [card]"),
        ("amex 3782 822463 10005", "amex [card]"),
    ],
)
def test_a_valid_identifier_is_replaced_by_its_kind(message: str, masked: str) -> None:
    assert mask_text(message) == masked


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        # a wrong check number: not that identifier, but still a long digit run
        ("СНИЛС 112-233-445 96", "СНИЛС ***-***-*** 96"),
        ("ИНН 7707083894", "ИНН ********94"),
        ("ИНН 500100732258", "ИНН **********58"),
        ("isikukood 37605030298", "isikukood *********98"),
        ("card 4111 1111 1111 1112", "card **** **** **** **12"),
        # ten digits without the word "passport" cannot be told from a phone number
        ("4508123456", "********56"),
    ],
)
def test_a_number_failing_its_checksum_is_masked_as_a_digit_run(message: str, masked: str) -> None:
    assert mask_text(message) == masked


def test_the_snils_check_number_follows_the_pension_fund_rule() -> None:
    assert is_valid_snils("112-233-445 95")
    assert not is_valid_snils("112-233-445 96")
    # a weighted sum of 101, or one leaving 100 after division by 101, gives the check number 00
    assert is_valid_snils("100-079-190 00")
    assert is_valid_snils("106-897-449 00")
    # numbers up to 001-001-998 were issued without a check number: not recognisable
    assert not is_valid_snils("001-001-998 00")
    assert not is_valid_snils("1122334459")


def test_every_kind_in_one_message_is_masked_and_the_rest_stays_readable() -> None:
    message = (
        "Здравствуйте! Я Анна, СНИЛС 112-233-445 95, ИНН 500100732259, паспорт 4508 123456, "
        "карта 4111 1111 1111 1111, телефон +7 912 345-67-67, почта anna@example.com. "
        "Уволилась 12.05.2024, стаж 24 месяца."
    )

    masked = mask_text(message)

    assert masked == (
        "Здравствуйте! Я Анна, СНИЛС [SNILS], ИНН [INN], паспорт [passport], "
        "карта [card], телефон +7 *** ***-**-67, почта a***@example.com. "
        "Уволилась 12.05.2024, стаж 24 месяца."
    )


def test_references_dates_and_amounts_are_not_identifiers() -> None:
    message = "Reference DP-7K3M9Q, born 23.04.1990, wage 65000 roubles, 36 months"

    assert mask_text(message) == message


def test_form_answers_are_hidden_wherever_they_appear() -> None:
    values = ["Anna Ivanova", "12.05.1988"]

    assert (
        mask_values("Name: Anna Ivanova, born 12.05.1988. Thank you, anna!", values)
        == "Name: ***, born ***. Thank you, ***!"
    )
    # whole words only, and numbers alone are left to the digit rules
    assert mask_values("Annabelle was born in 1988", values) == "Annabelle was born in 1988"
    assert mask_values("nothing to hide", []) == "nothing to hide"


def test_a_sender_id_keeps_its_channel_and_last_two_characters() -> None:
    assert mask_sender_id("telegram:123456789") == "telegram:*******89"
    assert mask_sender_id("webchat:ab") == "webchat:***"
    assert mask_sender_id("local") == "***al"


def test_the_sensitive_slots_are_the_registration_forms_personal_fields() -> None:
    slots = sensitive_slots(ROOT / "data" / "content")
    domain = yaml.safe_load((ROOT / "domain" / "registration.yml").read_text(encoding="utf-8"))

    assert slots == {"full_name", "birth_date", "contact"}
    assert slots <= set(domain["slots"])
    assert slots <= set(domain["forms"]["registration_form"]["required_slots"])


def test_a_privacy_file_without_slot_names_is_refused(tmp_path: Path) -> None:
    (tmp_path / "privacy.yml").write_text("sensitive_slots: full_name\n", encoding="utf-8")

    with pytest.raises(ValueError, match="sensitive_slots"):
        sensitive_slots(tmp_path)
