"""The in-app inbox: what the cases asked of me."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from styrsam.core.paging import paginate

from . import selectors, services
from .models import Notification


@login_required
def inbox(request):
    items = selectors.inbox(user=request.user)
    return render(request, "cases/inbox.html", paginate(request, items))


@login_required
@require_POST
def notification_read(request, pk: int):
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(actor=request.user, notification=item)
    if item.url and url_has_allowed_host_and_scheme(item.url, allowed_hosts={request.get_host()}):
        return redirect(item.url)
    return redirect("cases:inbox")
