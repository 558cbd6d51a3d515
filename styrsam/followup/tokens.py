"""Personal links of panel members: random secrets of which only the SHA-256 is stored.

A link is ``secrets.token_urlsafe(32)`` (256 random bits): it cannot be guessed, it says
nothing about the member or about other members, and a copy of the database cannot give it
back. Looking a link up hashes what was presented and finds the row by that hash; the stored
and the computed hash are then compared in constant time. Every way of failing — unknown,
expired, used, closed — answers the caller the same ``None``, so that the public pages answer
every bad link with the same 404."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32
# Longer than any token we make, shorter than anything that needs hashing time to refuse.
MAX_TOKEN_LENGTH = 64
_DUMMY = hashlib.sha256(b"styrsam-no-such-link").hexdigest()


def new_token() -> tuple[str, str]:
    """``(token, its hash)``: the token goes into the e-mail, the hash into the database."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find(queryset, token: str):
    """The row of ``queryset`` whose ``token_hash`` matches ``token``, or ``None``."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        hmac.compare_digest(_DUMMY, _DUMMY)
        return None
    digest = token_hash(token)
    row = queryset.filter(token_hash=digest).first()
    stored = row.token_hash if row is not None else _DUMMY
    if not hmac.compare_digest(stored, digest) or row is None:
        return None
    return row
