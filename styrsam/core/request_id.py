"""The id of the request being served, for log lines and the audit entries it causes.

``RequestIdMiddleware`` (core/middleware.py) sets it for each request: the incoming
``X-Request-ID`` header when it is a sensible token (a load balancer or nginx made it), else a
new one. It is returned in the response's ``X-Request-ID``, added to every log record by
``RequestIdLogFilter`` and stored by ``audit_record`` in ``AuditEntry.request_id``.
A contextvar, so that threads and async tasks each see their own."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
MAX_LENGTH = 64
_VALID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "styrsam_request_id", default=None
)


def current_request_id() -> str | None:
    return _current.get()


def accept_or_make(incoming: str | None) -> str:
    """The incoming id if it is 8–64 characters of letters, digits and ``._:-``; else a new
    one (a header is client input: no spaces, quotes or line breaks reach a log line)."""
    if incoming and _VALID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def set_request_id(value: str | None) -> contextvars.Token:
    return _current.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _current.reset(token)


class RequestIdLogFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request) to every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs a 4xx/5xx after the middleware has returned; its record
            # carries the request, which carries the id.
            request = getattr(record, "request", None)
            record.request_id = current_request_id() or getattr(request, "request_id", None) or "-"
        return True
