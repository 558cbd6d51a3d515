"""Rows for the start page's dashboards (issue 17), written straight to the tables: the
dashboards only read them. Shared by the dashboard tests and their browser test."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from styrsam.cases.models import Consultation
from styrsam.finance.models import BudgetFrame, BudgetPlan
from styrsam.meetings.models import CompanyMeeting, Meeting
from styrsam.organisation.models import GovernanceGroup
from styrsam.rental.models import InvestmentBudget, InvestmentPurchase, LedgerLine, RentRun
from styrsam.servicedesk.models import Order
from tests.factories import AssetTypeFactory, CatalogueItemFactory, UserFactory
from tests.vocab import c

TODAY = timezone.localdate()
YEAR = TODAY.year
D = datetime.date


def meetings(code: str, held: int, planned: int, year: int = YEAR) -> None:
    group = GovernanceGroup.objects.get(code=code)
    Meeting.objects.bulk_create(
        [
            Meeting(
                group=group,
                date=D(year, 1 + i % 11, 1 + i % 27),
                start_time=datetime.time(9),
                status="held",
            )
            for i in range(held)
        ]
        + [
            Meeting(group=group, date=D(year, 12, 1 + i % 27), start_time=datetime.time(9))
            for i in range(planned)
        ]
    )


def company_meetings(company, n: int, held_by, year: int = YEAR) -> None:
    CompanyMeeting.objects.bulk_create(
        [
            CompanyMeeting(company=company, date=D(year, 1, 1 + i % 27), held_by=held_by)
            for i in range(n)
        ]
    )


def consultations(case, strategist, deadlines) -> None:
    step = case.steps.filter(consultation_group__isnull=False).first() or case.steps.first()
    group = GovernanceGroup.objects.get(code=c("preparatory"))
    Consultation.objects.bulk_create(
        [
            Consultation(case=case, step=step, group=group, deadline=d, opened_by=strategist)
            for d in deadlines
        ]
    )


def ledger(department, month: int, amounts, run=None) -> None:
    run = run or RentRun.objects.create(month=D(YEAR, month, 1))
    kind = LedgerLine.Kind.values[0]
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(
                run=run,
                month=D(YEAR, month, 1),
                department=department,
                asset_type=AssetTypeFactory(code="computer", name="Dator"),
                kind=kind,
                asset_count=1,
                asset_days=30,
                monthly_amount=Decimal(a),
                amount=Decimal(a),
            )
            for a in amounts
        ]
    )


def frame(amount: int) -> None:
    plan = BudgetPlan.objects.create(
        kind="investment",
        first_year=YEAR,
        last_year=YEAR + 3,
        status=BudgetPlan.Status.DECIDED,
        decided_on=D(YEAR, 1, 2),
    )
    BudgetFrame.objects.create(plan=plan, year=YEAR, amount=amount, locked=True)


def purchases(amounts, month: int = 1) -> None:
    budget, _ = InvestmentBudget.objects.get_or_create(year=YEAR, defaults={"amount": 10000})
    InvestmentPurchase.objects.bulk_create(
        [
            InvestmentPurchase(
                budget=budget,
                date=D(YEAR, month, 1 + i % 27),
                amount=Decimal(a),
                description="Datorer",
            )
            for i, a in enumerate(amounts)
        ]
    )


def orders(department, statuses) -> None:
    item = CatalogueItemFactory()
    orderer = UserFactory()
    Order.objects.bulk_create(
        [Order(department=department, ordered_by=orderer, item=item, status=s) for s in statuses]
    )
