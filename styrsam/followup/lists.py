"""The follow-up's lists, each declared once (``styrsam.core.lists``): instruments, rounds,
comparisons (G30), panels, their members and surveys (G31). The same FilterSets filter the
API's lists."""

from __future__ import annotations

import django_filters as filters
import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styrsam.core.access import may
from styrsam.core.lists import FilterSet, IdFilter, ListDefinition, SearchFilter, Table
from styrsam.organisation.selectors import unit_choices

from . import selectors
from .models import AssessmentRound, Comparison, Instrument, Panel, PanelMember, Survey


def _instrument_codes():
    return list(Instrument.objects.order_by("code").values_list("code", "name").distinct())


def _percent(value) -> str:
    return "–" if value is None else f"{round(value)} %"


def progress_text(answered: int, expected: int) -> str:
    if not expected:
        return "–"
    return f"{answered}/{expected} ({round(100 * answered / expected)} %)"


# --- instruments -----------------------------------------------------------------------------


class InstrumentFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "code", "description"], label=_("Sök namn eller kod"))

    class Meta:
        model = Instrument
        fields: list[str] = []


class InstrumentTable(Table):
    name = tables.Column(_("Namn"), linkify=True, order_by=("name", "-version", "pk"))
    code = tables.Column(_("Kod"), order_by=("code", "-version", "pk"))
    version = tables.Column(_("Version"), order_by=("version", "pk"))
    area_count = tables.Column(_("Områden"), order_by=("area_count", "pk"))
    indicator_count = tables.Column(_("Indikatorer"), order_by=("indicator_count", "pk"))
    round_count = tables.Column(_("Självskattningar"), order_by=("round_count", "pk"))
    created_at = tables.DateColumn("Y-m-d", verbose_name=_("Laddad"), order_by=("created_at", "pk"))

    class Meta(Table.Meta):
        model = Instrument
        fields = ()
        order_by = ("name",)
        empty_text = _("Inga instrument är laddade.")


class InstrumentList(ListDefinition):
    permission = "followup.view_instruments"
    filterset_class = InstrumentFilterSet
    table_class = InstrumentTable
    template = "followup/instrument_list.html"
    title = _("Självskattningsinstrument")
    api_url_name = "assessment-instrument-list"

    def get_queryset(self):
        return selectors.instrument_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s instrument", "%(n)s instrument", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_load": may(self.request.user, "followup.load_instrument")}


# --- rounds ----------------------------------------------------------------------------------


class RoundFilterSet(FilterSet):
    year = filters.NumberFilter(label=_("År"), min_value=2000, max_value=2200)
    status = filters.ChoiceFilter(
        choices=AssessmentRound.Status.choices, label=_("Status"), empty_label=_("Alla")
    )
    instrument = filters.ChoiceFilter(
        field_name="instrument__code",
        choices=_instrument_codes,
        label=_("Instrument"),
        empty_label=_("Alla"),
        help_text=_("Instrumentets kod, t.ex. eblomlada"),
    )

    class Meta:
        model = AssessmentRound
        fields: list[str] = []


class RoundTable(Table):
    year = tables.Column(_("År"), linkify=True, order_by=("year", "pk"))
    instrument = tables.Column(
        _("Instrument"), accessor="instrument__name", order_by=("instrument__name", "year", "pk")
    )
    deadline = tables.DateColumn(
        "Y-m-d", verbose_name=_("Sista svarsdag"), order_by=("deadline", "pk")
    )
    status = tables.Column(_("Status"), order_by=("status", "year", "pk"))
    progress = tables.Column(_("Besvarat"), accessor="answered", orderable=False)
    sent = tables.Column(_("Till styrgruppen"), accessor="agenda_item", orderable=False)

    class Meta(Table.Meta):
        model = AssessmentRound
        fields = ()
        order_by = ("-year",)
        empty_text = _("Ingen självskattning är öppnad ännu.")

    def render_status(self, record):
        return record.get_status_display()

    value_status = render_status

    def render_progress(self, record):
        return progress_text(record.answered, record.expected)

    value_progress = render_progress

    def render_sent(self, record):
        item = record.agenda_item
        return str(item.meeting) if item else "–"

    value_sent = render_sent


class RoundList(ListDefinition):
    permission = "followup.view_rounds"
    filterset_class = RoundFilterSet
    table_class = RoundTable
    template = "followup/round_list.html"
    title = _("Självskattningar")
    export_name = "sjalvskattningar"
    export_url_name = "followup:round_export_list"
    api_url_name = "assessment-round-list"

    def get_queryset(self):
        return selectors.round_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s självskattning", "%(n)s självskattningar", count) % {"n": count}

    def get_context(self) -> dict:
        user = self.request.user
        return {
            "can_run": may(user, "followup.run_rounds"),
            "my_assignments": list(selectors.my_assignments(user=user)),
        }


# --- comparisons -----------------------------------------------------------------------------


class ComparisonFilterSet(FilterSet):
    q = SearchFilter(fields=["municipality", "instrument_name"], label=_("Sök kommun"))
    instrument = filters.CharFilter(field_name="instrument_code", label=_("Instrumentets kod"))
    year = filters.NumberFilter(label=_("År"), min_value=2000, max_value=2200)

    class Meta:
        model = Comparison
        fields: list[str] = []


class ComparisonTable(Table):
    municipality = tables.Column(_("Kommun"), order_by=("municipality", "-year", "pk"))
    year = tables.Column(_("År"), order_by=("year", "municipality", "pk"))
    instrument_name = tables.Column(_("Instrument"), order_by=("instrument_name", "year", "pk"))
    score = tables.Column(_("Resultat"), order_by=("score", "pk"))
    created_at = tables.DateColumn(
        "Y-m-d", verbose_name=_("Importerad"), order_by=("created_at", "pk")
    )

    class Meta(Table.Meta):
        model = Comparison
        fields = ()
        order_by = ("-year",)
        empty_text = _("Ingen annan kommuns resultat är importerat.")

    def render_score(self, value):
        return _percent(value)


class ComparisonList(ListDefinition):
    permission = "followup.view_rounds"
    filterset_class = ComparisonFilterSet
    table_class = ComparisonTable
    template = "followup/comparison_list.html"
    title = _("Jämförelser med andra kommuner")
    api_url_name = "assessment-comparison-list"

    def get_queryset(self):
        return selectors.comparison_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s jämförelse", "%(n)s jämförelser", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_run": may(self.request.user, "followup.run_rounds")}


# --- panels ----------------------------------------------------------------------------------


def _unit_choices():
    return unit_choices(active_only=True)


class PanelFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "purpose"], label=_("Sök namn eller ändamål"))
    unit = filters.ChoiceFilter(
        field_name="unit__code",
        choices=_unit_choices,
        label=_("Förvaltning"),
        empty_label=_("Alla"),
    )
    is_active = filters.BooleanFilter(label=_("Aktiv"))

    class Meta:
        model = Panel
        fields: list[str] = []


class PanelTable(Table):
    name = tables.Column(_("Namn"), linkify=True, order_by=("name", "pk"))
    unit = tables.Column(
        _("Förvaltning"), accessor="unit__name", order_by=("unit__name", "name", "pk")
    )
    active_members = tables.Column(_("Aktiva medlemmar"), order_by=("active_members", "pk"))
    survey_count = tables.Column(_("Enkäter"), order_by=("survey_count", "pk"))
    retention_months = tables.Column(
        _("Lagringstid (månader)"), order_by=("retention_months", "pk")
    )
    is_active = tables.BooleanColumn(_("Aktiv"), order_by=("is_active", "name", "pk"))

    class Meta(Table.Meta):
        model = Panel
        fields = ()
        order_by = ("name",)
        empty_text = _("Inga medborgarpaneler.")

    def render_unit(self, value):
        return value or _("Hela kommunen")

    value_unit = render_unit

    def render_is_active(self, value):
        return _("Ja") if value else _("Nej")

    value_is_active = render_is_active


class PanelList(ListDefinition):
    permission = "followup.view_panels"
    filterset_class = PanelFilterSet
    table_class = PanelTable
    template = "followup/panel_list.html"
    title = _("Medborgarpaneler")
    api_url_name = "panel-list"

    def get_queryset(self):
        return selectors.panel_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s panel", "%(n)s paneler", count) % {"n": count}

    def get_context(self) -> dict:
        return {"can_add": may(self.request.user, "followup.add_panel")}


class MemberFilterSet(FilterSet):
    q = SearchFilter(fields=["email"], label=_("Sök e-postadress"))
    status = filters.ChoiceFilter(
        choices=PanelMember.Status.choices, label=_("Status"), empty_label=_("Alla")
    )
    age_group = filters.ChoiceFilter(
        choices=PanelMember.AgeGroup.choices, label=_("Åldersgrupp"), empty_label=_("Alla")
    )
    district = filters.CharFilter(label=_("Kommundel"))

    class Meta:
        model = PanelMember
        fields: list[str] = []


class MemberTable(Table):
    email = tables.Column(_("E-post"), linkify=True, order_by=("email", "pk"))
    status = tables.Column(_("Status"), order_by=("status", "email", "pk"))
    age_group = tables.Column(_("Åldersgrupp"), order_by=("age_group", "email", "pk"))
    district = tables.Column(_("Kommundel"), order_by=("district", "email", "pk"))
    consented_at = tables.DateTimeColumn(
        "Y-m-d H:i", verbose_name=_("Samtycke"), order_by=("consented_at", "pk")
    )
    retain_until = tables.DateColumn(
        "Y-m-d", verbose_name=_("Raderas senast"), order_by=("retain_until", "pk")
    )
    answered = tables.Column(_("Besvarade enkäter"), order_by=("answered", "pk"))

    class Meta(Table.Meta):
        model = PanelMember
        fields = ()
        order_by = ("email",)
        empty_text = _("Inga medlemmar matchar filtret.")

    def render_status(self, record):
        return record.get_status_display()

    value_status = render_status

    def render_age_group(self, record):
        return record.get_age_group_display() or "–"

    value_age_group = render_age_group


class MemberList(ListDefinition):
    """A panel's members: personal data, only for whoever runs the panel (G31)."""

    permission = "followup.view_panels"
    filterset_class = MemberFilterSet
    table_class = MemberTable
    template = "followup/member_list.html"
    title = _("Panelmedlemmar")
    api_url_name = "panel-member-list"

    @property
    def panel(self) -> Panel:
        if not hasattr(self, "_panel"):
            self._panel = selectors.panel_get(user=self.request.user, pk=self.kwargs["pk"])
        return self._panel

    def get_queryset(self):
        return selectors.member_list(user=self.request.user, panel=self.panel)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s medlem", "%(n)s medlemmar", count) % {"n": count}

    def get_context(self) -> dict:
        return {"panel": self.panel}


class SurveyFilterSet(FilterSet):
    q = SearchFilter(fields=["title", "introduction"], label=_("Sök rubrik"))
    panel = IdFilter(field_name="panel_id", label=_("Panelens id"))
    status = filters.ChoiceFilter(
        choices=Survey.Status.choices, label=_("Status"), empty_label=_("Alla")
    )
    anonymous = filters.BooleanFilter(label=_("Anonym"))

    class Meta:
        model = Survey
        fields: list[str] = []


class SurveyTable(Table):
    title = tables.Column(_("Enkät"), linkify=True, order_by=("title", "pk"))
    panel = tables.Column(_("Panel"), accessor="panel__name", order_by=("panel__name", "pk"))
    status = tables.Column(_("Status"), order_by=("status", "pk"))
    anonymous = tables.Column(_("Anonym"), order_by=("anonymous", "pk"))
    closes_on = tables.DateColumn(
        "Y-m-d", verbose_name=_("Sista svarsdag"), order_by=("closes_on", "pk")
    )
    responded = tables.Column(_("Svar"), orderable=False)

    class Meta(Table.Meta):
        model = Survey
        fields = ()
        order_by = ("-closes_on",)
        empty_text = _("Inga enkäter.")

    def render_status(self, record):
        return record.get_status_display()

    value_status = render_status

    def render_anonymous(self, value):
        return _("Ja") if value else _("Nej")

    value_anonymous = render_anonymous

    def render_responded(self, record):
        return format_html("{} / {}", record.responded, record.invited)

    def value_responded(self, record):
        return record.responded


class SurveyList(ListDefinition):
    permission = "followup.view_panels"
    filterset_class = SurveyFilterSet
    table_class = SurveyTable
    template = "followup/survey_list.html"
    title = _("Enkäter")
    api_url_name = "survey-list"

    def get_queryset(self):
        return selectors.survey_list(user=self.request.user)

    def caption(self, count: int) -> str:
        return ngettext("%(n)s enkät", "%(n)s enkäter", count) % {"n": count}
