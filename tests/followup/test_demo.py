"""The demo shows the follow-up in the first minute (G30, G31): three years of self-assessment
with a rising trend and an open round with work left for Eva, a comparison, a citizen panel of
200 consented members and two surveys with answers, one of them anonymous."""

from __future__ import annotations

import pytest
from django.utils import timezone

from styrsam.demo.loader import load_demo
from styrsam.followup.models import (
    AssessmentRound,
    Comparison,
    Instrument,
    PanelMember,
    Response,
    ResponseIdentity,
    Survey,
)
from styrsam.followup.results import trend
from styrsam.followup.selectors import my_assignments
from tests.demo_fixture import demo_kommun
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G30")
@pytest.mark.rule("G31")
def test_the_demo_has_a_trend_a_panel_and_two_surveys(django_assert_max_num_queries):
    # the whole demo (every app; 6,160 queries with projects and documents): bulk, not per row
    with django_assert_max_num_queries(7000):
        context = load_demo(demo_kommun())
    year = timezone.localdate().year
    assert Instrument.objects.count() == 2
    rounds = list(AssessmentRound.objects.order_by("year"))
    assert [r.year for r in rounds] == [year - 2, year - 1, year]
    assert [r.status for r in rounds] == ["compiled", "compiled", "open"]
    assert rounds[1].agenda_item is not None and rounds[1].agenda_item.meeting.group.code == c(
        "steering"
    )
    scores = [p.score for p in trend(rounds[-1])]
    assert scores == sorted(scores) and scores[-1] - scores[0] > 15
    eva = context.people["eva"]
    mine = list(my_assignments(user=eva))
    assert mine and any(a.answered < a.expected for a in mine)
    assert Comparison.objects.get().municipality == "Grannby kommun"
    assert PanelMember.objects.filter(status="active", consented_at__isnull=False).count() == 200
    anonymous, named = Survey.objects.get(anonymous=True), Survey.objects.get(anonymous=False)
    assert Response.objects.filter(survey=anonymous).count() == 132
    assert not ResponseIdentity.objects.filter(response__survey=anonymous).exists()
    assert ResponseIdentity.objects.filter(response__survey=named).count() == 74
