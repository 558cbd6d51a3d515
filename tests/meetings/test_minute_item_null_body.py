"""PUT/PATCH of a minute item with the JSON body ``null`` answers 400, not 500 (issue #12)."""

from __future__ import annotations

import pytest

from styrsam.meetings import services
from styrsam.meetings.models import MinuteItem


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("body", ["null", "[]", "1", '"text"'])
def test_minute_item_update_with_a_non_object_body_is_400(
    api_client, held_meeting, it_strategist, method, body
):
    item = services.minute_item_add(
        actor=it_strategist, meeting=held_meeting, title="A", decision="Bifall"
    )
    api_client.force_authenticate(it_strategist)
    response = getattr(api_client, method)(
        f"/api/v1/minute-items/{item.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert MinuteItem.objects.get(pk=item.pk).title == "A"
