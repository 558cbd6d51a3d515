"""A crawl of the pages as every demo persona and as an anonymous visitor (issue #12): every
link reachable from the start page is followed (GET only, bounded per persona) and no response
may be a server error. Marked ``once``: it runs on SQLite only, and prints the pages crawled
per persona (``report_count``).

Issue 17: no page the crawl reaches may show a raw key or Python repr in its text (what a
reader sees or a screen reader reads, ``<pre>``/``<code>`` excepted): ``{'``, an object repr,
an audit action code or a snake_case audited field name, or an English word of ``ENGLISH``."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

REPRS = ("{'", "<QuerySet", " object at 0x", "[<", "datetime.date(", "Decimal('")
# English words that a Swedish page never shows (a raw status, a Python value, a caption)
ENGLISH = (
    "None", "True", "False", "decision", "pending", "approved", "rejected", "draft",
    "planned", "cancelled", "held", "open", "ready", "closed", "decided", "in_use", "step",
)  # fmt: skip
PERSONAS = ["anna", "lars", "karin", "mats", "ingrid", "eva", "tomas", "nina", "admin", None]
MAX_PAGES = 150  # per persona, breadth first: every list and a sample of detail pages
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"', re.IGNORECASE)
SKIP = ("/static/", "/media/", "/logga-ut/", "/i18n/")


def _local(base: str, href: str) -> str | None:
    """``href`` as a path on this site to crawl, or ``None`` (other host, mailto:, static)."""
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if path.startswith("/") and not path.startswith(SKIP) else None


def _links(base: str, html: str) -> list[str]:
    return [p for href in HREF.findall(html) if (p := _local(base, unescape(href)))]


class _Text(HTMLParser):
    """The text of a page's body as it is read: no script, style, ``<pre>`` or ``<code>``;
    ``aria-label`` and ``title`` values included (a screen reader reads them)."""

    SKIP = frozenset({"script", "style", "pre", "code", "template", "head"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping.append(tag)
        if not self.skipping:
            self.parts.extend(v for k, v in attrs if k in ("aria-label", "title") and v)

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def _audit_identifiers() -> set[str]:
    """The audit's action codes and the snake_case names of the audited fields."""
    from django.apps import apps

    from styrsam.core.registry import registry

    names = set(registry.audit_actions)
    for model in apps.get_models():
        names.update(f for f in getattr(model, "AUDITED_FIELDS", ()) if "_" in f)
    return names


def raw_keys(text: str, identifiers: set[str]) -> list[str]:
    """What in ``text`` is a raw key, a Python repr or an English word (each once)."""
    found = [r for r in REPRS if r in text]
    words = set(re.findall(r"[A-Za-z_][\w.]*[A-Za-z0-9]", text))
    found += sorted(w for w in words if w in identifiers or w in ENGLISH)
    return found


def crawl(
    client: Client, start: str, findings: dict[str, list[str]] | None = None
) -> tuple[int, list[tuple[str, int]]]:
    """Visit what is reachable from ``start``; server errors are returned, raw keys on a page
    are put in ``findings`` (url: what was found)."""
    seen, queue, errors = {start}, deque([start]), []
    visited = 0
    identifiers = _audit_identifiers()
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        if 300 <= response.status_code < 400 and "Location" in response:  # follow redirects
            target = _local(url, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode("utf-8", errors="replace")
        if findings is not None and (found := raw_keys(page_text(html), identifiers)):
            findings[url] = found
        for link in _links(url, html):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, errors


@pytest.mark.once
@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS, ids=lambda u: u or "anonym")
def test_crawl_as_persona_finds_no_server_error(demo, kommun, username, report_count):
    client = Client(raise_request_exception=False)
    if username:
        # from the database: the demo's in-memory user may hold an older password hash
        client.force_login(get_user_model().objects.get(username=username))
    start = "/" if username else "/logga-in/"
    findings: dict[str, list[str]] = {}
    visited, errors = crawl(client, start, findings)
    if username == "admin":  # Django's admin is English and shows the codes: not scanned
        more, admin_errors = crawl(client, f"/{settings.ADMIN_URL}")
        visited, errors = visited + more, errors + admin_errors
    report_count(
        f"{kommun}: {visited} sidor genomgångna utan serverfel"
        if not errors
        else f"{kommun}: {visited} sidor"
    )
    assert visited >= (1 if username is None else 20)
    assert errors == []
    # issue 17: no raw key, Python repr or English word on any page reached
    assert findings == {}


def test_the_raw_key_scan_finds_what_it_must():
    """The scan itself (no database): a repr, an audit code, an English caption are found;
    Swedish text, a ``<code>`` and a script are not."""
    html = (
        "<html><head><title>case_type</title></head><body><main>"
        "<p>Anmälare {'id': 23, 'text': 'ingrid'}</p><p>case.step_complete</p>"
        '<table><caption class="visually-hidden">decision</caption></table>'
        "<p>Ärendet är beslutat.</p><code>case_type</code><script>var open = True;</script>"
        "</main></body></html>"
    )
    found = raw_keys(page_text(html), {"case.step_complete", "case_type"})
    assert found == ["{'", "case.step_complete", "decision"]
