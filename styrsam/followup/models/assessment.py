"""The yearly self-assessment of e-government work (G30).

An **instrument** is data, loaded from a file (``instruments.py``): areas, their indicators and
the scales the indicators are answered on (levels with descriptions and a value). Loaded
instruments never change; a revised file is loaded as a higher ``version`` of the same
``code``, and trends compare the rounds of one code.

A **round** is one year's assessment with one instrument and a deadline. Its areas are
**assigned** to departments (answered by their representative in the group the policy names,
G30) or to named people. An **answer** gives an indicator a level of its scale, a comment and
evidence links; once the round is compiled every answer is locked (``LockedOnceModel``, and a
trigger on PostgreSQL). A **comparison** is another municipality's anonymised result file,
imported to be shown beside ours.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import LockedOnceModel, TimeStampedModel
from styrsam.organisation.models import OrgUnit

USER = settings.AUTH_USER_MODEL


class Instrument(TimeStampedModel):
    """A self-assessment instrument as loaded from its file (never edited)."""

    code = models.SlugField(_("kod"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    text = models.TextField(_("filens innehåll"))
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    loaded_by = models.ForeignKey(
        USER,
        verbose_name=_("laddad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    AUDITED_FIELDS = ("code", "version", "name", "source", "sha256")

    class Meta:
        verbose_name = _("självskattningsinstrument")
        verbose_name_plural = _("självskattningsinstrument")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="followup_one_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("followup:instrument_detail", args=[self.pk])


def _instrument(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class InstrumentPart(models.Model):
    """A named part of an instrument with a code unique within it: its scales and areas
    (each names its ``instrument`` field: ``_instrument(related_name)``)."""

    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="%(app_label)s_one_%(class)s_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Scale(InstrumentPart):
    """How an indicator is answered: ordered levels, each with a value (``None``: not scored,
    e.g. "Vet ej")."""

    instrument = _instrument("scales")

    class Meta(InstrumentPart.Meta):
        verbose_name = _("skala")
        verbose_name_plural = _("skalor")
        ordering = ["instrument", "id"]


class ScaleLevel(models.Model):
    scale = models.ForeignKey(
        Scale, verbose_name=_("skala"), on_delete=models.CASCADE, related_name="levels"
    )
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("benämning"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    value = models.DecimalField(
        _("värde"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tomt: räknas inte in i resultatet (t.ex. Vet ej)."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"))

    class Meta:
        verbose_name = _("skalsteg")
        verbose_name_plural = _("skalsteg")
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="followup_one_level_code")
        ]

    def __str__(self) -> str:
        return self.label


class Area(InstrumentPart):
    instrument = _instrument("areas")
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"))

    class Meta(InstrumentPart.Meta):
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        ordering = ["instrument", "order"]


class Indicator(models.Model):
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.CASCADE, related_name="indicators"
    )
    scale = models.ForeignKey(
        Scale, verbose_name=_("skala"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.SlugField(_("kod"), max_length=60)
    text = models.TextField(_("indikator"))
    guidance = models.TextField(_("vägledning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"))

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["area", "order"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="followup_one_indicator_code")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class AssessmentRound(TimeStampedModel):
    """One year's self-assessment (G30) with one instrument."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        COMPILED = "compiled", _("Sammanställd")

    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="rounds"
    )
    deadline = models.DateField(_("sista svarsdag"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    opened_by = models.ForeignKey(
        USER, verbose_name=_("öppnad av"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    compiled_at = models.DateTimeField(_("sammanställd"), null=True, blank=True)
    compiled_by = models.ForeignKey(
        USER,
        verbose_name=_("sammanställd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The agenda item that brought the result to the steering group (G30); emptied when the
    # item is removed from a planned meeting's agenda, so that it can be sent again.
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("punkt på föredragningslista"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("skickad till styrgruppen"), null=True, blank=True)

    AUDITED_FIELDS = ("year", "instrument", "deadline", "status", "compiled_at", "agenda_item")

    class Meta:
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        ordering = ["-year", "instrument__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "instrument"], name="followup_one_round_per_year_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("followup:round_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Assignment(TimeStampedModel):
    """An area of a round given to a department or to a named person."""

    round = models.ForeignKey(
        AssessmentRound,
        verbose_name=_("självskattning"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("område"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("förvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        USER,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment_assignments",
    )
    reminded_on = models.DateField(_("senast påmind"), null=True, blank=True)

    AUDITED_FIELDS = ("round", "area", "unit", "person")

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["round", "area__order", "unit__name", "person__last_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="followup_assignment_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["round", "area", "unit"],
                condition=Q(unit__isnull=False),
                name="followup_one_assignment_per_unit",
            ),
            models.UniqueConstraint(
                fields=["round", "area", "person"],
                condition=Q(person__isnull=False),
                name="followup_one_assignment_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} – {self.respondent_name}"

    @property
    def respondent_name(self) -> str:
        if self.unit_id:
            return self.unit.name
        return self.person.get_full_name() or self.person.get_username()

    def get_absolute_url(self) -> str:
        return reverse("followup:assignment_answer", args=[self.pk])


class Answer(LockedOnceModel, TimeStampedModel):
    """An indicator's level, comment and evidence in one assignment; locked when the round
    is compiled."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("uppdrag"), on_delete=models.PROTECT, related_name="answers"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        ScaleLevel, verbose_name=_("nivå"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("kommentar"), blank=True)
    evidence = models.JSONField(_("underlag (länkar)"), default=list, blank=True)
    answered_by = models.ForeignKey(
        USER, verbose_name=_("besvarad av"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    locked = models.BooleanField(_("låst"), default=False)

    locked_when = {"locked": True}
    locked_message = _("Självskattningen är sammanställd: svaret kan inte ändras.")
    AUDITED_FIELDS = ("indicator", "level", "comment", "evidence")

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["assignment", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"], name="followup_one_answer_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.level.label}"


class Comparison(TimeStampedModel):
    """Another municipality's anonymised result (the open result file format, docs/formats/),
    imported to be shown beside ours. Holds only what the format allows: no people."""

    municipality = models.CharField(_("kommun"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    instrument_code = models.SlugField(_("instrumentets kod"), max_length=60)
    instrument_version = models.PositiveIntegerField(_("instrumentets version"))
    instrument_name = models.CharField(_("instrument"), max_length=200)
    score = models.DecimalField(
        _("resultat (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    data = models.JSONField(_("resultatfil"))
    sha256 = models.CharField(_("kontrollsumma"), max_length=64)
    imported_by = models.ForeignKey(
        USER, verbose_name=_("importerad av"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    AUDITED_FIELDS = ("municipality", "year", "instrument_code", "instrument_version", "sha256")

    class Meta:
        verbose_name = _("jämförelse")
        verbose_name_plural = _("jämförelser")
        ordering = ["instrument_code", "-year", "municipality"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "instrument_code"],
                name="followup_one_comparison_per_municipality_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year} ({self.instrument_name})"
