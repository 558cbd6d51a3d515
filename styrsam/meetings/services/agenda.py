"""Agendas (föredragningslistor): the policy's standing items, items added by hand, the cases
ready for the group (G13, G14), order, and sending the agenda with its calendar invitation.

The standing items come from the policy's ``standing_items`` of the group; one about status
reports becomes a status-report item (``status_reports``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from styrsam.cases.selectors import cases_ready_for_group
from styrsam.core.audit import audit_record, audited_create, snapshot
from styrsam.core.errors import Conflict, ValidationFailed
from styrsam.guideline.policy import get_policy
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from ..calendar import meeting_ics, representable
from ..models import AgendaItem, Meeting
from .common import group_rule, require_runs
from .status_reports import is_status_report_item


def _editable(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.PLANNED:
        raise Conflict(
            _("Föredragningslistan kan bara ändras för planerade möten."), code="not_planned"
        )


def _next_order(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_standing_items(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """The policy's standing items for the group, appended to the agenda (called on plan)."""
    gp = get_policy().group(meeting.group.code)
    start = _next_order(meeting)
    items = [
        AgendaItem(
            meeting=meeting,
            order=start + i,
            kind=(
                AgendaItem.Kind.STATUS_REPORTS
                if is_status_report_item(title)
                else AgendaItem.Kind.STANDING
            ),
            title=title,
        )
        for i, title in enumerate(gp.standing_items)
    ]
    AgendaItem.objects.bulk_create(items)
    if items:
        audit_record(
            actor=actor,
            action="agenda.standing_items",
            obj=meeting,
            after={"items": [i.title for i in items]},
            rule=gp.rule,
        )
    return items


@transaction.atomic
def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.FREE,
    description: str = "",
    presenter=None,
    case=None,
) -> AgendaItem:
    """A case item names its case (``case``); a case named on another kind makes it a case
    item. The title defaults to the case's registration number and title."""
    require_runs(actor, meeting)
    _editable(meeting)
    if kind not in AgendaItem.Kind.values:
        raise ValidationFailed(_("Okänd typ av punkt: %(k)s") % {"k": kind}, field="kind")
    if case is not None:
        kind = AgendaItem.Kind.CASE
        title = title.strip() or case.title
        if case.is_final:
            raise Conflict(
                _("Ärendet %(nr)s är redan avgjort.") % {"nr": case.registration_number},
                code="case_final",
                field="case",
            )
        if meeting.agenda_items.filter(case=case).exists():
            raise Conflict(
                _("Ärendet %(nr)s finns redan på föredragningslistan.")
                % {"nr": case.registration_number},
                code="case_on_agenda",
                field="case",
            )
    if kind == AgendaItem.Kind.CASE and case is None:
        raise ValidationFailed(
            _("Välj ärendet för en ärendepunkt."), code="case_required", field="case"
        )
    if not title.strip():
        raise ValidationFailed(_("Ange en rubrik."), field="title")
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        kind=kind,
        title=title.strip(),
        description=description,
        presenter=presenter,
        case=case,
    )
    audited_create(actor=actor, action="agenda.add", obj=item)
    return item


@transaction.atomic
def agenda_add_ready_cases(*, actor, meeting: Meeting) -> list[AgendaItem]:
    """ "Hämta ärenden som är redo": a case item for each case ready for this group (for
    decision or for consultation, ``cases_ready_for_group``) not yet on the agenda (G13, G14).
    Returns the items added (none when every ready case is already there)."""
    require_runs(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _editable(meeting)
    present = set(
        AgendaItem.objects.filter(meeting=meeting, case__isnull=False).values_list(
            "case_id", flat=True
        )
    )
    cases = [c for c in cases_ready_for_group(meeting.group, user=actor) if c.pk not in present]
    start = _next_order(meeting)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=start + i,
            kind=AgendaItem.Kind.CASE,
            title=case.title[:300],
            description=_("För remissvar") if case.for_consultation else _("För beslut"),
            case=case,
        )
        for i, case in enumerate(cases)
    )
    if items:
        audit_record(
            actor=actor,
            action="agenda.ready_cases",
            obj=meeting,
            after={"cases": [c.registration_number for c in cases]},
            rule=group_rule(meeting.group),
        )
    return items


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down")."""
    meeting = item.meeting
    require_runs(actor, meeting)
    _editable(meeting)
    items = list(
        AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("order", "id")
    )
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"}:
        raise ValidationFailed(_("Okänd riktning."), field="direction")
    if other < 0 or other >= len(items):
        return items[index]
    items[index], items[other] = items[other], items[index]
    for order, it in enumerate(items, start=1):
        it.order = order
    AgendaItem.objects.bulk_update(items, ["order"])
    moved = items[other]
    audit_record(
        actor=actor,
        action="agenda.move",
        obj=moved,
        after={"direction": direction, "order": moved.order},
    )
    return moved


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem) -> None:
    require_runs(actor, item.meeting)
    _editable(item.meeting)
    if item.minute_items.exists():
        raise Conflict(_("Punkten finns i protokollet."), code="in_minutes")
    audit_record(actor=actor, action="agenda.remove", obj=item, before=snapshot(item))
    item.delete()


def agenda_recipients(meeting: Meeting) -> list[str]:
    return list(
        Membership.objects.filter(active_q(), group=meeting.group)
        .exclude(person__email="")
        .values_list("person__email", flat=True)
        .order_by("person__email")
    )


@transaction.atomic
def agenda_send(*, actor, meeting: Meeting) -> Meeting:
    """Send the agenda (PDF) and the calendar invitation to the group's members by e-mail."""
    require_runs(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
    _editable(meeting)
    if not meeting.agenda_items.exists():
        raise Conflict(_("Föredragningslistan är tom."), code="agenda_empty")
    from ..documents import agenda_pdf  # typst is loaded when an agenda is sent, not before

    recipients = agenda_recipients(meeting)
    first_time = meeting.agenda_sent_at is None
    meeting.agenda_sent_at = timezone.now()
    meeting.save(update_fields=["agenda_sent_at", "updated_at"])
    subject = _("Kallelse: %(m)s") % {"m": str(meeting)}
    body = _(
        "Välkommen till %(group)s den %(date)s kl. %(time)s, %(place)s.\n\n"
        "Föredragningslistan finns i bilagan och i Styrsam."
    ) % {
        "group": meeting.group.name,
        "date": meeting.date.isoformat(),
        "time": meeting.start_time.strftime("%H:%M"),
        "place": meeting.place or meeting.online_link,
    }
    pdf = agenda_pdf(meeting)
    ics = meeting_ics(meeting) if representable(meeting) else None

    def send():
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=[], bcc=recipients)
        message.attach(f"foredragningslista-{meeting.date}.pdf", pdf, "application/pdf")
        if ics is not None:  # a date no calendar can carry gets no invitation file
            message.attach(f"mote-{meeting.pk}.ics", ics, "text/calendar")
        message.send()

    transaction.on_commit(send)
    audit_record(
        actor=actor,
        action="agenda.send" if first_time else "agenda.resend",
        obj=meeting,
        after={"recipients": len(recipients)},
    )
    return meeting
