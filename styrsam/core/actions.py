"""One way for a page to run a service (convention 15).

A view validates its form, calls :func:`form_action` with the service to run, and gets back
either a redirect (success, with a message) or the page re-rendered with the *bound* form: a
refusal of the service (``ServiceError``) is shown once — on its field when the form has that
field, else at the top with its rule — and the response carries the error's status (400, 403,
409), so what the user typed is never lost. Views hold no ``try/except ServiceError`` of their
own.

    def consultation_close(request, pk):
        consultation = selectors.consultation_get(user=request.user, pk=pk)
        return form_action(
            request,
            ConsultationCloseForm(request.POST),
            lambda data: services.consultation_close(
                actor=request.user, consultation=consultation, summary=data["summary"]
            ),
            success_url=consultation.case.get_absolute_url(),
            success_message=_("Remissen är avslutad."),
            render=lambda form, status: _render(request, consultation, close_form=form, status=status),
        )

For a plain button (no fields), :func:`button_action` runs the service and redirects back with
the outcome as a message; a refusal's redirect carries the refusal's status in the header
``Styrsam-Refusal`` (403, 409 …), so a client or a test tells it from a success.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect

from .errors import ServiceError

REFUSAL_HEADER = "Styrsam-Refusal"
SuccessMessage = str | Callable[[Any], str] | None
SuccessUrl = str | Callable[[Any], str]


def add_service_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """Put the refusal on the form: on its field if the form has one of that name, else as a
    form-wide error carrying the rule once."""
    if exc.field and exc.field in form.fields:
        form.add_error(exc.field, ValidationError(exc.detail, code=exc.code))
    else:
        form.add_error(None, ValidationError(exc.display, code=exc.code))


def _resolve(value, result):
    return value(result) if callable(value) else value


def run_service(form: forms.BaseForm, service: Callable[[dict], Any]) -> tuple[Any, int]:
    """Validate ``form`` and run ``service(cleaned_data)``. Returns ``(result, 200)`` on
    success, ``(None, status)`` when the form or the service refused (the errors are on the
    form: 400 for invalid input, the service error's own status otherwise)."""
    if not form.is_valid():
        return None, 400
    try:
        return service(form.cleaned_data), 200
    except ServiceError as exc:
        add_service_error(form, exc)
        return None, exc.status


def form_action(
    request,
    form: forms.BaseForm,
    service: Callable[[dict], Any],
    *,
    success_url: SuccessUrl,
    render: Callable[[forms.BaseForm, int], HttpResponse],
    success_message: SuccessMessage = None,
) -> HttpResponse:
    """Run ``service`` with the form's data; redirect on success, else ``render(form, status)``
    with the bound form and its errors."""
    result, status = run_service(form, service)
    if status != 200:
        return render(form, status)
    message = _resolve(success_message, result)
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(_resolve(success_url, result))


def edit_form_page(
    request,
    form: forms.BaseForm,
    service: Callable[[dict], Any],
    *,
    title: str,
    cancel_url: str,
    success_url: SuccessUrl,
    success_message: SuccessMessage = None,
    intro: str = "",
) -> HttpResponse:
    """A create or edit page on ``components/edit_form.html``: GET shows ``form``, POST runs
    ``service`` through ``form_action`` (the form stays bound on a refusal)."""
    from django.shortcuts import render as render_template

    def show(bound: forms.BaseForm, status: int = 200) -> HttpResponse:
        context = {"form": bound, "title": title, "cancel_url": cancel_url, "intro": intro}
        return render_template(request, "components/edit_form.html", context, status=status)

    if request.method != "POST":
        return show(form)
    return form_action(
        request,
        form,
        service,
        success_url=success_url,
        success_message=success_message,
        render=show,
    )


def button_action(
    request,
    service: Callable[[], Any],
    *,
    success_url: SuccessUrl,
    success_message: SuccessMessage = None,
    failure_url: str | None = None,
) -> HttpResponse:
    """Run a service that needs no input (a button); the outcome is a message on the page the
    user returns to (``failure_url``, default ``success_url``)."""
    try:
        result = service()
    except ServiceError as exc:
        messages.error(request, exc.display)
        target = failure_url or (success_url if isinstance(success_url, str) else None)
        if target is None:
            raise
        response = HttpResponseRedirect(target)
        response[REFUSAL_HEADER] = str(exc.status)
        return response
    message = _resolve(success_message, result)
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(_resolve(success_url, result))
