"""The lists of cases declared once (``styrsam/cases/lists.py``): the pages filter, sort and
page through the same FilterSets that filter the API lists; every filter is in the schema and
a bad value answers 400; the open cases are paginated (issue 18: 870 unpaginated rows) and
summarised by what they wait for; query counts are pinned for 1 and 50 rows."""

from __future__ import annotations

import datetime
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import Case, Consultation, Decision, Notification
from styrsam.guideline.services import policy_load
from tests.exports import body, xlsx_rows
from tests.vocab import c, suite_policy_path

from .conftest import prepare, report

pytestmark = pytest.mark.django_db

# Queries of each list for a logged-in head of department (session, user, roles and the
# policy included; the municipality's name is kept in the cache since issue 18). The same for
# 1 and 50 rows; a change here is a change of the list.
PAGE_QUERIES = {
    "cases:case_mine": 7,
    "cases:case_open": 9,  # two more: the summary of what the cases wait for
    "cases:decision_list": 6,
    "cases:inbox": 6,
}
EXPORT_QUERIES = {
    "cases:case_mine_export": 6,
    "cases:case_open_export": 6,
    "cases:decision_export": 5,
}
# the API client is authenticated without a session: no session or user query
API_QUERIES = {
    "/api/v1/cases/": 4,
    "/api/v1/consultations/": 3,  # 44–48 and growing with the rows before (issue 18)
    "/api/v1/decisions/": 3,
    "/api/v1/notifications/": 2,
}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _page_rows(response) -> list:
    assert response.status_code == 200
    return response.context["object_list"]


def _decide(actors, case, **kw):
    prepare(case, actors["strategist"])
    return services.case_decide(
        actor=actors["strategist"], case=case, outcome="approved", text="Bifall.", **kw
    )


# --- pages --------------------------------------------------------------------------------


def test_open_cases_are_paginated_50_to_a_page(client, actors):
    for i in range(51):
        report(actors["head"], c("business_system_change"), title=f"Öppet {i}")
    client.force_login(actors["strategist"])
    first = client.get(reverse("cases:case_open"))
    assert len(_page_rows(first)) == 50
    assert "51 öppna ärenden" in first.content.decode()
    second = client.get(reverse("cases:case_open"), {"page": 2})
    assert len(_page_rows(second)) == 1


@pytest.mark.rule("G21")
def test_g21_open_cases_filter_by_what_they_wait_for(client, actors):
    waiting = report(actors["owner"], title="Väntar på upphandling")
    ready = prepare(
        report(actors["head"], c("business_system_change"), title="Klart"), actors["strategist"]
    )
    client.force_login(actors["strategist"])
    url = reverse("cases:case_open")
    by_step = client.get(url, {"waiting_for": c("procurement_contacted")})
    assert [c.pk for c in _page_rows(by_step)] == [waiting.pk]
    by_decision = client.get(url, {"waiting_for": "decision"})
    assert [c.pk for c in _page_rows(by_decision)] == [ready.pk]
    assert client.get(url, {"waiting_for": "no_such_step"}).status_code == 200  # form error
    page = client.get(url, {"waiting_for": "no_such_step"}).content.decode()
    assert "Välj ett giltigt alternativ" in page


def test_open_cases_summary_counts_link_to_the_filter_and_keep_the_others(client, actors):
    report(actors["owner"], title="A")
    report(actors["owner"], title="B")
    prepare(report(actors["head"], c("business_system_change"), title="C"), actors["strategist"])
    client.force_login(actors["strategist"])
    response = client.get(reverse("cases:case_open"), {"type": c("common_system_change")})
    summary = {item["code"]: item for item in response.context["waiting_summary"]}
    assert summary[c("procurement_contacted")]["count"] == 2
    assert "decision" not in summary  # the ready case is of another type
    assert summary[c("procurement_contacted")]["url"] == (
        f"?type={c('common_system_change')}&waiting_for={c('procurement_contacted')}"
    )
    assert 'aria-current="true"' not in response.content.decode()


def test_open_cases_sorted_by_what_they_wait_for_then_ready_last(client, actors):
    ready = prepare(
        report(actors["head"], c("business_system_change"), title="Klart"), actors["strategist"]
    )
    a = report(actors["owner"], title="Först anmält")
    b = report(actors["owner"], title="Sist anmält")
    services.case_complete_step(actor=actors["strategist"], case=b, step=c("need_reported"))
    client.force_login(actors["strategist"])
    rows = _page_rows(client.get(reverse("cases:case_open")))
    # "Behov anmält …" before "Upphandlingscentret …"; ready for decision last
    assert [c.pk for c in rows] == [a.pk, b.pk, ready.pk]
    rows = _page_rows(client.get(reverse("cases:case_open"), {"sort": "-waiting"}))
    assert [c.pk for c in rows] == [b.pk, a.pk, ready.pk]


def test_my_cases_filter_by_status_and_text(client, actors):
    open_case = report(actors["head"], c("business_system_change"), title="Journalsystem")
    decided = report(actors["head"], c("co_financing"), title="Hemtjänstappen", amount_requested=9)
    _decide(actors, decided, amount_granted=5)
    client.force_login(actors["head"])
    url = reverse("cases:case_mine")
    assert [c.pk for c in _page_rows(client.get(url, {"status": "decided"}))] == [decided.pk]
    assert [c.pk for c in _page_rows(client.get(url, {"q": "journal"}))] == [open_case.pk]
    response = client.get(reverse("cases:case_mine_export", args=["xlsx"]), {"status": "open"})
    rows = xlsx_rows(response)
    assert [r[0] for r in rows[1:]] == [open_case.registration_number]


def test_decision_register_filters_by_case_and_exports_csv(client, actors):
    first = _decide(
        actors, report(actors["head"], c("co_financing"), title="Ett"), amount_granted=1
    )
    _decide(actors, report(actors["head"], c("co_financing"), title="Två"), amount_granted=2)
    client.force_login(actors["owner"])
    rows = _page_rows(client.get(reverse("cases:decision_list"), {"case": first.case_id}))
    assert [d.pk for d in rows] == [first.pk]
    response = client.get(reverse("cases:decision_export", args=["csv"]), {"case": first.case_id})
    assert response.status_code == 200
    lines = body(response).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and "Ett" in lines[1]


def test_decision_register_names_the_body_as_the_policy_does(client, actors, policy):
    """A renamed steering body is not labelled "IT-styrgruppen" (issue 21)."""
    decision = _decide(
        actors, report(actors["head"], c("co_financing"), title="Ett"), amount_granted=1
    )
    renamed = (
        suite_policy_path()
        .read_text(encoding="utf-8")
        .replace(f"name: {policy.group_name(c('steering'))}", "name: Rådet för digital styrning", 1)
    )
    policy_load(actor=None, text=renamed, source="test")
    decision.refresh_from_db()
    assert decision.body_name == "Rådet för digital styrning"
    client.force_login(actors["owner"])
    response = client.get(reverse("cases:decision_list"))
    row = response.context["table"].rows[0]
    assert row.get_cell("body") == "Rådet för digital styrning"
    assert "<td>Rådet för digital styrning</td>" in response.content.decode()


def test_inbox_filters_unread(client, actors):
    case = report(actors["owner"])
    report(actors["owner"], title="Olästa")
    note = Notification.objects.filter(recipient=actors["strategist"], case=case).first()
    services.notification_mark_read(actor=actors["strategist"], notification=note)
    client.force_login(actors["strategist"])
    unread = _page_rows(client.get(reverse("cases:inbox"), {"unread": "true"}))
    assert note not in unread and unread
    assert _page_rows(client.get(reverse("cases:inbox"), {"unread": "false"})) == [note]


# --- the API lists use the same filters ---------------------------------------------------


@pytest.fixture
def api(api_client, actors):
    api_client.force_authenticate(actors["strategist"])
    return api_client


def test_api_decisions_filter_by_case_and_system(api, actors, payroll):
    about_payroll = _decide(actors, report(actors["owner"], system=payroll))
    other = _decide(
        actors, report(actors["head"], c("co_financing"), title="Medel"), amount_granted=1
    )
    assert _ids(api.get("/api/v1/decisions/", {"case": other.case_id})) == {other.pk}
    assert _ids(api.get("/api/v1/decisions/", {"system": payroll.pk})) == {about_payroll.pk}
    assert _ids(api.get("/api/v1/decisions/", {"case": 999999})) == set()
    assert _ids(api.get("/api/v1/decisions/")) == {about_payroll.pk, other.pk}


def test_api_consultations_filter_by_case_and_open(api, actors):
    case = report(actors["owner"])
    other = report(actors["owner"], title="Annat")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    open_one = services.consultation_open(
        actor=actors["strategist"], case=case, step=c("preparatory_anchoring"), deadline=deadline
    )
    closed = services.consultation_open(
        actor=actors["strategist"], case=other, step=c("preparatory_anchoring"), deadline=deadline
    )
    services.consultation_close(
        actor=actors["strategist"], consultation=closed, early_close_reason="Brådskande."
    )
    assert _ids(api.get("/api/v1/consultations/", {"case": case.pk})) == {open_one.pk}
    assert _ids(api.get("/api/v1/consultations/", {"open": "true"})) == {open_one.pk}
    assert _ids(api.get("/api/v1/consultations/", {"open": "1"})) == {open_one.pk}
    assert _ids(api.get("/api/v1/consultations/", {"open": "false"})) == {closed.pk}
    assert _ids(api.get("/api/v1/consultations/", {"group": c("preparatory")})) == {
        open_one.pk,
        closed.pk,
    }


def test_api_notifications_filter_unread(api, actors):
    case = report(actors["owner"])
    mine = Notification.objects.filter(recipient=actors["strategist"])
    note = mine.get(case=case)
    services.notification_mark_read(actor=actors["strategist"], notification=note)
    assert _ids(api.get("/api/v1/notifications/", {"unread": "false"})) == {note.pk}
    assert note.pk not in _ids(api.get("/api/v1/notifications/", {"unread": "true"}))


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/decisions/", {"case": "abc"}),
        ("/api/v1/decisions/", {"case": "1.5"}),
        ("/api/v1/decisions/", {"outcome": "maybe"}),
        ("/api/v1/cases/", {"status": "sleeping"}),
        ("/api/v1/cases/", {"type": "no_such_type"}),
        ("/api/v1/cases/", {"waiting_for": "no_such_step"}),
        ("/api/v1/cases/", {"system": "x"}),
        ("/api/v1/consultations/", {"case": "-"}),
    ],
)
def test_api_invalid_filter_is_400(api, actors, url, params):
    response = api.get(url, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(params) == list(body["errors"])


def test_api_id_filter_out_of_range_is_400_not_500(api, actors):
    _decide(actors, report(actors["head"], c("co_financing"), title="Ett"), amount_granted=1)
    for value in ("9" * 30, "0", "-1"):
        response = api.get("/api/v1/decisions/", {"case": value})
        assert response.status_code == 400, value
        assert response.json()["code"] == "invalid"


def test_every_filter_is_in_the_schema(api):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]

    def parameters(path):
        return {p["name"]: p["schema"]["type"] for p in paths[path]["get"]["parameters"]}

    cases = parameters("/api/v1/cases/")
    assert {k: cases[k] for k in ("q", "type", "status", "system", "waiting_for")} == {
        "q": "string",
        "type": "string",
        "status": "string",
        "system": "integer",
        "waiting_for": "string",
    }
    decisions = parameters("/api/v1/decisions/")
    assert {k: decisions[k] for k in ("q", "outcome", "case", "system")} == {
        "q": "string",
        "outcome": "string",
        "case": "integer",
        "system": "integer",
    }
    consultations = parameters("/api/v1/consultations/")
    assert {k: consultations[k] for k in ("case", "group", "open")} == {
        "case": "integer",
        "group": "string",
        "open": "boolean",
    }
    assert parameters("/api/v1/notifications/")["unread"] == "boolean"


# --- query counts: pinned, and the same for 1 and 50 rows ---------------------------------


def _rows(actors, n: int) -> None:
    """``n`` decided co-financing cases, ``n`` open cases and ``n`` consultations, all
    reported by the head of department (who gets the inbox items of none of them)."""
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    for _ in range(n):
        _decide(actors, report(actors["head"], c("co_financing"), title="Medel"), amount_granted=1)
        case = report(actors["it_head"], c("platform_development"), title="Plattform")
        services.case_mark_step_needed(
            actor=actors["strategist"],
            case=case,
            step=c("preparatory_anchoring"),
            needed=True,
            reason="Berör alla",
        )
        services.consultation_open(
            actor=actors["strategist"],
            case=case,
            step=c("preparatory_anchoring"),
            deadline=deadline,
        )
    Notification.objects.filter(recipient=actors["strategist"]).update(
        recipient=actors["head"]
    )  # the head's inbox grows with the rows


def _counts(count_queries, fetch) -> int:
    fetch()  # warm caches (policy, session)
    with count_queries() as q:
        response = fetch()
    assert response.status_code == 200
    return q.count


def test_list_queries_pinned_for_1_and_50_rows(client, api_client, actors, count_queries):
    """Every list page, export and API list of the cases makes the same number of queries for
    1 row and for 50. One set of rows for all of them: building the 50 rows through the
    services is what this check costs, once instead of once per list (decision 0020); the
    assertion names each list whose counts differ."""
    client.force_login(actors["head"])
    api_client.force_authenticate(actors["head"])
    fetch = {name: partial(client.get, reverse(name)) for name in PAGE_QUERIES}
    fetch |= {name: partial(client.get, reverse(name, args=["xlsx"])) for name in EXPORT_QUERIES}
    fetch |= {url: partial(api_client.get, url) for url in API_QUERIES}
    pinned = PAGE_QUERIES | EXPORT_QUERIES | API_QUERIES
    _rows(actors, 1)
    one = {key: _counts(count_queries, get) for key, get in fetch.items()}
    _rows(actors, 49)
    fifty = {key: _counts(count_queries, get) for key, get in fetch.items()}
    assert {key: (one[key], fifty[key]) for key in pinned} == {
        key: (count, count) for key, count in pinned.items()
    }
    for name in PAGE_QUERIES:
        assert len(client.get(reverse(name)).context["object_list"]) == 50, name
    for url in API_QUERIES:
        assert len(api_client.get(url).json()["results"]) == 50, url


# --- forms on the case page: the bound form comes back with its error ----------------------


@pytest.mark.rule("G14")
def test_g14_refused_consultation_keeps_what_was_typed_and_shows_the_field_error(client, actors):
    case = report(actors["owner"])
    client.force_login(actors["strategist"])
    response = client.post(
        reverse("cases:consultation_open", args=[case.pk, c("preparatory_anchoring")]),
        {"deadline": "2000-01-01", "question": "Hur påverkas skolorna?"},
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()
    page = response.content.decode()
    assert "Hur påverkas skolorna?" in page  # what the user typed
    assert 'value="2000-01-01"' in page
    assert f'id="deadline-{c("preparatory_anchoring")}_error"' in page  # the error on its field
    assert "Sista svarsdag kan inte ligga i det förflutna." in page
    assert "<details open>" in page  # the refused form stays open


@pytest.mark.rule("G14")
def test_g14_consultation_refusal_prints_its_rule_once(client, actors):
    case = report(actors["owner"])
    deadline = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    client.force_login(actors["strategist"])
    url = reverse("cases:consultation_open", args=[case.pk, c("preparatory_anchoring")])
    assert client.post(url, {"deadline": deadline}).status_code == 302
    response = client.post(url, {"deadline": deadline, "question": "Igen"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ärendet är redan ute på remiss. (regel G14)" in page
    assert page.count("(regel G14)") == 1
    assert Consultation.objects.count() == 1


@pytest.mark.rule("G21")
def test_g21_decision_refusal_prints_the_rule_once(client, actors, policy):
    case = report(actors["owner"])
    client.force_login(actors["strategist"])
    response = client.post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "approved", "text": "Bifall.", "body": "steering_group"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "(G21) (regel G21)" not in page
    assert f"inte förankrat i {policy.group_name(c('preparatory'))} (G21)" in page
    assert "Bifall.</textarea>" in page  # the decision text is kept
    assert not Decision.objects.exists()


@pytest.mark.rule("G29")
def test_g29_escalation_without_reason_shows_the_error_on_its_field(client, actors):
    case = prepare(report(actors["owner"]), actors["strategist"])
    client.force_login(actors["director"])
    response = client.post(
        reverse("cases:case_decide", args=[case.pk]),
        {"outcome": "approved", "text": "Ja", "body": "municipal_director"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_escalation_reason_error"' in page
    assert '<a href="#id_escalation_reason">' in page  # the summary at the top links to it
    assert not Decision.objects.exists()
    case.refresh_from_db()
    assert case.status == Case.Status.READY


def test_decision_form_names_the_bodies_of_the_case_type(client, actors, policy):
    common = report(actors["owner"])  # may be lifted to the municipal director (G29)
    business = report(actors["head"], c("business_system_change"), title="Journal")
    client.force_login(actors["strategist"])
    lifted = client.get(reverse("cases:case_detail", args=[common.pk])).context["decision_form"]
    assert [label for _v, label in lifted.fields["body"].choices] == [
        policy.group_name(c("steering")),  # "IT-styrgruppen" in the default policy
        policy.role_name(c("municipal_director")),  # "Kommundirektör"
    ]
    assert "amount_granted" not in lifted.fields
    plain = client.get(reverse("cases:case_detail", args=[business.pk])).context["decision_form"]
    assert [v for v, _label in plain.fields["body"].choices] == ["steering_group"]
    assert "escalation_reason" not in plain.fields


def test_open_cases_htmx_partial_carries_the_summary_of_the_filters(client, actors, policy):
    report(actors["owner"], title="Gemensamt")
    prepare(
        report(actors["head"], c("business_system_change"), title="Klart"), actors["strategist"]
    )
    client.force_login(actors["strategist"])
    url = reverse("cases:case_open")
    partial = client.get(url, {"type": c("business_system_change")}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<h1>" not in body and 'id="list-results"' not in body
    assert "Klara för beslut</a> (1)" in body
    procurement = next(
        s.name
        for s in policy.steps(c("common_system_change"))
        if s.code == c("procurement_contacted")
    )
    assert f"Väntar på: {procurement}" not in body  # the other type's step
