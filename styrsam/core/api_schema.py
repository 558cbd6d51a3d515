"""The OpenAPI schema, made for the clients that other programs generate from it (issue #20).

drf-spectacular describes each operation from its view; this subclass adds, for every present
and future endpoint, what a generated client needs and a view would otherwise have to repeat:

* the error responses, all in the one error shape (:class:`styrsam.core.api.ErrorSerializer`,
  DEVELOPERS.md): 400 where the request has a body or query parameters or the code behind it
  can raise :class:`~styrsam.core.errors.ValidationFailed`; 401 and 403 where it needs a
  login; 404 where the path names an object (and on a paginated list: a page past the end);
  409 where the code behind it can raise :class:`~styrsam.core.errors.Conflict`. "The code
  behind it" is found by following the calls of the view's handler (:func:`raises`). A
  response that a view documents itself is kept as it is;
* ``security: []`` on an operation that needs no login (the token endpoint), instead of
  drf-spectacular's ``[{}]`` ("optional"), so that generators offer it without a token;
* a real description on user references (``"anna"``) instead of Django's help text of
  ``User.username`` ("Obligatoriskt. 150 tecken eller färre …").

JSON is the one request content type (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``); a view that
receives a file adds multipart itself, and the schema follows the view's parsers.
"""

from __future__ import annotations

import inspect
import types
from functools import cache

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.pagination import BasePagination

from .api import ErrorSerializer
from .errors import Conflict, ValidationFailed

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _error_descriptions() -> dict[str, str]:
    return {
        "400": _(
            'Ogiltiga uppgifter: {"code": "invalid", "detail", "errors": {fält: [...]}} eller ett '
            "fel med code, detail och field (fältets namn i anropet)."
        ),
        "401": _("Inte inloggad: token saknas eller är ogiltig (Authorization: Token …)."),
        "403": _("Du har inte behörighet till åtgärden; rule anger regeln när en regel nekar."),
        "404": _("Finns inte, eller finns inte för dig (code not_found)."),
        "409": _(
            "Konflikt med riktlinjens arbetsgång eller objektets läge, t.ex. ett steg som "
            "saknas; code är stabil och rule anger regeln (G01–G31)."
        ),
    }


def user_reference_description() -> str:
    return _("Personens användarnamn i Styrsam, t.ex. anna.")


def _username_help_text() -> str:
    user_model = get_user_model()
    return str(user_model._meta.get_field(user_model.USERNAME_FIELD).help_text)


def _replace_username_help(schema: dict, username_help: str) -> None:
    if schema.get("description") == username_help:
        schema["description"] = user_reference_description()
    items = schema.get("items")
    if isinstance(items, dict) and items.get("description") == username_help:
        items.pop("description")


# --- 409 and 400: does the code behind a handler raise Conflict or ValidationFailed? -----


def _own_code(function) -> bool:
    return (getattr(function, "__module__", None) or "").startswith("styrsam.")


def _names(code: types.CodeType) -> set[str]:
    """Global and attribute names a function's code (and its nested code) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _callees(function, owner: type | None) -> list[tuple]:
    """What ``function`` may call, as (callable, owner) pairs: functions and classes of
    Styrsam it names through its globals (``services.case_decide``, ``rent_run``), and methods
    of the view class ``owner`` it names (``self._act``; ``self.update`` from DRF's
    ``partial_update``)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return []
    names = _names(code)
    found: list[tuple] = []
    if owner is not None:
        found += [
            (getattr(owner, n), owner) for n in sorted(names) if callable(getattr(owner, n, None))
        ]
    if not _own_code(function):
        return found
    module_globals = function.__globals__
    for name in sorted(names):
        value = module_globals.get(name)
        if isinstance(value, types.ModuleType):
            if value.__name__.startswith("styrsam."):
                found += [(getattr(value, n), None) for n in sorted(names) if hasattr(value, n)]
        elif value is not None:
            found.append((value, None))
    return found


@cache
def _raises(handler, owner: type | None, error: type[Exception]) -> bool:
    pending, seen = [(handler, owner)], set()
    while pending:
        current, current_owner = pending.pop()
        if isinstance(current, type):
            if issubclass(current, error):
                return True
            continue
        function = inspect.unwrap(getattr(current, "__func__", current))
        if not inspect.isfunction(function) or (function, current_owner) in seen:
            continue
        seen.add((function, current_owner))
        # methods of the view class are followed wherever they are defined (DRF's mixins
        # call the view's own create/update); anything else only inside Styrsam
        if current_owner is not None or _own_code(function):
            pending += _callees(function, current_owner)
    return False


def raises(handler, owner: type | None = None, error: type[Exception] = Conflict) -> bool:
    """True when ``handler`` — or a Styrsam function it calls, directly or through other
    Styrsam functions and methods of the view class ``owner`` — names ``error`` (or a
    subclass), e.g. :class:`Conflict` (409) or :class:`ValidationFailed` (400).

    A static reading of the code's names: it may say yes for a branch that never runs, but not
    no for a service that raises. That is the safe side for a client: a documented error that
    does not come costs nothing, an undocumented one breaks the generated parser."""
    return _raises(handler, owner, error)


class StyrsamAutoSchema(AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        # drf-spectacular writes [{}] ("authentication optional") for AllowAny; a view that
        # takes no credentials at all (the token endpoint) needs none: say so plainly.
        if all(a == {} for a in auths) and not self.view.get_authenticators():
            return []
        return auths

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if not operation.get("security"):
            operation["security"] = []
        responses = operation["responses"]
        descriptions = _error_descriptions()
        for code in self._error_codes(operation):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=descriptions[code]),
                    code,
                    media_types=["application/json"],
                )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation: dict) -> list[str]:
        codes = []
        parameters = operation.get("parameters", [])
        if (
            "requestBody" in operation
            or any(p["in"] == "query" for p in parameters)
            or self._handler_raises(ValidationFailed)
        ):
            codes.append("400")
        if operation["security"]:
            codes += ["401", "403"]
        if any(p["in"] == "path" for p in parameters) or self._paginated_list():
            codes.append("404")
        if self._handler_raises(Conflict):
            codes.append("409")
        return codes

    def _paginated_list(self) -> bool:
        paginator = self._get_paginator()
        return isinstance(paginator, BasePagination) and self._is_list_view()

    def _handler_raises(self, error: type[Exception]) -> bool:
        view_class = type(self.view)
        name = getattr(self.view, "action", None) or self.method.lower()
        handler = getattr(view_class, name, None)
        return handler is not None and raises(handler, view_class, error)

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(schema, dict):
            _replace_username_help(schema, _username_help_text())
        return schema
