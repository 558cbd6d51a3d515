"""Ordering through the service desk (G07): a catalogue in Swedish, orders with approvals per
the policy, fulfilment by the IT unit which registers rented equipment to the department (G08)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel, TimeStampedModel
from styrsam.organisation.models import OrgUnit


class CatalogueItem(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPUTER = "computer", _("Dator")
        SCREEN = "screen", _("Skärm")
        PRINTER = "printer", _("Skrivare")
        PHONE = "phone", _("Telefon och abonnemang")
        SYSTEM_PERMISSION = "system_permission", _("Systembehörighet")
        OTHER = "other", _("Övrigt")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, db_index=True)
    description = models.TextField(_("beskrivning"), blank=True)
    rented = models.BooleanField(
        _("hyrs"), default=False, help_text=_("Hyrs av IT-enheten via hyressystemet (G08).")
    )
    asset_type = models.ForeignKey(
        "rental.AssetType",
        verbose_name=_("utrustningstyp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_items",
    )
    system = models.ForeignKey(
        "systems.System",
        verbose_name=_("system"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permission_items",
    )
    price = models.DecimalField(
        _("inköpspris (kr)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        help_text=_(
            "Köpt: förvaltningen betalar priset. Hyrd: IT-enheten köper från "
            "investeringsbudgeten (G08)."
        ),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    AUDITED_FIELDS = (
        "name",
        "kind",
        "description",
        "rented",
        "asset_type",
        "system",
        "price",
        "is_active",
    )

    class Meta:
        verbose_name = _("katalogartikel")
        verbose_name_plural = _("katalog")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rented=False) | Q(asset_type__isnull=False),
                name="rented_item_has_asset_type",
                violation_error_message=_("En hyrd artikel måste ha en utrustningstyp (G08)."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="system_permission") | Q(system__isnull=False),
                name="permission_item_has_system",
                violation_error_message=_(
                    "En systembehörighet måste ange vilket system den gäller."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        AWAITING_APPROVAL = "awaiting_approval", _("Väntar på godkännande")
        APPROVED = "approved", _("Godkänd")
        REJECTED = "rejected", _("Avslagen")
        FULFILLED = "fulfilled", _("Levererad")
        CANCELLED = "cancelled", _("Makulerad")

    OPEN = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED)
    PROGRESS = (Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.FULFILLED)

    department = models.ForeignKey(
        OrgUnit, verbose_name=_("förvaltning"), on_delete=models.PROTECT, related_name="orders"
    )
    for_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("till person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders_for",
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beställd av"),
        on_delete=models.PROTECT,
        related_name="orders_placed",
    )
    item = models.ForeignKey(
        CatalogueItem, verbose_name=_("artikel"), on_delete=models.PROTECT, related_name="orders"
    )
    quantity = models.PositiveIntegerField(_("antal"), default=1)
    note = models.TextField(_("meddelande"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    required_approvals = models.JSONField(_("godkännanden som krävs"), default=list, blank=True)
    delivery_date = models.DateField(_("leveransdatum"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("levererad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assets = models.ManyToManyField(
        "rental.RentedAsset", verbose_name=_("utrustning"), blank=True, related_name="orders"
    )

    AUDITED_FIELDS = ("department", "item", "quantity", "for_person", "status")

    class Meta:
        verbose_name = _("beställning")
        verbose_name_plural = _("beställningar")
        ordering = ["-created_at", "-id"]
        # the lists' default sort (issue 18: deep pages of 20,000 orders sorted without one)
        indexes = [
            models.Index(fields=["created_at", "id"], name="order_created_idx"),
            # the orders of a system's permissions by status (the approvals of a system owner,
            # G07): without it, "does one of my systems' permissions await approval?" read all
            # 5,716 awaiting orders at scale to answer no (issue 18)
            models.Index(fields=["item", "status"], name="order_item_status_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="order_qty")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.item} ×{self.quantity}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class OrderApproval(AppendOnlyModel):
    """One approver's answer on one step of the order's approval (G07)."""

    order = models.ForeignKey(
        Order, verbose_name=_("beställning"), on_delete=models.PROTECT, related_name="approvals"
    )
    role = models.CharField(_("roll"), max_length=60)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkänd av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved = models.BooleanField(_("godkänd"))
    comment = models.TextField(_("kommentar"), blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("godkännande")
        verbose_name_plural = _("godkännanden")
        ordering = ["at", "id"]


class OrderStatusChange(AppendOnlyModel):
    """The order's status history: what the orderer sees as progress."""

    order = models.ForeignKey(
        Order, verbose_name=_("beställning"), on_delete=models.PROTECT, related_name="history"
    )
    from_status = models.CharField(_("från"), max_length=20, blank=True)
    to_status = models.CharField(_("till"), max_length=20, choices=Order.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("statusändring")
        verbose_name_plural = _("statushistorik")
        ordering = ["at", "id"]
