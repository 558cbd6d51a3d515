"""The lists whose header and rows are written in one pass (``Table.cell_texts`` with
``components/fast_table.html``, issue 18) render exactly the rows django-tables2's own
template renders, on the demo municipality, for each sort of the table's columns."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client

from styrsam.demo.loader import load_demo

# (URL, the persona) of each list rendered in one pass
FAST_LISTS = [
    ("/system/", "anna"),
    ("/arenden/", "anna"),
    ("/arenden/oppna/", "anna"),
    ("/beslut/", "anna"),
    ("/moten/", "anna"),
    ("/organisation/", "anna"),
    ("/organisation/", "ingrid"),
    ("/personer/", "anna"),
    ("/hyra/utrustning/", "anna"),
    ("/kundservice/bestallningar/", "anna"),
    ("/kundservice/att-godkanna/", "ingrid"),
    ("/projekt/", "anna"),
    ("/projekt/bemanning/", "anna"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        context = load_demo()
        yield context
        transaction.set_rollback(True)


def _both(table, querystring_without_sort: str = "") -> tuple[str, str]:
    context = {"table": table, "caption": "", "querystring_without_sort": querystring_without_sort}
    return (
        render_to_string("components/table.html", context),
        render_to_string("components/fast_table.html", context),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona"), FAST_LISTS)
def test_fast_rows_are_django_tables2s_rows(url, persona, demo):
    client = Client()
    client.force_login(type(demo.people[persona]).objects.get(username=persona))
    response = client.get(url)
    assert response.status_code == 200
    table = response.context["table"]
    assert table.template_name == "components/fast_table.html"
    assert table.cell_texts(), "the table computes its cells itself"
    sorts = [None] + [c.name for c in table.columns if c.orderable]
    rows_seen = 0
    for sort in sorts:
        for order in [sort, f"-{sort}"] if sort else [None]:
            response = client.get(url, {"sort": order} if order else {})
            assert response.status_code == 200
            table = response.context["table"]
            slow, fast = _both(table)
            assert fast == slow, f"{url}?sort={order}"
            # the header's sort links keep the filters, escaped (``Table.header_html``)
            slow, fast = _both(table, "q=%C3%A5&lifecycle=production&x=\"<'>")
            assert fast == slow, f"{url}?sort={order} with filters"
            assert "&amp;sort=" in fast or not any(c.orderable for c in table.columns)
            rows_seen += len(table.page.object_list)
    assert rows_seen > 0, f"{url}: the demo has rows to compare"
