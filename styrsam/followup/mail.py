"""E-mail to panel members (G31), in Swedish with the same text in English below.

Every message carries the member's own links: the survey link (single use) and the link to the
member's page, where they see their data, unsubscribe or have it erased. ``List-Unsubscribe``
with ``List-Unsubscribe-Post`` (RFC 8058) lets the mail program unsubscribe with one click."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Panel, Survey

LANGUAGES = ("sv", "en")


def public_url(name: str, token: str, language: str | None = None) -> str:
    """The absolute personal link; English ones carry ``?lang=en`` (Swedish is the default)."""
    url = settings.STYRSAM_PUBLIC_URL.rstrip("/") + reverse(name, args=[token])
    return f"{url}?lang={language}" if language and language != "sv" else url


def _bilingual(template: str, context: dict) -> str:
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            parts.append(render_to_string(template, {**context, "language": language}).strip())
    return "\n\n— In English —\n\n".join(parts) + "\n"


def _subject(template: str, context: dict) -> str:
    parts = []
    for language in LANGUAGES:
        with translation.override(language):
            parts.append(render_to_string(template, context).strip())
    return " / ".join(dict.fromkeys(parts))


def panel_invitation(*, panel: Panel, email: str, key: str) -> EmailMessage:
    """Asks the person to join: the link leads to the consent page."""
    context = {
        "panel": panel,
        "consent_url": {lang: public_url("followup:member_page", key, lang) for lang in LANGUAGES},
    }
    return EmailMessage(
        _subject("followup/mail/panel_invitation_subject.txt", context),
        _bilingual("followup/mail/panel_invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )


def survey_invitation(*, survey: Survey, email: str, token: str, key: str) -> EmailMessage:
    unsubscribe = public_url("followup:unsubscribe", key)
    context = {
        "survey": survey,
        "panel": survey.panel,
        "survey_url": {
            lang: public_url("followup:survey_answer", token, lang) for lang in LANGUAGES
        },
        "member_url": {lang: public_url("followup:member_page", key, lang) for lang in LANGUAGES},
        "unsubscribe_url": {
            lang: public_url("followup:unsubscribe", key, lang) for lang in LANGUAGES
        },
    }
    return EmailMessage(
        _subject("followup/mail/survey_invitation_subject.txt", context),
        _bilingual("followup/mail/survey_invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_all(messages: list[EmailMessage]) -> int:
    """Send over one connection (called after the transaction has committed)."""
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
