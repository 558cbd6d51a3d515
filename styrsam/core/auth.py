"""Login with throttling by django-axes (docs/decisions/0011).

Local accounts today; an OpenID Connect backend plugs in beside them (AUTHENTICATION_BACKENDS +
a button on the login page), see docs/decisions/0003.

Three doors lead to a password check: the login page, the Django admin's login and the API's
token endpoint. All three go through :func:`throttled_authenticate`, which

- keys the failure counter on the *normalised* user name (what the form cleans: Unicode NFKC,
  surrounding space stripped, case folded) and the client address (``REMOTE_ADDR``, or a proxy
  header when one is configured: ``STYRSAM_CLIENT_IP_HEADER``), so " Anna " and "anna" count
  as one account;
- serialises the check, the password test and the recording of a failure per key in one
  database transaction (an advisory lock on PostgreSQL, the write lock of ``BEGIN IMMEDIATE``
  on SQLite), so that thirty concurrent guesses cannot all be tested before the first failure
  is counted;
- counts in the database (axes' database handler), shared by every worker and independent of
  Redis.

An administrator unlocks an account in the admin ("Access attempts") or with
``styrsam manage axes_reset_username USER`` / ``axes_reset``.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def normalise_username(value) -> str:
    """The throttling key's user name: NFKC, stripped, case-folded (" ANNA " → "anna")."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().casefold()


def axes_username(request, credentials) -> str:
    """``AXES_USERNAME_CALLABLE``: the user name axes counts failures for."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "POST", {}).get("username")
    return normalise_username(raw)


def not_a_password_login(request, credentials) -> bool:
    """``AXES_WHITELIST_CALLABLE``: a login without a user name — an OpenID Connect callback —
    is not counted. The identity provider throttles its own logins, and counting them by client
    address alone would lock out every colleague behind the same office router."""
    return not (credentials or {}).get("username")


def failure_limit(request=None, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: ``LOGIN_THROTTLE_MAX_FAILURES``."""
    return settings.LOGIN_THROTTLE_MAX_FAILURES


def cool_off(request=None) -> datetime.timedelta:
    """``AXES_COOLOFF_TIME``: ``LOGIN_THROTTLE_WINDOW_SECONDS``."""
    return datetime.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def lockout_minutes() -> int:
    return max(1, settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60)


def lockout_message() -> str:
    return _(
        "För många misslyckade inloggningsförsök. Inloggningen är spärrad i %(m)s minuter "
        "för det här användarnamnet från din adress. En administratör kan häva spärren."
    ) % {"m": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: JSON 429 for the API, a Swedish page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "throttled", "detail": lockout_message()}, status=429)
    return render(
        request, "registration/locked_out.html", {"message": lockout_message()}, status=429
    )


def _lock_key(username: str, address: str) -> int:
    digest = hashlib.sha256(f"styrsam-login|{username}|{address}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _serialised(username: str, address: str):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(username, address)])
        # SQLite: ``transaction_mode: IMMEDIATE`` (settings) takes the write lock at BEGIN.
        yield


def throttled_authenticate(request, *, username, password):
    """``authenticate`` behind axes, one evaluation at a time per (user name, address)."""
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request) or ""
    with _serialised(normalise_username(username), address):
        return authenticate(request, username=username, password=password)


def is_locked_out(request) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


class ThrottledFormMixin:
    """``AuthenticationForm.clean`` with :func:`throttled_authenticate`."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = throttled_authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                if self.request is not None and is_locked_out(self.request):
                    raise forms.ValidationError(lockout_message(), code="throttled")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ThrottledAuthenticationForm(ThrottledFormMixin, AuthenticationForm):
    username = forms.CharField(label=gettext_lazy("Användarnamn"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ThrottledAdminAuthenticationForm(ThrottledFormMixin, AdminAuthenticationForm):
    """The Django admin's login form, throttled like the login page."""


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
