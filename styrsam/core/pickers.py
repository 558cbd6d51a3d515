"""Pickers: choosing a person, a unit or a system by searching, never from an unbounded list.

A picker is a text field that follows the W3C ARIA Authoring Practices combobox pattern
(list autocomplete, manual selection): typing asks the server (htmx, ``core:picker_search``)
for at most ``MAX_MATCHES`` matches, shown in a listbox that the arrow keys, Enter and Escape
work (``styrsam/picker.js``). Without JavaScript it is a plain text field: the user types the
exact key — a username, a unit's code, a system's name — and the form finds it.

Core imports no app, so the apps say what can be picked: a :class:`PickerSource` registered
with :func:`register_picker` in the app's ``AppConfig.ready()``::

    register_picker(PickerSource(
        kind="personer", permission="organisation.view_organisation",
        queryset=lambda user: User.objects.filter(is_active=True).order_by("last_name"),
        key_field="username", search_fields=("first_name", "last_name", "username"),
        label=person_label,
    ))

and a form uses it::

    owner = PickerField("personer", label=_("Systemägare"), required=False)
    representatives = MultiPickerField("personer", label=_("Systemrepresentanter"))

A field's value is the object (``PickerField``) or a list of objects (``MultiPickerField``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_MATCHES = 20
MAX_QUERY_LENGTH = 100
MAX_MULTI_VALUES = 200

# "Anna Berg (anna)": what the combobox writes in the field after a choice; the key in brackets.
_KEY_IN_BRACKETS = re.compile(r"\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class PickerSource:
    """What a picker of ``kind`` searches: the objects the user may pick among
    (``queryset(user)``, ordered), the field holding each one's unique key (typed without
    JavaScript), the fields searched, the text shown for one, and the permission needed to
    search at all (``None``: every logged-in user)."""

    kind: str
    queryset: Callable[[Any], QuerySet]
    key_field: str
    search_fields: tuple[str, ...]
    label: Callable[[Any], str]
    permission: str | None = None
    # what is shown under the label in the list (e.g. a person's unit); optional
    detail: Callable[[Any], str] | None = None
    # the text written in the field after a choice; the key in brackets unless it is the label
    key_in_label: bool = False
    # what the key is called in the hint for use without JavaScript ("användarnamn")
    key_name: Any = _("kod")
    # how a typed key finds the object when the key is not one column (a case's registration
    # number "IT 2026/12"): a ``Q`` for the text, ``None`` when the text is no such key;
    # ``key_field`` then names the attribute that writes the key
    key_query: Callable[[str], Q | None] | None = None

    def key(self, obj) -> str:
        return str(getattr(obj, self.key_field))

    def display(self, obj) -> str:
        label = self.label(obj)
        if self.key_in_label:
            return label
        return f"{label} ({self.key(obj)})"

    def search(self, user, text: str) -> list:
        """At most ``MAX_MATCHES`` objects matching every word of ``text``."""
        words = text.split()[:5]
        qs = self.queryset(user)
        if words:
            qs = qs.filter(
                reduce(
                    and_,
                    (
                        reduce(
                            or_,
                            (
                                Q(**{f"{f}__icontains": v})
                                for f in self.search_fields
                                for v in _case_variants(w)
                            ),
                        )
                        for w in words
                    ),
                )
            )
        return list(qs[:MAX_MATCHES])

    def find(self, queryset: QuerySet, text: str):
        """The object ``text`` names: its exact key, the key in brackets at its end (what the
        combobox writes) or its id; else ``None``."""
        text = text.strip()
        if not text:
            return None
        candidates = [text]
        match = _KEY_IN_BRACKETS.search(text)
        if match:
            candidates.append(match.group(1).strip())
        for candidate in candidates:
            if self.key_query is not None:
                condition = self.key_query(candidate)
                obj = queryset.filter(condition).first() if condition is not None else None
            else:
                obj = queryset.filter(**{self.key_field: candidate}).first()
            if obj is not None:
                return obj
        if text.isdigit() and len(text) < 12:
            # a posted id (links such as ?system=12, scripts that post forms) names it too
            return queryset.filter(pk=int(text)).first()
        return None


def _case_variants(word: str) -> set[str]:
    """The word as typed, in lower case, capitalised and in upper case: SQLite's LIKE folds only
    ASCII letters, so "ärende" would not find "Ärendesystem" there (PostgreSQL's ILIKE does)."""
    return {word, word.lower(), word.capitalize(), word.upper()}


_sources: dict[str, PickerSource] = {}


def register_picker(source: PickerSource) -> None:
    _sources[source.kind] = source


def picker_source(kind: str) -> PickerSource:
    try:
        return _sources[kind]
    except KeyError as exc:
        raise LookupError(f"No picker registered for {kind!r}") from exc


def registered_kinds() -> list[str]:
    return sorted(_sources)


# --- widgets --------------------------------------------------------------------------------


class PickerWidget(forms.TextInput):
    """A combobox (ARIA APG) over a server search; a plain text field without JavaScript."""

    template_name = "core/widgets/picker.html"
    multiple = False

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    @property
    def source(self) -> PickerSource:
        return picker_source(self.kind)

    def format_value(self, value):
        if value is None or value == "":
            return ""
        if hasattr(value, "_meta"):
            return self.source.display(value)
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field_id = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"].update(
            {
                "role": "combobox",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": f"{field_id}_listbox",
                "autocomplete": "off",
                "spellcheck": "false",
                "data-picker-input": "",
                "data-picker-chosen-text": str(_("Vald:")),
                "data-hx-get": reverse("picker_search", args=[self.kind]),
                "data-hx-trigger": "input changed delay:250ms, picker:open",
                "data-hx-target": f"#{field_id}_listbox",
                "data-hx-sync": "this:replace",
                "data-hx-vals": json.dumps({"_field": name, "_id": field_id}),
            }
        )
        # The field's own help text and error stay linked; the picker adds its hint.
        described = [widget["attrs"].get("aria-describedby", ""), f"{field_id}_pickerhint"]
        widget["attrs"]["aria-describedby"] = " ".join(d for d in described if d)
        widget["picker"] = {
            "id": field_id,
            "multiple": self.multiple,
            "hint": self.hint() % {"key": self.source.key_name},
        }
        return context

    def hint(self) -> str:
        return str(
            _(
                "Skriv några bokstäver och välj bland förslagen med pil upp/ned och Enter. "
                "Utan förslag: skriv exakt %(key)s."
            )
        )


class MultiPickerWidget(PickerWidget):
    """Several objects: the chosen ones as checked boxes (uncheck to remove), a combobox to
    add one more. Without JavaScript the text field takes several keys separated by commas."""

    multiple = True

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else data.get(name, [])
        if isinstance(values, str):
            values = [values]
        return list(values)

    def value_omitted_from_data(self, data, files, name):
        return False

    def format_value(self, value):
        return ""  # the text field starts empty; the chosen are the checkboxes

    def get_context(self, name, value, attrs):
        context = super().get_context(name, None, attrs)
        source = self.source
        chosen = []
        for item in value or []:
            if hasattr(item, "_meta"):
                chosen.append({"key": source.key(item), "label": source.display(item)})
            elif str(item).strip():
                chosen.append({"key": str(item).strip(), "label": str(item).strip()})
        context["widget"]["picker"]["chosen"] = chosen
        return context

    def hint(self) -> str:
        return str(
            _(
                "Skriv några bokstäver och välj bland förslagen med pil upp/ned och Enter; "
                "de valda visas som kryssrutor. Utan förslag: skriv exakt %(key)s, flera "
                "åtskilda med kommatecken."
            )
        )


# --- fields ---------------------------------------------------------------------------------


class PickerField(forms.Field):
    """One object of ``kind``, among ``queryset`` (the source's own if omitted)."""

    widget_class = PickerWidget
    default_error_messages = {
        "not_found": _("Hittade ingen som matchar ”%(value)s”. Välj bland förslagen."),
    }

    def __init__(self, kind: str, *, queryset: QuerySet | None = None, **kwargs):
        self.kind = kind
        self.queryset = queryset
        kwargs.setdefault("widget", self.widget_class(kind))
        super().__init__(**kwargs)

    @property
    def source(self) -> PickerSource:
        return picker_source(self.kind)

    def _queryset(self) -> QuerySet:
        if self.queryset is not None:
            return self.queryset
        return self.source.queryset(None)

    def _find(self, text: str):
        text = str(text).strip()[: MAX_QUERY_LENGTH * 3]
        obj = self.source.find(self._queryset(), text)
        if obj is None:
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"value": text}
            )
        return obj

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if hasattr(value, "_meta"):
            return value
        return self._find(value)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            obj = self._queryset().filter(pk=value).first()
            return obj if obj is not None else value
        return value


class MultiPickerField(PickerField):
    """Several objects of ``kind``; the value is a list (empty if none)."""

    widget_class = MultiPickerWidget
    default_error_messages = {
        "too_many": _("Högst %(max)s kan väljas."),
    }

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        texts = []
        for item in value:
            if hasattr(item, "_meta"):
                texts.append(item)
                continue
            # without JavaScript several keys are typed with commas between them
            texts.extend(t for t in str(item).split(",") if t.strip())
        if len(texts) > MAX_MULTI_VALUES:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_MULTI_VALUES}
            )
        found, errors = [], []
        for text in texts:
            try:
                obj = text if hasattr(text, "_meta") else self._find(text)
            except forms.ValidationError as exc:
                errors.append(exc)
                continue
            if obj not in found:
                found.append(obj)
        if errors:
            raise forms.ValidationError(errors)
        return found

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        if not value:
            return []
        ints = [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
        if ints:
            by_pk = self._queryset().in_bulk(ints)
            return [by_pk.get(v, v) if isinstance(v, int) else v for v in value]
        return list(value)
