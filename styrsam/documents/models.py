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
    # G29: the municipality's guideline for e-government itself; its versions may carry a draft
    # of the policy file, which their adoption adopts (one trail)
    is_policy_guideline = models.BooleanField(
        _("kommunens riktlinje för e-förvaltning"),
        default=False,
        help_text=_("Policyfilen antas med riktlinjens versioner (G29)."),
    )
    # the review date the owner was last reminded of (the reminder runs daily, once per date)
    reminded_for = models.DateField(_("påmind inför"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    AUDITED_FIELDS = ["kind", "title", "owner", "review_date", "is_policy_guideline"]

    class Meta:
        verbose_name = _("styrdokument")
        verbose_name_plural = _("styrdokument")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_policy_guideline"],
                condition=Q(is_policy_guideline=True),
                name="one_policy_guideline_document",
            )
        ]

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
    # G29: the policy file's draft this version of the guideline adopts with it
    policy_draft = models.OneToOneField(
        "guideline.PolicyVersion",
        verbose_name=_("policyfil"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    AUDITED_FIELDS = ["status", "text", "change_note", "policy_draft"]

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


class Attachment(TimeStampedModel):
    """A file attached to a version (an appendix, a template, a map). Stored through Django's
    storage, never served from MEDIA_URL: downloaded by those who may read the version, on the
    public site only for a version published there. Added while the version is a draft and
    frozen with it once adopted (G29)."""

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("fil"), upload_to="documents/%Y/")
    name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["version", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "documents:attachment_download",
            args=[self.version.document_id, self.version.number, self.pk],
        )

    def get_public_url(self) -> str:
        return reverse(
            "documents:public_attachment",
            args=[self.version.document_id, self.version.number, self.pk],
        )


def public_versions():
    """Every version the public may read: adopted (never a draft or a version on
    consultation, G29) and published on the public website (G28)."""
    return DocumentVersion.objects.filter(
        status__in=[DocumentVersion.Status.PUBLISHED, DocumentVersion.Status.REPEALED],
        adopted_on__isnull=False,
        decision_number__isnull=False,
        publications__channel=Publication.Channel.PUBLIC,
    )
