"""The in-app inbox and its e-mail copy (sent once the transaction commits)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.errors import NotAllowed

from ..models import Case, Notification

_mail_suppressed = contextvars.ContextVar("styrsam_mail_suppressed", default=False)


@contextlib.contextmanager
def mail_suppressed():
    """Inbox items only, no e-mail (the demo loader: nobody should get 100 mails)."""
    token = _mail_suppressed.set(True)
    try:
        yield
    finally:
        _mail_suppressed.reset(token)


def notify(
    *,
    recipients: Iterable,
    text: str,
    url: str = "",
    case: Case | None = None,
    exclude=None,
    asks_action: bool = False,
) -> list[Notification]:
    """One inbox item per distinct recipient (not ``exclude``, who is the one acting).
    ``asks_action``: the item waits for the recipient to act on ``case``; the inbox drops it
    once the case is decided or closed."""
    seen: set[int] = set()
    people = []
    for person in recipients:
        if person is None or person.pk in seen or (exclude is not None and person.pk == exclude.pk):
            continue
        seen.add(person.pk)
        people.append(person)
    items = Notification.objects.bulk_create(
        [
            Notification(recipient=p, text=text[:500], url=url, case=case, asks_action=asks_action)
            for p in people
        ]
    )
    addresses = [p.email for p in people if p.email]
    if addresses and not _mail_suppressed.get():
        subject = text if len(text) < 120 else text[:117] + "…"

        def send():
            for address in addresses:
                send_mail(
                    subject,
                    f"{text}\n\n{url}",
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                    fail_silently=True,
                )

        transaction.on_commit(send)
    return items


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise NotAllowed(_("Det här meddelandet är inte ditt."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
