"""Helpers of the export tests: read a download back and pin its query count."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext


def body(response) -> bytes:
    """The response's bytes, streamed (a list's export) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def xlsx_sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200, response.status_code
    assert "spreadsheetml" in response["Content-Type"]
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


def xlsx_rows(response) -> list[tuple]:
    return next(iter(xlsx_sheets(response).values()))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for å, ä, ö
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def filename(response) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def assert_rows_do_not_add_queries(
    client, url: str, grow: Callable[[int], object], django_assert_num_queries, params=None
) -> None:
    """The export costs as many queries with 20 rows as with 1."""
    grow(1)
    body(client.get(url, params or {}))
    with CaptureQueriesContext(connection) as one:
        response = client.get(url, params or {})
        assert response.status_code == 200
        body(response)  # a streamed CSV reads its rows while it is sent
    grow(19)
    with django_assert_num_queries(len(one)):
        response = client.get(url, params or {})
        assert response.status_code == 200
        body(response)
