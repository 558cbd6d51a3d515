"""Pages of meetings: the list per group and year, planning, the meeting page with agenda,
attendance and status reports, and the agenda's actions. Minutes are in views_minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for_many
from styrsam.core.errors import ServiceError
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup
from styrsam.organisation.selectors import group_get

from . import selectors, services, services_agenda
from .calendar import representable
from .forms import (
    AdjusterForm,
    AgendaItemForm,
    MeetingPlanForm,
    MinuteItemForm,
    StatusReportForm,
)
from .models import AgendaItem, Meeting


def _int(value) -> int | None:
    return int_param(str(value)) if value else None


@login_required
def meeting_list(request):
    require_perm(request.user, "meetings.view_meetings")
    policy = get_policy()
    groups = list(GovernanceGroup.objects.filter(code__in=list(policy.groups)).order_by("id"))
    group = request.GET.get("grupp") or None
    if group not in {g.code for g in groups}:
        group = None
    year = _int(request.GET.get("ar")) or timezone.localdate().year
    status = request.GET.get("status") or None
    if status not in Meeting.Status.values:
        status = None
    meetings = selectors.meeting_list(user=request.user, group=group, year=year, status=status)
    context = {
        "groups": groups,
        "group": group,
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
        "status": status,
        "statuses": Meeting.Status.choices,
        "can_plan": request.user.has_perm("meetings.plan_meeting", None),
        **paginate(request, meetings),
    }
    return render_page(
        request, "meetings/meeting_list.html", context, partial="meetings/_meeting_rows.html"
    )


@login_required
def meeting_plan(request, code: str):
    group = group_get(user=request.user, code=code)
    require_perm(request.user, "meetings.plan_meeting", group)
    form = MeetingPlanForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(actor=request.user, group=group, **form.cleaned_data)
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Mötet är planerat."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_plan.html",
        {"group": group, "form": form, "error": error},
        status=400 if error or form.errors else 200,
    )


def _has_approved(user, meeting: Meeting) -> bool:
    return bool(
        (user.pk == meeting.chair_id and meeting.chair_approved_at)
        or (user.pk == meeting.adjuster_id and meeting.adjuster_approved_at)
    )


def meeting_context(request, meeting: Meeting, **extra) -> dict:
    user = request.user
    reports = list(meeting.status_reports.all())
    members = list(selectors.group_members(meeting))
    can_run = user.has_perm("meetings.run_meeting", meeting)
    present = {a.person_id for a in meeting.attendances.all() if a.present}
    my_report = next((r for r in reports if r.person_id == user.pk), None)
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "minutes": list(meeting.minute_items.all()),
        "minute_error": None,
        "reports": reports,
        "missing_reports": services_agenda.missing_reporters(meeting, reports),
        "members": members,
        "present_ids": present,
        "attendance_recorded": bool(meeting.attendances.all()),
        "can_run": can_run,
        "can_plan": user.has_perm("meetings.plan_meeting", meeting.group),
        "can_see_minutes": user.has_perm("meetings.view_minutes", meeting),
        "in_calendar": representable(meeting),
        # The button only for a signatory who has not approved yet: a second click is a 409.
        "can_approve": user.has_perm("meetings.approve_minutes", meeting)
        and not _has_approved(user, meeting),
        "can_report": meeting.status == Meeting.Status.PLANNED
        and any(m.person_id == user.pk and m.function == "member" for m in members),
        "my_report": my_report,
        "agenda_form": AgendaItemForm(),
        "minute_form": MinuteItemForm(meeting=meeting),
        "adjuster_form": AdjusterForm(
            members=[m for m in members if m.person_id != meeting.chair_id],
            initial={"adjuster": meeting.adjuster_id},
        ),
        "report_form": StatusReportForm(initial={"text": my_report.text if my_report else ""}),
        "kinds": AgendaItem.Kind,
        **extra,
    }


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.view_meeting", meeting)
    return render(request, "meetings/meeting_detail.html", meeting_context(request, meeting))


def _run(request, pk: int, perm: str = "meetings.run_meeting") -> Meeting:
    """The meeting for an action: 404 outside the group, 403 for a reader."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, perm, meeting)
    return meeting


def _done(request, back: Meeting, fn, ok: str, /, **kwargs):
    """Run a service; its refusal becomes an error message; back to the meeting page."""
    try:
        fn(actor=request.user, **kwargs)
    except ServiceError as exc:
        messages.error(request, exc.detail + (f" ({exc.rule})" if exc.rule else ""))
    else:
        messages.success(request, ok)
    return redirect("meetings:meeting_detail", pk=back.pk)


@login_required
@require_POST
def meeting_held(request, pk: int):
    meeting = _run(request, pk)
    return _done(
        request, meeting, services.meeting_mark_held, _("Mötet är genomfört."), meeting=meeting
    )


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.plan_meeting", meeting.group)
    return _done(
        request, meeting, services.meeting_cancel, _("Mötet är inställt."), meeting=meeting
    )


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = _run(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        ctx = meeting_context(request, meeting, agenda_form=form)
        return render(request, "meetings/meeting_detail.html", ctx, status=400)
    return _done(
        request,
        meeting,
        services_agenda.agenda_item_add,
        _("Punkten har lagts till."),
        meeting=meeting,
        **form.cleaned_data,
    )


@login_required
@require_POST
def agenda_ready_cases(request, pk: int):
    """ "Hämta ärenden som är redo": the cases ready for this group become case items."""
    meeting = _run(request, pk)
    try:
        items = services_agenda.agenda_add_ready_cases(actor=request.user, meeting=meeting)
    except ServiceError as exc:
        messages.error(request, exc.detail + (f" ({exc.rule})" if exc.rule else ""))
    else:
        if items:
            messages.success(
                request,
                ngettext(
                    "%(n)s ärende har lagts till på föredragningslistan.",
                    "%(n)s ärenden har lagts till på föredragningslistan.",
                    len(items),
                )
                % {"n": len(items)},
            )
        else:
            messages.info(request, _("Inga fler ärenden är redo för gruppen."))
    return redirect("meetings:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def agenda_move(request, pk: int, item: int, direction: str):
    meeting = _run(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    return _done(
        request,
        meeting,
        services_agenda.agenda_item_move,
        _("Ordningen har ändrats."),
        item=agenda_item,
        direction=direction,
    )


@login_required
@require_POST
def agenda_send(request, pk: int):
    meeting = _run(request, pk)
    return _done(
        request,
        meeting,
        services_agenda.agenda_send,
        _("Kallelsen har skickats till gruppens ledamöter."),
        meeting=meeting,
    )


@login_required
@require_POST
def attendance_save(request, pk: int):
    meeting = _run(request, pk)
    members = {m.person_id: m.person for m in selectors.group_members(meeting)}
    present = [members[i] for i in map(_int, request.POST.getlist("present")) if i in members]
    return _done(
        request,
        meeting,
        services.attendance_record,
        _("Närvaron har sparats."),
        meeting=meeting,
        present=present,
    )


@login_required
@require_POST
def status_report(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not request.user.has_perm("meetings.report_status", meeting):
        raise PermissionDenied
    form = StatusReportForm(request.POST)
    if not form.is_valid():
        ctx = meeting_context(request, meeting, report_form=form)
        return render(request, "meetings/meeting_detail.html", ctx, status=400)
    return _done(
        request,
        meeting,
        services_agenda.status_report_submit,
        _("Statusrapporten har lämnats."),
        meeting=meeting,
        text=form.cleaned_data["text"],
        projects=form.projects(),
    )


@login_required
def agenda_pdf(request, pk: int):
    from .documents import agenda_pdf as render_pdf
    from .documents import inline_pdf

    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.view_meeting", meeting)
    return inline_pdf(render_pdf(meeting), f"foredragningslista-{meeting.date}.pdf")


@login_required
def meeting_history(request, pk: int):
    """Who did what with the meeting, its agenda, status reports and minutes (§§)."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.view_meeting", meeting)
    objects = [
        meeting,
        *meeting.agenda_items.all(),
        *meeting.minute_items.all(),
        *meeting.status_reports.all(),
    ]
    context = {
        "meeting": meeting,
        "history": history_for_many(objects)[:300],
        "history_shows_object": True,
    }
    return render(request, "meetings/meeting_history.html", context)
