"""Reads of governing documents: staff lists and pages, and the public register (only
``models.public_versions()``: nothing unadopted, G29)."""

from __future__ import annotations

from django.db.models import CharField, DateField, IntegerField, OuterRef, Q, Subquery
from django.http import Http404

from styrsam.core.access import require_perm

from .models import Attachment, Document, DocumentVersion, Publication, public_versions


def _latest(field: str, output, **filters):
    return Subquery(
        DocumentVersion.objects.filter(document=OuterRef("pk"), **filters)
        .order_by("-number")
        .values(field)[:1],
        output_field=output,
    )


def document_list(*, user):
    """Every governing document with its newest version's number and status and its current
    adoption (for staff; every member of staff reads them)."""
    require_perm(user, "documents.view_documents")
    adopted = {"status__in": DocumentVersion.ADOPTED_STATUSES}
    return Document.objects.select_related("owner").annotate(
        latest_number=_latest("number", IntegerField()),
        latest_status=_latest("status", CharField()),
        adopted_number=_latest("number", IntegerField(), **adopted),
        adopted_on=_latest("adopted_on", DateField(), **adopted),
    )


def document_get(*, user, pk: int) -> Document:
    require_perm(user, "documents.view_documents")
    try:
        return Document.objects.select_related("owner", "created_by").get(pk=pk)
    except (Document.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc


def versions_of(document: Document):
    return (
        document.versions.select_related(
            "adopted_by",
            "created_by",
            "consultation",
            "consultation__case",
            "consultation__group",
            "policy_draft",
        )
        .defer("policy_draft__text", "policy_draft__data")
        .prefetch_related("publications", "attachments")
        .order_by("-number")
    )


def version_get(document: Document, number: int) -> DocumentVersion:
    version = versions_of(document).filter(number=number).first()
    if version is None:
        raise Http404
    return version


def attachment_get(version: DocumentVersion, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(version=version, pk=pk).select_related("version")
    attachment = attachment.first()
    if attachment is None:
        raise Http404
    return attachment


def consultation_responses(version: DocumentVersion):
    if version.consultation_id is None:
        return []
    return list(version.consultation.responses.select_related("member"))


# --- public ---------------------------------------------------------------------------------


def public_documents(q: str = ""):
    """The public register: documents whose newest publicly published version is in force
    (not repealed), with that version's number, adoption date and decision."""
    current = public_versions().filter(document=OuterRef("pk")).order_by("-number")
    qs = Document.objects.annotate(
        current_number=Subquery(current.values("number")[:1], output_field=IntegerField()),
        current_status=Subquery(current.values("status")[:1], output_field=CharField()),
        current_adopted_on=Subquery(current.values("adopted_on")[:1], output_field=DateField()),
        current_effective=Subquery(current.values("effective_date")[:1], output_field=DateField()),
        current_decision_year=Subquery(
            current.values("decision_year")[:1], output_field=IntegerField()
        ),
        current_decision_number=Subquery(
            current.values("decision_number")[:1], output_field=IntegerField()
        ),
    ).filter(current_number__isnull=False, current_status=DocumentVersion.Status.PUBLISHED)
    if q:
        texts = public_versions().filter(text__icontains=q).values("document_id")
        qs = qs.filter(Q(title__icontains=q) | Q(pk__in=texts))
    return qs.order_by("kind", "title", "pk")


def public_document(pk) -> tuple[Document, list[DocumentVersion]]:
    """A public document and its public versions, newest first; 404 when it has none or is
    repealed."""
    try:
        document = Document.objects.get(pk=int(pk))
    except (Document.DoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc
    versions = list(
        public_versions()
        .filter(document=document)
        .distinct()
        .prefetch_related("attachments")
        .order_by("-number")
    )
    if not versions or versions[0].status != DocumentVersion.Status.PUBLISHED:
        raise Http404
    return document, versions


def public_changes(limit: int = 50):
    """The newest public publications (the Atom feed)."""
    return (
        Publication.objects.filter(
            channel=Publication.Channel.PUBLIC, version__in=public_versions()
        )
        .select_related("version", "version__document")
        .order_by("-published_at", "-id")[:limit]
    )
