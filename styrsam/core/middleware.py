"""Refuse requests whose path or query string carries a NUL character.

PostgreSQL cannot store or compare text with NUL, so a search such as ``?q=%00`` would end in a
database error (500) on every list page. Refusing it once here, as 400, covers every view and
the API alike; form and serializer fields already refuse NUL in request bodies."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from . import request_id

NUL = "\x00"
request_log = logging.getLogger("styrsam.requests")


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


class SwedishByDefaultLocaleMiddleware:
    """Swedish unless the user chose English with the language switch (its cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal
    employee whose computer happens to be set up in English would get an English Styrsam — and
    the API's error texts would change with the client's headers. The guideline's language is
    Swedish; English is a choice, not a guess."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequestIdMiddleware:
    """Gives each request an id (the incoming ``X-Request-ID`` if valid, else a new one),
    returns it in the response header, and logs one line per request to ``styrsam.requests``
    (INFO) with method, path, status and duration. First in MIDDLEWARE, so that every later
    log line and every audit entry of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        value = request_id.accept_or_make(request.headers.get(request_id.HEADER))
        request.request_id = value
        token = request_id.set_request_id(value)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[request_id.HEADER] = value
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset_request_id(token)


class PermissionsPolicyMiddleware:
    """Sets ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): camera, microphone, location
    and the like are refused to every page, including anything a page might embed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
