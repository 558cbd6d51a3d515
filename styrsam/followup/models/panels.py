"""Citizen panels and their surveys (G31).

Personal data is kept to what a panel needs and for as long as its members agreed to:

- A **member** is an e-mail address and, only if the panel asks for them, an age group and a
  district. A member is recruited by e-mail (status *invited*) and takes part only after giving
  explicit consent on their personal page: the consent text they saw, its language and the time
  are stored, and ``retain_until`` is the day their data is deleted (``tasks.purge_panel_data``).
  ``__str__`` and the audit snapshots never hold the e-mail or the background data: the audit
  log is append-only and must not keep what an erasure removes.
- Personal links are random secrets (``secrets.token_urlsafe``) of which only the SHA-256 is
  stored: a **member key** (the member's own page: consent, their data, unsubscribe, erasure)
  and an **invitation** per member and survey (single use, expiring).
- A **response** has no member, no invitation and no time; its **answers** neither, and both
  have random UUID keys, so that not even the order of rows tells who answered what. Only a
  survey that is *not* anonymous links a response to its member, through a separate
  **response identity** row; an anonymous survey never has one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import TimeStampedModel
from styrsam.organisation.models import OrgUnit

USER = settings.AUTH_USER_MODEL


class Panel(TimeStampedModel):
    """A citizen panel (medborgarpanel), municipality-wide or run by one department."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    purpose = models.TextField(
        _("ändamål"), help_text=_("Varför uppgifterna samlas in; visas när medlemmen samtycker.")
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("förvaltning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tomt: kommungemensam panel som IT-strategen driver."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("lagringstid (månader)"),
        help_text=_("Så länge medlemmens uppgifter sparas efter samtycket."),
    )
    asks_age_group = models.BooleanField(_("frågar efter åldersgrupp"), default=False)
    asks_district = models.BooleanField(_("frågar efter kommundel"), default=False)
    districts = models.JSONField(_("kommundelar"), default=list, blank=True)
    controller_contact = models.CharField(
        _("kontakt för personuppgiftsfrågor"),
        max_length=200,
        help_text=_("E-postadress eller telefon dit medlemmen vänder sig."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("skapad av"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    AUDITED_FIELDS = (
        "name",
        "purpose",
        "unit",
        "retention_months",
        "asks_age_group",
        "asks_district",
        "districts",
        "controller_contact",
        "is_active",
    )

    class Meta:
        verbose_name = _("medborgarpanel")
        verbose_name_plural = _("medborgarpaneler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("followup:panel_detail", args=[self.pk])


class PanelMember(TimeStampedModel):
    """A member of a panel: personal data, kept until ``retain_until``."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Inbjuden, inte samtyckt")
        ACTIVE = "active", _("Aktiv")
        UNSUBSCRIBED = "unsubscribed", _("Avregistrerad")

    class AgeGroup(models.TextChoices):
        A16 = "16-24", _("16–24 år")
        A25 = "25-34", _("25–34 år")
        A35 = "35-44", _("35–44 år")
        A45 = "45-54", _("45–54 år")
        A55 = "55-64", _("55–64 år")
        A65 = "65-79", _("65–79 år")
        A80 = "80+", _("80 år eller äldre")

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="members"
    )
    email = models.EmailField(_("e-post"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.INVITED,
        db_index=True,
    )
    age_group = models.CharField(
        _("åldersgrupp"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    district = models.CharField(_("kommundel"), max_length=100, blank=True)
    consent_text = models.TextField(_("samtyckestext"), blank=True)
    consent_language = models.CharField(_("samtyckets språk"), max_length=8, blank=True)
    consented_at = models.DateTimeField(_("samtycke lämnat"), null=True, blank=True)
    invited_at = models.DateTimeField(_("inbjuden"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("avregistrerad"), null=True, blank=True)
    retain_until = models.DateField(_("raderas senast"), db_index=True)

    # Never the e-mail or the background data: the audit log outlives an erasure.
    AUDITED_FIELDS = ("panel", "status", "consented_at", "retain_until")

    class Meta:
        verbose_name = _("panelmedlem")
        verbose_name_plural = _("panelmedlemmar")
        ordering = ["panel", "email"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "email"], name="followup_one_member_per_email")
        ]

    def __str__(self) -> str:
        return f"Panelmedlem {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("followup:member_detail", args=[self.pk])


class MemberKey(models.Model):
    """A member's personal link to their own page; only the SHA-256 of the secret is kept."""

    member = models.ForeignKey(
        PanelMember, verbose_name=_("medlem"), on_delete=models.CASCADE, related_name="keys"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("personlig länk")
        verbose_name_plural = _("personliga länkar")

    def __str__(self) -> str:
        return f"Länk {self.pk}"


class Survey(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        OPEN = "open", _("Utskickad")
        CLOSED = "closed", _("Avslutad")

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    introduction = models.TextField(_("inledning"), blank=True)
    anonymous = models.BooleanField(
        _("anonym"),
        default=True,
        help_text=_("Svaren sparas utan koppling till medlemmen och kan aldrig kopplas tillbaka."),
    )
    closes_on = models.DateField(_("sista svarsdag"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("skapad av"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    AUDITED_FIELDS = ("panel", "title", "introduction", "anonymous", "closes_on", "status")

    class Meta:
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        ordering = ["-closes_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:survey_detail", args=[self.pk])


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Ett svarsalternativ")
        MULTIPLE = "multiple", _("Flera svarsalternativ")
        SCALE = "scale", _("Skala")
        TEXT = "text", _("Fritext")

    survey = models.ForeignKey(
        Survey, verbose_name=_("enkät"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    kind = models.CharField(_("frågetyp"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("fråga"), max_length=500)
    help_text = models.CharField(_("hjälptext"), max_length=500, blank=True)
    required = models.BooleanField(_("obligatorisk"), default=False)
    scale_min = models.PositiveSmallIntegerField(_("skalans lägsta värde"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("skalans högsta värde"), default=5)
    scale_min_label = models.CharField(_("text vid lägsta värdet"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("text vid högsta värdet"), max_length=100, blank=True)

    AUDITED_FIELDS = ("order", "kind", "text", "required", "scale_min", "scale_max")

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE}

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class QuestionOption(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("fråga"), on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    label = models.CharField(_("svarsalternativ"), max_length=200)

    class Meta:
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.label


class Invitation(models.Model):
    """A member's personal, single-use link to one survey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("enkät"), on_delete=models.CASCADE, related_name="invitations"
    )
    member = models.ForeignKey(
        PanelMember, verbose_name=_("medlem"), on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("skickad"))
    expires_at = models.DateTimeField(_("gäller till"))
    used_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"], name="followup_one_invitation_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Inbjudan {self.pk}"


class Response(models.Model):
    """One submitted answer sheet. No member, no invitation, no time (see the module text)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("enkät"), on_delete=models.CASCADE, related_name="responses"
    )

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")

    def __str__(self) -> str:
        return f"Svar {self.pk}"


class ResponseIdentity(models.Model):
    """Who gave a response — only in a survey that is not anonymous."""

    response = models.OneToOneField(
        Response, primary_key=True, on_delete=models.CASCADE, related_name="identity"
    )
    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="identified_responses"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("svarets avsändare")
        verbose_name_plural = _("svarens avsändare")

    def __str__(self) -> str:
        return f"{self.member} – {self.response_id}"


class SurveyAnswer(models.Model):
    """The answer to one question: option ids, a scale value or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("enkätsvar"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("fråga"), on_delete=models.CASCADE, related_name="answers"
    )
    choices = models.JSONField(_("valda alternativ"), default=list, blank=True)
    number = models.SmallIntegerField(_("värde på skalan"), null=True, blank=True)
    text = models.TextField(_("fritext"), blank=True)

    class Meta:
        verbose_name = _("svar på fråga")
        verbose_name_plural = _("svar på frågor")

    def __str__(self) -> str:
        return f"Svar på {self.question_id}"
