"""The policy page: everyone reads; the IT strategist loads a new file (G02, G29)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styrsam.guideline.models import PolicyVersion
from tests.vocab import c

from .policytext import line_of, replace_once, with_group

URL = "/riktlinje/"


def upload(text: str, name: str = "policy.yaml") -> dict:
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), "application/x-yaml")}


def test_url_is_stable():
    assert reverse("guideline:policy") == URL


def test_anonymous_is_sent_to_login(client, policy):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_plain_user_reads_the_policy(client, policy, plain_user):
    client.force_login(plain_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["can_load"] is False
    assert policy.group_name(c("steering")) in response.content.decode()


def test_plain_user_cannot_load_a_policy(client, plain_user, default_text):
    client.force_login(plain_user)
    response = client.post(URL, upload(default_text + "# ny\n"))
    assert response.status_code == 403
    assert PolicyVersion.objects.count() == 1


@pytest.mark.rule("G02")
@pytest.mark.rule("G29")
def test_it_strategist_loads_a_new_version_as_a_draft(client, it_strategist, suite_text):
    text = with_group(suite_text, "system_owners", meetings_min=3)
    client.force_login(it_strategist)
    response = client.post(URL, upload(text, "ny-policy.yaml"))
    assert response.status_code == 302
    assert response["Location"] == "/riktlinje/version/2/"
    draft = PolicyVersion.objects.get(number=2)
    assert (draft.status, draft.is_active, draft.source, draft.loaded_by) == (
        "draft",
        False,
        "ny-policy.yaml",
        it_strategist,
    )
    assert PolicyVersion.objects.get(is_active=True).number == 1
    page = client.get(response["Location"]).content.decode()
    # what changes, under its rule
    assert f"groups.{c('system_owners')}.meetings_per_year.min" in page
    assert "G15" in page


def test_broken_upload_shows_lines_and_loads_nothing(client, it_strategist, default_text):
    old = "meetings_per_year: {min: 10, max: 12}"
    text = replace_once(default_text, old, "meetings_per_year: {min: 13, max: 12}")
    text = replace_once(text, "responsible_role: it_strategist", "responsible_role: nobody")
    client.force_login(it_strategist)
    response = client.post(URL, upload(text))
    assert response.status_code == 400
    content = response.content.decode()
    assert f"Rad {line_of(default_text, old)}:" in content
    assert f"Rad {line_of(default_text, 'responsible_role: it_strategist')}:" in content
    assert "groups.steering.meetings_per_year.min" in content
    assert {p.path for p in response.context["problems"]} == {
        "groups.steering.meetings_per_year.min",
        "obligations.company_meetings.responsible_role",
    }
    assert PolicyVersion.objects.count() == 1


def test_yaml_syntax_error_upload_is_refused(client, it_strategist):
    client.force_login(it_strategist)
    response = client.post(URL, upload("name: [oavslutad\n"))
    assert response.status_code == 400
    assert "YAML" in response.content.decode()
    assert PolicyVersion.objects.count() == 1


def test_non_utf8_upload_is_refused(client, it_strategist):
    client.force_login(it_strategist)
    response = client.post(
        URL, {"file": SimpleUploadedFile("p.yaml", "namn: Åsa".encode("latin-1"))}
    )
    assert response.status_code == 400
    assert PolicyVersion.objects.count() == 1


def test_policy_file_text_is_shown_on_request(client, plain_user):
    client.force_login(plain_user)
    response = client.get(URL, {"visa": "fil"})
    assert "schema_version: 2" in response.content.decode()


def test_g11_policy_page_shows_each_roles_duties(client, policy, plain_user):
    client.force_login(plain_user)
    page = client.get(URL).content.decode()
    assert "Roller och ansvar enligt policyn" in page
    assert "Ställa personal till förvaltningarnas utvecklingsprojekt (G11)" in page
    assert policy.role_name(c("communications_director")) in page


def test_broken_upload_names_the_error_count_on_the_file_field(client, it_strategist, default_text):
    text = replace_once(default_text, "responsible_role: it_strategist", "responsible_role: nobody")
    client.force_login(it_strategist)
    response = client.post(URL, upload(text))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("file", code="policy_invalid")
    assert "1 fel" in form.errors["file"][0]


def _add_versions(n: int) -> None:
    """``n`` earlier versions, straight into the table (loading each would take seconds)."""
    active = PolicyVersion.objects.get(is_active=True)
    start = PolicyVersion.objects.order_by("-number").first().number
    PolicyVersion.objects.bulk_create(
        PolicyVersion(
            number=start + i + 1,
            name=f"Utkast {i}",
            source=f"utkast-{i}.yaml",
            text=active.text,
            data=active.data,
            sha256=active.sha256,
        )
        for i in range(n)
    )


def test_versions_are_a_list_of_20_a_page_newest_first(client, plain_user):
    _add_versions(24)
    client.force_login(plain_user)
    response = client.get(URL)
    numbers = [v.number for v in response.context["object_list"]]
    assert numbers == list(range(25, 5, -1))
    assert response.context["caption"] == "25 sparade policyversioner"
    second = client.get(URL, {"page": 2}).context["object_list"]
    assert [v.number for v in second] == [5, 4, 3, 2, 1]
    oldest_first = client.get(URL, {"sort": "number"}).context["object_list"]
    assert [v.number for v in oldest_first][:3] == [1, 2, 3]


def test_policy_page_query_count_same_for_1_and_50_versions(client, it_strategist, count_queries):
    client.force_login(it_strategist)
    client.get(URL)
    with count_queries() as one:
        assert client.get(URL).status_code == 200
    _add_versions(49)
    with count_queries() as fifty:
        response = client.get(URL)
    assert len(response.context["object_list"]) == 20
    assert one.count == fifty.count
