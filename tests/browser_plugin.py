"""Browser test fixtures (a plugin loaded by tests/conftest.py, so every test directory
can use them without importing them, which would start a second Playwright). Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
``live_server``, with axe-core checking every page for WCAG 2.1 A/AA (convention 11).

Chromium is never downloaded by Playwright: the tests use the system binary and fail, never
skip, when it is missing, so that CI cannot go green without having opened a single page.

With ``STYRSAM_HTML_DIR`` set, every HTML page the browser receives is also saved there (as
the server sent it), with an index ``pages.tsv``, for the Nu HTML Checker and pa11y that
``.ci/run`` runs over the pages the browser tests visit (``scripts/check_html.sh``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread; Django then refuses ORM
# calls from that thread unless told the loop is not ours to protect.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _serialize_requests_on_sqlite() -> None:
    """On SQLite the test database is one in-memory database in shared-cache mode
    (``file:memorydb_default?mode=memory&cache=shared``): every request thread of the live
    server opens its own connection to it, and they share its cache and its locks. Two
    requests at once — the start page loads its deferred sections in parallel — can deadlock
    inside ``sqlite3``: one thread holds the shared cache's mutex and waits for the GIL in one
    of Django's SQL functions written in Python (a month's truncation), the other holds the
    GIL and waits for the mutex (a CI run hung so, both workers idle). So on SQLite the server
    answers one request at a time, the body read to its end under the lock; on PostgreSQL it
    stays concurrent."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATimeOnSQLite(ThreadedWSGIServer):
        def __init__(self, *args, **kwargs):
            from django.db import connection

            super().__init__(*args, **kwargs)
            self.request_lock = threading.Lock() if connection.vendor == "sqlite" else None

        def set_app(self, application):
            if self.request_lock is None:
                return super().set_app(application)
            lock = self.request_lock

            def serialized(environ, start_response):
                with lock:
                    result = application(environ, start_response)
                    try:
                        return list(result)  # a streamed body is read under the lock too
                    finally:
                        close = getattr(result, "close", None)
                        if close is not None:
                            close()

            return super().set_app(serialized)

    LiveServerThread.server_class = OneRequestAtATimeOnSQLite


_serialize_requests_on_sqlite()

CHROMIUM = os.environ.get("STYRSAM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FACTORY_PASSWORD = "test-losenord-1"  # tests/factories.py UserFactory.password
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
TIMEOUT_MS = 10_000
DANGLING_ARIA_REFERENCES_JS = """() => {
  const attrs = ["aria-labelledby", "aria-describedby", "aria-controls", "aria-owns"];
  const out = [];
  for (const attr of attrs) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          out.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}="${id}"`);
        }
      }
    }
  }
  return out;
}"""


def _page_recorder(directory: str, test: str):
    """A response handler saving each HTML document (status and URL in pages.tsv)."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)

    def record(response):
        content_type = response.headers.get("content-type", "")
        if response.request.resource_type != "document" or not content_type.startswith("text/html"):
            return
        if 300 <= response.status < 400:  # a redirect has no page
            return
        body = response.body()
        name = hashlib.sha256(body).hexdigest()[:24] + ".html"
        (root / name).write_bytes(body)
        url = urlsplit(response.url)
        target = url.path + (f"?{url.query}" if url.query else "")
        with (root / "pages.tsv").open("a", encoding="utf-8") as index:
            index.write(f"{name}\t{response.status}\t{target}\t{test}\n")

    return record


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent / "browser"
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test session (per xdist worker)."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium finns inte på {CHROMIUM}; browser tests need it. "
            "Install it with `apt-get install chromium` (or point STYRSAM_CHROMIUM at a "
            "Chromium binary). Never run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context (no cookies) per test, Swedish, pointed at the live server.

    JavaScript errors on any page fail the test: a broken script is a broken page.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"JavaScript error: {exc}"))

    def check_asset(response):
        if response.request.resource_type in {"stylesheet", "script"} and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    tab.on("response", check_asset)
    if os.environ.get("STYRSAM_HTML_DIR"):
        tab.on("response", _page_recorder(os.environ["STYRSAM_HTML_DIR"], request.node.nodeid))
    yield tab
    context.close()
    assert not problems, "The pages were broken:\n" + "\n".join(problems)


def _login(page, user, password: str = FACTORY_PASSWORD) -> None:
    """Log ``user`` in through the real login form and wait for the start page."""
    page.goto("/logga-in/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.narrow button[type=submit]")
    assert "/logga-in/" not in page.url, (
        f"Login as {user.username!r} failed; the page says:\n{page.inner_text('main')}"
    )


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) (WCAG 2.1 A/AA) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v.get('impact')}]: {v['help']} ({v.get('helpUrl', '')})")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    at {target}: {summary}")
            lines.append(f"      {node.get('html', '')[:200]}")
    return "\n".join(lines)


_axe = None


# What Chromium answers when a script runs while a click's navigation replaces the document.
_NAVIGATING = ("documentElement", "Execution context was destroyed", "navigation")


def _run_axe_on_a_loaded_page(page):
    """axe on the page a click has led to. A link's navigation may still be under way when
    the test asks; then the document is null for a moment and axe throws. Wait for the load
    and ask again (three tries); any other error, or a third failure, is raised."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError as error:
            if attempt == 2 or not any(text in str(error) for text in _NAVIGATING):
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def _assert_no_axe_violations(page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules only) on the current page; fail listing
    each violation's id, help text and the nodes it was found on."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    results = _run_axe_on_a_loaded_page(page)
    violations = results.response["violations"]
    assert not violations, _format_violations(page.url, violations)
    # axe only marks these "needs review", but a reference to a missing ID means a label or
    # a description (help text, field error) that assistive technology never reads out.
    dangling = page.evaluate(DANGLING_ARIA_REFERENCES_JS)
    assert not dangling, f"ARIA attributes pointing at IDs missing on {page.url}:\n" + "\n".join(
        dangling
    )


@pytest.fixture
def login():
    """``login(page, user)`` (or ``login(page, user, password)`` for demo users)."""
    return _login


@pytest.fixture(name="assert_no_axe_violations")
def assert_no_axe_violations_fixture():
    """``assert_no_axe_violations(page)``: zero WCAG 2.1 A/AA violations on the current page."""
    return _assert_no_axe_violations
