"""The Django admin never answers a guard's refusal with a 500 (issue 11): a refused write is
shown as the Swedish message and rolled back; meetings and consultations are governed records,
read-only in the admin (G13, G14)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.utils import timezone

from styrsam.core.audit import audit_record
from styrsam.core.models import AuditEntry
from styrsam.meetings.models import Meeting, MinuteItem
from styrsam.organisation.models import GovernanceGroup, OrgUnit
from tests.factories import OrgUnitFactory
from tests.vocab import c


@pytest.mark.rule("G13")
def test_g13_a_refused_write_in_the_admin_is_a_message_not_a_500(client, superuser, monkeypatch):
    unit = OrgUnitFactory(name="Testförvaltningen", code="tst")
    audit_record(actor=None, action="policy.load", obj=unit, after={}, rule="G29")
    model_admin = admin.site._registry[OrgUnit]

    def delete_and_touch_the_log(request, obj):
        obj.delete()
        AuditEntry.objects.first().delete()  # append-only: refused by the model

    monkeypatch.setattr(model_admin, "delete_model", delete_and_touch_the_log)
    client.force_login(superuser)
    entries = AuditEntry.objects.count()
    url = f"/admin/organisation/orgunit/{unit.pk}/delete/"
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "kan inte tas bort (append-only)" in page.content.decode()  # the refusal, shown
    # the admin's transaction rolled the whole write back
    assert OrgUnit.objects.filter(pk=unit.pk).exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.rule("G13")
def test_g13_meetings_are_read_only_in_the_admin(client, superuser, policy):
    group = GovernanceGroup.objects.get(code=c("steering"))
    meeting = Meeting.objects.create(
        group=group,
        date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(9, 0),
    )
    client.force_login(superuser)
    request = client.get("/admin/").wsgi_request
    for model in (Meeting, MinuteItem):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert client.get(url).status_code == 200  # viewable
    assert client.get("/admin/meetings/minuteitem/").status_code == 200
    response = client.post(url, {"status": "cancelled", "place": "x"})
    assert response.status_code == 403
    assert client.post(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 403
    meeting.refresh_from_db()
    assert (meeting.status, meeting.place) == (Meeting.Status.PLANNED, "")
