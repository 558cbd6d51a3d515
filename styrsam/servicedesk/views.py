"""Pages of the service desk (G07): catalogue, ordering, my orders, approval and fulfilment
queues.

Thin: the lists are declared in ``lists.py``; reads come from selectors, writes from services
through the kit's ``form_action`` (a refusal is shown once, on the bound form, with its
status)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from styrsam.core.access import may, require_perm
from styrsam.core.actions import form_action
from styrsam.core.audit import history_for
from styrsam.core.imports import SpreadsheetImport
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit

from . import selectors, services
from .forms import AnswerForm, CatalogueItemForm, FulfilForm, OrderForm
from .importing import COLUMNS as IMPORT_COLUMNS
from .importing import import_catalogue
from .lists import ApprovalQueue, CatalogueList, FulfilmentQueue, MyOrderList, OrderList
from .models import Order
from .rules import may_answer

catalogue = CatalogueList.page_view()
my_orders = MyOrderList.page_view()
order_list = OrderList.page_view()
order_export = OrderList.export_view()
approvals = ApprovalQueue.page_view()
fulfilment = FulfilmentQueue.page_view()

CATALOGUE_IMPORT = SpreadsheetImport(
    key="catalogue_import",
    permission="servicedesk.manage_catalogue",
    run=import_catalogue,
    columns=IMPORT_COLUMNS,
    title=gettext_lazy("Importera katalogen"),
    intro=gettext_lazy(
        "Ladda upp katalogen som Excel eller CSV: en rad per artikel. Alla rader kontrolleras "
        "först och visas som förhandsvisning; finns ett enda fel sparas ingenting. Artiklar "
        "matchas på namn: samma fil en gång till ändrar ingenting, och en tom cell lämnar det "
        "sparade värdet orört. En artikel tas aldrig bort; ”aktiv” nej tar den ur katalogen."
    ),
    preview=[(gettext_lazy("Artiklar"), "items", "items")],
    done=lambda result: (
        _("Importen är klar: %(c)s nya artiklar, %(u)s ändrade.")
        % {"c": result.created["items"], "u": result.updated["items"]}
    ),
    url_name="servicedesk:catalogue_import",
    template_url_name="servicedesk:catalogue_import_template",
    success_url_name="servicedesk:catalogue",
    template_name="katalogmall",
)
catalogue_import = CATALOGUE_IMPORT.page_view()
catalogue_import_template = CATALOGUE_IMPORT.template_view()


@login_required
def item_edit(request, pk: int | None = None):
    require_perm(request.user, "servicedesk.manage_catalogue")
    item = selectors.catalogue_get(user=request.user, pk=pk, include_inactive=True) if pk else None
    form = CatalogueItemForm(request.POST or None, instance=item)

    def show(form, status=200):
        context = {"form": form, "item": item, "history": history_for(item)[:100] if item else None}
        return render(request, "servicedesk/item_form.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.catalogue_item_save(
            actor=request.user, item=item, **{name: data[name] for name in form.Meta.fields}
        ),
        success_url=reverse("servicedesk:catalogue"),
        success_message=lambda saved: _("Artikeln %(n)s är sparad.") % {"n": saved.name},
        render=show,
    )


def _refuse_other_department(chosen: str, departments) -> None:
    """A department the user may not order for is refused as the service refuses it (403
    ``not_own_department``), not as an unknown choice of the form (400): the page and the API
    answer alike (issue 11 item 10, G07)."""
    if not chosen.isdigit() or departments.filter(pk=chosen).exists():
        return
    if OrgUnit.objects.filter(pk=chosen, kind=OrgUnit.Kind.DEPARTMENT).exists():
        raise PermissionDenied


@login_required
def order_create(request, item_id: int):
    require_perm(request.user, "servicedesk.place_order")
    item = selectors.catalogue_get(user=request.user, pk=item_id)
    departments = selectors.orderable_departments(user=request.user)
    if request.method == "POST":
        _refuse_other_department(request.POST.get("department", ""), departments)
    form = OrderForm(request.POST or None, departments=departments)

    policy = get_policy()
    approvers = [policy.role_name(s["role"]) for s in policy.order_approvals(item.kind)]

    def show(form, status=200):
        context = {"form": form, "item": item, "approvers": approvers}
        return render(request, "servicedesk/order_form.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        lambda data: services.order_create(
            actor=request.user,
            department=data["department"],
            item=item,
            quantity=data["quantity"],
            for_person=data["for_person"] or request.user,
            note=data["note"],
        ),
        success_url=lambda order: reverse("servicedesk:order_detail", args=[order.pk]),
        success_message=_("Beställningen är skickad för godkännande."),
        render=show,
    )


def _render_detail(request, order, *, answer_form=None, fulfil_form=None, failed=None, status=200):
    user = request.user
    pending = selectors.pending_steps(order)
    policy = get_policy()
    context = {
        "order": order,
        "progress": Order.PROGRESS,
        "pending": pending,
        "pending_names": [policy.role_name(s["role"]) for s in pending],
        "can_answer": may_answer(user, order, pending),
        "can_fulfil": order.status == Order.Status.APPROVED
        and user.has_perm("servicedesk.fulfil_orders"),
        "can_cancel": order.is_open and may(user, "servicedesk.cancel_order", order),
        "answer_form": answer_form or AnswerForm(),
        "fulfil_form": fulfil_form or FulfilForm(order=order),
        "failed_form": failed,
    }
    return render(request, "servicedesk/order_detail.html", context, status=status)


@login_required
def order_detail(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    return _render_detail(request, order)


def _answer(service):
    return lambda request, order, data: service(
        actor=request.user, order=order, comment=data.get("comment", "")
    )


def _fulfil(request, order, data):
    return services.order_fulfil(
        actor=request.user,
        order=order,
        delivery_date=data["delivery_date"],
        assets=data["assets"],
    )


# The buttons of the order page: the URL's action → the service it runs.
ACTIONS = {
    "godkann": _answer(services.order_approve),
    "avsla": _answer(services.order_reject),
    "makulera": _answer(services.order_cancel),
    "leverera": _fulfil,
}


@login_required
@require_POST
def order_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    order = selectors.order_get(user=request.user, pk=pk)
    if action == "leverera":
        form = FulfilForm(request.POST, order=order)
        forms = {"fulfil_form": form}
    else:
        form = AnswerForm(request.POST)
        forms = {"answer_form": form}

    def again(form, status):  # as stored: the refused service changed nothing
        fresh = selectors.order_get(user=request.user, pk=pk)
        return _render_detail(request, fresh, failed=form, status=status, **forms)

    return form_action(
        request,
        form,
        lambda data: ACTIONS[action](request, order, data),
        success_url=reverse("servicedesk:order_detail", args=[pk]),
        success_message=_("Beställningen är uppdaterad."),
        render=again,
    )
