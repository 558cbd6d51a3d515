"""Pages of the service desk (G07): catalogue, ordering, my orders, approval and fulfilment
queues. Thin: reads from selectors, writes through services, refusals from ServiceError."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrsam.core.access import require_perm
from styrsam.core.audit import history_for
from styrsam.core.errors import ServiceError
from styrsam.core.exports import MAX_ROWS, dated_filename, table_response
from styrsam.core.htmx import render_page
from styrsam.core.paging import paginate

from . import selectors, services
from .forms import AnswerForm, CatalogueItemForm, FulfilForm, OrderForm
from .models import CatalogueItem, Order
from .rules import approval_step_holder


@login_required
def catalogue(request):
    require_perm(request.user, "servicedesk.view_catalogue")
    kind = request.GET.get("slag") or None
    if kind not in CatalogueItem.Kind.values:
        kind = None
    can_manage = request.user.has_perm("servicedesk.manage_catalogue")
    items = selectors.catalogue_list(user=request.user, kind=kind, include_inactive=can_manage)
    context = {
        "kinds": CatalogueItem.Kind.choices,
        "kind": kind,
        "can_manage": can_manage,
        **paginate(request, items),
    }
    return render(request, "servicedesk/catalogue.html", context)


@login_required
def item_edit(request, pk: int | None = None):
    require_perm(request.user, "servicedesk.manage_catalogue")
    item = selectors.catalogue_get(user=request.user, pk=pk, include_inactive=True) if pk else None
    form = CatalogueItemForm(request.POST or None, instance=item)
    error = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.catalogue_item_save(actor=request.user, item=item, **fields)
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Artikeln %(n)s är sparad.") % {"n": saved.name})
            return redirect("servicedesk:catalogue")
    status = 400 if error or form.errors else 200
    return render(
        request,
        "servicedesk/item_form.html",
        {
            "form": form,
            "item": item,
            "error": error,
            "history": history_for(item)[:100] if item else None,
        },
        status=status,
    )


@login_required
def order_create(request, item_id: int):
    require_perm(request.user, "servicedesk.place_order")
    item = selectors.catalogue_get(user=request.user, pk=item_id)
    departments = selectors.orderable_departments(user=request.user)
    form = OrderForm(request.POST or None, departments=departments)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.order_create(
                actor=request.user,
                department=data["department"],
                item=item,
                quantity=data["quantity"],
                for_person=data["for_person"] or request.user,
                note=data["note"],
            )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Beställningen är skickad för godkännande."))
            return redirect("servicedesk:order_detail", pk=order.pk)
    status = 400 if error or form.errors else 200
    context = {"form": form, "item": item, "error": error}
    return render(request, "servicedesk/order_form.html", context, status=status)


@login_required
def my_orders(request):
    orders = selectors.my_orders(user=request.user)
    return render(
        request,
        "servicedesk/order_list.html",
        {
            "heading": _("Mina beställningar"),
            "progress": Order.PROGRESS,
            **paginate(request, orders),
        },
    )


def _status(request) -> str | None:
    status = request.GET.get("status") or None
    return status if status in Order.Status.values else None


@login_required
def order_list(request):
    status = _status(request)
    orders = selectors.order_list(user=request.user, status=status)
    context = {
        "heading": _("Beställningar"),
        "statuses": Order.Status.choices,
        "status": status,
        "progress": Order.PROGRESS,
        **paginate(request, orders),
    }
    return render_page(
        request, "servicedesk/order_list.html", context, partial="servicedesk/_order_results.html"
    )


@login_required
def order_export(request, fmt: str):
    """The orders of the list page (same visibility and status filter) as Excel or CSV."""
    orders = selectors.order_list(user=request.user, status=_status(request))[:MAX_ROWS]
    headers = [
        _("Nr"),
        _("Artikel"),
        _("Antal"),
        _("Förvaltning"),
        _("Till"),
        _("Beställd av"),
        _("Beställd"),
        _("Status"),
        _("Leveransdatum"),
    ]
    rows = (
        [
            o.pk,
            o.item.name,
            o.quantity,
            o.department.name,
            (o.for_person.get_full_name() or o.for_person.get_username()) if o.for_person else "",
            o.ordered_by.get_full_name() or o.ordered_by.get_username(),
            timezone.localdate(o.created_at),
            o.get_status_display(),
            o.delivery_date,
        ]
        for o in orders
    )
    return table_response(
        fmt, dated_filename("bestallningar"), headers, rows, title=_("Beställningar")
    )


@login_required
def approvals(request):
    orders = selectors.approval_queue(user=request.user)
    return render(
        request,
        "servicedesk/queue.html",
        {"heading": _("Att godkänna"), "queue": "approvals", **paginate(request, orders)},
    )


@login_required
def fulfilment(request):
    require_perm(request.user, "servicedesk.fulfil_orders")
    orders = selectors.fulfilment_queue(user=request.user)
    return render(
        request,
        "servicedesk/queue.html",
        {"heading": _("Att leverera"), "queue": "fulfilment", **paginate(request, orders)},
    )


def _detail_context(request, order, **extra) -> dict:
    user = request.user
    pending = services.pending_steps(order)
    return {
        "order": order,
        "progress": Order.PROGRESS,
        "pending": pending,
        "can_answer": order.status == Order.Status.AWAITING_APPROVAL
        and any(approval_step_holder(user, order, s) for s in pending),
        "can_fulfil": order.status == Order.Status.APPROVED
        and user.has_perm("servicedesk.fulfil_orders"),
        "can_cancel": order.is_open
        and (
            user.pk in (order.ordered_by_id, order.for_person_id)
            or user.has_perm("servicedesk.fulfil_orders")
        ),
        "answer_form": extra.pop("answer_form", AnswerForm()),
        "fulfil_form": extra.pop("fulfil_form", FulfilForm(order=order)),
        **extra,
    }


@login_required
def order_detail(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    return render(request, "servicedesk/order_detail.html", _detail_context(request, order))


ACTIONS = {"godkann", "avsla", "makulera", "leverera"}


@login_required
@require_POST
def order_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    order = selectors.order_get(user=request.user, pk=pk)
    answer_form = AnswerForm(request.POST)
    fulfil_form = FulfilForm(request.POST if action == "leverera" else None, order=order)
    form = fulfil_form if action == "leverera" else answer_form
    error = None
    if form.is_valid():
        comment = form.cleaned_data.get("comment", "")
        try:
            if action == "godkann":
                services.order_approve(actor=request.user, order=order, comment=comment)
            elif action == "avsla":
                services.order_reject(actor=request.user, order=order, comment=comment)
            elif action == "makulera":
                services.order_cancel(actor=request.user, order=order, comment=comment)
            else:
                services.order_fulfil(
                    actor=request.user,
                    order=order,
                    delivery_date=form.cleaned_data["delivery_date"],
                    assets=form.assets(),
                )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, _("Beställningen är uppdaterad."))
            return redirect("servicedesk:order_detail", pk=pk)
    order = selectors.order_get(user=request.user, pk=pk)
    context = _detail_context(
        request, order, error=error, answer_form=answer_form, fulfil_form=fulfil_form
    )
    status = error.status if error else 400
    return render(request, "servicedesk/order_detail.html", context, status=status)
