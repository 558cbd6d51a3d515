"""Rent levels: next year's rent is decided by the financing group (G16); decided levels and
the ledger are append-only through the ORM and, on PostgreSQL, raw SQL."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from styrsam.core.errors import Conflict, NotAllowed
from styrsam.core.models import AppendOnlyError, AuditEntry
from styrsam.rental import services
from styrsam.rental.models import LedgerLine, RentDecision, RentLevel
from styrsam.rental.runs import rent_run
from styrsam.rental.selectors import rent_comparison
from tests.factories import RentedAssetFactory, person_with_role
from tests.vocab import c

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@pytest.fixture
def draft_2027(it_economist, computer, screen, rent_2026):
    return [
        services.rent_level_set(
            actor=it_economist, asset_type=computer, year=2027, monthly_amount=Decimal("320")
        ),
        services.rent_level_set(
            actor=it_economist, asset_type=screen, year=2027, monthly_amount=Decimal("60")
        ),
    ]


@pytest.mark.rule("G16")
def test_g16_next_years_rent_decided_by_financing_group(finance_director, draft_2027):
    decision = services.rent_levels_decide(
        actor=finance_director,
        year=2027,
        reference="Finansieringsgruppen 2026-10-14 § 5",
        decided_on=datetime.date(2026, 10, 14),
    )
    assert decision.group_code == c("financing")
    levels = RentLevel.objects.filter(year=2027)
    assert {lv.status for lv in levels} == {"decided"}
    assert {lv.decision_id for lv in levels} == {decision.pk}
    assert AuditEntry.objects.filter(action="rent.decide", rule="G16").exists()


@pytest.mark.rule("G16")
def test_g16_economist_of_the_it_unit_drafts_but_may_not_decide(it_economist, draft_2027):
    with pytest.raises(NotAllowed) as exc:
        services.rent_levels_decide(actor=it_economist, year=2027, reference="x")
    assert exc.value.rule == "G16"
    assert not RentDecision.objects.exists()


@pytest.mark.rule("G16")
def test_g16_finance_director_outside_the_group_may_not_decide(policy, draft_2027):
    outsider = person_with_role("finance_director", username="annan")
    with pytest.raises(NotAllowed) as exc:
        services.rent_levels_decide(actor=outsider, year=2027, reference="x")
    assert exc.value.code == "not_group_member"


@pytest.mark.rule("G16")
def test_g16_decision_needs_a_level_for_every_asset_type(
    finance_director, it_economist, computer, screen
):
    services.rent_level_set(actor=it_economist, asset_type=computer, year=2027, monthly_amount=1)
    with pytest.raises(Conflict) as exc:
        services.rent_levels_decide(actor=finance_director, year=2027, reference="§ 5")
    assert "Skärm" in exc.value.detail


@pytest.mark.rule("G16")
def test_g16_decided_level_cannot_be_redrafted(it_economist, computer, rent_2026):
    with pytest.raises(Conflict) as exc:
        services.rent_level_set(
            actor=it_economist, asset_type=computer, year=2026, monthly_amount=1
        )
    assert exc.value.code == "rent_decided"


@pytest.mark.rule("G16")
def test_g16_decided_level_refused_by_the_orm(rent_2026):
    level = rent_2026[0]
    level.monthly_amount = Decimal("1")
    with pytest.raises(AppendOnlyError):
        level.save()
    with pytest.raises(AppendOnlyError):
        level.delete()
    with pytest.raises(AppendOnlyError):
        RentLevel.objects.filter(year=2026).update(monthly_amount=1)
    with pytest.raises(AppendOnlyError):
        RentLevel.objects.filter(year=2026).delete()


def test_draft_level_can_be_changed(it_economist, computer):
    services.rent_level_set(actor=it_economist, asset_type=computer, year=2027, monthly_amount=1)
    level = services.rent_level_set(
        actor=it_economist, asset_type=computer, year=2027, monthly_amount=2
    )
    assert level.monthly_amount == 2


@pytest.mark.rule("G16")
def test_g16_next_year_compared_with_this_year(draft_2027):
    rows = {r["asset_type"].code: r for r in rent_comparison(year=2026)}
    assert rows["computer"]["diff"] == Decimal("20")
    assert rows["computer"]["pct"] == Decimal("6.7")
    assert rows["screen"]["diff"] == Decimal("-2")


@pytest.mark.rule("G08")
def test_g08_ledger_lines_refused_by_the_orm(head_of_it, vof, computer, rent_2026):
    RentedAssetFactory(asset_type=computer, department=vof)
    rent_run(actor=head_of_it, month=datetime.date(2026, 9, 1))
    line = LedgerLine.objects.get()
    line.amount = 0
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    with pytest.raises(AppendOnlyError):
        LedgerLine.objects.update(amount=0)


@postgres_only
@pytest.mark.postgres
@pytest.mark.rule("G08")
def test_g08_ledger_refuses_raw_sql_on_postgresql(head_of_it, vof, computer, rent_2026):
    RentedAssetFactory(asset_type=computer, department=vof)
    rent_run(actor=head_of_it, month=datetime.date(2026, 9, 1))
    for sql in ("UPDATE rental_ledgerline SET amount = 0", "DELETE FROM rental_ledgerline"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert LedgerLine.objects.get().amount == Decimal("300.00")


@postgres_only
@pytest.mark.postgres
@pytest.mark.rule("G16")
def test_g16_decided_levels_refuse_raw_sql_on_postgresql(rent_2026, it_economist, computer):
    for sql in (
        "UPDATE rental_rentlevel SET monthly_amount = 1 WHERE year = 2026",
        "DELETE FROM rental_rentlevel WHERE year = 2026",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    draft = services.rent_level_set(
        actor=it_economist, asset_type=computer, year=2027, monthly_amount=1
    )
    with connection.cursor() as cur:  # drafts stay editable
        cur.execute("UPDATE rental_rentlevel SET monthly_amount = 5 WHERE id = %s", [draft.pk])
    draft.refresh_from_db()
    assert draft.monthly_amount == 5
