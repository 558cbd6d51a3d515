"""Start-page items of the service desk: approvals waiting for me, orders to fulfil (G07)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from styrsam.core.access import rules_allow
from styrsam.core.todo import Todo

from .selectors import fulfilment_queue, waiting_for_answer


def todos(user, policy) -> list[Todo]:
    items = []
    waiting = len(waiting_for_answer(user=user))
    if waiting:
        items.append(
            Todo(
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
        )
    if rules_allow(user, "servicedesk.fulfil_orders"):
        count = fulfilment_queue(user=user).count()
        if count:
            items.append(
                Todo(
                    text=ngettext(
                        "%(n)s godkänd beställning att leverera.",
                        "%(n)s godkända beställningar att leverera.",
                        count,
                    )
                    % {"n": count},
                    url=reverse("servicedesk:fulfilment"),
                    rule="G07",
                )
            )
    return items
