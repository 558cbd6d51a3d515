"""Refuse requests whose path or query string carries a NUL character.

PostgreSQL cannot store or compare text with NUL, so a search such as ``?q=%00`` would end in a
database error (500) on every list page. Refusing it once here, as 400, covers every view and
the API alike; form and serializer fields already refuse NUL in request bodies."""

from __future__ import annotations

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _carries_nul(request) -> bool:
    if NUL in request.path:
        return True
    return any(NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists())


class RefuseNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            detail = _("Ogiltiga tecken (NUL) i adressen eller sökningen.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid", "detail": detail}, status=400)
            response = TemplateResponse(request, "400.html", status=400)
            return response.render()
        return self.get_response(request)
