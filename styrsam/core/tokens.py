"""API tokens that expire and can be rotated (DRF's ``Token``: one per user).

A token lives ``API_TOKEN_TTL_DAYS`` from its creation; issuing a new one replaces the old one
(rotation), revoking deletes it. The user manages their own token on their person page and
through ``POST /api/v1/auth/token/`` and ``POST /api/v1/auth/token/revoke/``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .audit import audit_record


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_expires(token: Token) -> datetime.datetime:
    return token.created + token_lifetime()


def token_is_expired(token: Token) -> bool:
    return token_expires(token) <= timezone.now()


def token_get(*, user) -> Token | None:
    """The user's own token, or ``None``."""
    return Token.objects.filter(user=user).first()


@transaction.atomic
def token_issue(*, actor, user) -> Token:
    """A new token for ``user``; the earlier one (if any) stops working at once."""
    had = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    token.expires = token_expires(token)
    audit_record(
        actor=actor,
        action="api_token.renew" if had else "api_token.issue",
        obj=user,
        after={"expires": token.expires},
    )
    return token


@transaction.atomic
def token_revoke(*, actor, user) -> bool:
    """Deletes the user's token; ``False`` when there was none."""
    deleted = Token.objects.filter(user=user).delete()[0] > 0
    if deleted:
        audit_record(actor=actor, action="api_token.revoke", obj=user)
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than ``API_TOKEN_TTL_DAYS``."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                _(
                    "API-token har gått ut. Hämta en ny på din personsida eller via /api/v1/auth/token/."
                )
            )
        return user, token
