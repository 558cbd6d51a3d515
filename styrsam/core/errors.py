"""Errors that speak to the user: a stable code, a Swedish text and the guideline rule."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A refused action. Views show ``detail``; the API returns it as JSON.

    ``status`` follows ARCHITECTURE.md: 400 invalid input, 409 workflow conflict.
    """

    status = 400
    default_code = "invalid"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        rule: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.rule = rule
        self.field = field
        self.extra = extra or {}

    @property
    def display(self) -> str:
        """The text for a page: the detail, and the rule once (some details already name it)."""
        if not self.rule or self.rule in self.detail:
            return self.detail
        return f"{self.detail} ({_('regel')} {self.rule})"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "detail": self.detail}
        if self.rule:
            data["rule"] = self.rule
        if self.field:
            data["field"] = self.field
        data.update(self.extra)
        return data


class ValidationFailed(ServiceError):
    status = 400
    default_code = "invalid"


class Conflict(ServiceError):
    """The action conflicts with the guideline's workflow or the current state."""

    status = 409
    default_code = "conflict"


class NotAllowed(ServiceError):
    status = 403
    default_code = "permission_denied"
