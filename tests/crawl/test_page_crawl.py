"""A crawl of the pages as every demo persona and as an anonymous visitor (issue #12): every
link reachable from the start page is followed (GET only, bounded per persona) and no response
may be a server error. Marked ``once``: it runs on SQLite only, and prints the pages crawled
per persona (``report_count``)."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.demo_fixture import demo_in_a_rolled_back_transaction

PERSONAS = ["anna", "lars", "karin", "mats", "ingrid", "eva", "tomas", "nina", "admin", None]
MAX_PAGES = 150  # per persona, breadth first: every list and a sample of detail pages
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"', re.IGNORECASE)
SKIP = ("/static/", "/media/", "/logga-ut/", "/i18n/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_in_a_rolled_back_transaction(django_db_blocker) as context:
        yield context


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


def crawl(client: Client, start: str) -> tuple[int, list[tuple[str, int]]]:
    seen, queue, errors = {start}, deque([start]), []
    visited = 0
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
        for link in _links(url, response.content.decode("utf-8", errors="replace")):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, errors


@pytest.mark.once
@pytest.mark.django_db
@pytest.mark.parametrize("username", PERSONAS, ids=lambda u: u or "anonym")
def test_crawl_as_persona_finds_no_server_error(demo, username, report_count):
    client = Client(raise_request_exception=False)
    if username:
        # from the database: the demo's in-memory user may hold an older password hash
        client.force_login(get_user_model().objects.get(username=username))
    start = "/" if username else "/logga-in/"
    visited, errors = crawl(client, start)
    if username == "admin":
        more, admin_errors = crawl(client, f"/{settings.ADMIN_URL}")
        visited, errors = visited + more, errors + admin_errors
    report_count(
        f"{visited} sidor genomgångna utan serverfel" if not errors else f"{visited} sidor"
    )
    assert visited >= (1 if username is None else 20)
    assert errors == []
