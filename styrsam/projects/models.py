"""Plans, projects and their follow-up (issue 13; docs/decisions/0013).

- A committee's :class:`MissionPlan` (uppdragsplan) for a year has :class:`Goal` rows (G01);
  the department's :class:`OperationalPlan` (verksamhetsplan) turns them into
  :class:`Activity` rows tied to those goals.
- A :class:`Project` belongs to the department that pays for it (G01). It serves an activity
  or a goal, and has an origin: a department's notification (G03; the forwarded case is kept
  as ``case``, and the case links back through ``case.project``), the IT strategist's
  initiative from the mission plan (G05) or the IT unit's proposal (G09).
- A :class:`ProjectReport` is the status of one project before one meeting of the
  preparatory group (G14): traffic light, progress, next steps, risks.
- A :class:`Staffing` row puts a person of the IT unit on a project with a share of their
  week over a period (G11); over 100 % in a week is flagged, not refused.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import TimeStampedModel
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import Committee, OrgUnit

USER = settings.AUTH_USER_MODEL


def origin_label(origin: str) -> str:
    """A project origin's label; the mission plan's names the coordinating role as the policy
    names it (G05: "IT-strateg" by default, "digitaliseringsstrateg" in Andrakommun, issue 21)."""
    if origin == Project.Origin.MISSION_PLAN:
        return gettext("Initiativ av %(role)s enligt uppdragsplanen (G05)") % {
            "role": get_policy().coordinator_name()
        }
    return str(Project.Origin(origin).label)


class MissionPlan(TimeStampedModel):
    """A committee's mission plan (uppdragsplan) for a year, with its goals (G01)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("nämnd"), on_delete=models.PROTECT, related_name="mission_plans"
    )
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    title = models.CharField(_("rubrik"), max_length=200)

    AUDITED_FIELDS = ("committee", "year", "title")

    class Meta:
        verbose_name = _("uppdragsplan")
        verbose_name_plural = _("uppdragsplaner")
        ordering = ["-year", "committee__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="one_mission_plan_per_committee_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("projects:mission_plan_detail", args=[self.pk])


class Goal(models.Model):
    plan = models.ForeignKey(
        MissionPlan, verbose_name=_("uppdragsplan"), on_delete=models.CASCADE, related_name="goals"
    )
    number = models.CharField(_("nummer"), max_length=20)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)

    AUDITED_FIELDS = ("number", "title", "description")

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="goal_number_unique_in_plan")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class OperationalPlan(TimeStampedModel):
    """A department's operational plan (verksamhetsplan) for a year (G01)."""

    department = models.ForeignKey(
        OrgUnit,
        verbose_name=_("förvaltning"),
        on_delete=models.PROTECT,
        related_name="operational_plans",
    )
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    title = models.CharField(_("rubrik"), max_length=200)

    AUDITED_FIELDS = ("department", "year", "title")

    class Meta:
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        ordering = ["-year", "department__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"], name="one_operational_plan_per_department_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("projects:operational_plan_detail", args=[self.pk])


class Activity(models.Model):
    plan = models.ForeignKey(
        OperationalPlan,
        verbose_name=_("verksamhetsplan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("mål"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("aktivitet"), max_length=300)

    AUDITED_FIELDS = ("goal", "title")

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.title


class Light(models.TextChoices):
    GREEN = "green", _("Grönt")
    YELLOW = "yellow", _("Gult")
    RED = "red", _("Rött")


class Project(TimeStampedModel):
    class Phase(models.TextChoices):
        IDEA = "idea", _("Idé")
        PLANNED = "planned", _("Planerat")
        ONGOING = "ongoing", _("Pågående")
        FINISHED = "finished", _("Avslutat")
        STOPPED = "stopped", _("Stoppat")

    class Origin(models.TextChoices):
        NOTIFICATION = "notification", _("Förvaltningens anmälan (G03)")
        # the pages say whose initiative with the policy's name (origin_label, issue 21)
        MISSION_PLAN = "mission_plan", _("Samordnarens initiativ enligt uppdragsplanen (G05)")
        IT_UNIT = "it_unit_proposal", _("IT-enhetens förslag (G09)")

    class Funding(models.TextChoices):
        OWN = "own", _("Förvaltningens egen budget (G01)")
        CO_FINANCING = "co_financed", _("Delfinansiering enligt beslut (G27)")

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="projects"
    )
    owner = models.ForeignKey(
        USER,
        verbose_name=_("projektägare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_projects",
    )
    manager = models.ForeignKey(
        USER,
        verbose_name=_("projektledare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_projects",
    )
    phase = models.CharField(
        _("fas"), max_length=10, choices=Phase.choices, default=Phase.IDEA, db_index=True
    )
    origin = models.CharField(_("ursprung"), max_length=20, choices=Origin.choices)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("mål"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("aktivitet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("anmälan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    systems = models.ManyToManyField(
        "systems.System", verbose_name=_("berörda system"), blank=True, related_name="projects"
    )
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True)
    actual_end = models.DateField(_("faktiskt slut"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (kr)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    funding = models.CharField(
        _("finansiering"), max_length=20, choices=Funding.choices, default=Funding.OWN
    )
    # The light of the latest status report (by meeting date; G14), null without a report:
    # derived data, written only by ``services.reports.refresh_latest_lights`` (the status
    # report service and a moved meeting call it), so the portfolio filters and sorts on an
    # indexed column instead of a subquery per project.
    latest_light = models.CharField(
        _("senaste trafikljus"),
        max_length=10,
        choices=Light.choices,
        null=True,
        blank=True,
        editable=False,
    )

    AUDITED_FIELDS = (
        "name",
        "description",
        "department",
        "owner",
        "manager",
        "phase",
        "origin",
        "goal",
        "activity",
        "case",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "budget",
        "funding",
    )

    class Meta:
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["department", "phase"], name="project_dept_phase_idx"),
            # the portfolio's filter and sort by the latest light (G14)
            models.Index(fields=["latest_light", "name", "id"], name="project_light_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def origin_label(self) -> str:
        return origin_label(self.origin)

    @property
    def is_active(self) -> bool:
        """Initiated or ongoing: reported on before each preparatory group meeting (G14)."""
        return self.phase in ACTIVE_PHASES


ACTIVE_PHASES = (Project.Phase.PLANNED, Project.Phase.ONGOING)


class ProjectReport(TimeStampedModel):
    """The status of a project before a meeting of the preparatory group (G14)."""

    project = models.ForeignKey(
        Project, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="reports"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("möte"),
        on_delete=models.PROTECT,
        related_name="project_reports",
    )
    light = models.CharField(_("trafikljus"), max_length=10, choices=Light.choices)
    progress = models.TextField(_("lägesbeskrivning"))
    next_steps = models.TextField(_("nästa steg"), blank=True)
    risks = models.TextField(_("risker"), blank=True)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("rapporterad av"), on_delete=models.PROTECT, related_name="+"
    )

    AUDITED_FIELDS = ("light", "progress", "next_steps", "risks")

    class Meta:
        verbose_name = _("statusrapport för projekt")
        verbose_name_plural = _("statusrapporter för projekt")
        ordering = ["project", "meeting__date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "meeting"], name="one_report_per_project_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.meeting}"


class Staffing(TimeStampedModel):
    """A person of the IT unit on a project: a share of their week over a period (G11)."""

    project = models.ForeignKey(
        Project, verbose_name=_("projekt"), on_delete=models.CASCADE, related_name="staffing"
    )
    person = models.ForeignKey(
        USER, verbose_name=_("person"), on_delete=models.PROTECT, related_name="project_staffing"
    )
    percent = models.PositiveSmallIntegerField(
        _("andel av arbetstiden (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    start = models.DateField(_("från"))
    end = models.DateField(_("till"))
    role = models.CharField(_("uppgift"), max_length=200, blank=True)

    AUDITED_FIELDS = ("project", "person", "percent", "start", "end", "role")

    class Meta:
        verbose_name = _("bemanning")
        verbose_name_plural = _("bemanning")
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.person} {self.percent} % – {self.project}"
