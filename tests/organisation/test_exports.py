"""Export of the people list to Excel, with the page's filters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exports import assert_rows_do_not_add_queries, filename, xlsx_rows
from tests.factories import OrgUnitFactory, UserFactory, person_with_role
from tests.vocab import c

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(policy):
    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    eva = person_with_role(
        c("system_owner"),
        unit=vof,
        username="eva",
        first_name="Eva",
        last_name="Ågren",
        profile__unit=vof,
        profile__title="Enhetschef",
    )
    UserFactory(username="olle", first_name="Olle", last_name="Berg")
    return eva


def test_person_export_of_the_filtered_list(client, plain_user, people):
    client.force_login(plain_user)
    response = client.get(
        reverse("organisation:person_export", args=["xlsx"]), {"role": c("system_owner")}
    )
    assert filename(response) == f"personer-{timezone.localdate():%Y-%m-%d}.xlsx"
    rows = xlsx_rows(response)
    assert list(rows[0]) == ["Namn", "Användarnamn", "Titel", "Enhet", "Roller"]
    assert len(rows) == 2
    name, username, title, unit, roles = rows[1]
    assert (name, username, title, unit) == (
        "Eva Ågren",
        "eva",
        "Enhetschef",
        "Vård- och omsorgsförvaltningen",
    )
    assert "(Vård- och omsorgsförvaltningen)" in roles


def test_person_export_search(client, plain_user, people):
    client.force_login(plain_user)
    response = client.get(reverse("organisation:person_export", args=["xlsx"]), {"q": "olle"})
    assert [r[1] for r in xlsx_rows(response)[1:]] == ["olle"]


def test_person_export_needs_login_and_is_excel_only(client, plain_user, people):
    response = client.get(reverse("organisation:person_export", args=["xlsx"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(plain_user)
    assert client.get(reverse("organisation:person_export", args=["csv"])).status_code == 404


def test_person_results_link_to_the_export_with_the_filter(client, plain_user, people):
    client.force_login(plain_user)
    body = client.get(
        reverse("organisation:person_list"), {"q": "eva"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert reverse("organisation:person_export", args=["xlsx"]) + "?q=eva" in body


def test_person_export_query_count_same_for_1_and_20(client, plain_user, django_assert_num_queries):
    client.force_login(plain_user)
    unit = OrgUnitFactory()

    def grow(n):
        for _ in range(n):
            person_with_role(c("system_owner"), unit=unit, profile__unit=unit)

    url = reverse("organisation:person_export", args=["xlsx"])
    assert_rows_do_not_add_queries(client, url, grow, django_assert_num_queries)


def test_person_export_reads_the_roles_once_for_every_chunk(
    client, plain_user, policy, monkeypatch
):
    """Issue 18: the roles in force are read in one query for the whole export (the people
    its own filtered query selects), not once per chunk of 2,000 people with their ids. With
    chunks of three, eight role holders are three chunks: the roles are read as often as with
    one chunk, each row still has its own roles, and a role that has ended is not shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from styrsam.core import lists
    from styrsam.guideline.policy import get_policy
    from styrsam.organisation.models import RoleAssignment

    unit = OrgUnitFactory(code="kof", name="Kulturförvaltningen")
    for n in range(8):
        person_with_role(
            c("system_owner"),
            unit=unit,
            username=f"agare{n}",
            first_name="Agare",
            last_name=f"Nummer {n}",
            profile__unit=unit,
        )
    RoleAssignment.objects.filter(person__username="agare7").update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(plain_user)
    url = reverse("organisation:person_export", args=["xlsx"])

    def export(chunk: int):
        monkeypatch.setattr(lists, "EXPORT_CHUNK", chunk)
        with CaptureQueriesContext(connection) as queries:
            rows = xlsx_rows(client.get(url, {"q": "agare"}))
        table = RoleAssignment._meta.db_table
        return rows, sum(table in q["sql"] for q in queries.captured_queries)

    whole, reads_in_one_chunk = export(100)
    rows, reads_in_three_chunks = export(3)
    assert reads_in_three_chunks == reads_in_one_chunk
    assert rows == whole
    by_username = {row[1]: row[4] for row in rows[1:]}
    assert sorted(by_username) == [f"agare{n}" for n in range(8)]
    role = get_policy().role_name(c("system_owner"))
    for n in range(7):
        assert by_username[f"agare{n}"] == f"{role} (Kulturförvaltningen)"
    assert by_username["agare7"] is None
