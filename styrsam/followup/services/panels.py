"""Writes of citizen panels and their members (G31): create a panel, invite members, consent,
unsubscribe, erasure, the register extract (GDPR art. 15) and the retention job.

The audit log never receives a member's e-mail or background data (``PanelMember.__str__`` and
``AUDITED_FIELDS`` leave them out): it is append-only, and an erasure must leave nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create, audited_update, snapshot
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import OrgUnit

from .. import access, mail, tokens
from ..consent import INVITATION_DAYS, add_months, consent_text
from ..models import MemberKey, Panel, PanelMember, Response, Survey
from ..selectors import member_data

MAX_RETENTION_MONTHS = 60
MAX_INVITES = 1000
MAX_DISTRICTS = 50
# Changing these would change what members have consented to (G31): a new panel instead.
CONSENTED_FIELDS = ("purpose", "retention_months", "asks_age_group", "asks_district", "districts")


def require_manages(actor, panel: Panel) -> None:
    if actor is not None and not access.manages_panel(actor, panel):
        raise NotAllowed(
            _("Bara %(role)s eller förvaltningen som driver panelen får göra det (G31).")
            % {"role": get_policy().coordinator_name()},
            code="not_panel_manager",
            rule="G31",
        )


def _clean_districts(districts: Iterable[str], asks: bool) -> list[str]:
    cleaned = list(dict.fromkeys(d.strip() for d in districts if d and d.strip()))
    if len(cleaned) > MAX_DISTRICTS or any(len(d) > 100 for d in cleaned):
        raise ValidationFailed(
            _("Högst %(n)s kommundelar, var och en högst 100 tecken.") % {"n": MAX_DISTRICTS},
            field="districts",
        )
    if asks and len(cleaned) < 2:
        raise ValidationFailed(
            _("Ange minst två kommundelar att välja mellan."), field="districts", rule="G31"
        )
    return cleaned if asks else []


def _validate_panel(values: dict) -> dict:
    if not (values.get("name") or "").strip():
        raise ValidationFailed(_("Ge panelen ett namn."), field="name")
    if not (values.get("purpose") or "").strip():
        raise ValidationFailed(
            _("Ange panelens ändamål: medlemmarna samtycker till det (G31)."),
            field="purpose",
            rule="G31",
        )
    months = values.get("retention_months")
    if not isinstance(months, int) or not 1 <= months <= MAX_RETENTION_MONTHS:
        raise ValidationFailed(
            _("Lagringstiden ska vara 1–%(n)s månader (G31).") % {"n": MAX_RETENTION_MONTHS},
            field="retention_months",
            rule="G31",
        )
    if not (values.get("controller_contact") or "").strip():
        raise ValidationFailed(
            _("Ange vart medlemmarna vänder sig med frågor om sina uppgifter."),
            field="controller_contact",
        )
    values["name"] = values["name"].strip()
    values["purpose"] = values["purpose"].strip()
    values["controller_contact"] = values["controller_contact"].strip()
    values["districts"] = _clean_districts(
        values.get("districts") or [], bool(values.get("asks_district"))
    )
    return values


@transaction.atomic
def panel_create(
    *,
    actor,
    name: str,
    purpose: str,
    retention_months: int,
    controller_contact: str,
    unit: OrgUnit | None = None,
    asks_age_group: bool = False,
    asks_district: bool = False,
    districts: Iterable[str] = (),
) -> Panel:
    if actor is not None and not access.may_create_panel_for(actor, unit):
        raise NotAllowed(
            _("Du får inte starta en medborgarpanel för %(u)s (G31).")
            % {"u": unit.name if unit else _("hela kommunen")},
            code="not_panel_manager",
            field="unit",
            rule="G31",
        )
    values = _validate_panel(
        {
            "name": name,
            "purpose": purpose,
            "retention_months": retention_months,
            "controller_contact": controller_contact,
            "asks_age_group": asks_age_group,
            "asks_district": asks_district,
            "districts": list(districts),
        }
    )
    if Panel.objects.filter(name__iexact=values["name"]).exists():
        raise Conflict(
            _("Det finns redan en panel som heter %(n)s.") % {"n": values["name"]},
            code="name_taken",
            field="name",
        )
    panel = Panel.objects.create(
        unit=unit,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    audited_create(actor=actor, action="panel.create", obj=panel, rule="G31")
    return panel


@transaction.atomic
def panel_update(*, actor, panel: Panel, **changes) -> Panel:
    """Name, contact and whether the panel is active change freely; what members consented to
    (purpose, retention, background data) only while no one has consented (G31)."""
    require_manages(actor, panel)
    unknown = set(changes) - {*CONSENTED_FIELDS, "name", "controller_contact", "is_active"}
    if unknown:
        raise ValidationFailed(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    values = _validate_panel({**snapshot(panel, Panel.AUDITED_FIELDS), **changes})
    consented = [
        name
        for name in CONSENTED_FIELDS
        if name in changes and values[name] != getattr(panel, name)
    ]
    if consented and panel.members.filter(consented_at__isnull=False).exists():
        raise Conflict(
            _(
                "Medlemmarna har samtyckt till panelens ändamål, lagringstid och uppgifter; "
                "de kan inte ändras (G31). Starta en ny panel i stället."
            ),
            code="consent_given",
            field=consented[0],
            rule="G31",
        )
    if "name" in changes and (
        Panel.objects.filter(name__iexact=values["name"]).exclude(pk=panel.pk).exists()
    ):
        raise Conflict(
            _("Det finns redan en panel som heter %(n)s.") % {"n": values["name"]},
            code="name_taken",
            field="name",
        )
    audited_update(
        actor=actor,
        obj=panel,
        action="panel.update",
        changes={name: values[name] for name in changes},
        rule="G31",
    )
    return panel


def _new_key(member: PanelMember, expires: datetime.datetime) -> str:
    token, digest = tokens.new_token()
    MemberKey.objects.create(member=member, token_hash=digest, expires_at=expires)
    return token


def key_expiry(member: PanelMember) -> datetime.datetime:
    """A member's link lives as long as their data does (and at least the invitation time)."""
    end = datetime.datetime.combine(
        member.retain_until + datetime.timedelta(days=1), datetime.time.min
    )
    floor = timezone.now() + datetime.timedelta(days=INVITATION_DAYS)
    return max(timezone.make_aware(end), floor)


@transaction.atomic
def members_invite(*, actor, panel: Panel, emails: Iterable[str]) -> dict[str, int]:
    """Invite people by e-mail to join (G31): each gets a personal link to the consent page.
    Until they consent they take part in nothing, and an unanswered invitation is deleted
    after ``INVITATION_DAYS`` days. Addresses already in the panel are skipped."""
    require_manages(actor, panel)
    if not panel.is_active:
        raise Conflict(_("Panelen är inte aktiv."), code="panel_inactive", rule="G31")
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))
    if not wanted:
        raise ValidationFailed(_("Ange minst en e-postadress."), field="emails")
    if len(wanted) > MAX_INVITES:
        raise ValidationFailed(
            _("Högst %(n)s adresser åt gången.") % {"n": MAX_INVITES}, field="emails"
        )
    invalid = []
    for email in wanted:
        try:
            validate_email(email)
        except ValidationError:
            invalid.append(email)
    if invalid:
        raise ValidationFailed(
            _("Ogiltiga e-postadresser: %(e)s") % {"e": ", ".join(invalid[:10])},
            code="invalid_email",
            field="emails",
        )
    present = set(panel.members.filter(email__in=wanted).values_list("email", flat=True))
    now = timezone.now()
    retain = timezone.localdate() + datetime.timedelta(days=INVITATION_DAYS)
    expires = now + datetime.timedelta(days=INVITATION_DAYS)
    messages = []
    for email in wanted:
        if email in present:
            continue
        try:
            with transaction.atomic():
                member = PanelMember.objects.create(
                    panel=panel, email=email, invited_at=now, retain_until=retain
                )
        except IntegrityError:  # invited at the same moment by someone else
            continue
        messages.append(
            mail.panel_invitation(panel=panel, email=email, key=_new_key(member, expires))
        )
    if messages:
        audit_record(
            actor=actor,
            action="panel_member.invite",
            obj=panel,
            after={"invited": len(messages), "already_members": len(present)},
            rule="G31",
        )
        transaction.on_commit(lambda: mail.send_all(messages))
    return {"invited": len(messages), "skipped": len(present)}


@transaction.atomic
def member_consent(
    *, member: PanelMember, language: str, age_group: str = "", district: str = ""
) -> PanelMember:
    """The member's own explicit consent (G31), on their page: the consent text they read is
    stored with its language and the time; their data is kept ``retention_months`` from now.
    Background data the panel does not ask for is refused."""
    member = PanelMember.objects.select_for_update().select_related("panel").get(pk=member.pk)
    panel = member.panel
    if member.status != PanelMember.Status.INVITED:
        raise Conflict(_("Samtycket är redan lämnat."), code="already_consented", rule="G31")
    if age_group and (not panel.asks_age_group or age_group not in PanelMember.AgeGroup.values):
        raise ValidationFailed(
            _("Panelen frågar inte efter den uppgiften."), field="age_group", rule="G31"
        )
    if district and (not panel.asks_district or district not in panel.districts):
        raise ValidationFailed(
            _("Panelen frågar inte efter den uppgiften."), field="district", rule="G31"
        )
    now = timezone.now()
    audited_update(
        actor=None,
        obj=member,
        action="panel_member.consent",
        changes={
            "status": PanelMember.Status.ACTIVE,
            "age_group": age_group,
            "district": district,
            "consent_text": consent_text(panel, language),
            "consent_language": language,
            "consented_at": now,
            "retain_until": add_months(timezone.localdate(), panel.retention_months),
        },
        rule="G31",
    )
    MemberKey.objects.filter(member=member).update(expires_at=key_expiry(member))
    return member


@transaction.atomic
def member_unsubscribe(*, member: PanelMember) -> PanelMember:
    """One click: no more surveys, and the data is deleted by the next retention run (G31)."""
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    if member.status == PanelMember.Status.UNSUBSCRIBED:
        return member
    audited_update(
        actor=None,
        obj=member,
        action="panel_member.unsubscribe",
        changes={
            "status": PanelMember.Status.UNSUBSCRIBED,
            "unsubscribed_at": timezone.now(),
            "retain_until": timezone.localdate(),
        },
        rule="G31",
    )
    return member


def _erase(members) -> dict[str, int]:
    """Delete the members with everything that is theirs: their keys, invitations and their
    answers to surveys that are not anonymous. Anonymous answers stay: nothing links them."""
    ids = list(members.values_list("pk", flat=True))
    identified = Response.objects.filter(identity__member_id__in=ids)
    responses = identified.count()
    identified.delete()
    deleted = PanelMember.objects.filter(pk__in=ids).delete()[1].get(PanelMember._meta.label, 0)
    return {"members": deleted, "identified_responses": responses}


@transaction.atomic
def member_erase(*, actor, member: PanelMember) -> dict[str, int]:
    """Erasure (GDPR art. 17): by the member on their page (``actor`` None) or by whoever runs
    the panel on request."""
    if actor is not None:
        require_manages(actor, member.panel)
    audit_record(
        actor=actor,
        action="panel_member.erase",
        obj=member,
        before={"panel": member.panel_id, "status": member.status},
        rule="G31",
    )
    return _erase(PanelMember.objects.filter(pk=member.pk))


@transaction.atomic
def member_export(*, actor, member: PanelMember) -> dict:
    """Everything the member has given (GDPR art. 15), for the one who runs the panel to
    send on request; the fetch itself is recorded."""
    require_manages(actor, member.panel)
    audit_record(actor=actor, action="panel_member.export", obj=member, rule="G31")
    return member_data(member)


@transaction.atomic
def purge_panel_data(*, today: datetime.date | None = None) -> dict[str, int]:
    """The retention job (G31): delete members whose time is up (consent period passed,
    unsubscribed, invitation never answered), expired personal links, and close surveys past
    their last day. Safe to run again."""
    today = today or timezone.localdate()
    due = PanelMember.objects.filter(
        Q(retain_until__lt=today) | Q(status=PanelMember.Status.UNSUBSCRIBED)
    )
    per_panel = dict(
        due.values("panel_id").order_by().annotate(n=Count("pk")).values_list("panel_id", "n")
    )
    result = _erase(due)
    for panel in Panel.objects.filter(pk__in=per_panel):
        audit_record(
            actor=None,
            action="panel.purge",
            obj=panel,
            after={"members_deleted": per_panel[panel.pk]},
            rule="G31",
        )
    result["keys"] = MemberKey.objects.filter(expires_at__lt=timezone.now()).delete()[0]
    closing = list(Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=today))
    for survey in closing:
        audited_update(
            actor=None,
            obj=survey,
            action="survey.close",
            changes={"status": Survey.Status.CLOSED, "closed_at": timezone.now()},
            rule="G31",
        )
    result["surveys_closed"] = len(closing)
    return result
