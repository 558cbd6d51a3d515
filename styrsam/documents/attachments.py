"""Attachments of a governing document's version (issue 15: "attachments allowed").

One service for the page and the API (multipart): ``attachment_add`` checks the size, the
kind of file (by its name and by its first bytes, so a program renamed ``.pdf`` is refused) and
the version's state before anything is stored; the file goes to Django's storage
(``MEDIA_ROOT`` by default) and is never served from ``MEDIA_URL``. ``attachment_response``
sends it to those who may read the version (staff), ``public_attachment_response`` to anyone
only for a version published on the public website (G28, G29). An adopted version's
attachments are frozen with its text (G29)."""

from __future__ import annotations

import os

from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.audit import audit_record
from styrsam.core.errors import Conflict, ValidationFailed

from .models import Attachment, DocumentVersion, public_versions
from .services import _lock, _require_drafter

# The largest attachment. Web servers in front of Styrsam must allow a request body at least
# this large (nginx: client_max_body_size), as for case attachments.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 20  # per version

_ZIP = b"PK\x03\x04"
# extension -> (content type, accepted first bytes; None: text, UTF-8 without NUL)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (_ZIP,),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    ".odp": ("application/vnd.oasis.opendocument.presentation", (_ZIP,)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def allowed_names() -> str:
    return ", ".join(sorted(ext.lstrip(".") for ext in ALLOWED))


def _clean_name(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[-200:] if len(name) > 200 else name


def check_file(file) -> tuple[str, str]:
    """The file's clean name and content type; ValidationFailed (field ``file``) for a file
    missing, empty, too large or of a kind not accepted."""
    if not file:
        raise ValidationFailed(_("Välj en fil."), field="file", code="required")
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            _("Bilagan är för stor (%(size)s). Den får vara högst %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(MAX_ATTACHMENT_BYTES)},
            code="attachment_too_large",
            field="file",
        )
    if file.size == 0:
        raise ValidationFailed(_("Filen är tom."), field="file", code="attachment_empty")
    name = _clean_name(file.name)
    ext = os.path.splitext(name)[1].lower()
    kind = ALLOWED.get(ext)
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    if kind is not None:
        content_type, magic = kind
        ok = b"\x00" not in head and _utf8_prefix(head) if magic is None else head.startswith(magic)
    if kind is None or not ok:
        raise ValidationFailed(
            _("Filtypen tas inte emot. Tillåtna filer: %(types)s.") % {"types": allowed_names()},
            code="attachment_type",
            field="file",
        )
    return name, content_type


def _utf8_prefix(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multibyte character cut by the 2 kB read is fine
        return exc.start >= len(head) - 3
    return True


@transaction.atomic
def attachment_add(*, actor, version: DocumentVersion, file) -> Attachment:
    """Attach ``file`` to a version being written (the drafting role, G13, G28). Not while the
    preparatory group reads it (G14), never to an adopted version (G29)."""
    _require_drafter(actor)
    version = _lock(version)
    _require_open(version)
    name, content_type = check_file(file)
    if version.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationFailed(
            _("En version kan ha högst %(n)s bilagor.") % {"n": MAX_ATTACHMENTS},
            code="too_many_attachments",
            field="file",
        )
    attachment = Attachment(
        version=version, name=name, content_type=content_type, size=file.size, uploaded_by=actor
    )
    attachment.file.save(name, file, save=False)
    stored = attachment.file.name
    try:  # a refused save leaves no file behind
        attachment.save()
        audit_record(
            actor=actor,
            action="document.attachment_add",
            obj=version,
            after={"attachment": name, "size": file.size, "content_type": content_type},
            rule="G28",
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove an attachment of a version still being written (the drafting role)."""
    _require_drafter(actor)
    version = _lock(attachment.version)
    _require_open(version)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    name, stored, storage = attachment.name, attachment.file.name, attachment.file.storage
    attachment.delete()
    audit_record(
        actor=actor,
        action="document.attachment_remove",
        obj=version,
        before={"attachment": name},
        after={},
        rule="G28",
    )
    transaction.on_commit(lambda: storage.delete(stored))


def _require_open(version: DocumentVersion) -> None:
    if version.status not in DocumentVersion.WORKING_STATUSES:
        raise Conflict(
            _("Version %(n)s är fastställd; dess bilagor ändras inte. Påbörja en ny version (G29).")
            % {"n": version.number},
            code="version_adopted",
            rule="G29",
        )
    if version.consultation_id and version.consultation.is_open:
        raise Conflict(
            _("Bilagorna kan inte ändras medan versionen är ute på remiss (G14)."),
            code="consultation_open",
            rule="G14",
        )


def _send(attachment: Attachment) -> FileResponse:
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_response(*, user, version: DocumentVersion, pk: int) -> FileResponse:
    """An attachment for staff who may read the version (404 for another version's)."""
    require_perm(user, "documents.view_documents", hide=True)
    attachment = Attachment.objects.filter(version=version, pk=pk).select_related("version")
    attachment = attachment.first()
    if attachment is None:
        raise Http404
    response = _send(attachment)
    patch_cache_control(response, private=True, no_store=True)
    return response


def public_attachment_response(*, version: DocumentVersion, pk: int) -> FileResponse:
    """An attachment of a version on the public register (the caller found ``version``
    there); checked again against ``public_versions()``; 404 for anything else."""
    attachment = (
        Attachment.objects.filter(pk=pk, version=version, version__in=public_versions())
        .select_related("version")
        .first()
    )
    if attachment is None:
        raise Http404
    response = _send(attachment)
    response["Cache-Control"] = "public, max-age=300"
    return response
