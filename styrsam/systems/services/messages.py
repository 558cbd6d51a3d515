"""Information to the system owners and representatives (G15).

The coordinator (the IT strategist by default) writes one message to every system owner and
representative of the register, or to those of the chosen systems. The recipients are found
in one query and stored with the message; each gets it on the start page and by e-mail
(one mail each, sent in one connection once the transaction commits)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import may
from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy

from ..models import System, SystemMessage, SystemMessageRecipient

MAX_SUBJECT = 200
MAX_BODY = 10000


def message_recipients(systems: Iterable[System] | None = None):
    """The active system owners and representatives of ``systems`` (every system not retired
    when ``None`` or empty), each once, in one query."""
    chosen = System.objects.exclude(lifecycle=System.Lifecycle.RETIRED)
    ids = [s.pk for s in systems or ()]
    if ids:
        chosen = System.objects.filter(pk__in=ids)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(owned_systems__in=chosen) | Q(represented_systems__in=chosen))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _mail_text(message: SystemMessage) -> str:
    url = settings.STYRSAM_PUBLIC_URL.rstrip("/") + message.get_absolute_url()
    return _("%(body)s\n\nMeddelandet finns också i Styrsam: %(url)s\n\n%(sender)s") % {
        "body": message.body,
        "url": url,
        "sender": message.sender.get_full_name() or message.sender.username,
    }


@transaction.atomic
def system_message_send(
    *,
    actor,
    subject: str,
    body: str,
    systems: Iterable[System] | None = None,
    mail: bool = True,
) -> SystemMessage:
    """Send ``subject``/``body`` to the owners and representatives (G15). ``mail=False`` (the
    demo's history only) stores and lists the message without e-mailing it."""
    if actor is None or not may(actor, "systems.send_message"):
        raise NotAllowed(
            _("Bara %(role)s skickar information till systemägarna.")
            % {"role": get_policy().coordinator_name()},
            code="permission_denied",
            rule="G15",
        )
    subject = (subject or "").strip()
    body = (body or "").strip()
    if not subject:
        raise ValidationFailed(
            _("Meddelandet måste ha ett ämne."), code="required", field="subject", rule="G15"
        )
    if not body:
        raise ValidationFailed(
            _("Skriv något i meddelandet."), code="required", field="body", rule="G15"
        )
    if len(subject) > MAX_SUBJECT:
        raise ValidationFailed(
            _("Ämnet får vara högst %(n)s tecken.") % {"n": MAX_SUBJECT},
            code="too_long",
            field="subject",
        )
    systems = list(systems or ())
    people = list(message_recipients(systems))
    if not people:
        raise Conflict(
            _("De valda systemen har ingen systemägare eller systemrepresentant."),
            code="no_recipients",
            field="systems",
            rule="G15",
        )
    message = SystemMessage.objects.create(sender=actor, subject=subject, body=body)
    if systems:
        message.systems.set(systems)
    SystemMessageRecipient.objects.bulk_create(
        [SystemMessageRecipient(message=message, person=p) for p in people]
    )
    audit_record(
        actor=actor,
        action="system_message.send",
        obj=message,
        after={
            "subject": subject,
            "systems": sorted(s.name for s in systems),
            "recipients": len(people),
        },
        rule="G15",
    )
    addresses = [p.email for p in people if p.email] if mail else []
    if addresses:
        text = _mail_text(message)
        mails = [(subject, text, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses]
        transaction.on_commit(lambda: send_mass_mail(mails))
    return message


@transaction.atomic
def system_message_mark_read(*, actor, message: SystemMessage) -> SystemMessageRecipient:
    """The recipient has read the message (it leaves the start page's unread count)."""
    delivery = (
        SystemMessageRecipient.objects.select_for_update()
        .filter(message=message, person_id=getattr(actor, "pk", None))
        .first()
    )
    if delivery is None:
        raise NotAllowed(_("Meddelandet är inte skickat till dig."), rule="G15")
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        delivery.save(update_fields=["read_at"])
    return delivery
