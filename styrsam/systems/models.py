"""The system register (G10, G17–G20, G22, G24–G26).

Category, common kind and financing principle are codes of the policy (convention 4): the
services validate them against ``get_policy()`` so that another municipality's policy can
define other categories without a migration. Lifecycle and criticality are ours.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import TimeStampedModel
from styrsam.organisation.models import OrgUnit


class System(TimeStampedModel):
    """One IT system of the municipality, common (G18) or business (G22)."""

    class Lifecycle(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        PROCUREMENT = "procurement", _("Upphandling")
        IMPLEMENTATION = "implementation", _("Införande")
        IN_USE = "in_use", _("I drift")
        PHASE_OUT = "phase_out", _("Avvecklas")
        RETIRED = "retired", _("Avvecklat")

    class Criticality(models.TextChoices):
        LARGER_CRITICAL = "larger_critical", _("Större och verksamhetskritiskt")
        NORMAL = "normal", _("Normal")
        LOW = "low", _("Låg")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    category = models.CharField(_("kategori"), max_length=40, db_index=True)
    common_kind = models.CharField(
        _("typ av kommungemensamt system"), max_length=60, blank=True, db_index=True
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("ägande förvaltning"),
        on_delete=models.PROTECT,
        related_name="owned_systems",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("systemägare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_systems",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("systemansvarig"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_systems",
        help_text=_("Kan sitta på IT-enheten (G10)."),
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("systemrepresentanter"),
        blank=True,
        related_name="represented_systems",
    )
    using_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("användande enheter"), blank=True, related_name="used_systems"
    )
    lifecycle = models.CharField(
        _("livscykel"),
        max_length=20,
        choices=Lifecycle.choices,
        default=Lifecycle.IN_USE,
        db_index=True,
    )
    criticality = models.CharField(
        _("kritikalitet"),
        max_length=20,
        choices=Criticality.choices,
        default=Criticality.NORMAL,
        db_index=True,
    )
    vendor = models.CharField(_("leverantör"), max_length=200, blank=True, db_index=True)
    contract_end = models.DateField(_("avtalet löper ut"), null=True, blank=True, db_index=True)
    user_count = models.PositiveIntegerField(_("antal användare"), null=True, blank=True)
    financing_principle = models.CharField(_("finansieringsprincip"), max_length=40)

    # What the history records and the API exposes of a system (one declaration).
    AUDITED_FIELDS = (
        "name",
        "description",
        "category",
        "common_kind",
        "owner_unit",
        "owner",
        "manager",
        "lifecycle",
        "criticality",
        "vendor",
        "contract_end",
        "user_count",
        "financing_principle",
    )

    class Meta:
        verbose_name = _("system")
        verbose_name_plural = _("system")
        ordering = ["name"]
        constraints = [
            # G18 as a last line of defence; the service refuses first with a clear message.
            # One current common system per kind; while it is replaced, the old one is in
            # phase-out next to its successor (planned … in use): never two in use.
            models.UniqueConstraint(
                fields=["common_kind"],
                condition=~Q(common_kind="") & ~Q(lifecycle__in=["retired", "phase_out"]),
                name="one_current_common_system_per_kind",
            ),
            models.UniqueConstraint(
                fields=["common_kind"],
                condition=~Q(common_kind="") & Q(lifecycle="phase_out"),
                name="one_outgoing_common_system_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("systems:system_detail", args=[self.pk])

    @property
    def is_retired(self) -> bool:
        return self.lifecycle == self.Lifecycle.RETIRED


class SystemCost(TimeStampedModel):
    """A yearly cost line of a system (licence, operation or support), in SEK."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Licens")
        OPERATION = "operation", _("Drift")
        SUPPORT = "support", _("Support och underhåll")

    system = models.ForeignKey(
        System, verbose_name=_("system"), on_delete=models.CASCADE, related_name="costs"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("kostnadsslag"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("belopp (kr)"), max_digits=12, decimal_places=0)

    class Meta:
        verbose_name = _("systemkostnad")
        verbose_name_plural = _("systemkostnader")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "year", "kind"], name="one_cost_line_per_year_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.year} {self.get_kind_display()}"


class ItPlatformComponent(TimeStampedModel):
    """A part of the IT platform (network, telephone exchange, storage...): G18 counts the
    platform as one common system although it consists of many."""

    system = models.ForeignKey(
        System, verbose_name=_("system"), on_delete=models.CASCADE, related_name="components"
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        verbose_name = _("del av IT-plattformen")
        verbose_name_plural = _("delar av IT-plattformen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="one_component_per_code")
        ]

    def __str__(self) -> str:
        return self.name


class PlatformConnection(TimeStampedModel):
    """G20: is the unit (department or company) on the one network, reached through the one
    common telephone number?"""

    system = models.ForeignKey(
        System,
        verbose_name=_("IT-plattform"),
        on_delete=models.CASCADE,
        related_name="connections",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        related_name="platform_connections",
    )
    connected_to_network = models.BooleanField(_("ansluten till det gemensamma nätet"))
    reachable_via_common_number = models.BooleanField(_("nås via kommunens gemensamma nummer"))
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("anslutning till IT-plattformen")
        verbose_name_plural = _("anslutningar till IT-plattformen")
        ordering = ["unit__kind", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "unit"], name="one_connection_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.system}"

    @property
    def compliant(self) -> bool:
        return self.connected_to_network and self.reachable_via_common_number


class SystemMessage(TimeStampedModel):
    """Information from the IT strategist to the system owners and representatives (G15): to
    all of them, or to those of the chosen systems. Each recipient is a row of its own, fixed
    when the message is sent, so a later change of owner does not change who received it."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avsändare"),
        on_delete=models.PROTECT,
        related_name="sent_system_messages",
    )
    subject = models.CharField(_("ämne"), max_length=200)
    body = models.TextField(_("meddelande"), max_length=10000)
    systems = models.ManyToManyField(
        System,
        verbose_name=_("system"),
        blank=True,
        related_name="messages",
        help_text=_("Tomt: alla systemägare och systemrepresentanter."),
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        through="SystemMessageRecipient",
        related_name="system_messages",
    )

    AUDITED_FIELDS = ("subject", "body")

    class Meta:
        verbose_name = _("meddelande till systemägare")
        verbose_name_plural = _("meddelanden till systemägare")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("systems:message_detail", args=[self.pk])


class SystemMessageRecipient(models.Model):
    """One recipient of a message, and when they marked it read."""

    message = models.ForeignKey(SystemMessage, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.PROTECT,
        related_name="system_message_deliveries",
    )
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    class Meta:
        verbose_name = _("mottagare av meddelande")
        verbose_name_plural = _("mottagare av meddelanden")
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="one_delivery_per_person")
        ]
        indexes = [models.Index(fields=["person", "read_at"])]

    def __str__(self) -> str:
        return f"{self.message} → {self.person}"
