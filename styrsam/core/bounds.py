"""One validation layer for bounds (issue #12): what a column can hold, checked before any
styrsam model is saved, so that the pages, the API and the import refuse alike — with a Swedish
error naming the field — instead of storing a value that later breaks every page (SQLite keeps a
cost of 1e15 in a 12-digit column) or answering 500 (PostgreSQL refuses it).

Checked for every concrete field of a model instance:

- text: within ``max_length``; no NUL or other control characters (a ``TextField`` may hold
  line breaks and tabs);
- decimals: finite, within ``max_digits``/``decimal_places``, not negative unless the model
  lists the field in ``bounds_allow_negative`` (ledger corrections);
- integers: within the column's range on every database (PostgreSQL's, the strictest);
- dates and date-times, and integer fields called ``year``: within the date window of the policy
  (``limits.date_window``, default 2000–2100); fields a model lists in ``bounds_past_only``
  (a decision's date) not after today.

``pre_save`` runs :func:`check_instance` for every model of a ``styrsam.*`` app
(:func:`connect`); bulk writes call :func:`check_instances` themselves. A model may opt out with
``bounds_exempt = True`` (the audit log, which records what happened as it was).

``styrsam.core`` imports no other styrsam app: the date window reaches it through
:func:`set_date_window_provider`, which the guideline app calls in its ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ValidationFailed

DEFAULT_DATE_WINDOW = (2000, 2100)
_date_window_provider: Callable[[], tuple[int, int]] | None = None
_ALLOWED_IN_MULTILINE = {"\n", "\r", "\t"}


def set_date_window_provider(provider: Callable[[], tuple[int, int]] | None) -> None:
    """Registers where the date window comes from (the policy); ``None`` restores the default."""
    global _date_window_provider
    _date_window_provider = provider


def date_window() -> tuple[int, int]:
    """(first year, last year) that dates, months and years may fall in."""
    if _date_window_provider is None:
        return DEFAULT_DATE_WINDOW
    return _date_window_provider()


def year_in_window(year: int, window: tuple[int, int] | None = None) -> bool:
    first, last = window or date_window()
    return first <= year <= last


def _label(field: models.Field) -> str:
    return str(field.verbose_name or field.name)


def _refuse(field: models.Field, message: str) -> ValidationFailed:
    return ValidationFailed(
        _("%(field)s: %(problem)s") % {"field": _label(field).capitalize(), "problem": message},
        code="out_of_bounds",
        field=field.name,
    )


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    for ch in text:
        if multiline and ch in _ALLOWED_IN_MULTILINE:
            continue
        if unicodedata.category(ch) == "Cc":
            return True
    return False


def _check_text(field, value: str) -> None:
    multiline = isinstance(field, models.TextField)
    if "\x00" in value or has_control_characters(value, multiline=multiline):
        raise _refuse(field, _("får inte innehålla styrtecken (t.ex. NUL eller tabb)."))
    limit = getattr(field, "max_length", None)
    if limit and len(value) > limit:
        raise _refuse(
            field,
            _("högst %(limit)s tecken (du angav %(n)s).") % {"limit": limit, "n": len(value)},
        )


def _check_decimal(field, value, model) -> None:
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if not number.is_finite():
        raise _refuse(field, _("måste vara ett tal."))
    whole_digits = field.max_digits - field.decimal_places
    if abs(number) >= Decimal(10) ** whole_digits:
        raise _refuse(
            field,
            _("för stort belopp: högst %(n)s siffror före decimaltecknet.") % {"n": whole_digits},
        )
    if number < 0 and field.name not in getattr(model, "bounds_allow_negative", ()):
        raise _refuse(field, _("får inte vara negativt."))


def _check_integer(field, value: int, window) -> None:
    is_year = field.name == "year" or field.name.endswith("_year")
    if is_year and not year_in_window(value, window):
        first, last = window
        raise _refuse(
            field, _("året måste ligga mellan %(a)s och %(b)s.") % {"a": first, "b": last}
        )
    low, high = BaseDatabaseOperations.integer_field_ranges.get(
        field.get_internal_type(), (None, None)
    )
    if (low is not None and value < low) or (high is not None and value > high):
        raise _refuse(field, _("måste ligga mellan %(a)s och %(b)s.") % {"a": low, "b": high})


def _check_date(field, value, model, window) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not year_in_window(day.year, window):
        first, last = window
        raise _refuse(
            field,
            _("datumet måste ligga mellan %(a)s-01-01 och %(b)s-12-31.") % {"a": first, "b": last},
        )
    if field.name in getattr(model, "bounds_past_only", ()):
        today = timezone.localdate()
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            day = timezone.localdate(value)
        if day > today:
            raise _refuse(field, _("får inte ligga i framtiden."))


def check_instance(instance: models.Model, window: tuple[int, int] | None = None) -> None:
    """Raises :class:`ValidationFailed` (naming the field) for the first value out of bounds."""
    model = type(instance)
    window = window or date_window()
    for field in model._meta.concrete_fields:
        if field.is_relation or field.primary_key:
            continue
        value = getattr(instance, field.attname, None)
        if value is None or hasattr(value, "resolve_expression"):
            continue  # NULL, or F()/expressions computed by the database
        if isinstance(value, str):
            if isinstance(field, models.CharField | models.TextField):
                _check_text(field, value)
        elif isinstance(field, models.DecimalField):
            _check_decimal(field, value, model)
        elif isinstance(field, models.IntegerField) and isinstance(value, int):
            _check_integer(field, value, window)
        elif isinstance(field, models.DateField) and isinstance(value, datetime.date):
            _check_date(field, value, model, window)


def check_instances(instances: Iterable[models.Model]) -> None:
    """For bulk writes (``bulk_create`` sends no ``pre_save``)."""
    window = date_window()
    for instance in instances:
        check_instance(instance, window)


def _on_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or getattr(sender, "bounds_exempt", False):
        return  # fixtures are loaded as they are
    if not sender.__module__.startswith("styrsam."):
        return
    check_instance(instance)


def connect() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="styrsam.core.bounds")
