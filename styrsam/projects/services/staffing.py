"""G11: the IT unit provides staff to the departments' projects. A person is put on a project
with a share of their working week over a period; the capacity view adds the shares per
person and week and flags over 100 % (a warning, not a refusal: the head of the IT unit may
need to over-book for a week and sort it out)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from styrsam.core.audit import audit_record, audited_create
from styrsam.core.errors import Conflict, NotAllowed, ValidationFailed

from .. import access
from ..models import Project, Staffing


def _require_staffer(actor) -> None:
    if actor is not None and not access.staffs_projects(actor):
        raise NotAllowed(
            _("Bara chefen för IT-enheten bemannar projekten med IT-enhetens personal (G11)."),
            code="not_staffer",
            rule="G11",
        )


@transaction.atomic
def staffing_add(
    *,
    actor,
    project: Project,
    person,
    percent: int,
    start: datetime.date,
    end: datetime.date,
    role: str = "",
) -> Staffing:
    _require_staffer(actor)
    if person is None:
        raise ValidationFailed(_("Välj en person."), field="person", rule="G11")
    if percent is None or not (1 <= int(percent) <= 100):
        raise ValidationFailed(_("Andelen är 1–100 % av arbetstiden."), field="percent", rule="G11")
    if start is None or end is None:
        raise ValidationFailed(_("Ange perioden."), field="start", rule="G11")
    if end < start:
        raise ValidationFailed(_("Slutet kan inte ligga före starten."), field="end", rule="G11")
    if project.phase in (Project.Phase.FINISHED, Project.Phase.STOPPED):
        raise Conflict(
            _("Projektet är avslutat eller stoppat och bemannas inte (G11)."),
            code="project_closed",
            rule="G11",
        )
    row = Staffing.objects.create(
        project=project, person=person, percent=percent, start=start, end=end, role=role
    )
    audited_create(actor=actor, action="staffing.create", obj=row, rule="G11")
    return row


@transaction.atomic
def staffing_remove(*, actor, staffing: Staffing) -> None:
    _require_staffer(actor)
    audit_record(
        actor=actor,
        action="staffing.remove",
        obj=staffing.project,
        before={
            "person": staffing.person.get_username(),
            "percent": staffing.percent,
            "start": staffing.start.isoformat(),
            "end": staffing.end.isoformat(),
        },
        rule="G11",
    )
    staffing.delete()
