"""Pages of meetings: the list (``lists.MeetingList``), planning, the meeting page with agenda,
attendance and status reports, and the agenda's actions. Minutes are in ``views.minutes``.

Writes run through the kit (``form_action``/``button_action``): a refusal is shown once, on the
bound form when there is one, with the service's status (400, 403, 409)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import button_action, form_action
from styrsam.core.audit import history_for_many
from styrsam.core.params import int_param
from styrsam.organisation.models import Membership
from styrsam.organisation.selectors import group_get

from .. import selectors, services
from ..calendar import representable
from ..forms import (
    AdjusterForm,
    AgendaItemForm,
    MeetingCancelForm,
    MeetingPlanForm,
    MinuteItemForm,
    StatusReportForm,
)
from ..hooks import rendered_meeting_sections
from ..lists import MeetingList
from ..models import AgendaItem, Meeting

meeting_list = MeetingList.page_view()
meeting_export = MeetingList.export_view()


def meeting_for(request, pk: int, perm: str = "meetings.run_meeting") -> Meeting:
    """The meeting for an action: 404 outside the group, 403 without ``perm``."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, perm, meeting)
    return meeting


def detail_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.pk])


@login_required
def meeting_plan(request, code: str):
    group = group_get(user=request.user, code=code)
    require_perm(request.user, "meetings.plan_meeting", group)
    form = MeetingPlanForm(request.POST or None)

    def show(form, status=200):
        context = {"group": group, "form": form}
        return render(request, "meetings/meeting_plan.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.meeting_plan(actor=request.user, group=group, **data),
        success_url=detail_url,
        success_message=_("Mötet är planerat."),
        render=show,
    )


def _has_approved(user, meeting: Meeting) -> bool:
    return bool(
        (user.pk == meeting.chair_id and meeting.chair_approved_at)
        or (user.pk == meeting.adjuster_id and meeting.adjuster_approved_at)
    )


def adjuster_candidates(meeting: Meeting, members) -> list[Membership]:
    return [m for m in members if m.person_id != meeting.chair_id]


def meeting_context(request, meeting: Meeting, **forms) -> dict:
    """The meeting page; ``forms`` replaces a form by its bound version after a refusal
    (``agenda_form``, ``minute_form``, ``adjuster_form``, ``report_form``)."""
    user = request.user
    reports = list(meeting.status_reports.all())
    members = list(selectors.group_members(meeting))
    can_run = may(user, "meetings.run_meeting", meeting)
    present = {a.person_id for a in meeting.attendances.all() if a.present}
    my_report = next((r for r in reports if r.person_id == user.pk), None)
    return {
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()),
        "minutes": list(meeting.minute_items.all()),
        "reports": reports,
        "missing_reports": services.missing_reporters(meeting, reports),
        "members": members,
        "present_ids": present,
        "attendance_recorded": bool(meeting.attendances.all()),
        "can_run": can_run,
        "can_plan": may(user, "meetings.plan_meeting", meeting.group),
        "can_see_minutes": user.has_perm("meetings.view_minutes", meeting),
        "in_calendar": representable(meeting),
        # The button only for a signatory who has not approved yet: a second click is a 409.
        "can_approve": may(user, "meetings.approve_minutes", meeting)
        and not _has_approved(user, meeting),
        "can_report": meeting.status == Meeting.Status.PLANNED
        and any(
            m.person_id == user.pk and m.function == Membership.Function.MEMBER for m in members
        ),
        "my_report": my_report,
        "agenda_form": AgendaItemForm(),
        "minute_form": MinuteItemForm(meeting=meeting),
        "adjuster_form": AdjusterForm(
            members=adjuster_candidates(meeting, members),
            initial={"adjuster": meeting.adjuster_id},
        ),
        "report_form": StatusReportForm(initial={"text": my_report.text if my_report else ""}),
        "kinds": AgendaItem.Kind,
        "sections": rendered_meeting_sections(user=user, meeting=meeting),
        **forms,
    }


def render_meeting(request, meeting: Meeting, *, status: int = 200, **forms):
    """The meeting page (with a bound form and its errors after a refusal)."""
    return render(
        request,
        "meetings/meeting_detail.html",
        meeting_context(request, meeting, **forms),
        status=status,
    )


def meeting_form_action(request, meeting: Meeting, form, name: str, service, message):
    """Run ``service`` with ``form`` from the meeting page: back to the page with ``message``,
    or the page again with the bound form (``name``) and the refusal on it."""
    return form_action(
        request,
        form,
        service,
        success_url=detail_url(meeting),
        success_message=message,
        render=lambda form, status: render_meeting(request, meeting, status=status, **{name: form}),
    )


def meeting_button_action(request, meeting: Meeting, service, message):
    """A button on the meeting page: the outcome (or the refusal) as a message on it."""
    return button_action(request, service, success_url=detail_url(meeting), success_message=message)


@login_required
def meeting_detail(request, pk: int):
    meeting = meeting_for(request, pk, "meetings.view_meeting")
    return render_meeting(request, meeting)


@login_required
@require_POST
def meeting_held(request, pk: int):
    meeting = meeting_for(request, pk)
    return meeting_button_action(
        request,
        meeting,
        lambda: services.meeting_mark_held(actor=request.user, meeting=meeting),
        _("Mötet är genomfört."),
    )


@login_required
def meeting_cancel(request, pk: int):
    """A page that asks for confirmation and a reason (GET), then cancels (POST)."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.plan_meeting", meeting.group)
    form = MeetingCancelForm(request.POST if request.method == "POST" else None)

    def show(form, status=200):
        return render(
            request,
            "meetings/meeting_cancel.html",
            {"form": form, "meeting": meeting},
            status=status,
        )

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        success_url=detail_url(meeting),
        success_message=_("Mötet är inställt."),
        render=show,
    )


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = meeting_for(request, pk)
    return meeting_form_action(
        request,
        meeting,
        AgendaItemForm(request.POST),
        "agenda_form",
        lambda data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
        _("Punkten har lagts till."),
    )


def _ready_cases_message(items) -> str:
    if not items:
        return _("Inga fler ärenden är redo för gruppen.")
    return ngettext(
        "%(n)s ärende har lagts till på föredragningslistan.",
        "%(n)s ärenden har lagts till på föredragningslistan.",
        len(items),
    ) % {"n": len(items)}


@login_required
@require_POST
def agenda_ready_cases(request, pk: int):
    """ "Hämta ärenden som är redo": the cases ready for this group become case items."""
    meeting = meeting_for(request, pk)
    return meeting_button_action(
        request,
        meeting,
        lambda: services.agenda_add_ready_cases(actor=request.user, meeting=meeting),
        _ready_cases_message,
    )


@login_required
@require_POST
def agenda_move(request, pk: int, item: int, direction: str):
    meeting = meeting_for(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    return meeting_button_action(
        request,
        meeting,
        lambda: services.agenda_item_move(
            actor=request.user, item=agenda_item, direction=direction
        ),
        _("Ordningen har ändrats."),
    )


@login_required
@require_POST
def agenda_send(request, pk: int):
    meeting = meeting_for(request, pk)
    return meeting_button_action(
        request,
        meeting,
        lambda: services.agenda_send(actor=request.user, meeting=meeting),
        _("Kallelsen har skickats till gruppens ledamöter."),
    )


@login_required
@require_POST
def attendance_save(request, pk: int):
    meeting = meeting_for(request, pk)
    members = {m.person_id: m.person for m in selectors.group_members(meeting)}
    chosen = (int_param(value) for value in request.POST.getlist("present"))
    present = [members[i] for i in chosen if i in members]
    return meeting_button_action(
        request,
        meeting,
        lambda: services.attendance_record(actor=request.user, meeting=meeting, present=present),
        _("Närvaron har sparats."),
    )


@login_required
@require_POST
def status_report(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not request.user.has_perm("meetings.report_status", meeting):
        raise PermissionDenied
    form = StatusReportForm(request.POST)
    return meeting_form_action(
        request,
        meeting,
        form,
        "report_form",
        lambda data: services.status_report_submit(
            actor=request.user, meeting=meeting, text=data["text"], projects=form.projects()
        ),
        _("Statusrapporten har lämnats."),
    )


@login_required
def agenda_pdf(request, pk: int):
    from ..documents import agenda_pdf as render_pdf  # typst is loaded for a PDF only
    from ..documents import inline_pdf

    meeting = meeting_for(request, pk, "meetings.view_meeting")
    return inline_pdf(render_pdf(meeting), f"foredragningslista-{meeting.date}.pdf")


@login_required
def meeting_history(request, pk: int):
    """Who did what with the meeting, its agenda, status reports and minutes (§§)."""
    meeting = meeting_for(request, pk, "meetings.view_meeting")
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
