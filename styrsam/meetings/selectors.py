"""Reads of meetings. Views and the API take their querysets from here (convention 2): each
takes the user and returns only what the user may read, with the joins it needs. Filters by
group, year, status and meeting are the lists' FilterSets (``lists.py``)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from styrsam.core.memo import per_page
from styrsam.core.params import MAX_YEAR, MIN_YEAR  # noqa: F401 - re-exported
from styrsam.organisation.models import Membership, OrgUnit
from styrsam.organisation.roles import active_q

from .access import member_group_ids, sees_all_meetings
from .compliance import company_obligation
from .models import AgendaItem, Attendance, CompanyMeeting, Meeting, MinuteItem, StatusReport

# The years a list or the compliance report can be asked about. A date's year lookup needs a
# year of 1..9999 (Django builds datetime.date bounds for it); the window is narrower still so
# that the API can document it (`year` parameters: minimum/maximum; lists.YearFilter).


def _restrict(qs: QuerySet, user, field: str = "group_id") -> QuerySet:
    if sees_all_meetings(user):
        return qs
    return qs.filter(**{f"{field}__in": list(member_group_ids(user))})


def meeting_list(*, user) -> QuerySet[Meeting]:
    qs = _restrict(Meeting.objects.select_related("group", "convener", "chair", "secretary"), user)
    return qs.order_by("date", "start_time", "id")


def meeting_get(*, user, pk: int) -> Meeting:
    """The meeting with everything its page shows; 404 for someone outside the group."""
    qs = (
        meeting_list(user=user)
        .select_related("adjuster")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter", "case").order_by(
                    "order", "id"
                ),
            ),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person").order_by(
                    "person__last_name", "person__first_name"
                ),
            ),
            Prefetch(
                "minute_items",
                queryset=MinuteItem.objects.select_related(
                    "corrects", "corrects__meeting", "case", "case_decision"
                ).order_by("number"),
            ),
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.select_related("person", "unit").prefetch_related(
                    "projects"
                ),
            ),
        )
    )
    try:
        return qs.get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def agenda_item_list(*, user) -> QuerySet[AgendaItem]:
    qs = _restrict(
        AgendaItem.objects.select_related("meeting", "meeting__group", "presenter", "case"),
        user,
        "meeting__group_id",
    )
    return qs.order_by("meeting__date", "meeting_id", "order", "id")


def minute_item_list(*, user) -> QuerySet[MinuteItem]:
    qs = _restrict(
        MinuteItem.objects.select_related("meeting", "group", "corrects", "case", "case_decision"),
        user,
    )
    return qs.order_by("group_id", "year", "number")


def group_members(meeting: Meeting) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(active_q(), group_id=meeting.group_id)
        .select_related("person", "represents")
        .order_by("person__last_name", "person__first_name")
    )


def company_meeting_list(*, user) -> QuerySet[CompanyMeeting]:
    """Every company meeting: the follow-up of G04 is open to all staff."""
    return CompanyMeeting.objects.select_related("company", "held_by").order_by("-date", "id")


def calendar_meetings(*, user, group=None) -> QuerySet[Meeting]:
    """Meetings for a calendar feed: one group's, or the groups the user sits in or convenes.
    Cancelled meetings stay in the feed (as cancelled) so calendar clients remove them."""
    qs = meeting_list(user=user)
    if group is not None:
        return qs.filter(group=group)
    return qs.filter(Q(group_id__in=list(member_group_ids(user))) | Q(convener=user))


def company_meeting_counts(
    *, user, kind: str, year: int, until: datetime.date | None = None
) -> QuerySet[OrgUnit]:
    """The active companies (org units of ``kind``, the G04 obligation's ``per_unit_kind``),
    by name, each with ``meetings``: its company meetings in ``year`` (and, with ``until``,
    ``meetings_until``: those held on or before that day). One query."""

    def held(**within):
        return Coalesce(
            Subquery(
                CompanyMeeting.objects.filter(company=OuterRef("pk"), date__year=year, **within)
                .order_by()
                .values("company")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    qs = OrgUnit.objects.filter(kind=kind, is_active=True).annotate(meetings=held())
    if until is not None:
        qs = qs.annotate(meetings_until=held(date__lte=until))
    return qs.order_by("name", "pk")


def start_page_companies(user, *, policy, year: int, today: datetime.date) -> list[OrgUnit]:
    """``company_meeting_counts`` of the policy's G04 obligation (none without one) up to
    ``today``, read once per start page: the coordinator's chart (the year's
    meetings) and the responsible role's to-do (the companies not yet met) both show it
    (issue 18)."""
    obligation = company_obligation(policy)
    if not obligation:
        return []
    kind = obligation.get("per_unit_kind", OrgUnit.Kind.COMPANY)
    return per_page(
        user,
        ("start_page_companies", policy.version, year, today),
        lambda: list(company_meeting_counts(user=user, kind=kind, year=year, until=today)),
    )


def planned_reporting_meetings(user, reporting: list[str]) -> list[Meeting]:
    """The planned meetings of the groups that take status reports (``reporting``: their
    codes, G14), soonest first, each with ``reported_by_user`` — read once for the start
    page's to-dos of meetings (the user's own report) and projects (the projects' reports),
    issue 18."""

    def read() -> list[Meeting]:
        return list(
            Meeting.objects.filter(status=Meeting.Status.PLANNED, group__code__in=reporting)
            .annotate(
                reported_by_user=Exists(
                    StatusReport.objects.filter(meeting=OuterRef("pk"), person=user)
                )
            )
            .select_related("group")
            .order_by("date", "start_time", "pk")
        )

    return per_page(user, ("planned_reporting_meetings", tuple(reporting)), read)
