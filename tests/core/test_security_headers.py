"""Headers and documentation (issue #12): a Content-Security-Policy without inline script, a
Permissions-Policy, and API documentation served from the project's own static files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

import styrsam

ROOT = Path(styrsam.__file__).parent
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", ["/logga-in/", "/api/v1/auth/token/"])
def test_every_response_has_a_strict_csp_and_a_permissions_policy(client, db, url):
    response = client.get(url)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in v for values in csp.values() for v in values)
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_signed_in_pages_carry_the_csp_too(client, it_strategist):
    client.force_login(it_strategist)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_templates_hold_no_inline_script_handler_or_style():
    assert len(TEMPLATES) > 30
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for script in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in script:
                offenders.append((path.name, script))
        offenders += [(path.name, m) for m in re.findall(r"\son[a-z]+\s*=", text)]
        offenders += [(path.name, m) for m in re.findall(r"<style\b|\sstyle\s*=", text)]
    assert offenders == []


def test_htmx_adds_no_inline_style_and_the_indicator_is_styled_by_our_css(client, db):
    page = client.get("/logga-in/").content.decode()
    assert (
        "includeIndicatorStyles&quot;: false" in page or '"includeIndicatorStyles": false' in page
    )
    css = Path(finders.find("styrsam/styrsam.css")).read_text(encoding="utf-8")
    assert ".htmx-indicator" in css


def test_api_docs_reference_no_external_host(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html), html
    assert "cdn" not in html.lower()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts == [
        "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js",
        "/static/styrsam/api-docs.js",
    ]
    assert finders.find("styrsam/api-docs.js")
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")
    assert re.findall(r"<script\b(?![^>]*src=)", html) == []


def test_api_docs_page_alone_relaxes_styles_for_redoc(client, db):
    csp = _directives(client.get("/api/docs/")["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert "blob:" in csp["worker-src"]
