"""Session tokens: only the holder of SECRET_KEY can make one, and no edit goes unnoticed."""

from __future__ import annotations

import base64

import pytest

from channels.webchat.tokens import SessionTokens

KEY = b"unit-test-secret-key-0123456789"


def test_a_signed_token_gives_back_its_session() -> None:
    tokens = SessionTokens(KEY)
    session_id, token = tokens.new_session()

    assert tokens.verify(token) == session_id
    assert tokens.sign(session_id) == token  # the same session always has the same token


def test_session_ids_are_128_random_bits_safe_in_urls() -> None:
    tokens = SessionTokens(KEY)
    sessions = {tokens.new_session()[0] for _ in range(1000)}

    assert len(sessions) == 1000
    for session_id in sessions:
        assert len(base64.urlsafe_b64decode(session_id + "==")) == 16
        assert session_id.replace("-", "").replace("_", "").isalnum()


def test_another_key_does_not_accept_the_token() -> None:
    _, token = SessionTokens(KEY).new_session()

    assert SessionTokens(b"another-secret-key-0123456789").verify(token) is None


def test_an_edited_signature_is_refused() -> None:
    tokens = SessionTokens(KEY)
    session_id, token = tokens.new_session()
    signature = token.split(".")[1]

    for position in range(len(signature)):
        replacement = "A" if signature[position] != "A" else "B"
        edited = signature[:position] + replacement + signature[position + 1 :]
        assert tokens.verify(f"{session_id}.{edited}") is None


def test_a_signature_moved_to_another_session_is_refused() -> None:
    tokens = SessionTokens(KEY)
    _, my_token = tokens.new_session()
    theirs, _ = tokens.new_session()

    assert tokens.verify(f"{theirs}.{my_token.split('.')[1]}") is None


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        ".",
        "no-dot-at-all",
        "short.signature",
        "AAAAAAAAAAAAAAAAAAAAAA.",
        ".AAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAA",
        "ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ.ЖЖЖЖ",
        "A" * 10_000,
        "\x00" * 22 + ".sig",
    ],
)
def test_garbage_is_refused(garbage: str) -> None:
    assert SessionTokens(KEY).verify(garbage) is None


def test_a_token_with_extra_text_around_it_is_refused() -> None:
    tokens = SessionTokens(KEY)
    _, token = tokens.new_session()

    assert tokens.verify(f" {token}") is None
    assert tokens.verify(f"{token}=") is None
    assert tokens.verify(f"x{token}") is None


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        SessionTokens(b"")
