"""Start-page items of the service desk: approvals waiting for me, orders to fulfil (G07)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from styrsam.core.access import rules_allow
from styrsam.core.todo import Later, Todo, batched, count, exists

from .selectors import approval_candidates, fulfilment_queue, waiting_for_answer


@batched
def todos(user, policy) -> list[Todo | Later]:
    # whether any order may wait for the user, and the orders to deliver: read with the other
    # apps' counts, in one query (issue 18)
    items: list[Todo | Later] = [
        exists(approval_candidates(user=user), lambda found: _waiting_todo(user) if found else None)
    ]
    if rules_allow(user, "servicedesk.fulfil_orders"):
        items.append(count(fulfilment_queue(user=user), _fulfil_todo))
    return items


def _waiting_todo(user) -> Todo | None:
    waiting = len(waiting_for_answer(user=user))
    if not waiting:
        return None
    return Todo(
        text=ngettext(
            "%(n)s beställning väntar på ditt godkännande.",
            "%(n)s beställningar väntar på ditt godkännande.",
            waiting,
        )
        % {"n": waiting},
        url=reverse("servicedesk:approvals"),
        rule="G07",
        level="warning",
    )


def _fulfil_todo(count: int) -> Todo | None:
    if not count:
        return None
    return Todo(
        text=ngettext(
            "%(n)s godkänd beställning att leverera.",
            "%(n)s godkända beställningar att leverera.",
            count,
        )
        % {"n": count},
        url=reverse("servicedesk:fulfilment"),
        rule="G07",
    )
