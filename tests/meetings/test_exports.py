"""Export of the compliance page (G13–G16 frequencies, G04 companies) to Excel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import OrgUnit
from tests.exports import assert_rows_do_not_add_queries, filename, xlsx_sheets
from tests.factories import OrgUnitFactory
from tests.vocab import c

pytestmark = pytest.mark.django_db

YEAR = {"year": "2026"}


def _held(group, n):
    Meeting.objects.bulk_create(
        Meeting(group=group, date=datetime.date(2026, 1, 1 + i), start_time=datetime.time(9))
        for i in range(n)
    )
    Meeting.objects.filter(group=group).update(status="held")


def test_compliance_export_has_the_groups_and_the_companies(client, plain_user, steering):
    _held(steering, 6)
    OrgUnitFactory(code="bostader", name="Kommunens Bostäder AB", kind=OrgUnit.Kind.COMPANY)
    client.force_login(plain_user)
    response = client.get(reverse("meetings:compliance_export", args=["xlsx"]), YEAR)
    assert filename(response) == f"motesfrekvens-{timezone.localdate():%Y-%m-%d}.xlsx"
    groups, companies = xlsx_sheets(response).values()
    assert list(groups[0]) == [
        "Grupp",
        "Regel",
        "Genomförda",
        "Planerade",
        "Minst",
        "Högst",
        "Status",
    ]
    steering_row = next(r for r in groups[1:] if r[0] == steering.name)
    frequency = get_policy().group(c("steering"))
    assert steering_row[2:6] == (6, 0, frequency.meetings_min, frequency.meetings_max)
    assert steering_row[6]
    assert list(companies[0]) == ["Bolag", "Kod"]
    assert ("Kommunens Bostäder AB", "bostader") in companies[1:]


def test_compliance_export_needs_login_and_is_excel_only(client, plain_user):
    url = reverse("meetings:compliance_export", args=["xlsx"])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(plain_user)
    assert client.get(reverse("meetings:compliance_export", args=["csv"])).status_code == 404


def test_compliance_page_links_to_the_export_of_its_year(client, plain_user):
    client.force_login(plain_user)
    page = client.get(reverse("meetings:compliance"), YEAR).content.decode()
    assert reverse("meetings:compliance_export", args=["xlsx"]) + "?year=2026" in page


def test_compliance_export_query_count_same_for_1_and_20(
    client, plain_user, steering, django_assert_num_queries
):
    client.force_login(plain_user)

    def grow(n):
        OrgUnitFactory.create_batch(n, kind=OrgUnit.Kind.COMPANY)
        _held(steering, n)

    url = reverse("meetings:compliance_export", args=["xlsx"])
    assert_rows_do_not_add_queries(client, url, grow, django_assert_num_queries, YEAR)
