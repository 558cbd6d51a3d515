"""The compliance page (G13–G16 frequencies, G04 companies) and the company meetings page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.access import require_perm
from styrsam.core.actions import form_action
from styrsam.core.exports import Sheet, dated_filename, workbook_response
from styrsam.core.htmx import render_page
from styrsam.core.lists import export_table
from styrsam.core.params import int_param
from styrsam.guideline.policy import get_policy

from .. import services
from ..compliance import (
    companies_without_meeting,
    company_meeting_role_name,
    company_obligation,
    group_compliance,
    remind_from,
)
from ..forms import CompanyMeetingForm
from ..lists import CompanyMeetingList, ComplianceTable
from ..selectors import MAX_YEAR, MIN_YEAR

company_meeting_export = CompanyMeetingList.export_view()


def _year(request) -> int:
    """The ``year`` of the page: within MIN_YEAR..MAX_YEAR, else this year."""
    year = int_param(request.GET.get("year", ""))
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


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
            "min_year": MIN_YEAR,
            "max_year": MAX_YEAR,
            "table": ComplianceTable(group_compliance(policy=policy, year=year)),
            "caption": _("Genomförda och planerade möten per grupp"),
            "missing_companies": companies_without_meeting(policy=policy, year=year),
            "obligation": company_obligation(policy) or {},
            "company_role": company_meeting_role_name(policy),
            "remind_from": remind_from(policy, year),
        },
    )


@login_required
def compliance_export(request, fmt: str):
    """The compliance page of the year as an Excel workbook: the groups (the page's table,
    ``lists.ComplianceTable``), then the companies without the year's meeting."""
    require_perm(request.user, "meetings.view_compliance")
    if fmt != "xlsx":
        raise Http404
    policy = get_policy()
    year = _year(request)
    headers, rows = export_table(ComplianceTable(group_compliance(policy=policy, year=year)))
    groups = Sheet(title=_("Grupper %(year)s") % {"year": year}, headers=headers, rows=rows)
    companies = Sheet(
        title=_("Bolag utan möte %(year)s") % {"year": year},
        headers=[_("Bolag"), _("Kod")],
        rows=[[c.name, c.code] for c in companies_without_meeting(policy=policy, year=year)],
    )
    return workbook_response(dated_filename("motesfrekvens"), [groups, companies])


def _company_page(request, *, form=None, status: int = 200):
    definition = CompanyMeetingList(request)
    definition.check_permission()
    definition.record_form = form
    return render_page(
        request,
        definition.template,
        definition.page_context(),
        partial=definition.partial,
        status=status,
    )


@login_required
def company_meetings(request):
    """The year's company meetings (``lists.CompanyMeetingList``) and, for the responsible
    role (G04), the form that records one."""
    if request.method != "POST":
        return _company_page(request)
    require_perm(request.user, "meetings.record_company_meeting")
    return form_action(
        request,
        CompanyMeetingForm(request.POST),
        lambda data: services.company_meeting_record(actor=request.user, **data),
        success_url=reverse("meetings:company_meetings"),
        success_message=_("Mötet med bolaget har registrerats."),
        render=lambda form, status: _company_page(request, form=form, status=status),
    )
