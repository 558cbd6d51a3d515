"""The compliance page (G13–G16 frequencies, G04 companies) and the company meetings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.errors import ServiceError
from styrsam.core.exports import Sheet, dated_filename, workbook_response
from styrsam.core.paging import paginate
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from . import selectors, services
from .compliance import companies_without_meeting, group_compliance, remind_from
from .forms import CompanyMeetingForm


def _year(request) -> int:
    value = request.GET.get("ar", "")
    return (
        year if (year := int_param(value)) and 2000 <= year <= 2100 else timezone.localdate().year
    )


@login_required
def compliance(request):
    require_perm(request.user, "meetings.view_compliance")
    policy = get_policy()
    year = _year(request)
    return render(
        request,
        "meetings/compliance.html",
        {
            "year": year,
            "lines": group_compliance(policy=policy, year=year),
            "missing_companies": companies_without_meeting(policy=policy, year=year),
            "obligation": policy.obligation("company_meetings") or {},
            "remind_from": remind_from(policy, year),
        },
    )


@login_required
def compliance_export(request, fmt: str):
    """The compliance page of the year as an Excel workbook: the groups, then the companies."""
    require_perm(request.user, "meetings.view_compliance")
    if fmt != "xlsx":
        raise Http404
    policy = get_policy()
    year = _year(request)
    groups = Sheet(
        title=_("Grupper %(year)s") % {"year": year},
        headers=[
            _("Grupp"),
            _("Regel"),
            _("Genomförda"),
            _("Planerade"),
            _("Minst"),
            _("Högst"),
            _("Status"),
        ],
        rows=[
            [line.group.name, line.rule, line.held, line.planned, line.min, line.max, line.label]
            for line in group_compliance(policy=policy, year=year)
        ],
    )
    companies = Sheet(
        title=_("Bolag utan möte %(year)s") % {"year": year},
        headers=[_("Bolag"), _("Kod")],
        rows=[[c.name, c.code] for c in companies_without_meeting(policy=policy, year=year)],
    )
    return workbook_response(dated_filename("motesfrekvens"), [groups, companies])


@login_required
def company_meetings(request):
    require_perm(request.user, "meetings.view_compliance")
    policy = get_policy()
    year = _year(request)
    can_record = request.user.has_perm("meetings.record_company_meeting")
    form = CompanyMeetingForm(request.POST or None)
    error = None
    if request.method == "POST":
        require_perm(request.user, "meetings.record_company_meeting")
        if form.is_valid():
            try:
                services.company_meeting_record(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                error = exc
            else:
                messages.success(request, _("Mötet med bolaget har registrerats."))
                return redirect("meetings:company_meetings")
    context = {
        "year": year,
        "missing_companies": companies_without_meeting(policy=policy, year=year),
        "obligation": policy.obligation("company_meetings") or {},
        "can_record": can_record,
        "form": form,
        "error": error,
        **paginate(request, selectors.company_meeting_list(user=request.user, year=year)),
    }
    return render(
        request,
        "meetings/company_meetings.html",
        context,
        status=400 if error or form.errors else 200,
    )
