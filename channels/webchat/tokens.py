"""Signed web chat session tokens: `<session id>.<signature>`.

The session id is 128 random bits (URL-safe base64, 22 characters) and names the conversation
(sender `webchat:<session id>`); the signature is HMAC-SHA256 over it with SECRET_KEY. A client
cannot make up or edit a token, so it cannot read another person's conversation. Tokens do not
expire: the conversation they name does (Rasa's session expiry), and rotating SECRET_KEY ends them
all. The key is used with a purpose prefix, so a web chat signature never validates anything else
signed with the same SECRET_KEY (staff cookies).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

SESSION_ID_BYTES = 16
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_PURPOSE = b"pes-webchat-session:"
_MAX_TOKEN_LENGTH = 128


class SessionTokens:
    def __init__(self, secret_key: bytes) -> None:
        if not secret_key:
            raise ValueError("a secret key is needed to sign web chat sessions")
        self._key = secret_key

    def new_session(self) -> tuple[str, str]:
        """A fresh session id and its token."""
        session_id = secrets.token_urlsafe(SESSION_ID_BYTES)
        return session_id, self.sign(session_id)

    def sign(self, session_id: str) -> str:
        return f"{session_id}.{self._signature(session_id)}"

    def verify(self, token: str) -> str | None:
        """The session id of a token this key signed, else None (forged, edited or garbage)."""
        if not token.isascii() or len(token) > _MAX_TOKEN_LENGTH:
            return None
        session_id, dot, signature = token.partition(".")
        if not dot or not _SESSION_ID.fullmatch(session_id):
            return None
        expected = self._signature(session_id)
        return session_id if hmac.compare_digest(expected, signature) else None

    def _signature(self, session_id: str) -> str:
        digest = hmac.new(self._key, _PURPOSE + session_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
