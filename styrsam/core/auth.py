"""Login with throttling. Local accounts today; an OpenID Connect backend plugs in beside
them (AUTHENTICATION_BACKENDS + a button on the login page), see docs/decisions/0003."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked_out(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= settings.LOGIN_THROTTLE_MAX_FAILURES


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    if cache.add(key, 1, window):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)


def clear_failures(username: str, address: str) -> None:
    cache.delete(_key(username, address))


class ThrottledAuthenticationForm(AuthenticationForm):
    username = forms.CharField(label=gettext_lazy("Användarnamn"), max_length=150)
    password = forms.CharField(
        label=gettext_lazy("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request) if self.request else "unknown"
        if is_locked_out(username, address):
            minutes = settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60
            raise forms.ValidationError(
                _("För många misslyckade inloggningsförsök. Försök igen om %(m)s minuter.")
                % {"m": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(username, address)
            raise
        clear_failures(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
