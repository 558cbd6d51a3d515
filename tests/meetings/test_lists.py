"""The lists of meetings declared once (``styrsam.meetings.lists``): the meetings page and the
company meetings page with their filters, sorting, htmx partials and Excel/CSV exports, and
the API lists filtering with the same FilterSets. Query counts pinned for 1 and 50 rows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.guideline.policy import get_policy
from styrsam.meetings import services
from styrsam.meetings.models import AgendaItem, CompanyMeeting, Meeting, MinuteItem
from styrsam.organisation.models import OrgUnit
from tests.exports import csv_rows, filename, xlsx_rows
from tests.factories import OrgUnitFactory
from tests.vocab import c

from .conftest import group_name, role_name

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LIST = reverse("meetings:meeting_list")
COMPANIES = reverse("meetings:company_meetings")


def _meetings(group, n, year=THIS_YEAR, status=Meeting.Status.PLANNED, **kw):
    return Meeting.objects.bulk_create(
        Meeting(
            group=group,
            date=datetime.date(year, 1, 1) + datetime.timedelta(days=i),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            place="Sal",
            status=status,
            **kw,
        )
        for i in range(n)
    )


def _caption(response) -> str:
    return response.context["caption"]


def test_meeting_list_opens_on_this_year_and_filters(client, it_strategist, steering, preparatory):
    _meetings(steering, 2)
    _meetings(steering, 3, year=THIS_YEAR - 1, status=Meeting.Status.HELD)
    _meetings(preparatory, 1)
    client.force_login(it_strategist)
    response = client.get(LIST)
    assert response.status_code == 200
    assert _caption(response) == f"3 möten {THIS_YEAR}"
    assert response.context["filter"].form["year"].value() == str(THIS_YEAR)
    assert _caption(client.get(LIST, {"year": ""})) == "6 möten"  # every year
    assert _caption(client.get(LIST, {"year": THIS_YEAR - 1})) == f"3 möten {THIS_YEAR - 1}"
    assert (
        _caption(client.get(LIST, {"year": THIS_YEAR, "group": c("preparatory")}))
        == f"1 möte {THIS_YEAR}"
    )
    assert _caption(client.get(LIST, {"year": "", "status": "held"})) == "3 möten"


def test_meeting_list_shows_only_the_users_groups(
    client, member, plain_user, steering, preparatory
):
    _meetings(steering, 2)
    _meetings(preparatory, 4)
    client.force_login(member)
    response = client.get(LIST)
    assert {m.group_id for m in response.context["object_list"]} == {steering.pk}
    client.force_login(plain_user)
    assert _caption(client.get(LIST)) == f"0 möten {THIS_YEAR}"


def test_meeting_list_sorts_links_rows_and_answers_htmx_with_the_table(
    client, it_strategist, steering
):
    first, last = _meetings(steering, 2)
    client.force_login(it_strategist)
    rows = client.get(LIST, {"sort": "-date"}).context["object_list"]
    assert [m.pk for m in rows] == [last.pk, first.pk]
    page = client.get(LIST).content.decode()
    assert reverse("meetings:meeting_detail", args=[first.pk]) in page
    assert (
        'href="/moten/export.xlsx' in page and f"Planera möte för {group_name('steering')}" in page
    )
    partial = client.get(LIST, {"year": THIS_YEAR}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "<table" in html and "<h1" not in html


def test_meeting_list_plain_user_sees_no_plan_links(client, plain_user, steering):
    client.force_login(plain_user)
    page = client.get(LIST).content.decode()
    assert "Planera möte för" not in page and 'id="plan-heading"' not in page


def test_meeting_list_exports_what_is_shown(client, it_strategist, chair, steering, preparatory):
    _meetings(steering, 2, chair=chair, status=Meeting.Status.HELD)
    _meetings(preparatory, 1)
    client.force_login(it_strategist)
    url = reverse("meetings:meeting_export", args=["xlsx"])
    response = client.get(url, {"year": THIS_YEAR, "group": c("steering")})
    assert filename(response) == f"moten-{timezone.localdate():%Y-%m-%d}.xlsx"
    header, *rows = xlsx_rows(response)
    assert list(header) == [
        "Datum",
        "Grupp",
        "Starttid",
        "Sluttid",
        "Plats",
        "Status",
        "Protokollet justerat",
        "Ordförande",
        "Sammankallande",
        "Sekreterare",
    ]
    assert len(rows) == 2
    assert rows[0][0] == datetime.datetime(THIS_YEAR, 1, 1)  # a date cell, not text
    assert rows[0][1:3] == (group_name("steering"), datetime.time(9))
    assert rows[0][5] == "Genomfört" and rows[0][7] == chair.get_full_name()
    csv = csv_rows(client.get(reverse("meetings:meeting_export", args=["csv"]), {"year": ""}))
    assert csv[0][0] == "Datum" and len(csv) == 4
    assert client.get(reverse("meetings:meeting_export", args=["pdf"])).status_code == 404


def test_meeting_export_needs_login(client):
    response = client.get(reverse("meetings:meeting_export", args=["xlsx"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _pin(count_queries, fetch, grow):
    """Queries with 1 row, then with 50 rows (the fetch is warmed first: policy, roles)."""
    counts = []
    for n in (1, 49):
        grow(n)
        fetch()
        with count_queries() as q:
            fetch()
        counts.append(q.count)
    return counts


def _ok(client_get, url, params=None):
    def fetch():
        response = client_get(url, params or {})
        assert response.status_code == 200, response.content[:300]
        return response

    return fetch


def test_meeting_export_query_count_same_for_1_and_50(
    client, it_strategist, steering, count_queries
):
    client.force_login(it_strategist)
    url = reverse("meetings:meeting_export", args=["xlsx"])
    one, fifty = _pin(count_queries, _ok(client.get, url), lambda n: _meetings(steering, n))
    assert len(xlsx_rows(client.get(url))) == 51
    assert one == fifty


def test_agenda_and_minute_endpoints_query_count_same_for_1_and_50(
    api_client, it_strategist, steering, count_queries
):
    [meeting] = _meetings(steering, 1, status=Meeting.Status.HELD)
    numbers = iter(range(1, 100))

    def grow(n):
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=i, title=f"Punkt {i}") for i in range(n)
        )
        MinuteItem.objects.bulk_create(
            MinuteItem(
                meeting=meeting,
                group=steering,
                year=THIS_YEAR,
                number=next(numbers),
                title="§",
            )
            for _ in range(n)
        )

    api_client.force_authenticate(it_strategist)
    for path in ("/api/v1/agenda-items/", "/api/v1/minute-items/"):
        AgendaItem.objects.all().delete()
        MinuteItem.objects.all().delete()
        numbers = iter(range(1, 100))
        fetch = _ok(api_client.get, path, {"meeting": meeting.pk})
        one, fifty = _pin(count_queries, fetch, grow)
        assert fetch().json()["count"] == 50
        assert one == fifty, path


def _company_meetings(n, held_by, year=THIS_YEAR):
    company = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY)
    CompanyMeeting.objects.bulk_create(
        CompanyMeeting(
            company=company,
            date=datetime.date(year, 1, 1) + datetime.timedelta(days=i % 28),
            held_by=held_by,
            needs="Fler e-tjänster",
        )
        for i in range(n)
    )
    return company


def test_company_meetings_page_and_api_query_count_same_for_1_and_50(
    client, api_client, it_strategist, count_queries
):
    client.force_login(it_strategist)
    api_client.force_authenticate(it_strategist)

    def grow(n):
        _company_meetings(n, it_strategist)

    one, fifty = _pin(count_queries, _ok(client.get, COMPANIES), grow)
    assert _caption(client.get(COMPANIES)) == "50 bolagsmöten"
    assert one == fifty
    CompanyMeeting.objects.all().delete()
    fetch = _ok(api_client.get, "/api/v1/company-meetings/", {"year": THIS_YEAR})
    one, fifty = _pin(count_queries, fetch, grow)
    assert fetch().json()["count"] == 50
    assert one == fifty


def test_company_meetings_page_opens_on_this_year_and_exports(client, plain_user, it_strategist):
    company = _company_meetings(2, it_strategist)
    _company_meetings(1, it_strategist, year=THIS_YEAR - 1)
    client.force_login(plain_user)
    response = client.get(COMPANIES)
    assert _caption(response) == "2 bolagsmöten"
    html = response.content.decode()
    assert f"Möten med bolagen {THIS_YEAR}" in html
    assert (
        f"{role_name('it_strategist')} träffar varje helägt kommunalt bolag" in html
    )  # the policy's role (G04)
    assert _caption(client.get(COMPANIES, {"year": THIS_YEAR - 1})) == "1 bolagsmöte"
    export = client.get(reverse("meetings:company_meeting_export", args=["xlsx"]))
    header, *rows = xlsx_rows(export)
    assert list(header) == [
        "Datum",
        "Bolag",
        "Bolagets kod",
        "Samordning",
        "Fångade behov",
        "Informerade projekt",
        "Genomfört av",
        "Status",
    ]
    assert [r[1:3] for r in rows] == [(company.name, company.code)] * 2
    assert rows[0][3] is None and rows[0][4] == "Fler e-tjänster"


@pytest.mark.rule("G04")
def test_g04_company_meeting_form_keeps_input_on_refusal(client, it_strategist):
    company = OrgUnitFactory(kind=OrgUnit.Kind.COMPANY, name="Kommunens Bostäder AB")
    client.force_login(it_strategist)
    # a date past the policy's date window is refused by the service (core.bounds)
    response = client.post(
        COMPANIES, {"company": company.pk, "date": "2150-01-15", "needs": "Nya tjänster"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nya tjänster" in html
    assert 'id="id_date_error"' in html  # the refusal is on its field
    assert not CompanyMeeting.objects.exists()
    response = client.post(COMPANIES, {"company": company.pk, "date": "2026-01-15"})
    assert response.status_code == 302 and response["Location"] == COMPANIES
    assert CompanyMeeting.objects.get().held_by == it_strategist


def test_compliance_page_table_links_to_the_groups_meetings(client, plain_user, steering):
    _meetings(steering, 2, year=2026)
    client.force_login(plain_user)
    response = client.get(reverse("meetings:compliance"), {"year": 2026})
    html = response.content.decode()
    assert f'href="{LIST}?group={c("steering")}&amp;year=2026"' in html
    row = next(r for r in response.context["table"].rows if r.record.code == c("steering"))
    frequency = get_policy().group(c("steering"))
    required = f"{frequency.meetings_min}–{frequency.meetings_max}"
    assert (row.record.held, row.record.planned, row.record.required) == (0, 2, required)
    assert f"{frequency.meetings_min - 2} möten till behövs" in html


def test_services_remain_importable_from_the_package():
    """Other apps and the tests import the writes from ``styrsam.meetings.services``."""
    for name in ("meeting_plan", "minute_item_add", "agenda_item_add", "require_runs"):
        assert callable(getattr(services, name))
