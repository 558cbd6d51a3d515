"""Money (G08, G13, G16, G24–G27): the IT budgets for a rolling 3–4 years, decided in the
minutes of the group the policy names; the allocation keys of the common systems whose cost is
shared out; and each department's own IT budget for its statement.

- A :class:`BudgetPlan` is a proposal for one budget kind over 3–4 years (its
  :class:`BudgetFrame` rows, one per year). It is a draft until proposed (G13: the IT
  platform's budget is proposed by the steering group, in its minutes) and decided (G16: by
  the financing group, in its minutes). A decided plan and its frames are locked for ever
  (``LockedOnceModel`` and, on PostgreSQL, a trigger); a change is a new plan whose decision
  supersedes the earlier one for the years it covers. The frame in force for a kind and year
  is the one of the latest decision.
- An :class:`AllocationKey` says how a common system's yearly cost is shared out (G26): by
  users, employees or licences per department, equal shares, or fixed percentages, from a
  year on. Keys are append-only: a new key from a year supersedes the earlier one from that
  year (its period ends the year before). The shares are computed, never stored
  (``finance/allocation.py``; docs/decisions/0009).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel, LockedOnceModel, TimeStampedModel
from styrsam.organisation.models import OrgUnit


class BudgetKind(models.TextChoices):
    """The budgets of G08, G13, G16 and G27 (``guideline.schema.BUDGET_KINDS``)."""

    INVESTMENT = "investment", _("IT-investeringar (IT-enheten)")
    OPERATING = "operating", _("IT-drift (IT-enheten)")
    PLATFORM = "platform", _("IT-plattformen")
    POOL = "pool", _("Centrala medel för delfinansiering")


KIND_RULES = {
    BudgetKind.INVESTMENT: "G08",
    BudgetKind.OPERATING: "G16",
    BudgetKind.PLATFORM: "G13",
    BudgetKind.POOL: "G27",
}


class BudgetPlan(LockedOnceModel, TimeStampedModel):
    """A proposal of one budget kind for a rolling 3–4 years, until it is decided (G16)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PROPOSED = "proposed", _("Föreslagen")
        DECIDED = "decided", _("Beslutad")

    kind = models.CharField(_("budgetslag"), max_length=20, choices=BudgetKind.choices)
    first_year = models.PositiveSmallIntegerField(_("första år"), db_index=True)
    last_year = models.PositiveSmallIntegerField(_("sista år"), db_index=True)
    note = models.TextField(_("motivering"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("upprättad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # G13: the § of the proposing group's minutes (the steering group for the platform)
    proposed_group = models.CharField(_("föreslagen av grupp"), max_length=40, blank=True)
    proposed_minute_item = models.ForeignKey(
        "meetings.MinuteItem",
        verbose_name=_("paragraf med förslaget"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_proposals",
    )
    proposed_reference = models.CharField(_("förslagets referens"), max_length=200, blank=True)
    proposed_on = models.DateField(_("föreslagen"), null=True, blank=True)
    # G16: the § of the deciding group's minutes
    decided_group = models.CharField(_("beslutande grupp"), max_length=40, blank=True)
    decided_minute_item = models.ForeignKey(
        "meetings.MinuteItem",
        verbose_name=_("paragraf med beslutet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_decisions",
    )
    decided_reference = models.CharField(_("beslutsreferens"), max_length=200, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslut registrerat av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    locked_when = {"status": "decided"}
    locked_message = _("Budgeten är beslutad och kan inte ändras; en ändring är ett nytt beslut.")

    AUDITED_FIELDS = (
        "kind",
        "first_year",
        "last_year",
        "note",
        "status",
        "proposed_reference",
        "proposed_on",
        "decided_reference",
        "decided_on",
    )

    class Meta:
        verbose_name = _("budgetförslag")
        verbose_name_plural = _("budgetförslag")
        ordering = ["-first_year", "kind", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="budget_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_year}–{self.last_year}"

    def get_absolute_url(self) -> str:
        return reverse("finance:budget_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    @property
    def rule(self) -> str:
        return KIND_RULES.get(self.kind, "G16")


class BudgetFrame(LockedOnceModel):
    """The amount of a plan's kind for one year (whole kronor). Locked with its plan."""

    plan = models.ForeignKey(
        BudgetPlan, verbose_name=_("budgetförslag"), on_delete=models.PROTECT, related_name="frames"
    )
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    amount = models.DecimalField(
        _("belopp (kr)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(Decimal(0))],
    )
    locked = models.BooleanField(_("låst"), default=False)

    locked_when = {"locked": True}
    locked_message = _(
        "Budgetramen är beslutad och kan inte ändras; en ändring är ett nytt beslut."
    )

    class Meta:
        verbose_name = _("budgetram")
        verbose_name_plural = _("budgetramar")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="one_frame_per_plan_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_frame_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.get_kind_display()} {self.year}: {self.amount} kr"


class AllocationKey(AppendOnlyModel):
    """How a common system's yearly cost is shared out to the departments from a year on
    (G26). Never changed: a new key from a year supersedes this one from that year."""

    class Basis(models.TextChoices):
        USERS = "users", _("Antal användare per förvaltning")
        EMPLOYEES = "employees", _("Antal anställda per förvaltning")
        LICENCES = "licences", _("Antal licenser per förvaltning")
        EQUAL = "equal", _("Lika delar")
        PERCENT = "percent", _("Fasta procentsatser")

    system = models.ForeignKey(
        "systems.System",
        verbose_name=_("system"),
        on_delete=models.PROTECT,
        related_name="allocation_keys",
    )
    basis = models.CharField(_("fördelningsgrund"), max_length=12, choices=Basis.choices)
    valid_from = models.PositiveSmallIntegerField(_("gäller från år"), db_index=True)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    AUDITED_FIELDS = ("system", "basis", "valid_from", "note")

    class Meta:
        verbose_name = _("fördelningsnyckel")
        verbose_name_plural = _("fördelningsnycklar")
        ordering = ["system__name", "-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.system} från {self.valid_from}: {self.get_basis_display()}"

    def get_absolute_url(self) -> str:
        return reverse("finance:allocation_detail", args=[self.pk])


class AllocationWeight(AppendOnlyModel):
    """A department's weight in a key: its users, employees or licences, 1 for equal shares,
    or its percentage (two decimals)."""

    key = models.ForeignKey(
        AllocationKey, verbose_name=_("nyckel"), on_delete=models.PROTECT, related_name="weights"
    )
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(_("vikt"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("vikt i fördelningsnyckel")
        verbose_name_plural = _("vikter i fördelningsnycklar")
        ordering = ["department__name"]
        constraints = [
            models.UniqueConstraint(fields=["key", "department"], name="one_weight_per_department"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="allocation_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department}: {self.weight}"


class Source(models.TextChoices):
    """The lines of a department's statement (G24–G27)."""

    RENT = "rent", _("Hyra för utrustning (G24)")
    OWN_SYSTEMS = "own_systems", _("Egna system (G25)")
    SHARES = "shares", _("Andelar av kommungemensamma system (G26)")
    GRANTS = "grants", _("Erhållen delfinansiering (G27)")


SOURCE_SHORT = {  # chart labels
    Source.RENT: _("Hyra (G24)"),
    Source.OWN_SYSTEMS: _("Egna system (G25)"),
    Source.SHARES: _("Andelar (G26)"),
    Source.GRANTS: _("Delfinansiering (G27)"),
}
SOURCE_RULES = {
    Source.RENT: "G24",
    Source.OWN_SYSTEMS: "G25",
    Source.SHARES: "G26",
    Source.GRANTS: "G27",
}


class DepartmentBudget(TimeStampedModel):
    """A department's own IT budget for one line of its statement and a year (whole kronor),
    set by its economist; every change is in the history."""

    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    source = models.CharField(_("rad"), max_length=20, choices=Source.choices)
    amount = models.DecimalField(_("budget (kr)"), max_digits=14, decimal_places=0)

    AUDITED_FIELDS = ("department", "year", "source", "amount")

    class Meta:
        verbose_name = _("förvaltningens IT-budget")
        verbose_name_plural = _("förvaltningarnas IT-budgetar")
        ordering = ["department__name", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "source"], name="one_budget_per_department_line"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.year} {self.get_source_display()}: {self.amount} kr"
