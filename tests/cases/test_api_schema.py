"""The cases API answers what its schema says (found by tests/api/test_openapi_fuzz.py): a step
not yet completed and an open consultation carry null, which the schema now allows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from styrsam.cases import services
from tests.vocab import c

from .conftest import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_client, actors):
    api_client.force_authenticate(actors["strategist"])
    return api_client


@pytest.fixture
def components(api):
    return api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


@pytest.mark.rule("G21")
def test_g21_open_step_has_null_completed_by(api, actors, components):
    case = report(actors["owner"])
    services.case_complete_step(actor=actors["strategist"], case=case, step=c("need_reported"))
    for data in (
        api.get("/api/v1/cases/").json()["results"][0],
        api.get(f"/api/v1/cases/{case.pk}/").json(),
    ):
        by_code = {step["code"]: step for step in data["steps"]}
        assert by_code[c("need_reported")]["completed_by"] == "strateg"
        assert by_code[c("procurement_contacted")]["completed_by"] is None
    assert components["Step"]["properties"]["completed_by"]["nullable"] is True


@pytest.mark.rule("G14")
def test_g14_open_consultation_has_null_closed_by(api, actors, components):
    case = report(actors["owner"])
    consultation = services.consultation_open(
        actor=actors["strategist"],
        case=case,
        step=c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    listed = api.get("/api/v1/consultations/").json()["results"]
    assert [c["closed_by"] for c in listed] == [None]
    assert api.get(f"/api/v1/consultations/{consultation.pk}/").json()["closed_by"] is None
    assert components["Consultation"]["properties"]["closed_by"]["nullable"] is True
