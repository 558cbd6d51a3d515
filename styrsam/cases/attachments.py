"""Attachments of case steps (issue 4: a step records who, when, a comment and attachments).

One check for every way in (the page's form, the API, other callers of the service):
``check_attachment`` is called by ``case_complete_step`` before anything is written. Files are
never served from MEDIA_URL: ``attachment_response`` sends one to a user who may see the case.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.errors import ValidationFailed

from .models import CaseStep

# The largest attachment a step takes. Web servers in front of Styrsam must allow a request
# body at least this large (nginx: client_max_body_size).
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def check_attachment(file) -> None:
    """Raise ValidationFailed (code ``attachment_too_large``) for a file over the limit."""
    if file and file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            _("Bilagan är för stor (%(size)s). Den får vara högst %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(MAX_ATTACHMENT_BYTES)},
            code="attachment_too_large",
            field="attachment",
        )


def attachment_response(*, user, step: CaseStep) -> FileResponse:
    """The step's attachment as a download; 404 when the user may not see the case or the
    step has no (stored) attachment."""
    require_perm(user, "cases.view_case", step.case, hide=True)
    if not step.attachment:
        raise Http404
    try:
        handle = step.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=step.attachment_name)
    patch_cache_control(response, private=True, no_store=True)
    return response
