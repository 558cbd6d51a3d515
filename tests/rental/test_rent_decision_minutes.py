"""The rent decision linked to the § of the financing group's minutes (G16): the § of the
group that the policy names (``rental.rent_decided_by``) gives reference and date; a § of
another group is refused by the service, the page and the API, and nothing is written.

The other group is the preparatory group: a group apart from the deciding one in every policy
(Andrakommun's steering group is its financing group too). Group names come from the policy."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.core.models import AppendOnlyError, AuditEntry
from styrsam.guideline.policy import Policy, get_policy
from styrsam.meetings import services as meeting_services
from styrsam.meetings.services import minute_item_add
from styrsam.organisation.models import GovernanceGroup, Membership
from styrsam.rental import services
from styrsam.rental.models import RentDecision, RentLevel
from styrsam.rental.selectors import rent_minute_items
from tests.factories import MembershipFactory
from tests.vocab import c

D = datetime.date
TODAY = timezone.localdate()
RECENT = TODAY - datetime.timedelta(days=7)  # a meeting the decide form offers

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def _meeting(code: str, date: datetime.date):
    return meeting_services.meeting_plan(
        actor=None,
        group=GovernanceGroup.objects.get(code=code),
        date=date,
        start_time=datetime.time(9, 0),
        place="Stadshuset",
    )


def _name(word: str) -> str:
    """The policy's name of the group of the default policy's ``word``."""
    return get_policy().group_name(c(word))


def _item(meeting, title="Beslut om nästkommande års hyra", decision=""):
    return minute_item_add(actor=None, meeting=meeting, title=title, decision=decision)


@pytest.fixture
def financing_item(policy):
    """§ 2 of the financing group's meeting of 2026-10-14: next year's rent."""
    meeting = _meeting(c("financing"), D(2026, 10, 14))
    _item(meeting, title="Hyressystemets funktion och kostnadsnivåer")
    return _item(meeting, decision="Hyran för 2027 fastställs enligt förslaget (G16).")


@pytest.fixture
def other_item(policy):
    """§ 1 of another group's meeting of 2026-10-15 (the preparatory group's)."""
    assert c("preparatory") != policy.rent_decided_by_group()
    return _item(_meeting(c("preparatory"), D(2026, 10, 15)), title="Hyresnivåer 2027")


@pytest.fixture
def draft_2027(it_economist, computer, screen, rent_2026):
    return [
        services.rent_level_set(
            actor=it_economist, asset_type=at, year=2027, monthly_amount=Decimal(amount)
        )
        for at, amount in ((computer, "320"), (screen, "60"))
    ]


def _nothing_written():
    assert not RentDecision.objects.filter(year=2027).exists()
    assert set(RentLevel.objects.filter(year=2027).values_list("status", flat=True)) == {"draft"}
    assert not AuditEntry.objects.filter(action="rent.decide").exists()


# service


@pytest.mark.rule("G16")
def test_g16_rent_decision_linked_to_financing_group_minute_item(
    finance_director, draft_2027, financing_item
):
    decision = services.rent_levels_decide(
        actor=finance_director, year=2027, minute_item=financing_item
    )
    assert decision.minute_item == financing_item
    assert decision.reference == f"{_name('financing')} 2026-10-14 § 2"
    assert decision.decided_on == D(2026, 10, 14)
    assert decision.group_code == c("financing")
    assert list(financing_item.rent_decisions.all()) == [decision]
    levels = RentLevel.objects.filter(year=2027)
    assert {(lv.status, lv.decision_id) for lv in levels} == {("decided", decision.pk)}
    audit = AuditEntry.objects.get(action="rent.decide", rule="G16")
    assert audit.after["minute_item"]["id"] == financing_item.pk
    assert audit.after["decided_on"] == "2026-10-14"


@pytest.mark.rule("G16")
def test_g16_minute_item_of_other_group_refused(finance_director, draft_2027, other_item):
    with pytest.raises(Conflict) as exc:
        services.rent_levels_decide(actor=finance_director, year=2027, minute_item=other_item)
    assert (exc.value.code, exc.value.rule, exc.value.field) == (
        "wrong_deciding_group",
        "G16",
        "minute_item",
    )
    assert f"{_name('preparatory')} 2026-10-15 § 1" in exc.value.detail
    assert _name("financing") in exc.value.detail
    _nothing_written()


@pytest.mark.rule("G16")
def test_g16_reference_and_date_come_from_the_minute_item(
    finance_director, draft_2027, financing_item
):
    for kwargs, code in (
        ({"reference": f"{_name('financing')} 2026-10-14 § 9"}, "reference_mismatch"),
        ({"decided_on": D(2026, 10, 15)}, "decided_on_mismatch"),
    ):
        with pytest.raises(ValidationFailed) as exc:
            services.rent_levels_decide(
                actor=finance_director, year=2027, minute_item=financing_item, **kwargs
            )
        assert exc.value.code == code
    _nothing_written()
    decision = services.rent_levels_decide(  # the same reference and date are accepted
        actor=finance_director,
        year=2027,
        minute_item=financing_item,
        reference=f" {_name('financing')} 2026-10-14 § 2 ",
        decided_on=D(2026, 10, 14),
    )
    assert decision.minute_item_id == financing_item.pk


@pytest.mark.rule("G16")
def test_g16_decision_before_styrsam_keeps_a_text_reference(finance_director, draft_2027):
    with pytest.raises(ValidationFailed) as exc:
        services.rent_levels_decide(actor=finance_director, year=2027, reference="  ")
    assert (exc.value.code, exc.value.field) == ("reference_required", "reference")
    _nothing_written()
    decision = services.rent_levels_decide(actor=finance_director, year=2027, reference="§ 5")
    assert (decision.minute_item, decision.reference) == (None, "§ 5")
    assert decision.decided_on == timezone.localdate()


@pytest.mark.rule("G16")
def test_g16_deciding_group_comes_from_the_policy(
    monkeypatch, finance_director, draft_2027, financing_item, other_item
):
    """Not hard-coded: a policy naming the preparatory group accepts its § and refuses the
    financing group's."""
    monkeypatch.setattr(Policy, "rent_decided_by_group", lambda self: c("preparatory"))
    MembershipFactory(
        group=GovernanceGroup.objects.get(code=c("preparatory")),
        person=finance_director,
        function=Membership.Function.MEMBER,
    )
    with pytest.raises(Conflict) as exc:
        services.rent_levels_decide(actor=finance_director, year=2027, minute_item=financing_item)
    assert exc.value.code == "wrong_deciding_group"
    decision = services.rent_levels_decide(
        actor=finance_director, year=2027, minute_item=other_item
    )
    assert (decision.group_code, decision.reference) == (
        c("preparatory"),
        f"{_name('preparatory')} 2026-10-15 § 1",
    )


@pytest.mark.rule("G16")
def test_g16_linked_decision_is_append_only(finance_director, draft_2027, financing_item):
    decision = services.rent_levels_decide(
        actor=finance_director, year=2027, minute_item=financing_item
    )
    decision.minute_item = None
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        RentDecision.objects.filter(pk=decision.pk).update(minute_item=None)


@postgres_only
@pytest.mark.postgres
@pytest.mark.rule("G16")
def test_g16_linked_decision_refuses_raw_sql_on_postgresql(
    finance_director, draft_2027, financing_item
):
    """The trigger of migration 0001 still guards the table after 0002 added the column."""
    decision = services.rent_levels_decide(
        actor=finance_director, year=2027, minute_item=financing_item
    )
    for sql in (
        "UPDATE rental_rentdecision SET minute_item_id = NULL",
        "DELETE FROM rental_rentdecision",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    decision.refresh_from_db()
    assert decision.minute_item_id == financing_item.pk


# selector


@pytest.mark.rule("G16")
def test_g16_form_offers_this_and_last_years_financing_minute_items(policy, finance_director):
    recent = _item(_meeting(c("financing"), RECENT))
    last_year = _item(_meeting(c("financing"), D(TODAY.year - 1, 3, 10)))
    _item(_meeting(c("financing"), D(TODAY.year - 2, 10, 1)))  # too old
    _item(_meeting(c("preparatory"), RECENT))  # another group
    assert list(rent_minute_items(user=finance_director, today=TODAY)) == [recent, last_year]


# page


@pytest.mark.rule("G16")
def test_g16_rent_decision_linked_to_minute_item_in_the_ui(
    client, finance_director, draft_2027, policy
):
    item = _item(_meeting(c("financing"), RECENT))
    other = _item(_meeting(c("preparatory"), RECENT), title="Beredningsgruppens paragraf")
    client.force_login(finance_director)
    url = reverse("rental:rent_levels") + "?ar=2026"
    page = client.get(url).content.decode()
    reference = f"{_name('financing')} {RECENT:%Y-%m-%d} § 1"
    assert f'<option value="{item.pk}">{reference}: Beslut om nästkommande års hyra' in page
    assert "Beredningsgruppens paragraf" not in page
    assert "Paragraf i protokollet" in page

    refused = client.post(url, {"action": "decide", "year": 2027, "minute_item": other.pk})
    assert refused.status_code == 409
    assert "G16" in refused.content.decode()
    refusal = f"inte en paragraf i protokollet för {_name('financing')}"
    assert refusal in refused.content.decode()
    _nothing_written()

    response = client.post(url, {"action": "decide", "year": 2027, "minute_item": item.pk})
    assert response.status_code == 302
    decision = RentDecision.objects.get(year=2027)
    assert (decision.minute_item, decision.reference, decision.decided_on) == (
        item,
        reference,
        RECENT,
    )
    page = client.get(url).content.decode()
    meeting_url = reverse("meetings:meeting_detail", args=[item.meeting_id])
    assert f'<a href="{meeting_url}">{reference}</a>' in page


def test_rent_decision_form_needs_a_minute_item_or_a_reference(
    client, finance_director, draft_2027
):
    client.force_login(finance_director)
    url = reverse("rental:rent_levels") + "?ar=2026"
    response = client.post(url, {"action": "decide", "year": 2027})
    assert response.status_code == 400
    assert "Välj en paragraf i protokollet eller ange beslutsreferens." in response.content.decode()
    assert (
        client.post(url, {"action": "decide", "year": 2027, "minute_item": "x"}).status_code == 400
    )
    _nothing_written()


@pytest.mark.rule("G16")
def test_g16_meeting_link_only_for_those_who_may_open_the_meeting(
    client, finance_director, draft_2027, financing_item, economist_vof
):
    services.rent_levels_decide(actor=finance_director, year=2027, minute_item=financing_item)
    meeting_url = reverse("meetings:meeting_detail", args=[financing_item.meeting_id])
    url = reverse("rental:rent_levels") + "?ar=2026"
    client.force_login(finance_director)  # a member of the financing group
    assert meeting_url in client.get(url).content.decode()
    client.force_login(economist_vof)  # not a member here: the reference without a link
    page = client.get(url).content.decode()
    assert meeting_url not in page
    assert f"{_name('financing')} 2026-10-14 § 2" in page


def test_rent_levels_page_query_count_same_for_1_and_50_minute_items(
    client, count_queries, finance_director, draft_2027, policy
):
    meeting = _meeting(c("financing"), RECENT)
    _item(meeting)
    client.force_login(finance_director)
    url = reverse("rental:rent_levels") + f"?ar={TODAY.year}"
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for i in range(49):
        _item(meeting, title=f"Punkt {i}")
    with count_queries() as fifty:
        page = client.get(url)
    assert page.content.decode().count("<option value=") >= 50
    assert one.count == fifty.count


# API


@pytest.mark.rule("G16")
def test_g16_rent_decision_linked_to_minute_item_through_the_api(
    api_client, finance_director, draft_2027, financing_item
):
    api_client.force_authenticate(finance_director)
    response = api_client.post(
        "/api/v1/rent-levels/decide/",
        {"year": 2027, "minute_item": financing_item.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["minute_item"] == financing_item.pk
    assert data["meeting"] == financing_item.meeting_id
    reference = f"{_name('financing')} 2026-10-14 § 2"
    assert data["meeting_reference"] == data["reference"] == reference
    assert data["decided_on"] == "2026-10-14"
    assert data["group_code"] == c("financing")


@pytest.mark.rule("G16")
def test_g16_minute_item_of_other_group_refused_through_the_api(
    api_client, finance_director, draft_2027, other_item
):
    api_client.force_authenticate(finance_director)
    response = api_client.post(
        "/api/v1/rent-levels/decide/",
        {"year": 2027, "minute_item": other_item.pk},
        format="json",
    )
    assert response.status_code == 409
    data = response.json()
    assert (data["code"], data["rule"], data["field"]) == (
        "wrong_deciding_group",
        "G16",
        "minute_item",
    )
    assert _name("financing") in data["detail"]
    missing = api_client.post(
        "/api/v1/rent-levels/decide/", {"year": 2027, "minute_item": 999999}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert "minute_item" in missing.json()["errors"]
    _nothing_written()


def test_decision_without_minute_item_through_the_api(api_client, finance_director, draft_2027):
    api_client.force_authenticate(finance_director)
    response = api_client.post(
        "/api/v1/rent-levels/decide/",
        {
            "year": 2027,
            "reference": "Finansieringsgruppen 2025-10-15 § 7",
            "decided_on": "2025-10-15",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["minute_item"], response.json()["meeting_reference"]) == (None, None)
