"""Periodic reminders (Celery beat, see CELERY_BEAT_SCHEDULE in settings).

- ``remind_conveners``: a group whose plan for this year cannot reach the policy's minimum
  (status ``at_risk``) — the holders of the policy's convener role get an e-mail (G13–G16).
- ``remind_company_meetings``: from the policy's ``remind_from`` date, the holders of the
  obligation's responsible role get the list of companies not yet met this year (G04).
Both return what they sent, so tests and the worker log can see it.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from styrsam.guideline.policy import get_policy
from styrsam.organisation.selectors import role_holders

from .compliance import (
    AT_RISK,
    companies_without_meeting,
    company_meeting_role_name,
    company_meeting_roles,
    company_obligation,
    group_compliance,
    remind_from,
)
from .todos import frequency_text


def _emails(*roles: str) -> list[str]:
    return sorted({a.person.email for r in roles for a in role_holders(r) if a.person.email})


@shared_task(name="meetings.remind_conveners")
def remind_conveners() -> list[str]:
    policy = get_policy()
    today = timezone.localdate()
    sent = []
    for line in group_compliance(policy=policy, year=today.year, today=today):
        if line.status != AT_RISK:
            continue
        recipients = _emails(policy.group(line.code).convener_role)
        if not recipients:
            continue
        send_mail(
            f"Styrsam: {line.group.name} når inte mötesfrekvensen ({line.rule})",
            frequency_text(line)
            + f".\nPlanera minst {line.missing} möte(n) till under {today.year}.",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
        sent.append(line.code)
    return sent


@shared_task(name="meetings.remind_company_meetings")
def remind_company_meetings() -> list[str]:
    policy = get_policy()
    today = timezone.localdate()
    start = remind_from(policy, today.year)
    if start is None or today < start:
        return []
    missing = companies_without_meeting(policy=policy, year=today.year)
    obligation = company_obligation(policy) or {}
    recipients = _emails(*company_meeting_roles(policy))
    if not missing or not recipients:
        return []
    send_mail(
        f"Styrsam: bolag utan årets möte ({obligation.get('rule', 'G04')})",
        f"Följande bolag har inte haft årets möte med {company_meeting_role_name(policy)}:\n"
        + "\n".join(f"- {c.name}" for c in missing),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    return [c.code for c in missing]
