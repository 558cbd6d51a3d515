"""The citizens' pages (G31): no login, no cookie of any kind (before consent or after), the
personal link as the form's CSRF protection, single-use expiring survey links, the same 404 for
every unusable link, English through the URL, and the member's own data (GDPR art. 15)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from styrsam.followup import services, tokens
from styrsam.followup.models import Invitation, MemberKey, PanelMember, Response, Survey
from styrsam.followup.selectors import invitation_for_token, member_for_key

from .conftest import form_data, invite, join, make_survey, send

pytestmark = [pytest.mark.django_db, pytest.mark.rule("G31")]


@pytest.fixture
def client(client):
    """A client that enforces CSRF checks as a browser would."""
    client.handler.enforce_csrf_checks = True
    return client


@pytest.fixture
def survey_and_links(
    panel, strategist, today, member_and_key, django_capture_on_commit_callbacks, mailoutbox
):
    join(panel, strategist, "annan@example.se", django_capture_on_commit_callbacks, mailoutbox)
    survey = make_survey(panel, strategist, today)
    return survey, send(survey, strategist, django_capture_on_commit_callbacks, mailoutbox)


def assert_no_cookies(response):
    assert "Set-Cookie" not in response.headers, response.headers.get("Set-Cookie")
    assert not response.cookies, list(response.cookies)


def test_g31_no_cookie_is_set_before_consent_nor_after(
    client, panel, strategist, django_capture_on_commit_callbacks, mailoutbox
):
    key = invite(
        panel, strategist, ["ny@example.se"], django_capture_on_commit_callbacks, mailoutbox
    )["ny@example.se"]
    url = reverse("followup:member_page", args=[key])
    page = client.get(url)
    assert page.status_code == 200
    assert_no_cookies(page)
    body = page.content.decode()
    assert "csrfmiddlewaretoken" not in body and "Vill du vara med i Medborgarpanelen?" in body
    assert panel.purpose in body and "12 månader" in body
    refused = client.post(url, {"age_group": "35-44"})  # consent box not ticked
    assert refused.status_code == 400 and "Kryssa i rutan" in refused.content.decode()
    assert_no_cookies(refused)
    assert PanelMember.objects.get().status == PanelMember.Status.INVITED
    done = client.post(url, {"consent": "on", "age_group": "35-44", "district": "Söder"})
    assert done.status_code == 302
    assert_no_cookies(done)
    member = PanelMember.objects.get()
    assert member.status == PanelMember.Status.ACTIVE and member.district == "Söder"
    after = client.get(done["Location"])
    assert after.status_code == 200 and "Du är med i panelen" in after.content.decode()
    assert_no_cookies(after)
    assert not client.cookies


def test_g31_a_survey_is_answered_once_without_login_or_cookie(client, survey_and_links):
    survey, links = survey_and_links
    url = reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    page = client.get(url)
    assert page.status_code == 200
    assert_no_cookies(page)
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
    response = client.post(url, form_data(survey))
    assert response.status_code == 302 and response["Location"] == reverse("followup:survey_thanks")
    assert_no_cookies(response)
    assert Response.objects.filter(survey=survey).count() == 1
    again = client.post(url, form_data(survey, text="Andra gången"))
    assert again.status_code == 404
    assert Response.objects.filter(survey=survey).count() == 1
    assert client.get(url).status_code == 404


def test_g31_a_required_question_left_empty_keeps_the_link_unused(client, survey_and_links):
    survey, links = survey_and_links
    url = reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    data = form_data(survey)
    required = survey.questions.get(required=True)
    del data[f"q{required.pk}"]
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Besvara frågan." in body and f'href="#id_q{required.pk}_0"' in body
    assert not Response.objects.exists()
    assert Invitation.objects.get(member__email="medlem@example.se").used_at is None


def test_g31_bad_links_all_answer_the_same_404(client, survey_and_links, panel, strategist):
    """Unknown, malformed, used, expired, closed and unsubscribed links: one page, byte for
    byte, so that nothing tells a guesser whether a link ever existed."""
    survey, links = survey_and_links
    used, expired = links["medlem@example.se"], links["annan@example.se"]
    client.post(reverse("followup:survey_answer", args=[used]), form_data(survey))
    Invitation.objects.filter(member__email="annan@example.se").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    closed_survey = make_survey(panel, strategist, timezone.localdate(), title="Stängd")
    token, digest = tokens.new_token()
    member = PanelMember.objects.get(email="annan@example.se")
    Invitation.objects.create(
        survey=closed_survey,
        member=member,
        token_hash=digest,
        sent_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    bodies = set()
    for bad in (used, expired, token, "x" * 43, tokens.new_token()[0], "ä" * 10, "a" * 500):
        response = client.get(reverse("followup:survey_answer", args=[bad]))
        assert response.status_code == 404
        assert_no_cookies(response)
        bodies.add(response.content)
    services.member_unsubscribe(member=PanelMember.objects.get(email="medlem@example.se"))
    for path in ("followup:member_page", "followup:member_data", "followup:unsubscribe"):
        response = client.get(reverse(path, args=[tokens.new_token()[0]]))
        assert response.status_code == 404
        bodies.add(response.content)
    assert len(bodies) == 1
    assert "Länken fungerar inte" in bodies.pop().decode()


def test_g31_links_are_compared_in_constant_time(survey_and_links):
    _survey, links = survey_and_links
    with mock.patch(
        "styrsam.followup.tokens.hmac.compare_digest", wraps=tokens.hmac.compare_digest
    ) as spy:
        assert invitation_for_token(tokens.new_token()[0]) is None
        assert invitation_for_token(links["medlem@example.se"]) is not None
    assert spy.call_count == 2  # also for a link that matched no row


def test_g31_a_link_reveals_nothing_about_other_members(client, survey_and_links):
    survey, links = survey_and_links
    body = client.get(
        reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    ).content.decode()
    assert "annan@example.se" not in body and "medlem@example.se" not in body
    assert links["annan@example.se"] not in body
    for member in PanelMember.objects.all():
        assert f"/{member.pk}/" not in body
    assert invitation_for_token(links["medlem@example.se"]).member.email == "medlem@example.se"


def test_g31_a_cross_site_post_is_refused(client, survey_and_links):
    survey, links = survey_and_links
    url = reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    response = client.post(url, form_data(survey), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    response = client.post(url, form_data(survey), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not Response.objects.exists()
    response = client.post(url, form_data(survey), HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert not Response.objects.exists()
    same = client.post(
        url, form_data(survey), HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert same.status_code == 302


def test_g31_english_through_the_url_without_a_session(client, survey_and_links):
    survey, links = survey_and_links
    url = reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    swedish = client.get(url)
    assert 'lang="sv"' in swedish.content.decode() and 'href="?lang=en"' in swedish.content.decode()
    english = client.get(url + "?lang=en")
    body = english.content.decode()
    assert english["Content-Language"] == "en" and '<html lang="en">' in body
    assert "Send your answers" in body and "På svenska" in body
    assert f'action="{url}?lang=en"' in body
    assert_no_cookies(english)
    response = client.post(url + "?lang=en", form_data(survey))
    assert response["Location"] == reverse("followup:survey_thanks") + "?lang=en"
    assert "Thank you for your answers" in client.get(response["Location"]).content.decode()


def test_g31_the_member_sees_everything_they_gave(
    client,
    survey_and_links,
    member_and_key,
    panel,
    strategist,
    today,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    survey, links = survey_and_links
    client.post(
        reverse("followup:survey_answer", args=[links["medlem@example.se"]]),
        form_data(survey, text="Anonym text"),
    )
    named = make_survey(panel, strategist, today, anonymous=False, title="Med namn")
    named_link = send(named, strategist, django_capture_on_commit_callbacks, mailoutbox)[
        "medlem@example.se"
    ]
    client.post(
        reverse("followup:survey_answer", args=[named_link]),
        form_data(named, text="Namngiven text"),
    )
    _member, key = member_and_key
    page = client.get(reverse("followup:member_data", args=[key]))
    assert page.status_code == 200
    assert_no_cookies(page)
    body = page.content.decode()
    for shown in (
        "medlem@example.se",
        "35–44 år",
        "Norr",
        panel.purpose,
        "E-tjänsterna",
        "Med namn",
        "Namngiven text",
    ):
        assert shown in body
    assert "Anonym text" not in body and "annan@example.se" not in body


def test_g31_one_click_unsubscribe_from_the_page_and_from_the_mail_program(
    client, member_and_key, panel, strategist, django_capture_on_commit_callbacks, mailoutbox
):
    member, key = member_and_key
    url = reverse("followup:unsubscribe", args=[key])
    page = client.get(url)
    assert page.status_code == 200 and "Avregistrera mig" in page.content.decode()
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # RFC 8058: no Origin header
    assert response.status_code == 200
    assert_no_cookies(response)
    member.refresh_from_db()
    assert (
        member.status == PanelMember.Status.UNSUBSCRIBED
        and member.retain_until == timezone.localdate()
    )
    other, other_key = join(
        panel, strategist, "b@example.se", django_capture_on_commit_callbacks, mailoutbox
    )
    client.post(reverse("followup:unsubscribe", args=[other_key]))
    assert PanelMember.objects.get(pk=other.pk).status == PanelMember.Status.UNSUBSCRIBED


def test_g31_erasure_from_the_members_own_page(client, member_and_key):
    member, key = member_and_key
    url = reverse("followup:member_erase", args=[key])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200 and "Dina uppgifter är raderade" in response.content.decode()
    assert not PanelMember.objects.filter(pk=member.pk).exists() and not MemberKey.objects.exists()
    assert client.get(reverse("followup:member_page", args=[key])).status_code == 404
    assert member_for_key(key) is None


def test_g31_a_closed_survey_takes_no_answers(client, survey_and_links, strategist):
    survey, links = survey_and_links
    services.survey_close(actor=strategist, survey=survey)
    url = reverse("followup:survey_answer", args=[links["medlem@example.se"]])
    assert client.post(url, form_data(survey)).status_code == 404
    assert Survey.objects.get().status == Survey.Status.CLOSED and not Response.objects.exists()
