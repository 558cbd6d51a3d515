"""Calendars: a .ics per meeting (logged in) and feeds per person and per group through a
secret token URL that calendar clients can subscribe to without logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import GovernanceGroup
from styrsam.organisation.selectors import group_get

from .. import selectors, services
from ..access import member_group_ids, sees_all_meetings
from ..calendar import feed_ics, meeting_ics, representable
from ..models import CalendarToken


def _ics(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_download(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    require_perm(request.user, "meetings.view_meeting", meeting)
    if not representable(meeting):  # e.g. dated 9999-12-31: no calendar can carry it
        raise Http404
    return _ics(meeting_ics(meeting), f"mote-{meeting.pk}.ics")


@login_required
def calendar_page(request):
    token = services.calendar_token_for(actor=request.user)
    policy = get_policy()
    groups = GovernanceGroup.objects.filter(code__in=list(policy.groups)).order_by("id")
    if not sees_all_meetings(request.user):
        groups = groups.filter(pk__in=list(member_group_ids(request.user)))
    base = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "meetings/calendar.html",
        {
            "person_url": base + reverse("meetings:feed_person", args=[token.token]),
            "group_urls": [
                (g, base + reverse("meetings:feed_group", args=[token.token, g.code]))
                for g in groups
            ],
        },
    )


@login_required
@require_POST
def calendar_renew(request):
    services.calendar_token_renew(actor=request.user)
    return redirect("meetings:calendar")


def _user_of(token: str):
    try:
        user = CalendarToken.objects.select_related("user").get(token=token).user
    except CalendarToken.DoesNotExist as exc:
        raise Http404 from exc
    if not user.is_active:
        raise Http404
    return user


def feed_person(request, token: str):
    user = _user_of(token)
    meetings = selectors.calendar_meetings(user=user)
    return _ics(feed_ics(meetings, f"Styrsam – {user.get_full_name()}"), "styrsam.ics")


def feed_group(request, token: str, code: str):
    user = _user_of(token)
    group = group_get(user=user, code=code)
    if not (sees_all_meetings(user) or group.pk in member_group_ids(user)):
        raise Http404
    meetings = selectors.calendar_meetings(user=user, group=group)
    return _ics(feed_ics(meetings, f"Styrsam – {group.name}"), f"{group.code}.ics")
