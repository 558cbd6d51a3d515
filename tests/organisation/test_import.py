"""Import of the organisation from an HR/AD extract (issue 21 item 3): committees, units,
people and their roles; all or nothing, safe to re-run, roles only as the policy lets the
importer grant them. Runs on the policy of ``STYRSAM_TEST_POLICY`` (``andra``: Andrakommun's
renamed codes) and, in one test, always on Andrakommun's."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from styrsam.core.errors import NotAllowed
from styrsam.core.models import AuditEntry
from styrsam.guideline.policy import default_policy_path, get_policy, load_file_policy
from styrsam.guideline.services import policy_load
from styrsam.organisation import importing
from styrsam.organisation.importing import HEADERS, import_organisation
from styrsam.organisation.models import Committee, OrgUnit, Profile, RoleAssignment
from tests.demo_fixture import demo_kommun
from tests.factories import UserFactory, person_with_role

User = get_user_model()
POLICY_FILES = {"exempel": "default_policy.yaml", "andra": "andra_policy.yaml"}


def _load(kommun: str):
    path = default_policy_path().parent / POLICY_FILES[kommun]
    policy_load(actor=None, text=path.read_text(encoding="utf-8"), source=path.name)
    return get_policy()


@pytest.fixture
def kommun_policy(db):
    return _load(demo_kommun())


@pytest.fixture
def coordinator(kommun_policy):
    return person_with_role(kommun_policy.coordinator_roles()[0], username="samordnare")


def _roles(policy):
    """A unit-scoped and a municipality-wide role the coordinator may grant, and one it may not."""
    grants = policy.roles_granted_by(policy.coordinator_roles()[0])
    scoped = next(r for r in grants if policy.role_is_unit_scoped(r))
    wide = next(r for r in grants if not policy.role_is_unit_scoped(r))
    refused = next(r for r in policy.role_codes() if r not in grants)
    return scoped, wide, refused


def _csv(rows, headers=HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return out.getvalue().encode("utf-8")


def _xlsx(rows, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _extract(policy):
    scoped, wide, _refused = _roles(policy)
    return [
        {
            "användarnamn": "anna.berg",
            "namn": "Anna Maria Berg",
            "e-post": "anna.berg@kommun.se",
            "titel": "Förvaltningschef",
            "enhet": "soc",
            "enhetsnamn": "Socialförvaltningen",
            "enhetstyp": "förvaltning",
            "nämnd": "Socialnämnden",
            "roll": scoped,
        },
        {
            "användarnamn": "bo.ek",
            "namn": "Bo Ek",
            "enhet": "Socialförvaltningen",  # the unit's name works as well as its code
            "roll": policy.role_name(wide),  # and the role's name as well as its code
        },
        {
            "användarnamn": "cia.lind",
            "namn": "Cia Lind",
            "enhet": "hem",
            "enhetsnamn": "Hemtjänst AB",
            "enhetstyp": "bolag",
        },
    ]


def _state():
    return (
        Committee.objects.count(),
        OrgUnit.objects.count(),
        User.objects.count(),
        Profile.objects.count(),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.rule("G01")
def test_g01_import_creates_committees_units_people_and_roles(coordinator, kommun_policy):
    scoped, wide, _refused = _roles(kommun_policy)
    result = import_organisation(
        actor=coordinator, filename="hr.xlsx", data=_xlsx(_extract(kommun_policy))
    )
    assert result.errors == []
    assert result.created == {"committees": 1, "units": 2, "people": 3, "roles": 2}
    soc = OrgUnit.objects.get(code="soc")
    assert (soc.name, soc.kind, soc.committee.name) == (
        "Socialförvaltningen",
        "department",
        "Socialnämnden",
    )
    assert OrgUnit.objects.get(code="hem").kind == "company"
    anna = User.objects.get(username="anna.berg")
    assert (anna.first_name, anna.last_name, anna.email) == (
        "Anna Maria",
        "Berg",
        "anna.berg@kommun.se",
    )
    assert (anna.profile.unit, anna.profile.title) == (soc, "Förvaltningschef")
    assert not anna.has_usable_password()  # logs in through SSO or is given a password
    imported = RoleAssignment.objects.exclude(person=coordinator)
    assert set(imported.values_list("person__username", "role", "unit")) == {
        ("anna.berg", scoped, soc.pk),
        ("bo.ek", wide, None),
    }
    # audited: one entry per created object, by the importer
    assert AuditEntry.objects.filter(action="person.create", actor=coordinator).count() == 3
    assert AuditEntry.objects.filter(action="role.assign", actor=coordinator).count() == 2
    assert AuditEntry.objects.filter(action="org_unit.create").count() == 2
    assert AuditEntry.objects.filter(action="committee.create").count() == 1


def test_importing_the_same_file_again_creates_nothing_and_updates_changed_names(
    coordinator, kommun_policy
):
    rows = _extract(kommun_policy)
    import_organisation(actor=coordinator, filename="hr.csv", data=_csv(rows))
    before = _state()
    again = import_organisation(actor=coordinator, filename="hr.csv", data=_csv(rows))
    assert again.errors == []
    assert sum(again.created.values()) + sum(again.updated.values()) == 0
    assert again.unchanged == 3
    assert _state() == before
    rows[1]["namn"] = "Bo Eklund"
    rows[2]["titel"] = "VD"
    changed = import_organisation(actor=coordinator, filename="hr.csv", data=_csv(rows))
    assert (changed.updated["people"], changed.unchanged) == (2, 1)
    bo = User.objects.get(username="bo.ek")
    assert bo.last_name == "Eklund"
    entry = AuditEntry.objects.get(action="person.update", object_id=str(bo.pk))
    assert (entry.before, entry.after) == ({"last_name": "Ek"}, {"last_name": "Eklund"})
    assert User.objects.get(username="cia.lind").profile.title == "VD"


def test_dry_run_counts_but_saves_nothing(coordinator, kommun_policy):
    before = _state()
    result = import_organisation(
        actor=coordinator, filename="hr.csv", data=_csv(_extract(kommun_policy)), dry_run=True
    )
    assert (result.ok, result.dry_run, result.created["people"]) == (True, True, 3)
    assert _state() == before


@pytest.mark.rule("G01")
@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"enhet": "finns-inte", "enhetsnamn": ""}, "enhet", "Okänd enhet ”finns-inte”"),
        ({"användarnamn": "anna.berg"}, "användarnamn", "Samma användarnamn som rad 2"),
        ({"namn": '=HYPERLINK("http://x";"klick")'}, "namn", "kan vara en formel"),
        ({"titel": "@SUM(A1)"}, "titel", "kan vara en formel"),
        ({"e-post": "inte-en-adress"}, "e-post", "Ogiltig e-postadress"),
        ({"roll": "ingen_sadan_roll"}, "roll", "Okänd roll ”ingen_sadan_roll”"),
        ({"användarnamn": "bo ek"}, "användarnamn", "får bara innehålla"),
        ({"namn": "Bo\x00Ek"}, "namn", "kontrolltecken"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(coordinator, kommun_policy, change, column, message):
    rows = _extract(kommun_policy)
    rows[1].update(change)  # file row 3
    before = _state()
    # CSV: the text as typed (an .xlsx formula cell is read as its computed value)
    result = import_organisation(actor=coordinator, filename="hr.csv", data=_csv(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert message in result.errors[0].message
    assert _state() == before  # nothing half-written: the good rows are not saved either


def test_too_many_rows_are_refused(coordinator, kommun_policy, monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    before = _state()
    result = import_organisation(
        actor=coordinator, filename="hr.csv", data=_csv(_extract(kommun_policy))
    )
    assert [(e.row, e.message) for e in result.errors] == [(1, "Högst 2 rader per fil.")]
    assert _state() == before


def test_missing_columns_are_named(coordinator, kommun_policy):
    result = import_organisation(
        actor=coordinator, filename="hr.csv", data=_csv([{"e-post": "a@b.se"}], ["e-post", "titel"])
    )
    assert [(e.row, e.column) for e in result.errors] == [(1, "användarnamn, namn")]


@pytest.mark.rule("G29")
def test_g29_roles_go_through_the_rules_of_granting(coordinator, kommun_policy):
    scoped, _wide, refused = _roles(kommun_policy)
    rows = _extract(kommun_policy)
    rows[1]["roll"] = refused
    rows.append(
        {"användarnamn": "samordnare", "namn": "Sam Samordnare", "roll": scoped, "enhet": "soc"}
    )
    before = _state()
    result = import_organisation(actor=coordinator, filename="hr.csv", data=_csv(rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "roll"), (5, "roll")]
    assert "Enligt policyn får du inte ge rollen" in result.errors[0].message
    assert "för dig själv" in result.errors[1].message
    assert _state() == before


def test_a_plain_employee_may_not_import(kommun_policy):
    user = UserFactory(username="anstalld")
    before = _state()
    with pytest.raises(NotAllowed):
        import_organisation(actor=user, filename="hr.csv", data=_csv(_extract(kommun_policy)))
    assert _state() == before


def test_andrakommun_imports_with_its_own_role_codes(db):
    policy = _load("andra")
    coordinator = person_with_role(policy.coordinator_roles()[0], username="samordnare")
    scoped, wide, _refused = _roles(policy)
    assert not {scoped, wide} & set(load_file_policy().role_codes())  # renamed codes
    result = import_organisation(actor=coordinator, filename="hr.csv", data=_csv(_extract(policy)))
    assert result.errors == []
    assert set(
        RoleAssignment.objects.exclude(person=coordinator).values_list("role", flat=True)
    ) == {
        scoped,
        wide,
    }


# --- the API ---------------------------------------------------------------------------------


def _upload(client, data: bytes, name="hr.csv", **extra):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("api-organisation-import"), {"file": file, **extra}, format="multipart"
    )


def test_api_import_with_dry_run_then_for_real(api_client, coordinator, kommun_policy):
    api_client.force_authenticate(coordinator)
    data = _csv(_extract(kommun_policy))
    dry = _upload(api_client, data, dry_run="true")
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True
    assert dry.json()["created"]["people"] == 3
    assert not User.objects.filter(username="anna.berg").exists()
    real = _upload(api_client, data)
    assert real.status_code == 200
    assert real.json()["created"] == {"committees": 1, "units": 2, "people": 3, "roles": 2}
    again = _upload(api_client, data)
    assert again.json()["unchanged"] == 3


@pytest.mark.rule("G01")
def test_api_import_errors_as_json_rows(api_client, coordinator, kommun_policy):
    api_client.force_authenticate(coordinator)
    rows = _extract(kommun_policy)
    rows[2]["enhet"], rows[2]["enhetsnamn"] = "okand", ""
    before = _state()
    response = _upload(api_client, _csv(rows))
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["rule"]) == ("import_invalid", "G01")
    assert body["detail"] == "Ingenting importerades: 1 fel."
    assert body["errors"] == {
        "4": [
            {
                "column": "enhet",
                "message": "Okänd enhet ”okand”. Ange enhetsnamn för att skapa den.",
            }
        ]
    }
    assert _state() == before


def test_api_import_refuses_a_plain_employee_and_anonymous(api_client, kommun_policy):
    data = _csv(_extract(kommun_policy))
    assert _upload(api_client, data).status_code == 401
    api_client.force_authenticate(UserFactory(username="anstalld"))
    response = _upload(api_client, data)
    assert response.status_code == 403
    assert not User.objects.filter(username="anna.berg").exists()


# --- the page: upload → preview → confirm ------------------------------------------------------


def test_page_upload_preview_confirm(client, coordinator, kommun_policy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    url = reverse("organisation:organisation_import")
    assert client.get(url).status_code == 200
    file = io.BytesIO(_xlsx(_extract(kommun_policy)))
    file.name = "hr.xlsx"
    preview = client.post(url, {"file": file})
    assert preview.status_code == 200
    assert "Förhandsvisning" in preview.content.decode()
    assert not User.objects.filter(username="anna.berg").exists()
    token = client.session["organisation_import"]["token"]
    done = client.post(url, {"token": token})
    assert done.status_code == 302
    assert User.objects.filter(username="anna.berg").exists()
    assert not list(tmp_path.rglob("*.xlsx"))  # the stored upload is removed


def test_page_shows_row_errors_in_swedish(client, coordinator, kommun_policy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    rows = _extract(kommun_policy)
    rows[0]["användarnamn"] = "bo.ek"
    file = io.BytesIO(_csv(rows))
    file.name = "hr.csv"
    response = client.post(reverse("organisation:organisation_import"), {"file": file})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingenting sparades" in html and "Samma användarnamn som rad 2" in html
    assert not User.objects.filter(username="anna.berg").exists()


def test_page_refuses_a_plain_employee(client, kommun_policy):
    client.force_login(UserFactory(username="anstalld"))
    assert client.get(reverse("organisation:organisation_import")).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_template_has_the_columns(client, coordinator, fmt):
    client.force_login(coordinator)
    response = client.get(reverse("organisation:organisation_import_template", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="organisationsmall.{fmt}"'
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == HEADERS
    else:
        assert response.content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADERS)


def test_the_template_is_refused_to_a_plain_employee(client, kommun_policy):
    client.force_login(UserFactory(username="anstalld"))
    url = reverse("organisation:organisation_import_template", args=["csv"])
    assert client.get(url).status_code == 403
