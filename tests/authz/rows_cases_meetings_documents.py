"""The authorization table's rows for cases (report, steps, consultations), minutes, the policy
file and governing documents (issue 11 item 10; read with tests/authz/table.py).

``add_objects`` puts the demo objects these rows act on on the fixture's namespace: a step of
an open case for each kind of step, a held meeting of the preparatory group whose minutes are
not yet approved, and a draft of the municipality's e-government guideline with an attachment.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from .table import PREPARATORY_READERS, RUNS_PREPARATORY, Op, _d, _file, both

# --- cases (G03, G14, G21) -------------------------------------------------------------------
# A project notification (G03) is reported by the roles the policy names: the departments' heads
# (each for her own department), system owners and economists, and the head of the IT unit; the
# coordinator does not report this type and the superuser, no governance actor, reports nothing.
REPORTERS = (
    "head_of_department",
    "department_economist",
    "system_owner",
    "other_head_of_department",
    "head_of_it_unit",
)
REPORT = {"title": "Digital signering av avtal", "description": "Projekt inom förvaltningen."}
NOTIFICATION = "project_notification"
# the step "IT-enheten kontaktad" (G21): done by the head of the IT unit or the IT strategist
STEP_PERFORMERS = ("it_strategist", "head_of_it_unit")
NEEDED = {"needed": True, "reason": "Ärendet berör flera förvaltningar."}

ROWS: list[Op] = [
    *both(
        (
            "api:v1_cases_create",
            lambda o: "/api/v1/cases/",
            lambda o: {"type": NOTIFICATION, **REPORT},
        ),
        (
            "ui:cases:case_report",
            lambda o: "/arenden/anmal/",
            lambda o: {"case_type": NOTIFICATION, **REPORT},
        ),
        allowed=REPORTERS,
        rule="G03",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_cases_steps_complete_create",
            lambda o: (
                f"/api/v1/cases/{o.performed_step.case_id}/steps/{o.performed_step.code}/complete/"
            ),
            lambda o: {"comment": "Kontaktad."},
        ),
        (
            "ui:cases:step_complete",
            lambda o: f"/arenden/{o.performed_step.case_id}/steg/{o.performed_step.code}/utfort/",
            lambda o: {"comment": "Kontaktad."},
        ),
        allowed=STEP_PERFORMERS,
        rule="G21",
    ),
    # a step already done: its performers get the workflow conflict, everyone else 403 (who may
    # perform it is asked before the step's state, G21)
    *both(
        (
            "api:v1_cases_steps_complete_create#done",
            lambda o: f"/api/v1/cases/{o.done_step.case_id}/steps/{o.done_step.code}/complete/",
            lambda o: {"comment": "Igen."},
        ),
        (
            "ui:cases:step_complete#done",
            lambda o: f"/arenden/{o.done_step.case_id}/steg/{o.done_step.code}/utfort/",
            lambda o: {"comment": "Igen."},
        ),
        allowed=(),
        rule="G21",
        exceptions={"it_strategist": 409},
    ),
    # whether a "when needed" step is needed is the coordinator's judgement (G21)
    *both(
        (
            "api:v1_cases_steps_needed_create",
            lambda o: f"/api/v1/cases/{o.needed_step.case_id}/steps/{o.needed_step.code}/needed/",
            lambda o: NEEDED,
        ),
        (
            "ui:cases:step_needed",
            lambda o: f"/arenden/{o.needed_step.case_id}/steg/{o.needed_step.code}/behov/",
            lambda o: {"needed": "1", "reason": NEEDED["reason"]},
        ),
        allowed=("it_strategist",),
        rule="G21",
    ),
    # the coordinator sends a case on consultation to the group its step names (G14)
    *both(
        (
            "api:v1_cases_consultations_create",
            lambda o: f"/api/v1/cases/{o.consultation_step.case_id}/consultations/",
            lambda o: {
                "step": o.consultation_step.code,
                "deadline": _d(14),
                "question": "Synpunkter?",
            },
        ),
        (
            "ui:cases:consultation_open",
            lambda o: (
                f"/arenden/{o.consultation_step.case_id}/steg/{o.consultation_step.code}/remiss/"
            ),
            lambda o: {"deadline": _d(14), "question": "Synpunkter?"},
        ),
        allowed=("it_strategist",),
        rule="G14",
        api_ok=201,
    ),
]

# --- minutes (G13–G16): the convener writes them; the chair and the adjuster approve ---------
# The held meeting of the preparatory group (add_objects): its chair is the IT strategist, its
# adjuster the system owner; its members see it (403), everyone else does not (404).
MINUTE = {"title": "Information om e-tjänsteplattformen", "text": "Föredrogs."}
APPROVERS = ("it_strategist", "system_owner")

ROWS += [
    *both(
        (
            "api:v1_minute_items_create",
            lambda o: "/api/v1/minute-items/",
            lambda o: {"meeting": o.minutes_meeting.pk, **MINUTE},
        ),
        (
            "ui:meetings:minute_add",
            lambda o: f"/moten/{o.minutes_meeting.pk}/paragrafer/",
            lambda o: MINUTE,
        ),
        rule="G14",
        api_ok=201,
        **RUNS_PREPARATORY,
    ),
    *both(
        (
            "api:v1_minute_items_update",
            lambda o: f"/api/v1/minute-items/{o.minute.pk}/",
            lambda o: {**MINUTE, "decision": "Informationen noteras."},
        ),
        (
            "ui:meetings:minute_edit",
            lambda o: f"/moten/{o.minutes_meeting.pk}/paragrafer/{o.minute.pk}/",
            lambda o: {**MINUTE, "decision": "Informationen noteras."},
        ),
        rule="G14",
        api_method="put",
        **RUNS_PREPARATORY,
    ),
    # a § of approved (justerade) minutes is locked for ever: the convener gets the conflict on
    # the page as in the API (G13)
    *both(
        (
            "api:v1_minute_items_partial_update#locked",
            lambda o: f"/api/v1/minute-items/{o.locked_minute.pk}/",
            lambda o: {"title": "Ändrad rubrik"},
        ),
        (
            "ui:meetings:minute_edit#locked",
            lambda o: f"/moten/{o.locked_minute.meeting_id}/paragrafer/{o.locked_minute.pk}/",
            lambda o: {"title": "Ändrad rubrik", "text": "", "decision": ""},
        ),
        allowed=(),
        rule="G13",
        api_method="patch",
        denied=404,
        exceptions={**PREPARATORY_READERS, "it_strategist": 409},
    ),
    Op(
        "api:v1_minute_items_partial_update",
        url=lambda o: f"/api/v1/minute-items/{o.minute.pk}/",
        method="patch",
        body=lambda o: {"text": "Föredrogs av IT-strategen."},
        allowed=("it_strategist",),
        ok=200,
        rule="G14",
        denied=404,
        exceptions=PREPARATORY_READERS,
    ),
    Op(
        "ui:meetings:adjuster",
        url=lambda o: f"/moten/{o.minutes_meeting.pk}/justerare/",
        body=lambda o: {"adjuster": str(o.other_member.pk)},
        rule="G14",
        ok=302,
        **RUNS_PREPARATORY,
    ),
    Op(
        "ui:meetings:attendance",
        url=lambda o: f"/moten/{o.minutes_meeting.pk}/narvaro/",
        body=lambda o: {"present": [str(o.other_member.pk)]},
        rule="G14",
        ok=302,
        **RUNS_PREPARATORY,
    ),
    Op(
        "ui:meetings:agenda_move",
        url=lambda o: f"/moten/{o.planned_meeting.pk}/punkter/{o.second_agenda_item.pk}/up/",
        body=lambda o: {},
        rule="G14",
        ok=302,
        **RUNS_PREPARATORY,
    ),
    # the chair and the adjuster each approve (justerar) the minutes of a held meeting
    *both(
        (
            "api:v1_meetings_approve_create",
            lambda o: f"/api/v1/meetings/{o.minutes_meeting.pk}/approve/",
            lambda o: {},
        ),
        (
            "ui:meetings:minutes_approve",
            lambda o: f"/moten/{o.minutes_meeting.pk}/justera/",
            lambda o: {},
        ),
        allowed=APPROVERS,
        rule="G14",
        denied=404,
        exceptions={"superuser": 403},
    ),
    # a meeting not yet held: its chair gets the workflow conflict; a member who does not approve
    # is refused (403) before the meeting's state is told (role before state)
    *both(
        (
            "api:v1_meetings_approve_create#not_held",
            lambda o: f"/api/v1/meetings/{o.planned_meeting.pk}/approve/",
            lambda o: {},
        ),
        (
            "ui:meetings:minutes_approve#not_held",
            lambda o: f"/moten/{o.planned_meeting.pk}/justera/",
            lambda o: {},
        ),
        allowed=(),
        rule="G14",
        denied=404,
        exceptions={**PREPARATORY_READERS, "it_strategist": 409},
    ),
]

# --- the policy file (G29): the coordinator loads a draft; the director adopts it -------------


def _policy_text() -> str:
    path = settings.BASE_DIR / "guideline" / "default_policy.yaml"
    return path.read_text(encoding="utf-8") + "\n# Utkast: nya formuleringar (G29).\n"


ROWS += [
    *both(
        (
            "api:v1_policy_versions_create",
            lambda o: "/api/v1/policy-versions/",
            lambda o: {"text": _policy_text(), "source": "riktlinje.yaml"},
        ),
        (
            "ui:guideline:policy",
            lambda o: "/riktlinje/",
            lambda o: {"file": _file("riktlinje.yaml", _policy_text().encode())},
        ),
        allowed=("it_strategist",),
        rule="G29",
        api_ok=201,
    ),
]

# --- governing documents (G12, G13, G14, G28, G29) -------------------------------------------
# The drafting role (the IT strategist) writes; the document's owner (here the system owner)
# edits its details; the adopting role (the municipal director) adopts and repeals; the
# communications roles publish (none of the personas: every persona 403). Every member of staff
# reads the documents, so nobody gets 404.
DRAFTER = ("it_strategist",)
ADOPTER = ("municipal_director",)
NEW_DOCUMENT = {"kind": "anvisning", "title": "Anvisning för e-post", "text": "# E-post\n"}
ATTACHMENT = b"Bilaga till riktlinjen.\n"


def _version(o, version, action: str) -> str:
    return f"/api/v1/documents/{version.document_id}/versions/{version.number}/{action}/"


def _page(o, version, action: str) -> str:
    return f"/styrdokument/{version.document_id}/v/{version.number}/{action}/"


ROWS += [
    *both(
        (
            "api:v1_documents_create",
            lambda o: "/api/v1/documents/",
            lambda o: {**NEW_DOCUMENT, "owner": o.drafter.pk},
        ),
        (
            "ui:documents:document_create",
            lambda o: "/styrdokument/nytt/",
            lambda o: {**NEW_DOCUMENT, "owner": o.drafter.pk},
        ),
        allowed=DRAFTER,
        rule="G13",
        api_ok=201,
    ),
    # the owner or the drafting role edits the details
    *both(
        (
            "api:v1_documents_partial_update",
            lambda o: f"/api/v1/documents/{o.draft.document_id}/",
            lambda o: {"title": "Riktlinje för e-förvaltning och IT (utkast)"},
        ),
        (
            "ui:documents:document_edit",
            lambda o: f"/styrdokument/{o.draft.document_id}/uppgifter/",
            lambda o: {
                "title": "Riktlinje för e-förvaltning och IT (utkast)",
                "kind": o.draft.document.kind,
                "owner": o.draft.document.owner_id,
                "is_policy_guideline": "on",
            },
        ),
        allowed=("it_strategist", "system_owner"),
        rule="G28",
        api_method="patch",
    ),
    *both(
        (
            "api:v1_documents_versions_text_create",
            lambda o: _version(o, o.draft, "text"),
            lambda o: {"text": "# Riktlinje\n\nNy text.\n", "change_note": "Språket."},
        ),
        (
            "ui:documents:version_text",
            lambda o: _page(o, o.draft, "text"),
            lambda o: {"text": "# Riktlinje\n\nNy text.\n", "change_note": "Språket."},
        ),
        allowed=DRAFTER,
        rule="G28",
    ),
    # while the preparatory group reads a version, its text does not change (G14)
    *both(
        (
            "api:v1_documents_versions_text_create#consultation_open",
            lambda o: _version(o, o.on_consultation, "text"),
            lambda o: {"text": "# Regel\n\nÄndrad under remissen.\n"},
        ),
        (
            "ui:documents:version_text#consultation_open",
            lambda o: _page(o, o.on_consultation, "text"),
            lambda o: {"text": "# Regel\n\nÄndrad under remissen.\n"},
        ),
        allowed=(),
        rule="G14",
        exceptions={"it_strategist": 409},
    ),
    *both(
        (
            "api:v1_documents_versions_policy_draft_create",
            lambda o: _version(o, o.draft, "policy-draft"),
            lambda o: {"policy_version": o.policy_draft.number},
        ),
        (
            "ui:documents:version_policy",
            lambda o: _page(o, o.draft, "policyfil"),
            lambda o: {"policy_version": o.policy_draft.pk},
        ),
        allowed=DRAFTER,
        rule="G29",
    ),
    *both(
        (
            "api:v1_documents_versions_attachments_create",
            lambda o: _version(o, o.draft, "attachments"),
            lambda o: {"file": _file("bilaga.txt", ATTACHMENT)},
        ),
        (
            "ui:documents:attachment_add",
            lambda o: _page(o, o.draft, "bilagor"),
            lambda o: {"file": _file("bilaga.txt", ATTACHMENT)},
        ),
        allowed=DRAFTER,
        rule="G28",
        api_ok=201,
        multipart=True,
    ),
    Op(
        "ui:documents:attachment_remove",
        url=lambda o: f"{_page(o, o.draft, 'bilagor')}{o.attachment.pk}/ta-bort/",
        body=lambda o: {},
        allowed=DRAFTER,
        ok=302,
        rule="G28",
    ),
    *both(
        (
            "api:v1_documents_versions_consult_create",
            lambda o: _version(o, o.draft, "consult"),
            lambda o: {"deadline": _d(14), "question": "Synpunkter på utkastet?"},
        ),
        (
            "ui:documents:version_consult",
            lambda o: _page(o, o.draft, "remiss"),
            lambda o: {"deadline": _d(14), "question": "Synpunkter på utkastet?"},
        ),
        allowed=DRAFTER,
        rule="G14",
    ),
    # a new version of a document whose versions are all adopted
    *both(
        (
            "api:v1_documents_new_version_create",
            lambda o: f"/api/v1/documents/{o.adopted.document_id}/new-version/",
            lambda o: {"change_note": "Revidering."},
        ),
        (
            "ui:documents:version_create",
            lambda o: f"/styrdokument/{o.adopted.document_id}/ny-version/",
            lambda o: {"change_note": "Revidering."},
        ),
        allowed=DRAFTER,
        rule="G28",
        api_ok=201,
    ),
    # adoption after the consultation has closed (G14, G29)
    *both(
        (
            "api:v1_documents_versions_adopt_create",
            lambda o: _version(o, o.consulted, "adopt"),
            lambda o: {"effective_date": _d(1)},
        ),
        (
            "ui:documents:version_adopt",
            lambda o: _page(o, o.consulted, "faststall"),
            lambda o: {"effective_date": _d(1)},
        ),
        allowed=ADOPTER,
        rule="G29",
    ),
    *both(
        (
            "api:v1_documents_versions_repeal_create",
            lambda o: _version(o, o.adopted, "repeal"),
            lambda o: {},
        ),
        (
            "ui:documents:version_repeal",
            lambda o: _page(o, o.adopted, "upphav"),
            lambda o: {},
        ),
        allowed=ADOPTER,
        rule="G29",
    ),
    # publishing is the communications roles' (G12): none of the personas holds one
    *both(
        (
            "api:v1_documents_versions_publish_create",
            lambda o: _version(o, o.consulted, "publish"),
            lambda o: {"channel": "intranet"},
        ),
        (
            "ui:documents:version_publish",
            lambda o: _page(o, o.consulted, "publicera"),
            lambda o: {"channel": "intranet"},
        ),
        allowed=(),
        rule="G12",
    ),
]


def add_objects(objs, ctx, people) -> None:
    """The objects the rows above act on, on ``objs``."""
    from django.utils import timezone

    from styrsam.cases.models import Case, CaseStep
    from styrsam.cases.services import case_report
    from styrsam.documents import attachments
    from styrsam.documents import services as documents
    from styrsam.documents.models import DocumentVersion
    from styrsam.meetings import services as meetings
    from styrsam.meetings.models import AgendaItem, Meeting, MinuteItem
    from styrsam.organisation.models import Membership
    from styrsam.organisation.roles import active_q

    Status = DocumentVersion.Status
    anna, eva = people["anna"], people["eva"]
    today = timezone.localdate()
    open_steps = CaseStep.objects.filter(
        case__status=Case.Status.OPEN, completed_at__isnull=True
    ).order_by("case_id", "position")
    objs.performed_step = next(
        (
            s
            for s in open_steps.filter(consultation_group="", when_needed=False)
            if set(s.performer_roles) == {"head_of_it_unit", "it_strategist"}
        ),
        None,
    )
    done_steps = CaseStep.objects.filter(
        case__status=Case.Status.OPEN, completed_at__isnull=False, consultation_group=""
    ).order_by("case_id", "position")
    objs.done_step = next((s for s in done_steps if s.performer_roles == ["it_strategist"]), None)
    objs.needed_step = open_steps.filter(
        when_needed=True, needed__isnull=True, consultation_group=""
    ).first()
    # a proposal of a governing document, reported by the coordinator: its one step is the
    # consultation of the preparatory group (G14, G28)
    proposal = case_report(
        actor=anna, case_type="governing_document", title="Förslag: regel för molntjänster"
    )
    objs.consultation_step = proposal.steps.exclude(consultation_group="").first()

    # a held meeting of the preparatory group whose minutes are written, not yet approved
    preparatory = objs.preparatory
    objs.minutes_meeting = Meeting.objects.create(
        group=preparatory,
        date=today - datetime.timedelta(days=2),
        start_time=datetime.time(9),
        place="Kommunhuset, sal 2",
        status=Meeting.Status.HELD,
        convener=anna,
        chair=anna,
        adjuster=eva,
    )
    objs.minute = meetings.minute_item_add(
        actor=None, meeting=objs.minutes_meeting, title="Mötets öppnande"
    )
    objs.locked_minute = (
        MinuteItem.objects.filter(meeting__group=preparatory, locked=True).order_by("-pk").first()
    )
    objs.other_member = (
        Membership.objects.filter(active_q(), group=preparatory)
        .exclude(person__in=[anna, eva])
        .order_by("pk")
        .first()
        .person
    )
    objs.second_agenda_item = (
        AgendaItem.objects.filter(meeting=objs.planned_meeting).order_by("order", "id")[1:2].get()
    )

    # governing documents: a draft of the e-government guideline (owned by the system owner)
    # with an attachment, a version whose consultation has closed, and an adopted version
    objs.drafter = anna
    guideline = documents.document_create(
        actor=anna,
        kind="riktlinje",
        title="Riktlinje för e-förvaltning och IT",
        owner=eva,
        text="# Riktlinje\n\nUtkast.\n",
        is_policy_guideline=True,
    )
    objs.draft = guideline.versions.get()
    objs.attachment = attachments.attachment_add(
        actor=anna, version=objs.draft, file=_file("underlag.txt", ATTACHMENT)
    )
    objs.consulted = (
        DocumentVersion.objects.filter(
            status=DocumentVersion.Status.CONSULTATION, consultation__closed_at__isnull=False
        )
        .order_by("pk")
        .first()
    )
    objs.on_consultation = (
        DocumentVersion.objects.filter(
            status=Status.CONSULTATION, consultation__closed_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    objs.adopted = (
        DocumentVersion.objects.filter(status__in=(Status.ADOPTED, Status.PUBLISHED))
        .exclude(document__versions__status__in=DocumentVersion.WORKING_STATUSES)
        .order_by("-pk")
        .first()
    )
