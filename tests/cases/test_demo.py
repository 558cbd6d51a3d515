"""The demo's cases: a dozen at every stage, the payroll change waiting for consultation
answers and a decided co-financing case."""

from __future__ import annotations

import pytest

from styrsam.cases.models import Case, Consultation, Decision
from styrsam.demo import cases, meetings, organisation, systems
from styrsam.demo.loader import DemoContext
from tests.vocab import c

pytestmark = pytest.mark.django_db


def test_demo_cases_at_every_stage(policy, mailoutbox):
    ctx = DemoContext()
    for step in (organisation, systems, cases, meetings):  # meetings records the decisions
        step.load(ctx)
    assert Case.objects.count() >= 12
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {"open", "ready", "decided", "closed"}
    payroll = Case.objects.get(title="Byte av lönesystem")
    consultation = Consultation.objects.get(case=payroll)
    assert consultation.is_open and consultation.responses.count() >= 2
    co = Case.objects.get(case_type=c("co_financing"), status="decided")
    assert co.amount_granted and co.amount_granted < co.amount_requested
    assert Decision.objects.filter(body="municipal_director").exclude(escalation_reason="")
    assert Case.objects.filter(system__lifecycle="procurement").exists()
    assert mailoutbox == []  # the demo does not send a hundred e-mails
    steering = Decision.objects.filter(body="steering_group")
    assert steering.count() == 4
    replacement = Decision.objects.get(successor__isnull=False)  # G18: a replacement case
    assert replacement.system.lifecycle == "phase_out"
    assert replacement.successor.lifecycle == "planned" and replacement.handover_date
    assert replacement.successor.common_kind == replacement.system.common_kind
    for decision in steering.select_related("minute_item__meeting__group"):  # G13
        item = decision.minute_item
        assert item.locked and item.case_id == decision.case_id
        assert item.meeting.group.code == c("steering")
        assert decision.meeting_reference.endswith(f"§ {item.number}")
        assert item.meeting.agenda_items.filter(case=decision.case).exists()
    escalated = Decision.objects.get(body="municipal_director")
    assert escalated.minute_item is None  # G29: not in any minutes
