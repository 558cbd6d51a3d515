"""Reminders before the self-assessment's deadline (G30): run daily by
``tasks.remind_respondents``."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from .. import access
from ..models import AssessmentRound, Assignment

REMIND_DAYS_BEFORE = 7
REMIND_EVERY_DAYS = 3


def _respondent_emails(assignment: Assignment) -> list[str]:
    if assignment.person_id:
        return [assignment.person.email] if assignment.person.email else []
    group = access.respondent_group()
    if group is None:
        return []
    return list(
        Membership.objects.filter(active_q(), group=group, represents_id=assignment.unit_id)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )


@transaction.atomic
def assignments_remind(*, today: datetime.date | None = None) -> list[int]:
    """E-mail the respondents of assignments not fully answered when the deadline is at most
    ``REMIND_DAYS_BEFORE`` days away, at most every ``REMIND_EVERY_DAYS`` days (safe to run
    again the same day). Returns the assignments reminded."""
    today = today or timezone.localdate()
    window = {
        "status": AssessmentRound.Status.OPEN,
        "deadline__gte": today,
        "deadline__lte": today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    }
    # Lock the rounds: a second run at the same time waits and then finds them reminded.
    rounds = list(
        AssessmentRound.objects.select_for_update().filter(**window).values_list("pk", flat=True)
    )
    due = [
        a
        for a in Assignment.objects.filter(round_id__in=rounds)
        .select_related("round__instrument", "area", "unit", "person")
        .annotate(
            answered=Count("answers", distinct=True), total=Count("area__indicators", distinct=True)
        )
        .order_by("pk")
        if a.answered < a.total
        and (a.reminded_on is None or (today - a.reminded_on).days >= REMIND_EVERY_DAYS)
    ]
    messages, reminded = [], []
    for assignment in due:
        recipients = _respondent_emails(assignment)
        if not recipients:
            continue
        answered, total = assignment.answered, assignment.total
        messages.append(
            (
                _("Påminnelse: självskattningen %(r)s ska besvaras senast %(d)s (G30)")
                % {"r": assignment.round, "d": assignment.round.deadline.isoformat()},
                _(
                    "Området %(a)s har %(n)s av %(t)s indikatorer besvarade.\n"
                    "Svara i Styrsam: %(url)s"
                )
                % {
                    "a": assignment.area.name,
                    "n": answered,
                    "t": total,
                    "url": settings.STYRSAM_PUBLIC_URL.rstrip("/")
                    + reverse("followup:assignment_answer", args=[assignment.pk]),
                },
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        )
        assignment.reminded_on = today
        reminded.append(assignment)
    Assignment.objects.bulk_update(reminded, ["reminded_on"])
    for assessment in {a.round for a in reminded}:
        audit_record(
            actor=None,
            action="assessment_round.remind",
            obj=assessment,
            after={"reminded": sorted(a.pk for a in reminded if a.round_id == assessment.pk)},
            rule="G30",
        )
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))
    return [a.pk for a in reminded]
