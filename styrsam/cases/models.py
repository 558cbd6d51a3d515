"""Cases, their steps, decisions and consultations (G03, G14, G21, G23, G27, G29).

The case type and its steps are codes of the policy (convention 4). A case snapshots its
steps when it is reported, so that a later policy version does not rewrite an open case.
Registration numbers are taken from ``core.Sequence`` (key ``case:<series>``, see
``services/numbering.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import AppendOnlyModel, Guard, GuardedModel, TimeStampedModel
from styrsam.guideline.policy import Policy, get_policy
from styrsam.organisation.models import GovernanceGroup, OrgUnit

FINAL_STATUSES = ("decided", "closed")


def _leaves_final_by_return(case: Case) -> bool:
    """A decided case goes back to open only by a returning decision (återremiss, also as a
    correction): its newest decision returns it. Never back to ready, never by an edit."""
    if case.status in FINAL_STATUSES:
        return True
    newest = Decision.objects.filter(case=case).order_by("-id").values_list("outcome", flat=True)
    return case.status == Case.Status.OPEN and newest.first() == Decision.Outcome.RETURNED


class Case(TimeStampedModel, GuardedModel):
    """A matter moving from a reported need to a decision (ärende). A decided (or closed) case
    is never reopened by an edit, nor deleted (on PostgreSQL also by trigger)."""

    guards = (
        Guard(
            when={"status__in": FINAL_STATUSES},
            fields=("status",),
            message=_("Ärendet är avgjort: statusen kan inte ändras tillbaka."),
            allow=_leaves_final_by_return,
        ),
    )

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        READY = "ready", _("Klart för beslut")
        DECIDED = "decided", _("Beslutat")
        CLOSED = "closed", _("Avslutat")

    # What a case's history records when it is reported (``core.audit.snapshot``).
    AUDITED_FIELDS = (
        "case_type",
        "title",
        "description",
        "system",
        "proposed_system_name",
        "common_kind",
        "successor_name",
        "handover_date",
        "reporter",
        "reporting_unit",
        "status",
        "amount_requested",
    )

    case_type = models.CharField(_("ärendetyp"), max_length=60, db_index=True)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    system = models.ForeignKey(
        "systems.System",
        verbose_name=_("system"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    proposed_system_name = models.CharField(
        _("namn på nytt system"),
        max_length=200,
        blank=True,
        help_text=_("Vid inköp av ett nytt system: det namn systemet registreras med."),
    )
    common_kind = models.CharField(_("typ av kommungemensamt system"), max_length=60, blank=True)
    successor_name = models.CharField(
        _("efterträdare"),
        max_length=200,
        blank=True,
        help_text=_(
            "Vid byte av ett kommungemensamt system: det nya systemet som ersätter det "
            "befintliga (G18)."
        ),
    )
    handover_date = models.DateField(
        _("föreslaget överlämningsdatum"),
        null=True,
        blank=True,
        help_text=_("När efterträdaren tar över och det befintliga systemet avvecklas."),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmält av"),
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    reporting_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("anmälande enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    affected_units = models.ManyToManyField(
        OrgUnit, verbose_name=_("berörda förvaltningar"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    series = models.CharField(_("serie"), max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("löpnummer"))
    amount_requested = models.DecimalField(
        _("sökt belopp (kr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("beviljat belopp (kr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "number"], name="one_case_per_registration_number"
            )
        ]
        # the lists' and the API's order by registration number, newest first: a page is read
        # from the index instead of sorting (and joining) every case (issue 18)
        indexes = [models.Index(fields=["year", "number"], name="case_year_number_idx")]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.title}"

    @property
    def registration_number(self) -> str:
        return f"{self.series} {self.year}/{self.number}"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.DECIDED, self.Status.CLOSED}


class CaseStep(GuardedModel):
    """One step of a case's path, as the policy defined it when the case was reported. A
    completed step stays completed (on PostgreSQL also by trigger)."""

    guards = (
        Guard(
            when={"completed_at__isnull": False},
            fields=("completed_at", "completed_by"),
            message=_("Steget är utfört och kan inte återöppnas."),
        ),
    )

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="steps"
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("namn"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordning"))
    performer_roles = models.JSONField(_("utförs av roller"), default=list)
    consultation_group = models.CharField(_("remissinstans"), max_length=40, blank=True)
    when_needed = models.BooleanField(_("vid behov"), default=False)
    needed = models.BooleanField(_("behövs"), null=True, blank=True)
    needed_reason = models.TextField(_("motivering"), blank=True)
    needed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bedömt av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utfört av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("utfört"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    attachment = models.FileField(_("bilaga"), upload_to="cases/%Y/", blank=True)

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["case_id", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="one_step_per_code")]
        # the steps not yet done (the start page's "steps for your roles"): a few thousand of
        # the tens of thousands that ten years of cases leave (issue 18)
        indexes = [
            models.Index(
                fields=["case"],
                condition=models.Q(completed_at__isnull=True),
                name="casestep_open_idx",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    @property
    def is_required(self) -> bool:
        """A "when needed" step blocks the decision only once it is marked needed (G21)."""
        return not self.when_needed or self.needed is True

    @property
    def is_open_required(self) -> bool:
        return self.is_required and not self.is_done

    @property
    def attachment_name(self) -> str:
        """The attachment's file name, without the storage folder."""
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""


class Decision(AppendOnlyModel):
    """A decision on a case. Never changed: a correction is a new decision that ``corrects``
    the earlier one (convention 5)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Bifall")
        REJECTED = "rejected", _("Avslag")
        RETURNED = "returned", _("Återremiss")

    class Body(models.TextChoices):
        STEERING_GROUP = "steering_group", _("IT-styrgruppen")
        MUNICIPAL_DIRECTOR = "municipal_director", _("Kommundirektören")

    # What the case's history records of a decision (``case.decide``, ``case.decision_correct``)
    # and what the API shows of it besides its links.
    AUDITED_FIELDS = (
        "outcome",
        "body",
        "text",
        "conditions",
        "escalation_reason",
        "amount_granted",
        "corrects_id",
        "system_id",
        "minute_item_id",
        "meeting_reference",
        "successor_id",
        "handover_date",
    )
    bounds_past_only = ("decided_at",)  # a decision is not dated ahead (styrsam.core.bounds)

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.PROTECT, related_name="decisions"
    )
    system = models.ForeignKey(
        "systems.System",
        verbose_name=_("system"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(_("beslut"), max_length=10, choices=Outcome.choices)
    text = models.TextField(_("beslutstext"))
    conditions = models.TextField(_("villkor"), blank=True)
    body = models.CharField(_("beslutande organ"), max_length=20, choices=Body.choices)
    escalation_reason = models.TextField(_("skäl för att kommundirektören beslutar"), blank=True)
    amount_granted = models.DecimalField(
        _("beviljat belopp (kr)"), max_digits=12, decimal_places=0, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beslutsdatum"), default=timezone.now, db_index=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("rättar beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    meeting_reference = models.CharField(_("sammanträde och paragraf"), max_length=200, blank=True)
    successor = models.ForeignKey(
        "systems.System",
        verbose_name=_("efterträdare"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="succession_decisions",
        help_text=_("Det nya system som beslutet registrerade för att ersätta systemet (G18)."),
    )
    handover_date = models.DateField(_("överlämningsdatum"), null=True, blank=True)
    minute_item = models.OneToOneField(
        "meetings.MinuteItem",
        verbose_name=_("protokollsparagraf"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_decision",
        help_text=_("Paragrafen i protokollet där gruppen fattade beslutet (G13)."),
    )

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case.registration_number}: {self.get_outcome_display()}"

    @property
    def meeting(self):
        """The meeting whose minutes record the decision (None: not decided in a meeting)."""
        return self.minute_item.meeting if self.minute_item_id else None

    @property
    def body_name(self) -> str:
        """The name of the body that decided, as the active policy calls it (the deciding
        group's name, or the escalation role's), not the stored code's fixed label."""
        return body_name(self.body, self.case.case_type)


def body_name(body: str, case_type: str, policy: Policy | None = None) -> str:
    """The policy's name of ``body`` (a ``Decision.Body`` value) for cases of ``case_type``:
    the normal body is the group (or role) the policy lets decide the type, the escalated one
    the type's escalation role (G29). The enum's label when the policy does not say."""
    policy = policy or get_policy()
    fallback = str(Decision.Body(body).label) if body in Decision.Body.values else body
    if not policy.has_case_type(case_type):
        return fallback
    if body == Decision.Body.MUNICIPAL_DIRECTOR:
        role = policy.escalation_role(case_type)
        return policy.role_name(role) if role else fallback
    group = policy.deciding_group(case_type)
    if group in policy.groups:
        return policy.group(group).name
    decision = policy.case_type(case_type).get("decision") or {}
    role = (decision.get("body") or {}).get("role")
    return policy.role_name(role) if role else fallback


CONSULTATION_CLOSED = _("Remissen är avslutad: svaren kan inte ändras.")


class Consultation(GuardedModel):
    """A consultation (remiss) of a case in a group, e.g. the preparatory group (G14). A closed
    consultation is never reopened nor deleted."""

    guards = (
        Guard(
            when={"closed_at__isnull": False},
            fields=("closed_at", "closed_by"),
            message=CONSULTATION_CLOSED,
        ),
    )

    case = models.ForeignKey(
        Case, verbose_name=_("ärende"), on_delete=models.CASCADE, related_name="consultations"
    )
    step = models.ForeignKey(
        CaseStep, verbose_name=_("steg"), on_delete=models.CASCADE, related_name="consultations"
    )
    group = models.ForeignKey(
        GovernanceGroup, verbose_name=_("remissinstans"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("frågeställning"), blank=True)
    deadline = models.DateField(_("svar senast"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("skickad"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("avslutad av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    early_close_reason = models.TextField(
        _("skäl att avsluta före sista svarsdag"),
        blank=True,
        help_text=_("Krävs när remissen avslutas före sista svarsdag och svar saknas (G14)."),
    )

    class Meta:
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        ordering = ["-opened_at", "-id"]
        # the register's and the API's order: the first page without sorting every
        # consultation (issue 18)
        indexes = [models.Index(fields=["-opened_at", "-id"], name="consultation_opened_idx")]

    def __str__(self) -> str:
        return f"{self.case.registration_number} – {self.group}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ConsultationResponse(GuardedModel):
    """A member's answer to a consultation. ``late`` when answered after the deadline. Frozen
    once the consultation is closed."""

    guards = (
        Guard(
            when={"consultation__closed_at__isnull": False},
            fields=("consultation", "member", "position", "text", "answered_at"),
            message=CONSULTATION_CLOSED,
        ),
    )

    class Position(models.TextChoices):
        SUPPORTS = "supports", _("Tillstyrker")
        OBJECTS = "objects", _("Avstyrker")
        NO_OPINION = "no_opinion", _("Inget att invända / ingen åsikt")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("remiss"), on_delete=models.CASCADE, related_name="responses"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ledamot"), on_delete=models.PROTECT
    )
    position = models.CharField(_("ställningstagande"), max_length=12, choices=Position.choices)
    text = models.TextField(_("remissvar"), blank=True)
    answered_at = models.DateTimeField(_("besvarad"), default=timezone.now)

    class Meta:
        verbose_name = _("remissvar")
        verbose_name_plural = _("remissvar")
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"], name="one_response_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_position_display()}"

    @property
    def late(self) -> bool:
        return timezone.localdate(self.answered_at) > self.consultation.deadline


class Notification(models.Model):
    """An item in a person's inbox (also sent by e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("meddelande"), max_length=500)
    url = models.CharField(_("länk"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("ärende"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    # The item asks the recipient to act on its case (a step, a decision, a consultation):
    # it leaves the inbox once the case is decided or closed; an item that only informs stays.
    asks_action = models.BooleanField(_("väntar på mottagaren"), default=False)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.text
