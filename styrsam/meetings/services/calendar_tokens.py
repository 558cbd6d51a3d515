"""The secret of a person's calendar feeds (``views.calendar``)."""

from __future__ import annotations

from django.db import transaction

from styrsam.core.audit import audit_record

from ..models import CalendarToken, new_calendar_token


@transaction.atomic
def calendar_token_for(*, actor) -> CalendarToken:
    """The actor's calendar token, created on first use."""
    token, created = CalendarToken.objects.get_or_create(user=actor)
    if created:
        audit_record(actor=actor, action="calendar_token.create", obj=token)
    return token


@transaction.atomic
def calendar_token_renew(*, actor) -> CalendarToken:
    """A new secret; the old feed URLs stop working."""
    token, _created = CalendarToken.objects.get_or_create(user=actor)
    token.token = new_calendar_token()
    token.save(update_fields=["token", "updated_at"])
    audit_record(actor=actor, action="calendar_token.renew", obj=token)
    return token
