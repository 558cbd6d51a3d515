"""The municipality: committees, org units, people, their roles and the governance groups (G01, G13–G16)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styrsam.core.models import TimeStampedModel


class Municipality(TimeStampedModel):
    """The organisation running this Styrsam installation (one row)."""

    name = models.CharField(_("namn"), max_length=200)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommun")

    def __str__(self) -> str:
        return self.name


class Committee(TimeStampedModel):
    """A political board (nämnd). Sets goals in its mission plan (G01)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200, unique=True)
    is_executive = models.BooleanField(
        _("kommunstyrelsen"), default=False, help_text=_("Kommunens styrelse (KS).")
    )

    AUDITED_FIELDS = ("code", "name", "is_executive")

    class Meta:
        verbose_name = _("nämnd")
        verbose_name_plural = _("nämnder")
        ordering = ["-is_executive", "name"]

    def __str__(self) -> str:
        return self.name


class OrgUnit(TimeStampedModel):
    """A department (förvaltning), wholly-owned company (bolag) or staff unit (G01)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Förvaltning")
        COMPANY = "company", _("Helägt kommunalt bolag")
        STAFF_UNIT = "staff_unit", _("Stabsenhet")

    code = models.SlugField(
        _("kod"),
        max_length=40,
        unique=True,
        help_text=_("Stabil kod, t.ex. it_unit för IT-enheten; policyn hänvisar till den."),
    )
    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, db_index=True)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("nämnd"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    AUDITED_FIELDS = ("code", "name", "kind", "committee", "is_active")

    class Meta:
        verbose_name = _("organisationsenhet")
        verbose_name_plural = _("organisationsenheter")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Profile(TimeStampedModel):
    """A person: a Django user with the unit they work at and their title."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class RoleAssignment(TimeStampedModel):
    """A person holds a role of the policy, for the whole municipality or for one unit."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("roll"), max_length=60, db_index=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("för enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    start_date = models.DateField(_("från"), null=True, blank=True)
    end_date = models.DateField(_("till"), null=True, blank=True)

    AUDITED_FIELDS = ("person", "role", "unit", "start_date", "end_date")

    class Meta:
        verbose_name = _("rolltilldelning")
        verbose_name_plural = _("rolltilldelningar")
        ordering = ["role", "person__last_name"]
        # One active (person, role, unit) is enforced by role_assign: a unique constraint
        # cannot treat a NULL unit as equal on SQLite.
        indexes = [models.Index(fields=["role", "unit"], name="role_unit_idx")]

    def __str__(self) -> str:
        return f"{self.person} – {self.role}" + (f" ({self.unit})" if self.unit_id else "")


class GovernanceGroup(TimeStampedModel):
    """One of the policy's groups (G13–G16). Its composition rules live in the policy."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)

    AUDITED_FIELDS = ("code", "name")

    class Meta:
        verbose_name = _("styrgrupp")
        verbose_name_plural = _("grupper")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's seat in a group, with their function and the unit they represent."""

    class Function(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        CONVENER = "convener", _("Sammankallande")
        CHAIR_CONVENER = "chair_convener", _("Ordförande och sammankallande")
        MEMBER = "member", _("Ledamot")

    # the functions of the chair and of the convener (``is_chair``, ``is_convener``)
    CHAIRS = frozenset({Function.CHAIR, Function.CHAIR_CONVENER})
    CONVENERS = frozenset({Function.CONVENER, Function.CHAIR_CONVENER})

    group = models.ForeignKey(
        GovernanceGroup,
        verbose_name=_("grupp"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    function = models.CharField(
        _("funktion"), max_length=20, choices=Function.choices, default=Function.MEMBER
    )
    represents = models.ForeignKey(
        OrgUnit,
        verbose_name=_("representerar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representations",
    )
    appointed_by_chair_role = models.BooleanField(
        _("utsedd av ordförandens roll"),
        default=False,
        help_text=_("T.ex. ordförande som kommundirektören utsett i sitt ställe (G13)."),
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True)

    AUDITED_FIELDS = (
        "group",
        "person",
        "function",
        "represents",
        "appointed_by_chair_role",
        "start_date",
        "end_date",
    )

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["group", "function", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(end_date__isnull=True),
                name="one_active_membership_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} i {self.group}"

    @property
    def is_chair(self) -> bool:
        return self.function in self.CHAIRS

    @property
    def is_convener(self) -> bool:
        return self.function in self.CONVENERS
