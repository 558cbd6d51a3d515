"""The API documentation at /api/docs/: Redoc from the project's own static files
(drf-spectacular-sidecar, docs/decisions/0011), no CDN and no inline script. Its own module:
DRF's settings import ``styrsam.core.api`` while drf-spectacular's views are being imported."""

from __future__ import annotations

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView


class ApiDocsView(SpectacularRedocView):
    template_name = "core/api_docs.html"


# Redoc styles itself with inline <style> (styled-components) and renders in a blob: worker;
# that page alone gets both, nothing else.
api_docs_view = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
    ApiDocsView.as_view(url_name="schema")
)
