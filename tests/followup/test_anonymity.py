"""An anonymous survey stores answers with no link to the member (G31), proven on the database
itself: no column and no foreign key of the answer tables points at a member or an invitation,
they hold no time, their keys are random, and no identity row exists for an anonymous survey.
No API shows who answered what in an anonymous survey."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from styrsam.followup.models import (
    Invitation,
    PanelMember,
    Response,
    ResponseIdentity,
    SurveyAnswer,
)

from .conftest import form_data, join, make_survey, send

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G31")]

ANSWER_TABLES = (Response._meta.db_table, SurveyAnswer._meta.db_table)
PERSONAL_TABLES = {PanelMember._meta.db_table, Invitation._meta.db_table}


@pytest.fixture
def answered(
    client, panel, strategist, today, member_and_key, django_capture_on_commit_callbacks, mailoutbox
):
    join(panel, strategist, "b@example.se", django_capture_on_commit_callbacks, mailoutbox)
    survey = make_survey(panel, strategist, today)
    links = send(survey, strategist, django_capture_on_commit_callbacks, mailoutbox)
    for email, token in links.items():
        response = client.post(
            reverse("followup:survey_answer", args=[token]), form_data(survey, text=f"Text {email}")
        )
        assert response.status_code == 302
    return survey


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _foreign_keys(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}


def test_g31_the_answer_tables_have_no_column_or_key_to_a_member(answered):
    assert set(_columns(Response._meta.db_table)) == {"id", "survey_id"}
    assert set(_columns(SurveyAnswer._meta.db_table)) == {
        "id",
        "response_id",
        "question_id",
        "choices",
        "number",
        "text",
    }
    for table in ANSWER_TABLES:
        targets = _foreign_keys(table)
        assert not targets & PERSONAL_TABLES, (table, targets)
        assert not any(
            "member" in c or "invitation" in c or c.endswith("_at") for c in _columns(table)
        )


def test_g31_only_the_identity_table_could_link_and_it_is_empty_for_anonymous_surveys(answered):
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    pointing_at_responses = {t for t in tables if Response._meta.db_table in _foreign_keys(t)}
    assert pointing_at_responses == {SurveyAnswer._meta.db_table, ResponseIdentity._meta.db_table}
    assert Response.objects.filter(survey=answered).count() == 2
    assert not ResponseIdentity.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {ResponseIdentity._meta.db_table} i "  # noqa: S608 - table names
            f"JOIN {Response._meta.db_table} r ON r.id = i.response_id WHERE r.survey_id = %s",
            [answered.pk],
        )
        assert cursor.fetchone()[0] == 0


def test_g31_keys_are_random_so_row_order_tells_nothing(answered):
    ids = [str(pk) for pk in SurveyAnswer.objects.values_list("id", flat=True)]
    assert all(len(i) == 36 and i[14] == "4" for i in ids)  # UUID version 4
    assert len(set(ids)) == len(ids)
    # the invitations know who answered, but not what: nothing joins them to the answers
    assert Invitation.objects.filter(used_at__isnull=False).count() == 2


def test_g31_no_api_exposes_a_members_anonymous_answers(
    api_client, strategist, answered, member_and_key
):
    member, _key = member_and_key
    api_client.force_authenticate(strategist)
    results = api_client.get(reverse("survey-results", args=[answered.pk]))
    assert results.status_code == 200
    text_question = next(q for q in results.json()["questions"] if q["kind"] == "text")
    assert sorted(text_question["texts"]) == ["Text b@example.se", "Text medlem@example.se"]
    body = results.content.decode()
    assert f'"member": {member.pk}' not in body and '"members"' not in body
    extract = api_client.get(reverse("panel-member-register-extract", args=[member.pk]))
    assert extract.status_code == 200
    assert extract.json()["answers"] == []
    assert "Text medlem@example.se" not in extract.content.decode()
    detail = api_client.get(reverse("panel-member-detail", args=[member.pk])).json()
    assert set(detail) == {
        "id",
        "panel",
        "email",
        "status",
        "age_group",
        "district",
        "invited_at",
        "consented_at",
        "retain_until",
        "answered",
    }
    survey = api_client.get(reverse("survey-detail", args=[answered.pk])).content.decode()
    assert "medlem@example.se" not in survey
