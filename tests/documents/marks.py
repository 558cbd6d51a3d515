"""Marks of the documents tests on a second policy (tests/vocab.py)."""

from __future__ import annotations

import pytest

# Andrakommun's policy names no case type for a governing document's consultation
# (``guidelines.case_type``): there a document is refused consultation (409
# ``no_consultation_case_type``, tests/documents/test_services.py), so it is never adopted or
# published.
needs_document_consultation = pytest.mark.default_policy(
    "the policy names a case type for a governing document's consultation (guidelines.case_type);"
    " Andrakommun's does not, so a document is never consulted, adopted or published there"
)
