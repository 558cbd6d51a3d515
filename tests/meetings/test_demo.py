"""The demo's meetings: one group visibly at risk, locked minutes, one company missing (G04)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from styrsam.guideline.policy import get_policy
from styrsam.meetings.compliance import AT_RISK, companies_without_meeting, group_compliance
from styrsam.meetings.models import MinuteItem, StatusReport
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G04")
def test_g04_demo_meetings(policy):
    from styrsam.demo import meetings, organisation
    from styrsam.demo.loader import DemoContext

    ctx = DemoContext()
    organisation.load(ctx)
    meetings.load(ctx)
    year = timezone.localdate().year
    lines = {line.code: line for line in group_compliance(policy=get_policy(), year=year)}
    assert lines[c("steering")].status == AT_RISK
    assert [c.code for c in companies_without_meeting(policy=get_policy(), year=year)] == ["hamn"]
    assert companies_without_meeting(policy=get_policy(), year=year - 1) == []
    assert MinuteItem.objects.filter(locked=True).exists()
    assert MinuteItem.objects.exclude(decision="").exists()
    assert StatusReport.objects.exists()


def test_demo_leaves_the_numbers_where_the_minutes_end(policy):
    """The demo writes its §§ in bulk; the next § of each group and year follows the last."""
    from django.db import transaction
    from django.db.models import Max

    from styrsam.demo import meetings, organisation
    from styrsam.demo.loader import DemoContext
    from styrsam.meetings.services import next_minute_number

    ctx = DemoContext()
    organisation.load(ctx)
    meetings.load(ctx)
    last = MinuteItem.objects.values("group", "year").annotate(top=Max("number"))
    assert len(last) >= 4
    groups = {g.pk: g for g in ctx.groups.values()}
    with transaction.atomic():
        for row in last:
            group = groups[row["group"]]
            assert next_minute_number(group=group, year=row["year"]) == row["top"] + 1
        transaction.set_rollback(True)
