"""The history tabs read like the page: field labels from the model, values as the page shows
them (names, Swedish dates, money, Ja/Nej, choice names), action names in Swedish.

The log stores what happened as data (``before``/``after`` of the audited fields, codes,
``{"id", "text"}`` for a related object); this module turns one page's entries into rows for
``components/history.html``. An app names the values only it understands (a case type from the
policy) with ``StyrsamAppConfig.audit_values = {"cases.case.case_type": callable}``; a field
that is not on the model can be named with ``audit_field_labels = {"cases.case.note": _(..)}``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .audit_labels import action_label
from .formats import money
from .registry import registry

EMPTY = "–"


def HIDDEN(value):  # noqa: N802 - a marker used as ``audit_values = {"app.model.key": HIDDEN}``
    """Marks a logged key the history does not show (e.g. a step's code; its name is logged)."""
    return ""


def _model_of(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field_on(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field(object_type: str, name: str):
    """The model field a logged key names: on the object's model, else on a model whose
    fields its entries also carry (``StyrsamAppConfig.audit_also``: a case logs its decision)."""
    for candidate in (object_type, *registry.audit_also.get(object_type, ())):
        field = _field_on(_model_of(candidate), name)
        if field is not None:
            return field
    return None


def field_label(object_type: str, name: str) -> str:
    """The Swedish label of ``name`` on the model of ``object_type``."""
    extra = registry.audit_field_labels.get(f"{object_type}.{name}")
    if extra is not None:
        return str(extra)
    field = _field(object_type, name)
    if field is not None and getattr(field, "verbose_name", None):
        return capfirst(str(field.verbose_name))
    return capfirst(name.replace("_", " "))


def _person_name(user) -> str:
    return user.get_full_name() or user.get_username()


class _Formatter:
    """Formats the values of a batch of entries; people named in them are read in one query."""

    def __init__(self, entries: list):
        self.user_model = get_user_model()
        ids: set[int] = set()
        for entry in entries:
            for values in (entry.before or {}, entry.after or {}):
                for name, value in values.items():
                    field = _field(entry.object_type, name)
                    if (
                        field is not None
                        and getattr(field, "related_model", None) is self.user_model
                        and isinstance(value, dict)
                        and isinstance(value.get("id"), int)
                    ):
                        ids.add(value["id"])
        self.people = (
            {u.pk: _person_name(u) for u in self.user_model.objects.filter(pk__in=ids)}
            if ids
            else {}
        )

    def value(self, object_type: str, name: str, value: Any) -> str | None:
        """The value as the page shows it; ``None`` for a key the history leaves out (a code
        whose name is logged beside it)."""
        custom = registry.audit_values.get(f"{object_type}.{name}")
        if custom is not None:
            if custom is HIDDEN:
                return None
            if value not in (None, "", []):
                try:
                    values = value if isinstance(value, list) else [value]
                    return ", ".join(str(custom(v)) for v in values)
                except (KeyError, LookupError, TypeError, ValueError):
                    return str(value)
        return self._plain(_field(object_type, name), value)

    def _plain(self, field, value: Any) -> str:
        if value is None or value == "" or value == []:
            return EMPTY
        if isinstance(value, bool):
            return _("Ja") if value else _("Nej")
        if isinstance(value, list):
            return ", ".join(self._plain(field, v) for v in value)
        if isinstance(value, dict):
            is_person = getattr(field, "related_model", None) is self.user_model
            if is_person and value.get("id") in self.people:
                return self.people[value["id"]]
            if "text" in value:
                return str(value["text"])
            return ", ".join(f"{capfirst(str(k).replace('_', ' '))}: {v}" for k, v in value.items())
        if field is not None and getattr(field, "flatchoices", None):
            choices = {str(k): v for k, v in field.flatchoices}
            if str(value) in choices:
                return str(choices[str(value)])
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                if timezone.is_aware(parsed):
                    parsed = timezone.localtime(parsed)
                return formats.date_format(parsed, "Y-m-d H:i")
        if isinstance(field, models.DateField) and isinstance(value, str):
            parsed = parse_date(value[:10])
            if parsed is not None:
                return formats.date_format(parsed, "Y-m-d")
        if isinstance(field, models.DecimalField):
            try:
                return money(value)
            except (decimal.InvalidOperation, ValueError):
                return str(value)
        if isinstance(value, datetime.date):
            return formats.date_format(value, "Y-m-d")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return str(value)


def readable_history(entries: Iterable) -> list[dict]:
    """One dict per entry: ``entry``, ``actor`` (name), ``action`` (Swedish), ``changes``: a list
    of ``{"label", "before", "after", "has_before", "has_after"}`` in the order of the log."""
    entries = list(entries)
    fmt = _Formatter(entries)
    rows = []
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        names = list(before) + [n for n in after if n not in before]
        changes = []
        hidden = set(getattr(entry, "hidden_fields", ()))  # core.audit.readable_history
        for name in names:
            if name in hidden:
                changes.append(
                    {
                        "label": field_label(entry.object_type, name),
                        "before": None,
                        "after": None,
                        "has_before": name in before,
                        "has_after": name in after,
                        "hidden": True,
                    }
                )
                continue
            shown_before = fmt.value(entry.object_type, name, before.get(name))
            shown_after = fmt.value(entry.object_type, name, after.get(name))
            if shown_before is None and shown_after is None:
                continue
            changes.append(
                {
                    "label": field_label(entry.object_type, name),
                    "before": shown_before,
                    "after": shown_after,
                    "has_before": name in before,
                    "has_after": name in after,
                }
            )
        rows.append(
            {
                "entry": entry,
                "actor": _person_name(entry.actor) if entry.actor else _("systemet"),
                "action": action_label(entry.action),
                "changes": changes,
            }
        )
    return rows
