"""Swedish formats (issue 17): money with thousands separator and decimal comma, percent with
a comma, plural forms, names not lower-cased where they are abbreviations."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from styrsam.core.formats import kr, lower_first, money, percent

NBSP = "\u00a0"


def test_money_and_kronor():
    assert money("57900") == f"57{NBSP}900,00"
    assert kr("57900.00") == f"57{NBSP}900,00{NBSP}kr"
    assert kr(1234567, 0) == f"1{NBSP}234{NBSP}567{NBSP}kr"
    assert kr(None) == "–"
    assert kr("-1500.5") == f"-1{NBSP}500,50{NBSP}kr"


def test_percent():
    assert percent("93.0") == f"93,0{NBSP}%"
    assert percent(7, 0) == f"7{NBSP}%"
    assert percent(None) == "–"


def test_names_keep_their_abbreviations():
    assert lower_first("Kommundirektören") == "kommundirektören"
    assert lower_first("IT-strateg") == "IT-strateg"
    assert lower_first("Lön- och PA-system") == "lön- och PA-system"
    assert lower_first("e-tjänst") == "e-tjänst"


def test_template_filters():
    html = Template("{% load styrsam %}{{ a|kr }} · {{ b|percent }} · {{ c|lower_first }}").render(
        Context({"a": 57900, "b": 93, "c": "IT-strateg"})
    )
    assert html == f"57{NBSP}900,00{NBSP}kr · 93,0{NBSP}% · IT-strateg"


def test_english_pages_use_english_separators():
    with translation.override("en"):
        assert kr(57900) == f"57,900.00{NBSP}kr"


@pytest.mark.django_db
@pytest.mark.rule("G20")
def test_g20_todo_uses_singular_for_one_unit(policy, it_strategist, monkeypatch):
    from styrsam.organisation.models import OrgUnit
    from styrsam.systems import todos
    from tests.factories import OrgUnitFactory

    unit = OrgUnitFactory()
    # one unit off the platform (the to-do counts them with the page's other counts)
    monkeypatch.setattr(todos, "g20_gap_units", lambda **_kw: OrgUnit.objects.filter(pk=unit.pk))
    texts = [t.text for t in todos.todos(it_strategist, policy)]
    assert any("1 enhet är inte ansluten" in t for t in texts), texts


@pytest.mark.django_db
@pytest.mark.rule("G08")
def test_g08_budget_todo_writes_percent_the_swedish_way(policy, monkeypatch):
    from decimal import Decimal

    from styrsam.rental import todos

    monkeypatch.setattr(todos, "has_capability", lambda user, cap: True)
    monkeypatch.setattr(
        todos,
        "budget_use",  # the to-do's one read since issue 18
        lambda year: {"percent": Decimal("93.0"), "remaining": Decimal(100)},
    )
    [todo] = todos.todos(object(), policy)
    assert f"93,0{NBSP}% använt" in todo.text
    assert "93.0" not in todo.text
