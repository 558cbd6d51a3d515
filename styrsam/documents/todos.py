"""Start-page items of governing documents.

- The adopting role (G29): versions whose consultation has closed, waiting for adoption.
- The communications roles (G12): adopted versions not yet on the public website.
- A document's owner: its review date within 30 days or passed (G28)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.todo import Later, Shape, Todo, batched

from . import services
from .models import Document, DocumentVersion, Publication

LIMIT = 10


def _url(version: DocumentVersion) -> str:
    return reverse("documents:document_detail", args=[version.document_id]) + (
        f"?version={version.number}"
    )


@batched
def todos(user, policy) -> list[Todo | Later]:
    items: list[Todo | Later] = []
    if services.may_adopt(user):
        waiting = DocumentVersion.objects.filter(
            status=DocumentVersion.Status.CONSULTATION, consultation__closed_at__isnull=False
        ).select_related("document")[:LIMIT]
        items += [
            Todo(
                text=_("Fastställ %(t)s, version %(n)s: remissen är avslutad.")
                % {"t": v.document.title, "n": v.number},
                url=_url(v),
                rule="G29",
                level="info",
            )
            for v in waiting
        ]
    if services.may_publish(user):
        unpublished = (
            DocumentVersion.objects.filter(status=DocumentVersion.Status.ADOPTED)
            .exclude(publications__channel=Publication.Channel.PUBLIC)
            .select_related("document")[:LIMIT]
        )
        items += [
            Todo(
                text=_("Publicera %(t)s, version %(n)s: den är fastställd.")
                % {"t": v.document.title, "n": v.number},
                url=_url(v),
                rule="G12",
                level="info",
            )
            for v in unpublished
        ]
    soon = timezone.localdate() + datetime.timedelta(days=services.REMIND_DAYS)
    # whether any is due: read with the other apps' counts, in one query, its SQL compiled
    # once (issue 18)
    items.append(
        DUE.later(
            "exists",
            lambda found: _review_todos(_due(user.pk, soon)) if found else None,
            owner_id=user.pk,
            soon=soon,
        )
    )
    return items


def _due(owner_id: int, soon: datetime.date):
    """The documents of ``owner_id`` to review by ``soon``."""
    return Document.objects.filter(owner_id=owner_id, review_date__lte=soon)


DUE = Shape("documents.due", _due, owner_id=987_654_321, soon=datetime.date(1901, 1, 4))


def _review_todos(due) -> list[Todo]:
    return [
        Todo(
            text=_("Revidera %(t)s senast %(d)s.")
            % {"t": document.title, "d": document.review_date.isoformat()},
            url=document.get_absolute_url(),
            rule="G28",
            level="warning" if document.review_date <= timezone.localdate() else "info",
        )
        for document in due[:LIMIT]
    ]
