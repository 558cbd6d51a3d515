"""Export of the open cases ("Ärenden", Excel and CSV) and the decision register's link."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exports import assert_rows_do_not_add_queries, csv_rows, filename, xlsx_rows
from tests.vocab import c

from .conftest import prepare, report

pytestmark = pytest.mark.django_db

HEADERS = [
    "Diarienummer",
    "Rubrik",
    "Ärendetyp",
    "Status",
    "System",
    "Anmält av",
    "Anmält",
    "Väntar på",
]


@pytest.fixture
def two_open(actors):
    waiting = report(actors["owner"], title="Väntar på IT-strategen")
    ready = prepare(
        report(actors["head"], c("business_system_change"), title="Klart"), actors["strategist"]
    )
    return waiting, ready


def test_open_cases_xlsx_in_the_pages_order(client, actors, two_open, policy):
    waiting, ready = two_open
    client.force_login(actors["strategist"])
    response = client.get(reverse("cases:case_open_export", args=["xlsx"]))
    today = timezone.localdate()
    assert filename(response) == f"arenden-{today:%Y-%m-%d}.xlsx"
    rows = xlsx_rows(response)
    assert list(rows[0]) == HEADERS
    assert [r[0] for r in rows[1:]] == [waiting.registration_number, ready.registration_number]
    first = rows[1]
    assert first[1] == "Väntar på IT-strategen"
    assert first[3] == "Pågår"
    owner = actors["owner"]
    assert first[5] == (owner.get_full_name() or owner.username)
    assert first[6] == datetime.datetime.combine(today, datetime.time())
    # what the page shows: every step the case waits for, the first (its sort key) first
    # (the default policy: "Behov anmält och IT-strategen konsulterad; Upphandlingscentret
    # kontaktat; IT-enheten kontaktad; Förankrat i IT-strategiska beredningsgruppen")
    assert first[7] == "; ".join(
        s.name for s in policy.steps(waiting.case_type) if not s.when_needed
    )
    assert rows[2][7] == "Beslut"


def test_open_cases_csv(client, actors, two_open):
    waiting, _ready = two_open
    client.force_login(actors["strategist"])
    rows = csv_rows(client.get(reverse("cases:case_open_export", args=["csv"])))
    assert rows[0] == HEADERS
    assert rows[1][0] == waiting.registration_number
    assert rows[1][6] == f"{timezone.localdate():%Y-%m-%d}"


def test_open_cases_export_needs_login_and_a_known_format(client, actors, two_open):
    url = reverse("cases:case_open_export", args=["xlsx"])
    response = client.get(url)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    client.force_login(actors["owner"])
    assert client.get(reverse("cases:case_open_export", args=["pdf"])).status_code == 404


def test_open_cases_page_links_to_the_exports(client, actors, two_open):
    client.force_login(actors["owner"])
    page = client.get(reverse("cases:case_open")).content.decode()
    assert reverse("cases:case_open_export", args=["xlsx"]) in page
    assert reverse("cases:case_open_export", args=["csv"]) in page


def test_open_cases_export_query_count_same_for_1_and_20(client, actors, django_assert_num_queries):
    client.force_login(actors["head"])
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            report(actors["head"], c("business_system_change"), title=f"Öppet {next(counter)}")

    url = reverse("cases:case_open_export", args=["xlsx"])
    assert_rows_do_not_add_queries(client, url, grow, django_assert_num_queries)
