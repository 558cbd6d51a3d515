"""The agenda of a preparatory group meeting carries the projects' status (G14: status of
initiated and ongoing projects): every report given and every project not yet reported."""

from __future__ import annotations

import pytest

from styrsam.projects import services
from tests.meetings.pdftext import pdf_text
from tests.vocab import c

from .conftest import prep_meeting, project

pytestmark = pytest.mark.django_db


@pytest.mark.rule("G14")
def test_g14_agenda_pdf_carries_the_projects_status_reports(
    client, strategist, head_of_vof, prep_member, vof, bou, head_of_bou, meeting
):
    care = project(head_of_vof, vof, name="Digital hemtjänst")
    project(head_of_bou, bou, name="Ny lärplattform")
    project(head_of_vof, vof, name="Idé om chattbot", phase="idea")
    report = {
        "light": "yellow",
        "progress": "Upphandlingen är överklagad.",
        "next_steps": "Avvakta förvaltningsrätten.",
        "risks": "Försenad start.",
    }
    services.project_report_submit(actor=prep_member, project=care, meeting=meeting, **report)
    client.force_login(strategist)
    response = client.get(f"/moten/{meeting.pk}/foredragningslista.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    for expected in [
        "Status för initierade och pågående projekt (G14)",
        "Digital hemtjänst (Vård- och omsorgsförvaltningen) Gult Upphandlingen är överklagad.",
        "Nästa steg: Avvakta förvaltningsrätten. Risker: Försenad start.",
        "Ny lärplattform (Barn- och utbildningsförvaltningen) – Ingen statusrapport lämnad.",
    ]:
        assert expected in text
    assert "chattbot" not in text  # an idea is not initiated (G14)


@pytest.mark.rule("G14")
def test_g14_agenda_of_a_group_that_does_not_report_has_no_project_section(
    client, strategist, head_of_vof, vof, groups
):
    project(head_of_vof, vof, name="Digital hemtjänst")
    steering = prep_meeting(group_code=c("steering"))
    client.force_login(strategist)
    response = client.get(f"/moten/{steering.pk}/foredragningslista.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Status för initierade" not in text
    assert "Digital hemtjänst" not in text
