"""Meetings of the policy's groups, their agendas, status reports and minutes (G04, G13–G16).

Minutes are locked once approved (justerade): a locked minute item is never changed — the ORM
refuses here (``LockedOnceModel``) and, on PostgreSQL, a trigger refuses UPDATE/DELETE of a
locked row (``LockedOnceTrigger``, migration 0003). A correction is a new item in a later
meeting that points at the old one. § numbers are taken from ``core.Sequence`` (key
``minutes:<group code>``, per year; ``services.minutes.next_minute_number``).

``AUDITED_FIELDS`` is each model's one declaration of what its history records
(``core.audit.snapshot``); the API serializers use it for their field lists where they match.
"""

from __future__ import annotations

import datetime
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrsam.cases.models import Decision
from styrsam.core.models import Guard, GuardedModel, LockedOnceModel, TimeStampedModel
from styrsam.organisation.models import GovernanceGroup, OrgUnit

USER = settings.AUTH_USER_MODEL
DecisionOutcome = Decision.Outcome  # approved / rejected / returned, as the cases app records them


MINUTES_LOCKED = _("Protokollet är justerat och låst")
APPROVAL_GIVEN = _("Justeringen är gjord och kan inte återtas")


class Meeting(TimeStampedModel, GuardedModel):
    """A meeting of a group. Once the minutes are locked their lock time and approvals never
    change and the meeting is never deleted; an approval once given is never cleared (on
    PostgreSQL also by trigger, migration 0005)."""

    guards = (
        Guard(
            when={"minutes_locked_at__isnull": False},
            fields=("minutes_locked_at", "chair_approved_at", "adjuster_approved_at"),
            message=MINUTES_LOCKED,
        ),
        Guard(
            when={"chair_approved_at__isnull": False},
            fields=("chair_approved_at",),
            delete=False,
            message=APPROVAL_GIVEN,
        ),
        Guard(
            when={"adjuster_approved_at__isnull": False},
            fields=("adjuster_approved_at",),
            delete=False,
            message=APPROVAL_GIVEN,
        ),
    )

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        HELD = "held", _("Genomfört")
        CANCELLED = "cancelled", _("Inställt")

    group = models.ForeignKey(
        GovernanceGroup, verbose_name=_("grupp"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("datum"), db_index=True)
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    convener = models.ForeignKey(
        USER,
        verbose_name=_("sammankallande"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair = models.ForeignKey(
        USER,
        verbose_name=_("ordförande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary = models.ForeignKey(
        USER,
        verbose_name=_("sekreterare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjuster = models.ForeignKey(
        USER,
        verbose_name=_("justerare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agenda_sent_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    chair_approved_at = models.DateTimeField(_("justerat av ordförande"), null=True, blank=True)
    adjuster_approved_at = models.DateTimeField(_("justerat av justerare"), null=True, blank=True)
    minutes_locked_at = models.DateTimeField(_("protokollet låst"), null=True, blank=True)

    AUDITED_FIELDS = (
        "group",
        "date",
        "start_time",
        "end_time",
        "place",
        "online_link",
        "status",
        "convener",
        "chair",
        "secretary",
    )

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["group", "date"], name="meeting_group_date_idx")]

    def __str__(self) -> str:
        return f"{self.group.name} {self.date:%Y-%m-%d}"

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_locked_at is not None


class Attendance(TimeStampedModel, GuardedModel):
    """Who attended. Frozen once the meeting's minutes are locked."""

    guards = (
        Guard(
            when={"meeting__minutes_locked_at__isnull": False},
            fields=("meeting", "person", "present"),
            message=MINUTES_LOCKED,
        ),
    )

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        USER, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("närvarande"), default=True)

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        CASE = "case", _("Ärende")
        STANDING = "standing", _("Stående punkt")
        STATUS_REPORTS = "status_reports", _("Statusrapporter")
        FREE = "free", _("Övrig punkt")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.FREE)
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    presenter = models.ForeignKey(
        USER,
        verbose_name=_("föredragande"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )

    AUDITED_FIELDS = ("meeting", "order", "kind", "title", "description", "presenter", "case")

    class Meta:
        verbose_name = _("punkt på föredragningslistan")
        verbose_name_plural = _("föredragningslista")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class StatusReport(TimeStampedModel):
    """A preparatory-group member's report on their department's projects before a meeting (G14)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="status_reports"
    )
    person = models.ForeignKey(
        USER, verbose_name=_("rapportör"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("för enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("status"))

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_report_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.meeting}"


class ProjectStatus(models.Model):
    class Light(models.TextChoices):
        GREEN = "green", _("Grön")
        YELLOW = "yellow", _("Gul")
        RED = "red", _("Röd")

    report = models.ForeignKey(
        StatusReport, verbose_name=_("rapport"), on_delete=models.CASCADE, related_name="projects"
    )
    project = models.CharField(_("projekt"), max_length=200)
    light = models.CharField(_("trafikljus"), max_length=10, choices=Light.choices)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("projektstatus")
        verbose_name_plural = _("projektstatus")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.light}"


class MinuteItem(TimeStampedModel, LockedOnceModel):
    """One § of the minutes. ``decision`` is what the group decided; for a case item with a
    ``decision_outcome`` it is the text the cases service records as the case's decision, linked
    back to this § (``case_decision``; see ``services.minutes``). Frozen once ``locked`` (the
    minutes are approved): the ORM refuses save, delete and bulk writes of a locked §, and on
    PostgreSQL the trigger of migration 0003 refuses raw SQL."""

    locked_when: ClassVar[dict] = {"locked": True}
    locked_message: ClassVar = _("Protokollet är justerat: paragrafen kan inte ändras.")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.PROTECT, related_name="minute_items"
    )
    group = models.ForeignKey(
        GovernanceGroup, verbose_name=_("grupp"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("år"))
    number = models.PositiveIntegerField(_("§"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("punkt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minute_items",
    )
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("anteckning"), blank=True)
    decision = models.TextField(_("beslut"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minute_items",
    )
    decision_outcome = models.CharField(
        _("beslut i ärendet"),
        max_length=10,
        choices=DecisionOutcome.choices,
        blank=True,
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("rättar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    locked = models.BooleanField(_("låst"), default=False)

    AUDITED_FIELDS = (
        "number",
        "year",
        "title",
        "text",
        "decision",
        "case",
        "decision_outcome",
        "corrects",
    )

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("protokoll")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "number"], name="one_number_per_group_year"
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.number}/{self.year} {self.title}"

    @staticmethod
    def number_key(group_code: str) -> str:
        """The ``core.Sequence`` key of a group's § numbers (one series per group and year)."""
        return f"minutes:{group_code}"


class CompanyMeeting(TimeStampedModel):
    """The IT strategist's meeting with a wholly-owned company (G04)."""

    company = models.ForeignKey(
        OrgUnit, verbose_name=_("bolag"), on_delete=models.PROTECT, related_name="company_meetings"
    )
    date = models.DateField(_("datum"), db_index=True)
    held_by = models.ForeignKey(
        USER, verbose_name=_("genomfört av"), on_delete=models.PROTECT, related_name="+"
    )
    coordination = models.TextField(_("samordning"), blank=True)
    needs = models.TextField(_("fångade behov"), blank=True)
    projects = models.TextField(_("informerade projekt"), blank=True)

    AUDITED_FIELDS = ("company", "date", "held_by", "coordination", "needs", "projects")

    class Meta:
        verbose_name = _("bolagsmöte")
        verbose_name_plural = _("bolagsmöten")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.company} {self.date:%Y-%m-%d}"

    def is_planned_on(self, today: datetime.date) -> bool:
        """Planned ahead (not yet held) as seen on ``today``."""
        return self.date > today


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(TimeStampedModel):
    """A secret that lets a calendar client read one person's meeting feeds without a login."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("kalendernyckel")
        verbose_name_plural = _("kalendernycklar")

    def __str__(self) -> str:
        return f"{self.user}"
