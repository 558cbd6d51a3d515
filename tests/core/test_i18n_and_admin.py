"""Swedish by default, English available; the Django admin for superusers only."""

from __future__ import annotations

import pytest
from django.conf import settings


def test_ui_is_swedish_by_default(client, it_strategist):
    client.force_login(it_strategist)
    html = client.get("/").content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till huvudinnehållet" in html
    assert "Att göra" in html


def test_english_is_available_with_compiled_messages(client, it_strategist):
    client.force_login(it_strategist)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "To do" in html


def test_language_switch_form_sets_english(client, it_strategist):
    client.force_login(it_strategist)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/grupper/"})
    assert response.status_code == 302
    assert "The guideline's groups" in client.get("/grupper/").content.decode()


@pytest.mark.parametrize("who", ["plain_user", "it_strategist"])
def test_admin_refuses_everyone_but_superusers(client, request, who):
    user = request.getfixturevalue(who)
    user.is_staff = True  # even staff status is not enough
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_opens_for_superuser_and_audit_log_is_read_only(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
