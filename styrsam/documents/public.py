"""The public register of governing documents under /publikt/ (G28): no login, no cookie,
cacheable.

- Only ``models.public_versions()`` is read: adopted versions published on the public website.
  A draft, a version on consultation, an adopted version not yet published publicly: all 404.
- **No cookies.** Nothing here touches the session or messages and the templates
  (``documents/public/base.html``) render no CSRF token (the search is a GET form), so no
  response sets ``sessionid`` or ``csrftoken``.
- **Cacheable**: ``Cache-Control: public, max-age=300``; the pages are the same for everyone
  and in Swedish (``lang="sv"``).
- A register page, a document with its earlier versions, any version, a comparison of two
  versions (what was added, removed and changed), a PDF, search, an Atom feed and a sitemap."""

from __future__ import annotations

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from styrsam.core.params import int_param
from styrsam.guideline.policy import PolicyNames, get_policy
from styrsam.organisation.models import Municipality

from . import attachments, pdf, selectors, text
from .models import Document

MAX_AGE = 300


def public_page(view):
    """Swedish, no session or CSRF cookie, cacheable for everyone."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("sv"):
            request.LANGUAGE_CODE = "sv"
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                # our own page: the site's 404 page renders a CSRF token (a cookie)
                response = _page(request, "documents/public/not_found.html", status=404)
        age = MAX_AGE if response.status_code == 200 else 60
        response["Cache-Control"] = f"public, max-age={age}"
        response["Content-Language"] = "sv"
        return response

    return wrapper


def _municipality() -> str:
    return Municipality.objects.values_list("name", flat=True).first() or ""


def _page(request, template, status=200, **context) -> HttpResponse:
    # the public pages have no page context: the policy's names are given here (issue 21)
    context = {
        "municipality": _municipality(),
        "policy_names": PolicyNames(get_policy()),
        **context,
    }
    return render(request, template, context, status=status)


@public_page
def register(request):
    q = (request.GET.get("q") or "").strip()[:200]
    documents = list(selectors.public_documents(q))
    groups = [
        (label, [d for d in documents if d.kind == kind]) for kind, label in Document.Kind.choices
    ]
    return _page(
        request,
        "documents/public/register.html",
        q=q,
        groups=[(label, docs) for label, docs in groups if docs],
        count=len(documents),
    )


def _version(versions, number):
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    return version


@public_page
def document(request, pk: int):
    doc, versions = selectors.public_document(pk)
    return _version_page(request, doc, versions, versions[0])


@public_page
def version(request, pk: int, number: int):
    doc, versions = selectors.public_document(pk)
    return _version_page(request, doc, versions, _version(versions, number))


def _version_page(request, doc, versions, shown):
    return _page(
        request,
        "documents/public/document.html",
        document=doc,
        versions=versions,
        shown=shown,
        current=versions[0],
        html=text.render(shown.text),
        headings=text.headings(shown.text),
    )


@public_page
def compare(request, pk: int):
    doc, versions = selectors.public_document(pk)
    numbers = [v.number for v in versions]
    new_n = int_param(request.GET.get("till")) or numbers[0]
    old_n = int_param(request.GET.get("fran")) or (numbers[1] if len(numbers) > 1 else numbers[0])
    old, new = _version(versions, old_n), _version(versions, new_n)
    changes = text.compare(old.text, new.text)
    return _page(
        request,
        "documents/public/compare.html",
        document=doc,
        versions=versions,
        old=old,
        new=new,
        changes=changes,
        summary=text.summary(changes),
    )


@public_page
def version_pdf(request, pk: int, number: int):
    doc, versions = selectors.public_document(pk)
    return pdf.response(_version(versions, number), public=True)


@public_page
def attachment(request, pk: int, number: int, attachment: int):
    """An attachment of a version on the public register (404 for anything else)."""
    doc, versions = selectors.public_document(pk)
    return attachments.public_attachment_response(version=_version(versions, number), pk=attachment)


@public_page
def feed(request):
    """Atom feed of publications on the public website (G28)."""
    municipality = _municipality()
    atom = Atom1Feed(
        title=f"Styrdokument – {municipality}" if municipality else "Styrdokument",
        link=request.build_absolute_uri(reverse("documents:public_register")),
        description="Nya och ändrade styrdokument",
        language="sv",
        feed_url=request.build_absolute_uri(reverse("documents:public_feed")),
    )
    for pub in selectors.public_changes():
        v = pub.version
        atom.add_item(
            title=f"{v.document.title}, version {v.number}",
            link=request.build_absolute_uri(v.get_public_url()),
            description=(
                f"{v.document.get_kind_display()} fastställd {v.adopted_on:%Y-%m-%d} "
                f"({v.decision_reference}). {v.change_note}"
            ).strip(),
            pubdate=pub.published_at,
            updateddate=pub.published_at,
            unique_id=request.build_absolute_uri(v.get_public_url()),
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


@public_page
def sitemap(request):
    urls = [request.build_absolute_uri(reverse("documents:public_register"))]
    for doc in selectors.public_documents():
        urls.append(request.build_absolute_uri(doc.get_public_url()))
    body = render_to_string("documents/public/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
