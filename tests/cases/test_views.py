"""The case pages in Swedish: report form, my cases, open cases by what they wait for, the
case page with its path and timeline, step/decision/consultation forms, the register of
decisions with Excel export, the inbox. Personas: reporter, IT strategist, member, outsider."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from styrsam.cases import services
from styrsam.cases.models import Case, Decision, Notification
from tests.exports import body
from tests.vocab import c as pc

from .conftest import prepare, report

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "cases:case_mine",
        "cases:case_open",
        "cases:case_report",
        "cases:decision_list",
        "cases:inbox",
    ],
)
def test_pages_need_login(client, policy, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


@pytest.mark.rule("G21")
def test_g21_report_form_creates_case_and_shows_its_path(client, actors, policy):
    c = login(client, actors["owner"])
    page = c.get(reverse("cases:case_report"))
    assert page.status_code == 200
    assert "Anmäl behov" in page.content.decode()
    response = c.post(
        reverse("cases:case_report"),
        {
            "case_type": pc("common_system_change"),
            "title": "Byte av lönesystem",
            "description": "Avtalet löper ut 2027.",
            "common_kind": "payroll_hr",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    page = c.get(response["Location"]).content.decode()
    assert case.registration_number in page
    assert "Det här hindrar beslut" in page
    assert _step_name(policy, "common_system_change", "preparatory_anchoring") in page
    assert policy.role_name(pc("procurement_officer")) in page  # who must do it
    assert "Ärende anmält" in page  # the timeline, in Swedish


@pytest.mark.rule("G21")
def test_g21_report_page_offers_only_the_types_the_user_may_report(client, actors, policy):
    page = login(client, actors["owner"]).get(reverse("cases:case_report")).content.decode()
    assert f"?typ={pc('common_system_change')}" in page
    assert f"?typ={pc('platform_development')}" not in page  # reported by the IT unit, not owners
    assert 'name="title"' not in page  # one thing per page: first the type


@pytest.mark.rule("G27")
def test_g27_report_form_shows_only_the_fields_of_the_chosen_type(client, actors):
    c = login(client, actors["owner"])
    page = c.get(reverse("cases:case_report"), {"typ": pc("co_financing")}).content.decode()
    assert 'name="amount_requested"' in page
    assert 'name="system"' not in page and 'name="common_kind"' not in page
    assert f'type="hidden" name="case_type" value="{pc("co_financing")}"' in page
    page = c.get(reverse("cases:case_report"), {"typ": pc("common_system_change")}).content.decode()
    assert 'name="system"' in page and 'name="common_kind"' in page
    assert 'name="amount_requested"' not in page and 'name="affected_units"' not in page


def test_report_form_refusal_is_shown(client, actors):
    c = login(client, actors["procurement"])
    response = c.post(
        reverse("cases:case_report"),
        {"case_type": pc("business_system_change"), "title": "x"},
    )
    assert response.status_code == 403


def test_report_page_forbidden_for_plain_employee(client, employee):
    assert login(client, employee).get(reverse("cases:case_report")).status_code == 403


@pytest.mark.rule("G21")
def test_g21_decision_refused_in_the_ui_with_the_rule(client, actors, policy):
    case = report(actors["owner"])
    c = login(client, actors["strategist"])
    response = c.post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "approved", "text": "Bifall.", "body": "steering_group"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Beslut kan inte fattas" in page
    assert f"inte förankrat i {policy.group_name(pc('preparatory'))}" in page
    assert not Decision.objects.exists()


@pytest.mark.rule("G21")
def test_g21_ui_walks_a_case_to_decision(client, actors, policy):
    case = report(actors["owner"])
    c = login(client, actors["strategist"])
    plain = [  # the plain steps the policy always requires (G21's three; a policy may add more)
        s.code for s in policy.steps(case.case_type) if s.kind == "plain" and not s.when_needed
    ]
    assert {pc(w) for w in ("need_reported", "procurement_contacted", "it_unit_contacted")} <= set(
        plain
    )
    for code in plain:
        r = c.post(reverse("cases:step_complete", args=[case.pk, code]), {"comment": "klart"})
        assert r.status_code == 302
    r = c.post(
        reverse("cases:consultation_open", args=[case.pk, pc("preparatory_anchoring")]),
        {"deadline": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()},
    )
    assert r.status_code == 302
    consultation = case.consultations.get()
    member = login(client, actors["prep_member"])
    page = member.get(reverse("cases:consultation_detail", args=[consultation.pk]))
    assert "Svara på remissen" in page.content.decode()
    r = member.post(
        reverse("cases:consultation_detail", args=[consultation.pk]),
        {"position": "supports", "text": "Bra förslag"},
    )
    assert r.status_code == 302
    c = login(client, actors["strategist"])
    r = c.post(
        reverse("cases:consultation_close", args=[consultation.pk]),
        {"summary": "Ok", "early_close_reason": "Övriga hade inget att invända."},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("cases:step_needed", args=[case.pk, pc("management_team_anchoring")]),
        {"needed": "0", "reason": "Ryms i budget"},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "approved", "text": "Bifall.", "body": "steering_group"},
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    page = c.get(reverse("cases:decision_detail", args=[decision.pk])).content.decode()
    assert "Bifall." in page


def test_step_completion_by_wrong_role_shows_403(client, actors):
    case = report(actors["owner"])
    r = login(client, actors["owner"]).post(
        reverse("cases:step_complete", args=[case.pk, pc("procurement_contacted")]), {}
    )
    assert r.status_code == 403
    assert "utförs av" in r.content.decode()


def test_outsider_reads_but_cannot_act(client, actors, employee):
    case = report(actors["owner"])
    c = login(client, employee)
    page = c.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Registrera beslut" not in page
    assert "Markera som utfört" not in page
    r = c.post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "approved", "text": "x", "body": "steering_group"},
    )
    # G21: who may decide is checked before the case's state, so an outsider learns nothing
    # of the workflow (403, not the 409 of a case that is not ready)
    assert r.status_code == 403
    assert not Decision.objects.filter(case=case).exists()


def test_unknown_case_is_404(client, actors):
    assert login(client, actors["owner"]).get("/arenden/999999/").status_code == 404


def test_open_cases_grouped_by_what_they_wait_for(client, actors, policy):
    a = report(actors["owner"], title="Väntar på IT-strategen")
    b = prepare(
        report(actors["head"], pc("business_system_change"), title="Klart"), actors["strategist"]
    )
    page = login(client, actors["strategist"]).get(reverse("cases:case_open")).content.decode()
    # the step's name (with the other types' names of the same step code)
    assert "Väntar på: " in page
    assert _step_name(policy, "common_system_change", "need_reported") in page
    assert "Klara för beslut" in page
    assert a.registration_number in page and b.registration_number in page


def test_my_cases_lists_only_mine(client, actors):
    mine = report(actors["owner"], title="Mitt")
    other = report(actors["head"], pc("business_system_change"), title="Annat")
    page = login(client, actors["owner"]).get(reverse("cases:case_mine")).content.decode()
    assert mine.registration_number in page
    assert other.registration_number not in page


def _decided(actors, n, title="Ärende"):
    for i in range(n):
        case = prepare(
            report(actors["head"], pc("co_financing"), title=f"{title} {i}"), actors["strategist"]
        )
        services.case_decide(
            actor=actors["strategist"],
            case=case,
            outcome="approved",
            text=f"Bifall {i}",
            amount_granted=1000,
        )


def test_decision_register_search_and_excel_export(client, actors):
    _decided(actors, 2, "Hemtjänst")
    _decided(actors, 1, "Skolplattform")
    c = login(client, actors["owner"])
    page = c.get(reverse("cases:decision_list"), {"q": "Skolplattform"}).content.decode()
    assert "Skolplattform 0" in page and "Hemtjänst" not in page
    response = c.get(reverse("cases:decision_export", args=["xlsx"]), {"q": "Hemtjänst"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Diarienummer"
    assert len(rows) == 3
    assert {r[1] for r in rows[1:]} == {"Hemtjänst 0", "Hemtjänst 1"}


def test_decision_correction_in_the_ui(client, actors):
    _decided(actors, 1)
    decision = Decision.objects.get()
    c = login(client, actors["strategist"])
    r = c.post(
        reverse("cases:decision_detail", args=[decision.pk]),
        {"outcome": "approved", "text": "Rättad text", "amount_granted": "900"},
    )
    assert r.status_code == 302
    assert Decision.objects.filter(corrects=decision, text="Rättad text").exists()
    r = login(client, actors["owner"]).post(
        reverse("cases:decision_detail", args=[decision.pk]), {"outcome": "approved", "text": "x"}
    )
    assert r.status_code == 403


def test_inbox_and_mark_read(client, actors):
    case = report(actors["owner"])
    note = Notification.objects.get(recipient=actors["strategist"], case=case)
    c = login(client, actors["strategist"])
    assert case.title in c.get(reverse("cases:inbox")).content.decode()
    r = c.post(reverse("cases:notification_read", args=[note.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("cases:case_detail", args=[case.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    other = login(client, actors["owner"])
    assert other.post(reverse("cases:notification_read", args=[note.pk])).status_code == 404


def test_start_page_shows_case_todos(client, actors):
    case = report(actors["owner"])
    page = login(client, actors["strategist"]).get(reverse("home")).content.decode()
    assert f"{case.registration_number} {case.title}: Behov anmält" in page
    services.consultation_open(
        actor=actors["strategist"],
        case=case,
        step=pc("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    page = login(client, actors["prep_member"]).get(reverse("home")).content.decode()
    assert "Remiss att besvara" in page


def test_list_pages_query_count_same_for_1_and_50_rows(client, actors, count_queries):
    """Each list page makes as many queries for 50 rows as for 1. One set of rows for the
    four pages (building them through the services is what the check costs; decision 0020);
    the assertion names each page whose counts differ."""
    c = login(client, actors["head"])
    urls = {
        name: reverse(name)
        for name in ("cases:case_mine", "cases:case_open", "cases:decision_list", "cases:inbox")
    }

    def counts() -> dict[str, int]:
        found = {}
        for name, url in urls.items():
            c.get(url)
            with count_queries() as queries:
                assert c.get(url).status_code == 200
            found[name] = queries.count
        return found

    _decided(actors, 1)
    report(actors["head"], pc("business_system_change"), title="Öppet 0")
    one = counts()
    _decided(actors, 49)
    for i in range(1, 50):
        report(actors["head"], pc("business_system_change"), title=f"Öppet {i}")
    assert counts() == one


# --- htmx: the same URL answers with the results region only (convention 9) ----------------


@pytest.mark.parametrize(
    ("name", "params", "region"),
    [
        ("cases:case_mine", {}, "list-results"),
        ("cases:decision_list", {"outcome": "approved"}, "list-results"),
    ],
)
def test_list_htmx_returns_the_results_only(client, actors, count_queries, name, params, region):
    c = login(client, actors["head"])
    _decided(actors, 2, title="Htmx-ärende")
    url = reverse(name)
    c.get(url, params)  # warm caches (policy, session)
    with count_queries() as full_q:
        full = c.get(url, params)
    with count_queries() as partial_q:
        partial = c.get(url, params, HTTP_HX_REQUEST="true")
    full_body, partial_body = full.content.decode(), partial.content.decode()
    assert full.status_code == partial.status_code == 200
    assert "<html" in full_body and f'id="{region}"' in full_body
    assert "<html" not in partial_body and "<h1>" not in partial_body
    assert f'id="{region}"' not in partial_body
    assert "Htmx-ärende 0" in partial_body and "Htmx-ärende 1" in partial_body
    assert partial_q.count <= full_q.count


def _step_name(policy, case_type, step):
    """The suite's policy's name of ``step`` (default-policy words) of ``case_type``."""
    return next(s.name for s in policy.steps(pc(case_type)) if s.code == pc(step))
