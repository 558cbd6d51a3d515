"""Minutes (protokoll): add and edit §, name the adjuster, approve (justera), PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.actions import form_action

from .. import selectors, services
from ..forms import AdjusterForm, MinuteEditForm, MinuteItemForm
from ..models import MinuteItem
from .meetings import (
    adjuster_candidates,
    detail_url,
    meeting_button_action,
    meeting_for,
    meeting_form_action,
)

User = get_user_model()


def _added(item: MinuteItem) -> str:
    if item.decision_outcome and item.case_id:
        return _("Paragrafen har lagts till och beslutet är registrerat i ärende %(nr)s.") % {
            "nr": item.case.registration_number
        }
    return _("Paragrafen har lagts till.")


@login_required
@require_POST
def minute_add(request, pk: int):
    """Add a §. A refusal (e.g. the case is not anchored, G21: 409 ``steps_missing``) shows the
    page again with the secretary's input kept and the reason on the form."""
    meeting = meeting_for(request, pk)
    return meeting_form_action(
        request,
        meeting,
        MinuteItemForm(request.POST, meeting=meeting),
        "minute_form",
        lambda data: services.minute_item_add(actor=request.user, meeting=meeting, **data),
        _added,
    )


@login_required
def minute_edit(request, pk: int, item: int):
    meeting = meeting_for(request, pk)
    minute = get_object_or_404(MinuteItem, pk=item, meeting=meeting)
    if minute.locked and request.method != "POST":
        # a write is refused by the service (409 minutes_locked), on the form as in the API
        messages.error(request, _("Protokollet är justerat och låst."))
        return redirect(detail_url(meeting))
    form = MinuteEditForm(
        request.POST or None,
        initial={"title": minute.title, "text": minute.text, "decision": minute.decision},
    )

    def show(form, status=200):
        context = {"meeting": meeting, "minute": minute, "form": form}
        return render(request, "meetings/minute_edit.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.minute_item_update(actor=request.user, item=minute, **data),
        success_url=detail_url(meeting),
        success_message=_("Paragrafen har sparats."),
        render=show,
    )


@login_required
@require_POST
def adjuster_set(request, pk: int):
    meeting = meeting_for(request, pk)
    members = adjuster_candidates(meeting, selectors.group_members(meeting))
    return meeting_form_action(
        request,
        meeting,
        AdjusterForm(request.POST, members=members),
        "adjuster_form",
        lambda data: services.minutes_set_adjuster(
            actor=request.user, meeting=meeting, adjuster=User.objects.get(pk=data["adjuster"])
        ),
        _("Justeraren har angetts."),
    )


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting = meeting_for(request, pk, "meetings.approve_minutes")
    return meeting_button_action(
        request,
        meeting,
        lambda: services.minutes_approve(actor=request.user, meeting=meeting),
        _("Du har justerat protokollet."),
    )


@login_required
def minutes_pdf(request, pk: int):
    """The minutes as PDF/UA. Outside the group 404; before the meeting is held only those
    who write or approve the minutes get them, as a draft (others 403)."""
    from ..documents import inline_pdf, minutes_are_draft
    from ..documents import minutes_pdf as render_pdf  # typst is loaded for a PDF only

    meeting = meeting_for(request, pk, "meetings.view_minutes")
    draft = "-utkast" if minutes_are_draft(meeting) else ""
    return inline_pdf(render_pdf(meeting), f"protokoll{draft}-{meeting.date}.pdf")
