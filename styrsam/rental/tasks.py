"""The monthly rent run on a schedule (``rental.monthly_rent_run`` in styrsam/schedule.py).

It runs only when the policy says so (``rental: monthly_rent_run: true``, off by default) and
charges the previous month. The run is idempotent, so a retry or a second worker adds nothing;
a refusal (e.g. the year's rent is not decided, G16) is reported to ADMINS, not retried."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from styrsam.guideline.policy import get_policy

from .runs import rent_run


def monthly_rent_run_enabled(policy) -> bool:
    return bool((policy.data.get("rental") or {}).get("monthly_rent_run", False))


@shared_task(name="rental.monthly_rent_run")
def monthly_rent_run() -> dict:
    if not monthly_rent_run_enabled(get_policy()):
        return {"ran": False, "reason": "policy"}
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    run = rent_run(actor=None, month=month)
    return {
        "ran": True,
        "month": month.strftime("%Y-%m"),
        "lines_added": run.lines_added,
        "amount_added": str(run.amount_added),
    }
