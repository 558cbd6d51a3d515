"""The citizens' pages under /medborgare/ (G31): no login, no cookie, Swedish or English.

Design (docs/decisions/0010):

- **No cookies at all.** Nothing here touches the session or the messages framework, and the
  templates (``followup/public/base.html``) never render a CSRF token, so no response sets
  ``sessionid`` or ``csrftoken`` — before consent or after.
- **CSRF without a cookie.** Every form posts to the URL of the member's personal link: the
  random secret in the path is the token that ties the form to the member, and a forging site
  does not know it. The views are ``csrf_exempt``; a POST whose ``Sec-Fetch-Site`` (or
  ``Origin``) says it comes from another site is refused with 403 all the same.
- **No enumeration.** An unknown, expired, used or closed link, or a member who has
  unsubscribed, all get the same 404 page, byte for byte; links are looked up by their SHA-256
  and compared in constant time (``tokens.find``).
- **Language without a session**: ``?lang=en`` (or ``sv``) on the URL; every link and form of
  the page keeps it.
- Responses are ``Cache-Control: no-store`` and ``Referrer-Policy: same-origin`` (the secret is
  in the URL: no other site gets it as a referrer; ``no-referrer`` would make the browser send
  ``Origin: null`` with our own forms) and ``X-Robots-Tag: noindex``.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from styrsam.core.actions import add_service_error
from styrsam.core.errors import ServiceError
from styrsam.organisation.models import Municipality

from .. import selectors, services
from ..consent import consent_text
from ..models import PanelMember
from ..public_forms import ConsentForm, SurveyAnswerForm

LANGUAGES = ("sv", "en")


def _language(request) -> str:
    lang = request.GET.get("lang")
    return lang if lang in LANGUAGES else "sv"


def _cross_site(request) -> bool:
    """A POST sent by another site's page. ``Sec-Fetch-Site`` decides where the browser sends
    it; else ``Origin`` must be this host. A mail program's one-click POST (RFC 8058) carries
    neither and passes: it holds the secret link like the member does."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.get_host()


def public_page(view):
    """No CSRF cookie, the language from ``?lang``, the headers of a page with a secret URL."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and _cross_site(request):
            return HttpResponseForbidden()
        lang = _language(request)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, lang=lang, **kwargs)
        response["Cache-Control"] = "no-store"
        # the secret is in the URL: no other site ever gets it as a referrer
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Content-Language"] = lang
        return response

    return wrapper


def _context(request, lang: str, **extra) -> dict:
    query = "?lang=en" if lang == "en" else ""
    other = "sv" if lang == "en" else "en"
    return {
        "lang": lang,
        "lang_query": query,
        "other_lang": other,
        # a query-only link keeps the page (and never writes the secret into the page)
        "other_lang_url": f"?lang={other}",
        "municipality": Municipality.objects.values_list("name", flat=True).first() or "",
        **extra,
    }


def _page(request, lang, template, status=200, **extra) -> HttpResponse:
    return render(request, template, _context(request, lang, **extra), status=status)


def not_found(request, lang: str) -> HttpResponse:
    """The one answer to every link that cannot be used: the same page, the same status."""
    return _page(request, lang, "followup/public/not_found.html", status=404)


@public_page
@require_http_methods(["GET", "POST"])
def member_page(request, token: str, lang: str):
    """The member's own page: consent when invited (G31), else what they can do."""
    member = selectors.member_for_key(token)
    if member is None:
        return not_found(request, lang)
    panel = member.panel
    if member.status != PanelMember.Status.INVITED:
        return _page(
            request, lang, "followup/public/member.html", member=member, panel=panel, token=token
        )
    form = ConsentForm(request.POST or None, panel=panel)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_consent(
                    member=member,
                    language=lang,
                    age_group=form.cleaned_data.get("age_group", ""),
                    district=form.cleaned_data.get("district", ""),
                )
            except ServiceError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                url = reverse("followup:member_page", args=[token])
                return HttpResponseRedirect(
                    f"{url}?lang={lang}&samtycke=1" if lang == "en" else f"{url}?samtycke=1"
                )
        else:
            status = 400
    return _page(
        request,
        lang,
        "followup/public/consent.html",
        status=status,
        form=form,
        panel=panel,
        token=token,
        consent=consent_text(panel, lang),
    )


@public_page
@require_http_methods(["GET"])
def member_data_page(request, token: str, lang: str):
    """Everything the member has given (GDPR art. 15), on their own page."""
    member = selectors.member_for_key(token)
    if member is None:
        return not_found(request, lang)
    return _page(
        request,
        lang,
        "followup/public/member_data.html",
        member=member,
        panel=member.panel,
        token=token,
        data=selectors.member_data(member),
    )


@public_page
@require_http_methods(["GET", "POST"])
def member_erase_page(request, token: str, lang: str):
    """Erasure on request (GDPR art. 17): a confirmation, then everything is deleted except
    answers to anonymous surveys, which are linked to no one."""
    member = selectors.member_for_key(token)
    if member is None:
        return not_found(request, lang)
    if request.method == "POST":
        services.member_erase(actor=None, member=member)
        return _page(request, lang, "followup/public/done.html", done="erased")
    return _page(
        request, lang, "followup/public/erase.html", member=member, panel=member.panel, token=token
    )


@public_page
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str, lang: str):
    """One click: the page's one button, or the mail program's POST (RFC 8058)."""
    member = selectors.member_for_key(token)
    if member is None:
        return not_found(request, lang)
    if request.method == "POST":
        services.member_unsubscribe(member=member)
        return _page(request, lang, "followup/public/done.html", done="unsubscribed", token=token)
    return _page(
        request,
        lang,
        "followup/public/unsubscribe.html",
        member=member,
        panel=member.panel,
        token=token,
    )


@public_page
@require_http_methods(["GET", "POST"])
def survey_answer(request, token: str, lang: str):
    """A survey through the member's single-use link."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        return not_found(request, lang)
    survey = invitation.survey
    form = SurveyAnswerForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_respond(invitation=invitation, answers=form.answers())
            except services.LinkNotUsable:
                return not_found(request, lang)
            except ServiceError as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                url = reverse("followup:survey_thanks")
                return HttpResponseRedirect(f"{url}?lang=en" if lang == "en" else url)
        else:
            status = 400
    return _page(
        request,
        lang,
        "followup/public/survey.html",
        status=status,
        form=form,
        survey=survey,
        panel=survey.panel,
        token=token,
    )


@public_page
@require_http_methods(["GET"])
def survey_thanks(request, lang: str):
    return _page(request, lang, "followup/public/done.html", done="answered")
