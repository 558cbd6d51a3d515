"""A hypothesis state machine drives random step completions, markings, consultations and
decision attempts, and checks that no decision ever exists on a case with an open required
step (G21, G23, G27, G09)."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from styrsam.cases import services
from styrsam.cases.models import Case, CaseStep
from styrsam.core.errors import ServiceError
from tests.vocab import c

CASE_TYPES = [
    c("common_system_change"),
    c("business_system_change"),
    c("co_financing"),
    c("platform_development"),
]


@pytest.mark.rule("G21")
@pytest.mark.django_db
def test_g21_no_decision_on_a_case_with_an_open_required_step(actors, vof):
    people = list(actors.values())
    decided: list[int] = []

    class CaseMachine(RuleBasedStateMachine):
        @initialize(case_type=st.sampled_from(CASE_TYPES))
        def start(self, case_type):
            reporter = (
                actors["it_head"] if case_type == c("platform_development") else actors["head"]
            )
            kw = {"reporting_unit": vof}
            if case_type == c("co_financing"):
                kw["amount_requested"] = 100000
            if case_type == c("common_system_change"):
                kw["common_kind"] = "email"
                reporter = actors["owner"]
            self.case = services.case_report(
                actor=reporter, case_type=case_type, title="Slump", **kw
            )
            self.steps = [s.code for s in self.case.steps.all()]

        @rule(data=st.data(), who=st.sampled_from(range(7)))
        def complete(self, data, who):
            step = data.draw(st.sampled_from(self.steps))
            with contextlib.suppress(ServiceError):
                services.case_complete_step(actor=people[who], case=self.case, step=step)

        @rule(data=st.data())
        def complete_as_strategist(self, data):
            """The IT strategist may perform every step: drives cases towards readiness."""
            step = data.draw(st.sampled_from(self.steps))
            with contextlib.suppress(ServiceError):
                services.case_complete_step(actor=actors["strategist"], case=self.case, step=step)

        @rule(data=st.data(), needed=st.booleans())
        def mark(self, data, needed):
            step = data.draw(st.sampled_from(self.steps))
            with contextlib.suppress(ServiceError):
                services.case_mark_step_needed(
                    actor=actors["strategist"], case=self.case, step=step, needed=needed, reason="r"
                )

        @rule(data=st.data(), close=st.booleans())
        def consult(self, data, close):
            step = data.draw(st.sampled_from(self.steps))
            try:
                c = services.consultation_open(
                    actor=actors["strategist"],
                    case=self.case,
                    step=step,
                    deadline=timezone.localdate() + datetime.timedelta(days=3),
                )
                if close:
                    services.consultation_close(actor=actors["strategist"], consultation=c)
            except ServiceError:
                pass

        @rule(
            outcome=st.sampled_from(["approved", "rejected", "returned"]),
            who=st.sampled_from(range(7)),
            body=st.sampled_from(["steering_group", "municipal_director"]),
        )
        def decide(self, outcome, who, body):
            with contextlib.suppress(ServiceError):
                services.case_decide(
                    actor=people[who],
                    case=self.case,
                    outcome=outcome,
                    text="Beslut",
                    body=body,
                    escalation_reason="Skäl" if who % 2 else "",
                    amount_granted=50000,
                )
                decided.append(self.case.pk)

        @invariant()
        def no_decision_with_open_required_step(self):
            for case in Case.objects.filter(decisions__isnull=False).distinct():
                if case.decisions.order_by("-id").first().outcome == "returned":
                    continue  # återremiss: the case is open again and may need more steps
                open_required = [
                    s for s in CaseStep.objects.filter(case=case) if s.is_open_required
                ]
                assert open_required == [], (case, open_required)

        @invariant()
        def status_matches_steps(self):
            case = Case.objects.get(pk=self.case.pk)
            blocking = [s for s in case.steps.all() if s.is_open_required]
            if case.status == Case.Status.READY:
                assert not blocking
            if case.status == Case.Status.DECIDED:
                assert case.decisions.exists()

    CaseMachine.TestCase.settings = settings(
        max_examples=40,
        derandomize=True,
        stateful_step_count=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    # Each example runs in a savepoint so the database starts clean for the next one.
    from django.db import transaction

    class Isolated(CaseMachine):
        def __init__(self):
            super().__init__()
            self._atomic = transaction.atomic()
            self._atomic.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    Isolated.TestCase.settings = CaseMachine.TestCase.settings
    Isolated.TestCase().runTest()
    assert decided, "the machine never reached a decision: it proved nothing"
