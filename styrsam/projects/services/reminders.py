"""G14 reminders: a few days before a preparatory group meeting, whoever reports a project
that is not yet reported gets an inbox item (and an e-mail): the project's manager (or, without
one, its owner) and the department's member of the group. Run daily by
``tasks.remind_reporters``; a project is reminded once per meeting (safe to run again)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.models import Notification
from styrsam.cases.services.notifications import notify
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from .reports import missing_reports, open_meetings

REMIND_DAYS_BEFORE = 5


@transaction.atomic
def reporters_remind(*, today: datetime.date | None = None) -> list[int]:
    """Remind the reporters of the projects not yet reported before every reporting meeting
    within ``REMIND_DAYS_BEFORE`` days. Returns the ids of the projects reminded."""
    today = today or timezone.localdate()
    reminded: list[int] = []
    meetings = open_meetings().filter(
        date__gte=today, date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    )
    for meeting in meetings:
        members: dict[int, list] = {}
        for m in Membership.objects.filter(
            active_q(), group=meeting.group, represents__isnull=False
        ).select_related("person"):
            members.setdefault(m.represents_id, []).append(m.person)
        for project in missing_reports(meeting):
            url = f"{project.get_absolute_url()}#rapportera"
            text = _("Statusrapport saknas för %(project)s inför %(group)s %(date)s (G14).") % {
                "project": project.name,
                "group": meeting.group.name,
                "date": meeting.date.isoformat(),
            }
            if Notification.objects.filter(url=url, text=text[:500]).exists():
                continue  # reminded already for this meeting
            recipients = [project.manager or project.owner, *members.get(project.department_id, [])]
            if notify(recipients=recipients, text=text, url=url):
                reminded.append(project.pk)
    return reminded
