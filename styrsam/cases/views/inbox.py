"""The in-app inbox: what the cases asked of me. The list is declared in ``lists.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from styrsam.core.actions import button_action

from .. import services
from ..models import Notification


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark the item read and go where it points (a page of this site only)."""
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    inbox = reverse("cases:inbox")

    def target(item: Notification) -> str:
        allowed = url_has_allowed_host_and_scheme(item.url, allowed_hosts={request.get_host()})
        return item.url if item.url and allowed else inbox

    return button_action(
        request,
        lambda: services.notification_mark_read(actor=request.user, notification=item),
        success_url=target,
        failure_url=inbox,
    )
