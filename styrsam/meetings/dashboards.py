"""The coordinator's year at a glance on the start page (issue 17): meetings held and planned
against each group's frequency in the policy (G13–G16), open cases by what they wait for,
consultations by deadline (G14) and the companies met this year (G04).

Shown to whoever holds the policy's ``coordinate`` capability (the IT strategist by default).
Every number comes from a set-based selector: six queries whatever the number of rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styrsam.cases import selectors as case_selectors
from styrsam.core.charts import bar_chart
from styrsam.guideline.policy import get_policy
from styrsam.organisation.roles import is_coordinator

from . import selectors
from .compliance import company_obligation, shared_group_compliance


def _times(n) -> str:
    return ngettext("%(n)s gång", "%(n)s gånger", n) % {"n": n}


def meetings_chart(*, user, policy, year: int, today):
    lines = shared_group_compliance(user, policy=policy, year=year, today=today)
    return bar_chart(
        title=_("Möten %(year)s mot policyns krav per grupp") % {"year": year},
        label_header=_("Grupp"),
        series=[_("Hållna"), _("Planerade")],
        rows=[
            (
                _("%(group)s (krav %(required)s)")
                % {"group": line.group.name, "required": line.required},
                [line.held, line.planned],
            )
            for line in lines
        ],
        targets=[line.min for line in lines],
        target_header=_("Krav (minst)"),
        target_text=lambda n: _("krav minst %(n)s") % {"n": n},
    )


def cases_chart(*, user):
    waiting = case_selectors.waiting_by_step(
        case_selectors.open_cases(user=user), ready=case_selectors.ready_case_count(user=user)
    )
    return bar_chart(
        title=_("Öppna ärenden efter vad de väntar på"),
        label_header=_("Väntar på"),
        series=[_("Ärenden")],
        rows=[(name, [n]) for _code, name, n in waiting if n],
        empty_text=_("Inga öppna ärenden."),
    )


def consultations_chart(*, user, today):
    due = case_selectors.consultations_due(user=user, today=today)
    return bar_chart(
        title=_("Öppna remisser efter sista svarsdag"),
        label_header=_("Sista svarsdag"),
        series=[_("Remisser")],
        rows=[
            (_("Har passerat"), [due["overdue"]]),
            (_("Inom 14 dagar"), [due["soon"]]),
            (_("Senare"), [due["later"]]),
        ],
    )


def companies_chart(*, user, policy, year: int, today):
    obligation = company_obligation(policy)
    if not obligation:
        return None
    minimum = obligation.get("min_per_year", 1)
    companies = selectors.start_page_companies(user, policy=policy, year=year, today=today)
    return bar_chart(
        title=_("Bolagsmöten %(year)s per bolag") % {"year": year},
        label_header=_("Bolag"),
        series=[_("Möten")],
        rows=[(c.name, [c.meetings]) for c in companies],
        targets=[minimum] * len(companies),
        target_header=_("Krav (minst)"),
        target_text=lambda n: _("krav minst %(times)s") % {"times": _times(n)},
    )


def coordinator_dashboard_shown(request) -> bool:
    """The section is shown to the coordinator."""
    return is_coordinator(request.user)


def coordinator_dashboard(request) -> dict | None:
    """The start page's section for the coordinator; ``None`` for everyone else."""
    user = request.user
    if not is_coordinator(user):
        return None
    policy = get_policy()
    today = timezone.localdate()
    year = today.year
    charts = [
        (
            meetings_chart(user=user, policy=policy, year=year, today=today),
            reverse("meetings:compliance"),
            _("Till mötesfrekvensen"),
        ),
        (cases_chart(user=user), reverse("cases:case_open"), _("Till öppna ärenden")),
        (consultations_chart(user=user, today=today), None, ""),
        (
            companies_chart(user=user, policy=policy, year=year, today=today),
            reverse("meetings:company_meetings"),
            _("Till bolagsmötena"),
        ),
    ]
    return {
        "key": "coordinator",
        "heading": _("Året i korthet %(year)s") % {"year": year},
        "charts": [(c, url, text) for c, url, text in charts if c is not None],
    }
