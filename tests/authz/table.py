"""The authorization table (issue 11 item 10): every write operation of the web UI and the API
× every persona → ONE expected status. Read with docs/decisions/0016-authorization-table.md.

A row (``Op``) names the operation (``ui:<url name>`` or ``api:<operationId>``), the demo
object it acts on and a valid request body, and the outcome as a default rule plus exceptions:

- ``allowed``: the personas for whom the write succeeds (``ok``: 201/200/204 for the API, 302
  for a page that redirects after the write);
- every other logged-in persona gets ``denied`` (403 unless said otherwise);
- ``anonymous`` and ``deactivated`` (is_active=False) get 401 from the API and 302 to the
  login page from a page (the app's login_required); set by code, never per row;
- ``exceptions``: persona → status where the default does not hold (404 outside one's scope,
  409 a workflow conflict, 400 bad input …).

``expand()`` turns the rows into cells. ``pair`` ties a UI row to the API row of the same
operation; paired cells must have the same outcome class (allowed / 403 / 404 / 409).
``NOT_YET_RUN`` lists the write operations that have a place in the table but no request yet:
they are counted and printed, never silently passed (see the decision file).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

# --- personas: who, in the demo municipality (styrsam/demo/organisation.py) -------------------
# name → demo username (None: not logged in). ``deactivated`` and ``employee`` are made by the
# test's fixture: a former IT strategist with is_active=False, and a department employee with
# no role of the guideline.
PERSONAS: dict[str, str | None] = {
    "anonymous": None,
    "deactivated": "avslutad",
    "employee": "anstalld",
    "it_strategist": "anna",
    "municipal_director": "lars",
    "finance_director": "karin",
    "head_of_it_unit": "mats",
    "it_unit_economist": "helena",
    "service_desk": "nina",
    "head_of_department": "ingrid",  # Vård- och omsorgsförvaltningen (vof)
    "department_economist": "tomas",  # vof
    "system_owner": "eva",  # vof, member of the preparatory group
    "other_head_of_department": "maria",  # Barn- och utbildningsförvaltningen (bou)
    "superuser": "admin",
}
NOT_LOGGED_IN = ("anonymous", "deactivated")
EVERYONE = tuple(p for p in PERSONAS if p not in NOT_LOGGED_IN)

OUTCOME_CLASS = {200: "allowed", 201: "allowed", 204: "allowed", 302: "allowed"}


def outcome_class(status: int) -> str:
    return OUTCOME_CLASS.get(status, str(status))


@dataclass(frozen=True)
class Op:
    key: str  # "ui:<namespace:url name>" or "api:<operationId>"
    url: Callable  # objs -> path
    body: Callable  # objs -> dict (form fields or JSON)
    allowed: tuple[str, ...]
    ok: int
    rule: str
    method: str = "post"
    denied: int = 403
    exceptions: dict[str, int] = field(default_factory=dict)
    pair: str | None = None
    multipart: bool = False  # an upload: the API gets multipart/form-data, not JSON

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api:")

    def expected(self, persona: str) -> int:
        if persona in NOT_LOGGED_IN:
            return 401 if self.is_api else 302
        if persona in self.exceptions:
            return self.exceptions[persona]
        return self.ok if persona in self.allowed else self.denied


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _d(days: int = 0) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


# --- the rows --------------------------------------------------------------------------------
# ``o`` is the fixture's namespace of demo objects (tests/authz/test_table.py: Objects).

DECIDE = {"outcome": "approved", "text": "Bifall enligt förslaget."}
DECIDE_FORM = {**DECIDE, "body": "steering_group"}
MEETING = {"date": _d(30), "start_time": "09:00", "place": "Kommunhuset, sal 2"}
# the members of the preparatory group who see its meetings (G14); everyone else gets 404
PREPARATORY_READERS = {"system_owner": 403, "superuser": 403}
CLOSE = {"summary": "Förankrat.", "early_close_reason": "Alla har hörts på mötet."}
ANSWER = {"position": "supports", "text": "Vi tillstyrker."}
# who sees a department's order (G07): the service desk, the IT unit, the coordinator, the
# department's economist and the one who placed it; everyone else gets 404
ORDER_READERS = dict.fromkeys(
    (
        "head_of_it_unit",
        "service_desk",
        "it_strategist",
        "department_economist",
        "system_owner",
        "superuser",
    ),
    403,
)
SYSTEM = {
    "name": "Nytt verksamhetssystem",
    "category": "business",
    "owner_unit": "vof",
    "lifecycle": "in_use",
    "criticality": "normal",
    "financing_principle": "department_own",
}
# G13, G21, G29: the steering group's decision is recorded by the recorder of decisions (the IT
# strategist) or the group's chair (the municipal director); everyone else 403 — also on a case
# that is not ready (role first, workflow after); the superuser is no governance actor.
DECIDERS = ("it_strategist", "municipal_director")

ROWS: list[Op] = [
    # cases: decisions (G13, G21, G29)
    Op(
        "api:v1_cases_decide_create",
        url=lambda o: f"/api/v1/cases/{o.ready_case.pk}/decide/",
        body=lambda o: DECIDE,
        allowed=DECIDERS,
        ok=201,
        rule="G13",
        pair="ui:cases:case_decide",
    ),
    Op(
        "ui:cases:case_decide",
        url=lambda o: f"/arenden/{o.ready_case.pk}/beslut/",
        body=lambda o: DECIDE_FORM,
        allowed=DECIDERS,
        ok=302,
        rule="G13",
    ),
    # a case that is not ready: the deciders get the workflow conflict, everyone else 403
    Op(
        "api:v1_cases_decide_create#not_ready",
        url=lambda o: f"/api/v1/cases/{o.open_case.pk}/decide/",
        body=lambda o: DECIDE,
        allowed=(),
        ok=201,
        rule="G21",
        exceptions=dict.fromkeys(DECIDERS, 409),
        pair="ui:cases:case_decide#not_ready",
    ),
    Op(
        "ui:cases:case_decide#not_ready",
        url=lambda o: f"/arenden/{o.open_case.pk}/beslut/",
        body=lambda o: DECIDE_FORM,
        allowed=(),
        ok=302,
        rule="G21",
        exceptions=dict.fromkeys(DECIDERS, 409),
    ),
    # organisation: memberships (G02, G13–G16) — the coordinator only
    Op(
        "api:v1_memberships_create",
        url=lambda o: "/api/v1/memberships/",
        body=lambda o: {"group": "preparatory", "person": "anstalld", "function": "member"},
        allowed=("it_strategist",),
        ok=201,
        rule="G14",
        pair="ui:organisation:group_detail",
    ),
    Op(
        "ui:organisation:group_detail",
        url=lambda o: "/grupper/preparatory/",
        body=lambda o: {"person": "anstalld", "function": "member"},
        allowed=("it_strategist",),
        ok=302,
        rule="G14",
    ),
    Op(
        "api:v1_memberships_end_create",
        url=lambda o: f"/api/v1/memberships/{o.membership.pk}/end/",
        body=lambda o: {},
        allowed=("it_strategist",),
        ok=200,
        rule="G14",
        pair="ui:organisation:membership_end",
    ),
    Op(
        "ui:organisation:membership_end",
        url=lambda o: f"/medlemskap/{o.membership.pk}/avsluta/",
        body=lambda o: {},
        allowed=("it_strategist",),
        ok=302,
        rule="G14",
    ),
    # organisation: role grants (issue 11 item 1) — the policy's ``grants``; the superuser sets
    # the system up and may grant; a unit-scoped role grants nothing in the default policy
    Op(
        "api:v1_role_assignments_create",
        url=lambda o: "/api/v1/role-assignments/",
        body=lambda o: {"person": "anstalld", "role": "system_manager", "unit": "vof"},
        allowed=("it_strategist", "municipal_director", "superuser"),
        ok=201,
        rule="G02",
        pair="ui:organisation:person_detail",
    ),
    Op(
        "ui:organisation:person_detail",
        url=lambda o: f"/personer/{o.employee.pk}/",
        body=lambda o: {"role": "system_manager", "unit": "vof"},
        allowed=("it_strategist", "municipal_director", "superuser"),
        ok=302,
        rule="G02",
    ),
    # meetings (G13–G16): the group's convener (the IT strategist) plans; nobody else
    Op(
        "api:v1_meetings_create",
        url=lambda o: "/api/v1/meetings/",
        body=lambda o: {"group": "preparatory", **MEETING},
        allowed=("it_strategist",),
        ok=201,
        rule="G14",
        pair="ui:meetings:meeting_plan",
    ),
    Op(
        "ui:meetings:meeting_plan",
        url=lambda o: "/moten/planera/preparatory/",
        body=lambda o: MEETING,
        allowed=("it_strategist",),
        ok=302,
        rule="G14",
    ),
    Op(
        "api:v1_meetings_cancel_create",
        url=lambda o: f"/api/v1/meetings/{o.planned_meeting.pk}/cancel/",
        body=lambda o: {},
        allowed=("it_strategist",),
        ok=200,
        rule="G14",
        denied=404,
        exceptions=PREPARATORY_READERS,
        pair="ui:meetings:meeting_cancel",
    ),
    Op(
        "ui:meetings:meeting_cancel",
        url=lambda o: f"/moten/{o.planned_meeting.pk}/installt/",
        body=lambda o: {},
        allowed=("it_strategist",),
        ok=302,
        rule="G14",
        denied=404,
        exceptions=PREPARATORY_READERS,
    ),
    # systems: register fields (issue 11 item 4, G15, G17) — the coordinator only
    Op(
        "api:v1_systems_partial_update",
        url=lambda o: f"/api/v1/systems/{o.owned_system.pk}/",
        method="patch",
        body=lambda o: {"criticality": "normal"},
        allowed=("it_strategist",),
        ok=200,
        rule="G15",
    ),
    # finance: the department's own IT budget (manage_unit_budget: its economist)
    Op(
        "api:v1_department_budgets_create",
        url=lambda o: "/api/v1/department-budgets/",
        body=lambda o: {
            "department": "vof",
            "year": o.year,
            "source": "own_systems",
            "amount": "1000",
        },
        allowed=("department_economist",),
        ok=201,
        rule="G16",
    ),
    # guideline: policy adoption (G29) — the role the policy names adopts (the director)
    Op(
        "api:v1_policy_versions_adopt_create",
        url=lambda o: f"/api/v1/policy-versions/{o.policy_draft.number}/adopt/",
        body=lambda o: {"effective_date": _d(1), "decision_text": "Fastställs."},
        allowed=("municipal_director",),
        ok=200,
        rule="G29",
        pair="ui:guideline:version_adopt",
    ),
    Op(
        "ui:guideline:version_adopt",
        url=lambda o: f"/riktlinje/version/{o.policy_draft.number}/anta/",
        body=lambda o: {"effective_date": _d(1), "decision_text": "Fastställs."},
        allowed=("municipal_director",),
        ok=302,
        rule="G29",
    ),
    # consultations (G14): the coordinator opens and closes; the asked members answer
    Op(
        "api:v1_consultations_close_create",
        url=lambda o: f"/api/v1/consultations/{o.open_consultation.pk}/close/",
        body=lambda o: CLOSE,
        allowed=("it_strategist",),
        ok=200,
        rule="G14",
        pair="ui:cases:consultation_close",
    ),
    Op(
        "ui:cases:consultation_close",
        url=lambda o: f"/remisser/{o.open_consultation.pk}/avsluta/",
        body=lambda o: CLOSE,
        allowed=("it_strategist",),
        ok=302,
        rule="G14",
    ),
    Op(
        "api:v1_consultations_respond_create",
        url=lambda o: f"/api/v1/consultations/{o.open_consultation.pk}/respond/",
        body=lambda o: ANSWER,
        allowed=("it_strategist", "system_owner"),
        ok=200,
        rule="G14",
        pair="ui:cases:consultation_detail",
    ),
    Op(
        "ui:cases:consultation_detail",
        url=lambda o: f"/remisser/{o.open_consultation.pk}/",
        body=lambda o: ANSWER,
        allowed=("it_strategist", "system_owner"),
        ok=302,
        rule="G14",
    ),
    # role ends (issue 11 item 1): whoever may grant the role ends it
    Op(
        "api:v1_role_assignments_end_create",
        url=lambda o: f"/api/v1/role-assignments/{o.granted_role.pk}/end/",
        body=lambda o: {},
        allowed=("it_strategist", "municipal_director", "superuser"),
        ok=200,
        rule="G02",
        pair="ui:organisation:role_end",
    ),
    Op(
        "ui:organisation:role_end",
        url=lambda o: f"/roller/{o.granted_role.pk}/avsluta/",
        body=lambda o: {},
        allowed=("it_strategist", "municipal_director", "superuser"),
        ok=302,
        rule="G02",
    ),
    # the system register (G17): registers_systems for the own department, or the coordinator
    Op(
        "api:v1_systems_create",
        url=lambda o: "/api/v1/systems/",
        body=lambda o: SYSTEM,
        allowed=("it_strategist", "head_of_department", "system_owner"),
        ok=201,
        rule="G17",
        pair="ui:systems:system_create",
    ),
    Op(
        "ui:systems:system_create",
        url=lambda o: "/system/nytt/",
        body=lambda o: SYSTEM,
        allowed=("it_strategist", "head_of_department", "system_owner"),
        ok=302,
        rule="G17",
    ),
    # orders (G07, issue 11 item 3): the approver of the department answers
    Op(
        "api:v1_orders_approve_create",
        url=lambda o: f"/api/v1/orders/{o.pending_order.pk}/approve/",
        body=lambda o: {"comment": "Godkänd."},
        allowed=("head_of_department",),
        ok=200,
        rule="G07",
        denied=404,
        exceptions=ORDER_READERS,
        pair="ui:servicedesk:order_action",
    ),
    Op(
        "ui:servicedesk:order_action",
        url=lambda o: f"/kundservice/bestallningar/{o.pending_order.pk}/godkann/",
        body=lambda o: {"comment": "Godkänd."},
        allowed=("head_of_department",),
        ok=302,
        rule="G07",
        denied=404,
        exceptions=ORDER_READERS,
    ),
    Op(
        "ui:finance:statement_budget",
        url=lambda o: "/ekonomi/forvaltning/budget/?forvaltning=vof",
        body=lambda o: {"source": "own_systems", "amount": "1000"},
        allowed=("department_economist",),
        ok=302,
        rule="G16",
        # another department's statement is outside her scope (the page is chosen by
        # ?forvaltning=); not paired with the API row, which answers 403 for the same person
        exceptions={"other_head_of_department": 404},
    ),
    # API tokens (issue 16): everyone logged in renews and revokes their own token
    Op(
        "api:v1_auth_token_revoke_create",
        url=lambda o: "/api/v1/auth/token/revoke/",
        body=lambda o: {},
        allowed=EVERYONE,
        ok=204,
        rule="ASVS V8",
        pair="ui:api_token_revoke",
    ),
    Op(
        "ui:api_token_revoke",
        url=lambda o: "/api-token/aterkalla/",
        body=lambda o: {},
        allowed=EVERYONE,
        ok=302,
        rule="ASVS V8",
    ),
    Op(
        "ui:api_token_renew",
        url=lambda o: "/api-token/ny/",
        body=lambda o: {},
        allowed=EVERYONE,
        ok=200,
        rule="ASVS V8",
    ),
    # G15: information to every system owner and representative, sent by the coordinator only
    # (the superuser is no governance actor)
    Op(
        "api:v1_system_messages_create",
        url=lambda o: "/api/v1/system-messages/",
        body=lambda o: {"subject": "Driftstörning", "body": "Planerat avbrott på lördag."},
        allowed=("it_strategist",),
        ok=201,
        rule="G15",
        pair="ui:systems:message_create",
    ),
    Op(
        "ui:systems:message_create",
        url=lambda o: "/system/meddelanden/nytt/",
        body=lambda o: {"subject": "Driftstörning", "body": "Planerat avbrott på lördag."},
        allowed=("it_strategist",),
        ok=302,
        rule="G15",
    ),
    # set-up (issue 21): the committees, by the coordinator or the superuser who sets up
    Op(
        "api:v1_committees_create",
        url=lambda o: "/api/v1/committees/",
        body=lambda o: {"code": "ny-namnd", "name": "Nya nämnden", "is_executive": False},
        allowed=("it_strategist", "superuser"),
        ok=201,
        rule="G01",
        pair="ui:organisation:committee_create",
    ),
    Op(
        "ui:organisation:committee_create",
        url=lambda o: "/organisation/namnd/ny/",
        body=lambda o: {"code": "ny-namnd", "name": "Nya nämnden"},
        allowed=("it_strategist", "superuser"),
        ok=302,
        rule="G01",
    ),
]


def both(
    api: tuple,
    ui: tuple,
    *,
    allowed: tuple[str, ...],
    rule: str,
    api_ok: int = 200,
    ui_ok: int = 302,
    api_method: str = "post",
    **common,
) -> list[Op]:
    """The API row and the UI row of one operation, paired: ``api`` and ``ui`` are
    ``(key, url, body)``; ``denied``, ``exceptions`` and ``multipart`` hold for both."""
    api_key, api_url, api_body = api
    ui_key, ui_url, ui_body = ui
    return [
        Op(api_key, api_url, api_body, allowed, api_ok, rule, api_method, pair=ui_key, **common),
        Op(ui_key, ui_url, ui_body, allowed, ui_ok, rule, **common),
    ]


def _csv(*rows: str) -> bytes:
    return "\n".join(rows).encode()


# set-up (issue 21): committees, units and the import of the organisation — the coordinator,
# or the superuser who sets the system up (``organisation.manage_organisation``)
SET_UP = ("it_strategist", "superuser")
UNIT = {"code": "ny-enhet", "name": "Nya enheten", "kind": "department"}
HR_FILE = _csv("användarnamn;namn;enhet", "ny.person;Ny Person;vof")
ROWS += [
    *both(
        (
            "api:v1_committees_partial_update",
            lambda o: f"/api/v1/committees/{o.committee.pk}/",
            lambda o: {"name": "Nämnden med nytt namn"},
        ),
        (
            "ui:organisation:committee_edit",
            lambda o: f"/organisation/namnd/{o.committee.pk}/",
            lambda o: {"code": o.committee.code, "name": "Nämnden med nytt namn"},
        ),
        allowed=SET_UP,
        rule="G01",
        api_method="patch",
    ),
    *both(
        ("api:v1_org_units_create", lambda o: "/api/v1/org-units/", lambda o: UNIT),
        ("ui:organisation:unit_create", lambda o: "/organisation/enhet/ny/", lambda o: UNIT),
        allowed=SET_UP,
        rule="G01",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_org_units_partial_update",
            lambda o: f"/api/v1/org-units/{o.unit.pk}/",
            lambda o: {"name": "Vård och omsorg"},
        ),
        (
            "ui:organisation:unit_edit",
            lambda o: f"/organisation/enhet/{o.unit.pk}/",
            lambda o: {
                "code": o.unit.code,
                "name": "Vård och omsorg",
                "kind": o.unit.kind,
                "is_active": "on",
            },
        ),
        allowed=SET_UP,
        rule="G01",
        api_method="patch",
    ),
    # the page previews the file (nothing saved until confirmed); the API imports it
    *both(
        (
            "api:v1_organisation_import_create",
            lambda o: "/api/v1/organisation/import/",
            lambda o: {"file": _file("hr.csv", HR_FILE)},
        ),
        (
            "ui:organisation:organisation_import",
            lambda o: "/organisation/importera/",
            lambda o: {"file": _file("hr.csv", HR_FILE)},
        ),
        allowed=SET_UP,
        rule="G01",
        ui_ok=200,
        multipart=True,
    ),
]

# the system register (G15, G17, G20): the coordinator or the system's owner edits, retires and
# costs it; the register fields are the coordinator's alone (issue 11 item 4)
OWNER_OR_COORDINATOR = ("it_strategist", "system_owner")
RECIPIENTS = ("system_owner", "head_of_department", "head_of_it_unit", "other_head_of_department")


def _system_form(system) -> dict:
    return {
        "name": system.name,
        "description": "Beskrivning uppdaterad.",
        "category": system.category,
        "common_kind": system.common_kind,
        "owner_unit": system.owner_unit.code,
        "owner": system.owner.username if system.owner else "",
        "lifecycle": system.lifecycle,
        "criticality": system.criticality,
        "financing_principle": system.financing_principle,
    }


SYSTEMS_FILE = _csv("Namn;Kategori;Ägande förvaltning", "Importerat system;Verksamhetssystem;vof")
ROWS += [
    Op(
        "api:v1_systems_update",
        url=lambda o: f"/api/v1/systems/{o.owned_system.pk}/",
        method="put",
        body=lambda o: {**_system_form(o.owned_system), "common_kind": ""},
        allowed=OWNER_OR_COORDINATOR,
        ok=200,
        rule="G15",
        pair="ui:systems:system_edit",
    ),
    Op(
        "ui:systems:system_edit",
        url=lambda o: f"/system/{o.owned_system.pk}/andra/",
        body=lambda o: _system_form(o.owned_system),
        allowed=OWNER_OR_COORDINATOR,
        ok=302,
        rule="G15",
    ),
    Op(
        "ui:systems:system_retire",
        url=lambda o: f"/system/{o.owned_system.pk}/avveckla/",
        body=lambda o: {},
        allowed=OWNER_OR_COORDINATOR,
        ok=302,
        rule="G15",
    ),
    Op(
        "ui:systems:system_costs",
        url=lambda o: f"/system/{o.owned_system.pk}/kostnader/",
        body=lambda o: {"year": o.year, "licence": "100", "operation": "200", "support": "0"},
        allowed=OWNER_OR_COORDINATOR,
        ok=302,
        rule="G16",
    ),
    Op(
        "ui:systems:platform_connection",
        url=lambda o: f"/system/{o.platform.pk}/anslutningar/",
        body=lambda o: {"unit": "vof", "connected_to_network": "on", "note": "Klart."},
        allowed=("it_strategist", "head_of_it_unit"),
        ok=302,
        rule="G20",
    ),
    Op(
        "ui:systems:system_import",
        url=lambda o: "/system/import/",
        body=lambda o: {"file": _file("system.csv", SYSTEMS_FILE)},
        allowed=("it_strategist",),
        ok=200,
        rule="G17",
    ),
    # G15: a recipient (an owner of a system: the demo's heads own some) marks the message read; the coordinator reads every message (403: not
    # sent to her); the rest do not see it (404)
    *both(
        (
            "api:v1_system_messages_read_create",
            lambda o: f"/api/v1/system-messages/{o.message.pk}/read/",
            lambda o: {},
        ),
        (
            "ui:systems:message_read",
            lambda o: f"/system/meddelanden/{o.message.pk}/last/",
            lambda o: {},
        ),
        allowed=RECIPIENTS,
        rule="G15",
        denied=404,
        exceptions={"it_strategist": 403, "superuser": 403},
    ),
]

# meetings (G13–G16): the group's convener (the IT strategist) runs the preparatory group's
# meeting; its members see it (403), everyone else does not (404)
RUNS_PREPARATORY = {"allowed": ("it_strategist",), "denied": 404, "exceptions": PREPARATORY_READERS}


def _meeting_op(api_action: str, ui_action: str, rule: str = "G14", **outcome) -> list[Op]:
    """A button on the planned meeting of the preparatory group, in the API and on the page."""
    return both(
        (
            f"api:v1_meetings_{api_action.replace('-', '_')}_create",
            lambda o: f"/api/v1/meetings/{o.planned_meeting.pk}/{api_action}/",
            lambda o: {},
        ),
        (
            f"ui:meetings:{ui_action}",
            lambda o: f"/moten/{o.planned_meeting.pk}/{UI_MEETING_PATHS[ui_action]}/",
            lambda o: {},
        ),
        rule=rule,
        **(RUNS_PREPARATORY | outcome),
    )


UI_MEETING_PATHS = {
    "agenda_ready_cases": "hamta-arenden",
    "agenda_send": "skicka",
    "meeting_held": "genomfort",
}
AGENDA_ITEM = {"kind": "free", "title": "Övriga frågor"}
ROWS += [
    *_meeting_op("add-ready-cases", "agenda_ready_cases"),
    *_meeting_op("send", "agenda_send"),
    # a meeting ahead in time is not held yet: the convener gets the workflow conflict
    *_meeting_op(
        "held",
        "meeting_held",
        allowed=(),
        exceptions={**PREPARATORY_READERS, "it_strategist": 409},
    ),
    *both(
        (
            "api:v1_agenda_items_create",
            lambda o: "/api/v1/agenda-items/",
            lambda o: {"meeting": o.planned_meeting.pk, **AGENDA_ITEM},
        ),
        (
            "ui:meetings:agenda_add",
            lambda o: f"/moten/{o.planned_meeting.pk}/punkter/",
            lambda o: AGENDA_ITEM,
        ),
        rule="G14",
        api_ok=201,
        **RUNS_PREPARATORY,
    ),
    # a member of the group reports the status of her department's projects
    Op(
        "ui:meetings:status_report",
        url=lambda o: f"/moten/{o.planned_meeting.pk}/statusrapport/",
        body=lambda o: {"text": "Projekten löper enligt plan."},
        allowed=("it_strategist", "system_owner"),
        ok=302,
        rule="G14",
        denied=404,
        exceptions={"superuser": 403},
    ),
    # everyone renews the key of their own calendar feed
    Op(
        "ui:meetings:calendar_renew",
        url=lambda o: "/kalender/ny-nyckel/",
        body=lambda o: {},
        allowed=EVERYONE,
        ok=302,
        rule="ASVS V8",
    ),
    # G04: the company meetings are recorded by the role the policy names (the IT strategist)
    *both(
        (
            "api:v1_company_meetings_create",
            lambda o: "/api/v1/company-meetings/",
            lambda o: {"company": o.company.code, "date": _d(-10)},
        ),
        (
            "ui:meetings:company_meetings",
            lambda o: "/bolagsmoten/",
            lambda o: {"company": o.company.pk, "date": _d(-10)},
        ),
        allowed=("it_strategist",),
        rule="G04",
        api_ok=201,
    ),
]

# service desk (G07, issue 11 item 3): the catalogue, orders and their answers
ITEM = {"name": "Dockningsstation X1", "kind": "other", "description": "Trådlöst.", "price": "900"}
CATALOGUE = ("it_strategist", "head_of_it_unit", "service_desk", "superuser")
# the departments' own staff order for them; the service desk and the IT unit for every one
ORDERERS = (
    "employee",
    "head_of_department",
    "department_economist",
    "system_owner",
    "service_desk",
    "head_of_it_unit",
    "superuser",
)
# the one who placed the order (the system owner here) or the service desk (the policy's
# ``fulfilled_by``); not the superuser: ending a department's order is an act of its workflow
# (G07) and the system administrator is no governance actor (issue 11 item 1)
CANCELLERS = ("system_owner", "service_desk", "head_of_it_unit")
# on the pending order of the department: the reader personas of ORDER_READERS see it (403)
ON_PENDING_ORDER = {"denied": 404, "exceptions": ORDER_READERS}


def _order_answer(api_action: str, ui_action: str, body: dict, **outcome) -> list[Op]:
    return both(
        (
            f"api:v1_orders_{api_action}_create",
            lambda o: f"/api/v1/orders/{o.pending_order.pk}/{api_action}/",
            lambda o: body,
        ),
        (
            f"ui:servicedesk:order_action#{api_action}",
            lambda o: f"/kundservice/bestallningar/{o.pending_order.pk}/{ui_action}/",
            lambda o: body,
        ),
        rule="G07",
        **(ON_PENDING_ORDER | outcome),
    )


ROWS += [
    *both(
        ("api:v1_catalogue_create", lambda o: "/api/v1/catalogue/", lambda o: ITEM),
        ("ui:servicedesk:item_create", lambda o: "/kundservice/artiklar/ny/", lambda o: ITEM),
        allowed=CATALOGUE,
        rule="G07",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_catalogue_update",
            lambda o: f"/api/v1/catalogue/{o.catalogue_item.pk}/",
            lambda o: ITEM,
        ),
        (
            "ui:servicedesk:item_edit",
            lambda o: f"/kundservice/artiklar/{o.catalogue_item.pk}/",
            lambda o: ITEM,
        ),
        allowed=CATALOGUE,
        rule="G07",
        api_method="put",
    ),
    Op(
        "api:v1_catalogue_partial_update",
        url=lambda o: f"/api/v1/catalogue/{o.catalogue_item.pk}/",
        method="patch",
        body=lambda o: {"price": "950"},
        allowed=CATALOGUE,
        ok=200,
        rule="G07",
    ),
    # one orders for the department one belongs to or holds a role in (vof here)
    *both(
        (
            "api:v1_orders_create",
            lambda o: "/api/v1/orders/",
            lambda o: {"department": "vof", "item": o.catalogue_item.pk, "quantity": 1},
        ),
        (
            "ui:servicedesk:order_create",
            lambda o: f"/kundservice/bestall/{o.catalogue_item.pk}/",
            lambda o: {"department": o.unit.pk, "quantity": 1},
        ),
        allowed=ORDERERS,
        rule="G07",
        api_ok=201,
    ),
    *_order_answer("reject", "avsla", {"comment": "Avslås."}, allowed=("head_of_department",)),
    # the one who placed the order (the system owner), or the service desk (fulfil_orders), cancels
    # it; the approver may not (she answers it)
    *_order_answer(
        "cancel",
        "makulera",
        {"comment": "Behövs inte."},
        allowed=CANCELLERS,
        exceptions={
            **{p: 403 for p in ORDER_READERS if p not in CANCELLERS},
            "head_of_department": 403,
        },
    ),
]

# cases (G03, G13, G21): forwarding a report is the coordinator's; a correction is a new
# decision by the body that decided (the steering group: its recorder or chair)


def _correction(decision, *, form: bool = False) -> dict:
    amount = decision.amount_granted
    return {
        "outcome": decision.outcome,
        "text": "Rättelse: beslutet med rätt formulering.",
        "amount_granted": ("" if form else None) if amount is None else str(amount),
    }


ROWS += [
    *both(
        (
            "api:v1_decisions_correct_create",
            lambda o: f"/api/v1/decisions/{o.decision.pk}/correct/",
            lambda o: _correction(o.decision),
        ),
        (
            "ui:cases:decision_detail",
            lambda o: f"/beslut/{o.decision.pk}/",
            lambda o: _correction(o.decision, form=True),
        ),
        allowed=DECIDERS,
        rule="G13",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_cases_forward_create",
            lambda o: f"/api/v1/cases/{o.open_case.pk}/forward/",
            lambda o: {"groups": [o.preparatory.code], "comment": "För kännedom."},
        ),
        (
            "ui:cases:case_forward",
            lambda o: f"/arenden/{o.open_case.pk}/vidarebefordra/",
            lambda o: {"groups": [o.preparatory.pk], "comment": "För kännedom."},
        ),
        allowed=(),
        rule="G03",
        # the demo's open case has been forwarded already (or its type is not): a conflict
        exceptions={"it_strategist": 409},
    ),
    # one's own inbox: another's notification is not found
    *both(
        (
            "api:v1_notifications_read_create",
            lambda o: f"/api/v1/notifications/{o.notification.pk}/read/",
            lambda o: {},
        ),
        (
            "ui:cases:notification_read",
            lambda o: f"/inkorg/{o.notification.pk}/las/",
            lambda o: {},
        ),
        allowed=("it_strategist",),
        rule="ASVS V8",
        denied=404,
    ),
]

# rental (G08, issue 21): the asset types, by the coordinator or the policy's rental managers
# (not governance acts: the superuser who sets up may)
RENTAL_MANAGERS = (
    "it_strategist",
    "head_of_it_unit",
    "it_unit_economist",
    "service_desk",
    "superuser",
)
ASSET_TYPE = {"code": "surfplatta", "name": "Surfplatta"}
ROWS += [
    *both(
        ("api:v1_asset_types_create", lambda o: "/api/v1/asset-types/", lambda o: ASSET_TYPE),
        (
            "ui:rental:asset_type_create",
            lambda o: "/hyra/utrustningstyper/ny/",
            lambda o: ASSET_TYPE,
        ),
        allowed=RENTAL_MANAGERS,
        rule="G08",
        api_ok=201,
    ),
    *both(
        (
            "api:v1_asset_types_partial_update",
            lambda o: f"/api/v1/asset-types/{o.asset_type.pk}/",
            lambda o: {"name": "Bärbar dator (ny)"},
        ),
        (
            "ui:rental:asset_type_edit",
            lambda o: f"/hyra/utrustningstyper/{o.asset_type.pk}/",
            lambda o: {"code": o.asset_type.code, "name": "Bärbar dator (ny)", "is_active": "on"},
        ),
        allowed=RENTAL_MANAGERS,
        rule="G08",
        api_method="patch",
    ),
]

# Write operations with a place in the table but no request written yet. Each is counted and
# printed by the test run; adding its row above removes it here.
NOT_YET_RUN: set[str] = set()

# Writes that are not an authorization question of the governance: logging in and out, the
# language, the citizens' token pages (the token is the
# permission), the Django admin (its own permission model; governed records read-only there).
EXEMPT: dict[str, str] = {
    "ui:login": "logging in",
    "ui:logout": "logging out",
    "ui:set_language": "the language of the page",
    "api:v1_auth_token_create": "logging in to the API (username and password)",
    "ui:followup:member_page": "a citizen's own token page",
    "ui:followup:member_erase": "a citizen's own token page",
    "ui:followup:unsubscribe": "a citizen's own token page",
    "ui:followup:survey_answer": "a citizen's own token page",
}
ADMIN_PREFIX = "ui:admin:"


def base_key(key: str) -> str:
    """``api:v1_cases_decide_create#not_ready`` → ``api:v1_cases_decide_create``: a row may
    be repeated for a second object state."""
    return key.split("#", 1)[0]


def expand(rows: list[Op] = ROWS) -> list[tuple[Op, str, int]]:
    return [(op, persona, op.expected(persona)) for op in rows for persona in PERSONAS]


from .rows_cases_meetings_documents import ROWS as _CASES_MEETINGS_DOCUMENTS  # noqa: E402

ROWS += _CASES_MEETINGS_DOCUMENTS

from .rows_finance_projects_rental import ROWS as _FINANCE_PROJECTS_RENTAL  # noqa: E402
from .rows_finance_projects_rental import add_objects as add_finance_projects_rental  # noqa: E402, F401

ROWS += _FINANCE_PROJECTS_RENTAL

from .rows_followup import ROWS as _FOLLOWUP, add_objects as add_followup_objects  # noqa: E402, F401, I001

ROWS += _FOLLOWUP
