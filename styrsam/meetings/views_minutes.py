"""Minutes (protokoll): add and edit §, name the adjuster, approve (justera), PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError

from . import selectors, services_minutes
from .forms import AdjusterForm, MinuteEditForm, MinuteItemForm
from .models import MinuteItem
from .views_meetings import _done, _run, meeting_context

User = get_user_model()


@login_required
@require_POST
def minute_add(request, pk: int):
    """Add a §. A refusal (e.g. the case is not anchored, G21: 409 ``steps_missing``) shows the
    page again with the secretary's input kept and the reason next to the form."""
    meeting = _run(request, pk)
    form = MinuteItemForm(request.POST, meeting=meeting)
    if not form.is_valid():
        ctx = meeting_context(request, meeting, minute_form=form)
        return render(request, "meetings/meeting_detail.html", ctx, status=400)
    try:
        item = services_minutes.minute_item_add(
            actor=request.user, meeting=meeting, **form.cleaned_data
        )
    except ServiceError as exc:
        ctx = meeting_context(request, meeting, minute_form=form, minute_error=exc)
        return render(request, "meetings/meeting_detail.html", ctx, status=exc.status)
    if item.decision_outcome and item.case_id:
        messages.success(
            request,
            _("Paragrafen har lagts till och beslutet är registrerat i ärende %(nr)s.")
            % {"nr": item.case.registration_number},
        )
    else:
        messages.success(request, _("Paragrafen har lagts till."))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@login_required
def minute_edit(request, pk: int, item: int):
    meeting = _run(request, pk)
    minute = get_object_or_404(MinuteItem, pk=item, meeting=meeting)
    if minute.locked:
        messages.error(request, _("Protokollet är justerat och låst."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    form = MinuteEditForm(
        request.POST or None,
        initial={"title": minute.title, "text": minute.text, "decision": minute.decision},
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.minute_item_update(
                actor=request.user, item=minute, **form.cleaned_data
            )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Paragrafen har sparats."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/minute_edit.html",
        {"meeting": meeting, "minute": minute, "form": form, "error": error},
        status=400 if error or form.errors else 200,
    )


@login_required
@require_POST
def adjuster_set(request, pk: int):
    meeting = _run(request, pk)
    members = [m for m in selectors.group_members(meeting) if m.person_id != meeting.chair_id]
    form = AdjusterForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, _("Välj en justerare bland ledamöterna."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
    adjuster = User.objects.get(pk=form.cleaned_data["adjuster"])
    return _done(
        request,
        meeting,
        services_minutes.minutes_set_adjuster,
        _("Justeraren har angetts."),
        meeting=meeting,
        adjuster=adjuster,
    )


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting = _run(request, pk, perm="meetings.approve_minutes")
    return _done(
        request,
        meeting,
        services_minutes.minutes_approve,
        _("Du har justerat protokollet."),
        meeting=meeting,
    )


@login_required
def minutes_pdf(request, pk: int):
    """The minutes as PDF/UA. Outside the group 404; before the meeting is held only those
    who write or approve the minutes get them, as a draft (others 403)."""
    from .documents import inline_pdf, minutes_are_draft
    from .documents import minutes_pdf as render_pdf

    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.view_minutes", meeting)
    draft = "-utkast" if minutes_are_draft(meeting) else ""
    return inline_pdf(render_pdf(meeting), f"protokoll{draft}-{meeting.date}.pdf")
