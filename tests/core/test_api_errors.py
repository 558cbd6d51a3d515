"""The API's exception handler and query-parameter helper (styrsam/core/api.py, core/params.py)."""

from __future__ import annotations

import pytest
from django.db import DataError

from styrsam.core.api import exception_handler
from styrsam.core.params import MAX_DB_INT, int_param


def test_data_error_is_a_json_400_not_a_500():
    """Found by tests/api (schemathesis) on PostgreSQL: a NUL byte in a search or a slug made
    psycopg refuse the query, and the API answered 500."""
    response = exception_handler(
        DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), {}
    )
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["detail"].startswith("Ogiltiga uppgifter: ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", 0),
        (str(MAX_DB_INT), MAX_DB_INT),
        (str(MAX_DB_INT + 1), None),
        ("\u00b2", None),  # str.isdigit() says yes, int() says no
        ("\u0661", None),  # an Arabic-Indic one: int() reads it, but it is no id in a URL
        ("-1", None),
        (" 1", None),
        ("", None),
        (None, None),
    ],
)
def test_int_param(value, expected):
    assert int_param(value) == expected
