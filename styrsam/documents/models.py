"""Governing documents (riktlinje, regel, anvisning), their versions and publications.

A version goes draft → on consultation (a remiss in the preparatory group, through the cases
app's ``Consultation``) → adopted (by the policy's adopting role, with a decision number, G29)
→ published (intranet and/or public website, by the communications roles, G12) → repealed.
Nothing is public unless adopted: ``public_versions()`` is the only way the public site reads
versions, and the database refuses a version marked adopted without its decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel, TimeStampedModel


class Document(TimeStampedModel):
    class Kind(models.TextChoices):
        GUIDELINE = "riktlinje", _("Riktlinje")
        RULE = "regel", _("Regel")
        INSTRUCTION = "anvisning", _("Anvisning")

    kind = models.CharField(_("slag"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dokumentägare"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_date = models.DateField(_("revideras senast"), null=True, blank=True)
    # the review date the owner was last reminded of (the reminder runs daily, once per date)
    reminded_for = models.DateField(_("påmind inför"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    AUDITED_FIELDS = ["kind", "title", "owner", "review_date"]

    class Meta:
        verbose_name = _("styrdokument")
        verbose_name_plural = _("styrdokument")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("documents:public_document", args=[self.pk])


class DocumentVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        CONSULTATION = "consultation", _("På remiss")
        ADOPTED = "adopted", _("Fastställd")
        PUBLISHED = "published", _("Publicerad")
        REPEALED = "repealed", _("Upphävd")

    ADOPTED_STATUSES = (Status.ADOPTED, Status.PUBLISHED, Status.REPEALED)
    WORKING_STATUSES = (Status.DRAFT, Status.CONSULTATION)

    document = models.ForeignKey(
        Document, verbose_name=_("styrdokument"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("text"), blank=True)
    change_note = models.CharField(_("vad som ändrats"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consultation = models.ForeignKey(
        "cases.Consultation",
        verbose_name=_("remiss"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fastställd av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_on = models.DateField(_("fastställd"), null=True, blank=True)
    effective_date = models.DateField(_("gäller från"), null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(_("beslutsår"), null=True, blank=True)
    decision_number = models.PositiveIntegerField(_("beslutsnummer"), null=True, blank=True)
    repealed_on = models.DateField(_("upphävd"), null=True, blank=True)

    AUDITED_FIELDS = ["status", "text", "change_note"]

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versioner")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique"),
            models.UniqueConstraint(
                fields=["decision_year", "decision_number"], name="document_decision_unique"
            ),
            # G29: a version is adopted only with its decision (date, number, who)
            models.CheckConstraint(
                condition=Q(status__in=["draft", "consultation"])
                | Q(
                    adopted_on__isnull=False,
                    adopted_by__isnull=False,
                    decision_number__isnull=False,
                    decision_year__isnull=False,
                ),
                name="document_version_adopted_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} – version {self.number}"

    @property
    def is_adopted(self) -> bool:
        return self.status in self.ADOPTED_STATUSES

    @property
    def decision_reference(self) -> str:
        """The adoption decision's number: "SD 2026/3" (styrdokumentsbeslut)."""
        if self.decision_number is None:
            return ""
        return f"SD {self.decision_year}/{self.decision_number}"

    def get_public_url(self) -> str:
        return reverse("documents:public_version", args=[self.document_id, self.number])


class Publication(AppendOnlyModel):
    """A version published on a channel (G12, G28). Never changed: a later version's
    publication replaces it on the channel, a repeal takes the document off."""

    class Channel(models.TextChoices):
        INTRANET = "intranet", _("Intranätet")
        PUBLIC = "public", _("Den externa webbplatsen")

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publicerad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("publicering")
        verbose_name_plural = _("publiceringar")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="publication_unique")
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.get_channel_display()}"


def public_versions():
    """Every version the public may read: adopted (never a draft or a version on
    consultation, G29) and published on the public website (G28)."""
    return DocumentVersion.objects.filter(
        status__in=[DocumentVersion.Status.PUBLISHED, DocumentVersion.Status.REPEALED],
        adopted_on__isnull=False,
        decision_number__isnull=False,
        publications__channel=Publication.Channel.PUBLIC,
    )
