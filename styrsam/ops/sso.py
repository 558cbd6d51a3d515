"""Single sign-on with OpenID Connect (mozilla-django-oidc), see docs/decisions/0007.

- The authorisation code flow with PKCE (S256) and a nonce; the state is checked by the
  callback. The ID token's signature (JWKS), expiry, nonce, audience (our client id) and, when
  OIDC_OP_ISSUER is set, issuer are verified; anything else is refused (400, nobody logged in).
- A login is matched to an existing user by OIDC_MATCH_CLAIM: ``email`` (case-insensitive,
  against the user's e-mail) or any other claim such as ``preferred_username`` (against the
  username). A user is created on first login only with OIDC_CREATE_USER=1.
- Roles are never taken from the identity provider: a created user has none until the IT
  strategist gives them in Styrsam. Name and e-mail are refreshed from the claims.
- Logout ends the Styrsam session and, for a user who came through SSO, the session at the
  identity provider (RP-initiated logout with id_token_hint).
- LOCAL_LOGIN_ENABLED=0 replaces the model backend by ``NoPasswordModelBackend``: no password
  is accepted anywhere (login page, API token, admin); permissions work as before.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from styrsam.guideline.policy import get_policy

log = logging.getLogger("styrsam.sso")


class NoPasswordModelBackend(ModelBackend):
    """Django's model backend for permissions, refusing every password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None


class OIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (not a signed userinfo answer)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token audience is not this client")
            issuer = getattr(settings, "OIDC_OP_ISSUER", "")
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token issuer is not the configured provider")
        return payload

    @staticmethod
    def _claim_name() -> str:
        return getattr(settings, "OIDC_MATCH_CLAIM", "email") or "email"

    def verify_claims(self, claims) -> bool:
        return bool(str(claims.get(self._claim_name()) or "").strip())

    def describe_user_by_claims(self, claims) -> str:
        return f"{self._claim_name()} {claims.get(self._claim_name())}"

    def filter_users_by_claims(self, claims):
        claim = self._claim_name()
        value = str(claims.get(claim) or "").strip()
        if not value:
            return self.UserModel.objects.none()
        if claim == "email":
            return self.UserModel.objects.filter(email__iexact=value)
        return self.UserModel.objects.filter(username=value)

    def get_username(self, claims) -> str:
        claim = self._claim_name()
        base = str(claims.get(claim) if claim != "email" else "") or ""
        base = base or str(claims.get("preferred_username") or claims.get("email") or "")
        base = base.strip()[:140] or "sso"
        username, n = base, 1
        while self.UserModel.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-{n}"
        return username

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            self.get_username(claims),
            email=claims.get("email") or "",
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        log.info("Användare %s skapad vid första inloggningen med SSO.", user.username)
        return user

    def update_user(self, user, claims):
        """Name and e-mail follow the identity provider; roles and groups never do."""
        changes = {
            "first_name": (claims.get("given_name") or user.first_name)[:150],
            "last_name": (claims.get("family_name") or user.last_name)[:150],
            "email": claims.get("email") or user.email,
        }
        if any(getattr(user, k) != v for k, v in changes.items()):
            for key, value in changes.items():
                setattr(user, key, value)
            user.save(update_fields=list(changes))
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _require_sso() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404


class LoginStart(oidc_views.OIDCAuthenticationRequestView):
    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        return super().dispatch(request, *args, **kwargs)


class LoginCallback(oidc_views.OIDCAuthenticationCallbackView):
    """A forged or replayed state, a wrong nonce or a token that fails verification raises
    SuspiciousOperation: 400, nobody logged in. A login the provider accepted but Styrsam does
    not (no matching user, creation not allowed, inactive) goes back to the login page."""

    def dispatch(self, request, *args, **kwargs):
        _require_sso()
        return super().dispatch(request, *args, **kwargs)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggningen med kommunens konto gick inte igenom. Har du inget konto i "
                "Styrsam ännu, kontakta %(role)s."
            )
            % {"role": get_policy().coordinator_name()},
        )
        return super().login_failure()


class LogoutView(oidc_views.OIDCLogoutView):
    """POST only. Ends the session; a user who came through SSO is sent on to the identity
    provider's end-session endpoint so that the next login asks for credentials again."""

    http_method_names = ["post"]


def provider_logout_url(request) -> str:
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (settings.OIDC_ENABLED and endpoint and id_token):
        return local
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(local),
        }
    )
    return f"{endpoint}?{query}"


def login_context(request) -> dict:
    """``login_providers`` (buttons) and ``local_login_enabled`` for the login page."""
    providers = []
    if settings.OIDC_ENABLED:
        url = reverse("sso_login")
        next_url = request.GET.get("next") if request is not None else None
        if next_url:
            url += "?" + urlencode({"next": next_url})
        label = settings.OIDC_LOGIN_LABEL or _("Logga in med kommunens inloggning")
        providers.append({"label": label, "url": url})
    return {"login_providers": providers, "local_login_enabled": settings.LOCAL_LOGIN_ENABLED}
