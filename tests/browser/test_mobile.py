"""Issue 17 item 7: every main page is usable at 375 px. As the IT strategist of the demo, at
375×800: the document never scrolls sideways (only an explicitly scrollable table wrapper may:
``.table-wrap``, focusable with ``tabindex="0"`` and named), the menu wraps, and axe finds no
WCAG 2.1 A/AA violation."""

from __future__ import annotations

import pytest

from styrsam.demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 375

LAYOUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wider = [];
  for (const el of document.querySelectorAll("body *")) {
    const wrap = el.closest(".table-wrap");
    if (wrap && wrap !== el) continue;  // scrolls inside its wrapper
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== "absolute") {
      wider.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className} ${Math.round(box.right)}`);
    }
  }
  const unwrapped = [...document.querySelectorAll("main table")]
    .filter(t => !t.closest(".table-wrap")).length;
  const unnamed = [...document.querySelectorAll(".table-wrap")].filter(w =>
    w.getAttribute("tabindex") !== "0" ||
    !(w.getAttribute("aria-label") || w.getAttribute("aria-labelledby"))).length;
  return {scrollWidth: document.documentElement.scrollWidth, wider: wider.slice(0, 8),
          unwrapped, unnamed};
}"""


def _pages(demo) -> dict[str, str]:
    from styrsam.cases.models import Case
    from styrsam.meetings.models import Meeting
    from styrsam.projects.models import Project

    return {
        "start": "/",
        "systems": "/system/",
        "case": f"/arenden/{Case.objects.order_by('pk').first().pk}/",
        "meeting": f"/moten/{Meeting.objects.order_by('-date', 'pk').first().pk}/",
        "ledger": "/hyra/reskontra/",
        "statement": "/ekonomi/forvaltning/",
        "project": f"/projekt/{Project.objects.order_by('pk').first().pk}/",
        "messages": "/system/meddelanden/nytt/",
    }


def test_main_pages_fit_375_px_as_the_it_strategist(page, login, assert_no_axe_violations):
    demo = load_demo()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    login(page, demo.people["anna"], DEMO_PASSWORD)
    problems = []
    for name, url in _pages(demo).items():
        response = page.goto(url)
        assert response.status == 200, (name, url, response.status)
        layout = page.evaluate(LAYOUT_JS)
        if layout["scrollWidth"] > WIDTH or layout["wider"]:
            problems.append(f"{name} {url}: {layout['scrollWidth']} px, {layout['wider']}")
        if layout["unwrapped"] or layout["unnamed"]:
            problems.append(f"{name} {url}: {layout['unwrapped']} tables outside a named wrapper")
        assert_no_axe_violations(page)
    assert problems == [], "\n".join(problems)
