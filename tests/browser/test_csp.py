"""The Content-Security-Policy in a real browser (issue #12): the pages and htmx run without a
single CSP violation, and the API documentation renders from our own static files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_pages_and_htmx_run_without_csp_violations(page, login, it_strategist):
    violations = _watch_csp(page)
    login(page, it_strategist)
    page.goto("/personer/")
    search = page.locator("input[name=q]")
    if search.count():
        search.first.fill("a")
        page.wait_for_load_state("networkidle")
    page.goto("/system/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_api_docs_render_offline_without_csp_violations(page, db):
    violations = _watch_csp(page)
    external: list[str] = []

    def outside(request):
        local = request.url.startswith(("http://localhost", "http://127.0.0.1", "blob:", "data:"))
        # Redoc's "powered by" logo points at its site; img-src 'self' blocks it
        if not local and request.resource_type != "image":
            external.append(f"{request.resource_type} {request.url}")

    page.on("request", outside)
    page.goto("/api/docs/")
    # Redoc renders the whole schema in the browser: slow on a loaded machine
    heading = page.get_by_role("heading", name="Styrsam API", level=1)
    expect(heading).to_be_visible(timeout=90_000)
    assert external == []
    assert [v for v in violations if "img-src" not in v] == []
