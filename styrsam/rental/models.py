"""The rental system (G08): rented assets, rent levels decided by the financing group (G16),
rent runs charging each department for its own use (G24) into an append-only ledger, and the
IT unit's investment budget.

Dates are inclusive: an asset is rented from ``start_date`` up to and including ``end_date``
(its last day; empty while it is still rented).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel, LockedOnceModel, TimeStampedModel
from styrsam.organisation.models import OrgUnit


class AssetType(TimeStampedModel):
    """A kind of rented equipment with its own rent (dator, skärm, skrivare...)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=120, unique=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    AUDITED_FIELDS = ("code", "name", "is_active")

    class Meta:
        verbose_name = _("utrustningstyp")
        verbose_name_plural = _("utrustningstyper")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RentedAsset(TimeStampedModel):
    """One period during which a department rents one item. A transfer ends the row and starts
    a new one with the same tag (``transferred_from``), so each department pays its own days."""

    asset_type = models.ForeignKey(
        AssetType, verbose_name=_("typ"), on_delete=models.PROTECT, related_name="assets"
    )
    model = models.CharField(_("modell"), max_length=120, blank=True)
    tag = models.CharField(_("inventarienummer"), max_length=40, db_index=True)
    serial_number = models.CharField(_("serienummer"), max_length=80, blank=True)
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="assets"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rented_assets",
    )
    start_date = models.DateField(_("hyrs från"), db_index=True)
    end_date = models.DateField(_("sista hyresdag"), null=True, blank=True, db_index=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("ersätter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    transferred_from = models.OneToOneField(
        "self",
        verbose_name=_("överförd från"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferred_to",
    )
    ended_by_transfer = models.BooleanField(_("avslutad genom överföring"), default=False)

    AUDITED_FIELDS = (
        "asset_type",
        "model",
        "tag",
        "serial_number",
        "department",
        "user",
        "start_date",
        "end_date",
        "replaces",
    )

    class Meta:
        verbose_name = _("hyrd utrustning")
        verbose_name_plural = _("hyrd utrustning")
        ordering = ["department__name", "asset_type__name", "tag"]
        # the list's sort keys (issue 18: deep pages of 60,000 assets sorted without an index)
        indexes = [
            models.Index(fields=["department", "asset_type", "tag", "id"], name="asset_sort_idx"),
            models.Index(fields=["tag", "id"], name="asset_tag_idx"),
        ]
        constraints = [
            # One current row per tag: earlier rows of a transferred item do not count.
            models.UniqueConstraint(
                fields=["tag"], condition=Q(ended_by_transfer=False), name="rental_tag_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="rental_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag} {self.model}".strip()

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class RentDecision(AppendOnlyModel):
    """The financing group's decision on a year's rent (G16). Normally linked to the § of the
    group's minutes (``minute_item``): ``reference`` then names meeting and § and
    ``decided_on`` is the meeting's date. A decision taken before Styrsam has no § and carries
    its reference as text."""

    bounds_past_only = ("decided_on",)  # a decision is not dated ahead (styrsam.core.bounds)

    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    group_code = models.CharField(_("beslutande grupp"), max_length=40)
    reference = models.CharField(_("beslutsreferens"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    minute_item = models.ForeignKey(
        "meetings.MinuteItem",
        verbose_name=_("paragraf i protokollet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rent_decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("hyresbeslut")
        verbose_name_plural = _("hyresbeslut")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.reference}"


class RentLevel(LockedOnceModel, TimeStampedModel):
    """The monthly rent of one asset type in one calendar year. Frozen once decided (G16): the
    ORM refuses to change or delete a decided level, and on PostgreSQL so does the trigger of
    migration 0001 (``LockedOnceTrigger`` with the same condition)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Förslag")
        DECIDED = "decided", _("Beslutad")

    locked_when = {"status": "decided"}
    locked_message = _("Beslutade hyresnivåer kan inte ändras eller tas bort (G16).")
    AUDITED_FIELDS = ("asset_type", "year", "monthly_amount")

    asset_type = models.ForeignKey(
        AssetType, verbose_name=_("typ"), on_delete=models.PROTECT, related_name="rent_levels"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    monthly_amount = models.DecimalField(_("månadshyra (kr)"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    decision = models.ForeignKey(
        RentDecision,
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="levels",
    )

    class Meta:
        verbose_name = _("hyresnivå")
        verbose_name_plural = _("hyresnivåer")
        ordering = ["-year", "asset_type__name"]
        constraints = [
            models.UniqueConstraint(fields=["asset_type", "year"], name="rent_level_per_year"),
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="rent_level_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset_type} {self.year}: {self.monthly_amount} kr"


class RentRun(AppendOnlyModel):
    """One execution of the rent run for a month: what it added to the ledger."""

    bounds_allow_negative = ("amount_added",)  # corrections (styrsam.core.bounds)

    month = models.DateField(_("månad"), db_index=True)
    run_at = models.DateTimeField(_("körd"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("körd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lines_added = models.PositiveIntegerField(_("nya rader"), default=0)
    amount_added = models.DecimalField(
        _("tillagt belopp (kr)"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("hyreskörning")
        verbose_name_plural = _("hyreskörningar")
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.run_at:%Y-%m-%d %H:%M})"


class LedgerLine(AppendOnlyModel):
    """A charge to one department for one asset type and month (G24). Never changed: a late
    change adds a correction line with the difference, pointing at the original charge."""

    bounds_allow_negative = ("amount",)  # a correction line (styrsam.core.bounds)

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Debitering")
        CORRECTION = "correction", _("Rättelse")

    run = models.ForeignKey(
        RentRun, verbose_name=_("körning"), on_delete=models.PROTECT, related_name="lines"
    )
    month = models.DateField(_("månad"))
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="+"
    )
    asset_type = models.ForeignKey(
        AssetType, verbose_name=_("typ"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    asset_count = models.IntegerField(_("antal"))
    asset_days = models.IntegerField(_("hyresdagar"))
    monthly_amount = models.DecimalField(_("månadshyra (kr)"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("belopp (kr)"), max_digits=14, decimal_places=2)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("rättar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("reskontrarad")
        verbose_name_plural = _("hyresreskontra")
        ordering = ["month", "department__name", "asset_type__name", "id"]
        indexes = [models.Index(fields=["month", "department"], name="ledger_month_dept_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.department_id}/{self.asset_type_id}: {self.amount}"


class InvestmentBudget(TimeStampedModel):
    """The IT unit's investment budget for a year; rented equipment is bought from it (G08)."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    amount = models.DecimalField(_("budget (kr)"), max_digits=14, decimal_places=2)

    AUDITED_FIELDS = ("year", "amount")

    class Meta:
        verbose_name = _("investeringsbudget")
        verbose_name_plural = _("investeringsbudgetar")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr"


class InvestmentPurchase(AppendOnlyModel):
    """A purchase of rented equipment recorded against the investment budget."""

    budget = models.ForeignKey(
        InvestmentBudget,
        verbose_name=_("budget"),
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    date = models.DateField(_("datum"))
    amount = models.DecimalField(_("belopp (kr)"), max_digits=14, decimal_places=2)
    description = models.CharField(_("beskrivning"), max_length=300)
    reference = models.CharField(_("referens"), max_length=60, blank=True)
    asset_count = models.PositiveIntegerField(_("antal"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    AUDITED_FIELDS = ("date", "amount", "description", "reference")

    class Meta:
        verbose_name = _("investering")
        verbose_name_plural = _("investeringar")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.description} ({self.amount} kr)"
