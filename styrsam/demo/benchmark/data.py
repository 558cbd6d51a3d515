"""The benchmark's municipality (issue 18): the demo municipality (``load_demo``: policy,
groups, personas) plus, in bulk and reproducibly (one seeded ``random.Random``), people in
departments, systems with costs, rented assets, cases with their steps, decisions and
consultations, orders with their approvals and ten years of meetings.

Rows are written with ``bulk_create`` in chunks (no audit entries, no services: this is load
for measuring pages, not governance). Cases, orders and their dependants are copies of the
demo's own rows with new keys, so every status, step and approval is one the policy made."""

from __future__ import annotations

import copy
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from styrsam.cases.models import Case, CaseStep, Consultation, ConsultationResponse, Decision
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import Meeting
from styrsam.organisation.models import Committee, OrgUnit, Profile, RoleAssignment
from styrsam.rental.management.commands.benchmark_rent_run import generate_assets
from styrsam.rental.models import AssetType
from styrsam.servicedesk.models import Order, OrderApproval, OrderStatusChange
from styrsam.systems.management.commands.generate_data import generate_systems

User = get_user_model()
CHUNK = 2000
PREFIX = "bench-"  # usernames and unit codes of generated rows

FIRST = ["Anna", "Lars", "Sara", "Omar", "Elin", "Jonas", "Fatima", "Erik", "Maja", "Ali"]
FIRST += ["Karin", "Nils", "Eva", "Johan", "Lina", "Ahmed", "Ida", "Per", "Sofia", "Mehmet"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson"]
LAST += ["Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hassan", "Lindberg"]
TITLES = ["Handläggare", "Lärare", "Undersköterska", "Ekonom", "Administratör", "Ingenjör"]


@dataclass(frozen=True)
class Scale:
    """How much is added on top of the demo municipality."""

    name: str
    people: int
    departments: int  # in all, the demo's included
    systems: int
    assets: int
    cases: int
    decisions: int
    consultations: int
    orders: int
    meetings: int  # over ten years


SCALES = {
    "small": Scale("small", 300, 14, 60, 300, 40, 30, 8, 60, 12),
    "tenth": Scale("tenth", 6000, 60, 300, 6000, 500, 400, 100, 2000, 20),
    "stockholm2": Scale("stockholm2", 60000, 60, 3000, 60000, 5000, 4000, 1000, 20000, 200),
}


def _copy(obj, **changes):
    """A new, unsaved row with ``obj``'s field values and ``changes``."""
    new = copy.copy(obj)
    new.pk = new.id = None
    new._state = copy.copy(obj._state)
    new._state.adding, new._state.fields_cache = True, {}
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=CHUNK)


def generate(scale: Scale, *, seed: int = 1) -> dict[str, int]:
    """Adds ``scale`` to the demo municipality already loaded; returns what was added."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    added = {}
    departments = _departments(scale, rng)
    people = _people(scale, rng, departments)
    added["personer"] = len(people)
    added["förvaltningar"] = len(departments)
    added["system"] = generate_systems(scale.systems, seed=seed)
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    by_unit: dict[int, list] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    added["hyrd utrustning"] = generate_assets(
        count=scale.assets,
        types=list(AssetType.objects.filter(is_active=True).order_by("pk")),
        departments=departments,
        rng=rng,
        month=month,
        users=by_unit,
    )
    added.update(_cases(scale, rng, people))
    added.update(_orders(scale, rng, departments, by_unit))
    added["möten"] = _meetings(scale, rng)
    return added


def _departments(scale: Scale, rng) -> list[OrgUnit]:
    existing = list(OrgUnit.objects.filter(kind="department", is_active=True).order_by("pk"))
    committees = list(Committee.objects.order_by("pk"))
    new = _bulk(
        OrgUnit,
        [
            OrgUnit(
                code=f"{PREFIX}{n:03d}",
                name=f"Benchmarkförvaltning {n:03d}",
                kind="department",
                committee=rng.choice(committees) if committees else None,
            )
            for n in range(max(0, scale.departments - len(existing)))
        ],
    )
    return existing + new


def _people(scale: Scale, rng, departments) -> list:
    users = _bulk(
        User,
        [
            User(
                username=f"{PREFIX}{n:06d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                email=f"{PREFIX}{n:06d}@example.se",
                password="!",  # noqa: S106 - unusable: nobody signs in as a generated person
            )
            for n in range(scale.people)
        ],
    )
    profiles = _bulk(
        Profile,
        [Profile(user=u, unit=rng.choice(departments), title=rng.choice(TITLES)) for u in users],
    )
    for user, profile in zip(users, profiles, strict=True):
        user.unit_id = profile.unit_id
    # a head for every department that has none (the policy's role that leads a unit)
    lead = get_policy().roles_with("lead_unit")
    if lead:
        led = set(RoleAssignment.objects.filter(role__in=lead).values_list("unit_id", flat=True))
        first = {}
        for user in users:
            first.setdefault(user.unit_id, user)
        _bulk(
            RoleAssignment,
            [
                RoleAssignment(person=first[u.pk], role=lead[0], unit=u)
                for u in departments
                if u.pk not in led and u.pk in first
            ],
        )
    return users


def _cases(scale: Scale, rng, people) -> dict[str, int]:
    """Copies of the demo's cases: first those with a consultation (until ``consultations``),
    then those with a decision (until ``decisions``), then any."""
    templates = list(
        Case.objects.prefetch_related(
            "steps", "decisions", "consultations__responses", "affected_units"
        ).order_by("pk")
    )
    if not templates:
        return {}
    consulted = [t for t in templates if t.consultations.all()] or templates
    decided = [t for t in templates if t.decisions.all()] or templates
    year = timezone.localdate().year
    chosen, consultations, decisions = [], 0, 0
    for n in range(scale.cases):
        if consultations < scale.consultations:
            pool = consulted
        elif decisions < scale.decisions:
            pool = decided
        else:
            pool = templates
        template = pool[n % len(pool)]
        consultations += len(template.consultations.all())
        decisions += len(template.decisions.all())
        chosen.append(template)
    systems = list(_system_ids())
    cases = _bulk(
        Case,
        [
            _copy(
                t,
                title=f"{t.title} ({n + 1})",
                reporter=(person := rng.choice(people)),
                reporting_unit_id=person.unit_id,
                system_id=rng.choice(systems) if t.system_id and systems else t.system_id,
                series=t.series,
                year=year - n % 10,
                number=100000 + n,
            )
            for n, t in enumerate(chosen)
        ],
    )
    steps = _bulk(
        CaseStep,
        [_copy(s, case=c) for c, t in zip(cases, chosen, strict=True) for s in t.steps.all()],
    )
    step_of = {(s.case_id, s.code): s for s in steps}
    now = timezone.now()
    made = _bulk(
        Decision,
        [
            _copy(
                d,
                case=c,
                minute_item=None,
                corrects=None,
                decided_at=now - datetime.timedelta(days=rng.randint(1, 3650)),
            )
            for c, t in zip(cases, chosen, strict=True)
            for d in t.decisions.all()
        ][: scale.decisions],
    )
    opened = []
    for c, t in zip(cases, chosen, strict=True):
        for k in t.consultations.all():
            opened.append((_copy(k, case=c, step=step_of[(c.pk, k.step.code)]), k))
    opened = opened[: scale.consultations]
    consults = _bulk(Consultation, [new for new, _old in opened])
    _bulk(
        ConsultationResponse,
        [
            _copy(r, consultation=new)
            for new, (_same, old) in zip(consults, opened, strict=True)
            for r in old.responses.all()
        ],
    )
    through = Case.affected_units.through
    _bulk(
        through,
        [
            through(case_id=c.pk, orgunit_id=u.pk)
            for c, t in zip(cases, chosen, strict=True)
            for u in t.affected_units.all()
        ],
    )
    return {"ärenden": len(cases), "beslut": len(made), "remisser": len(consults)}


def _system_ids():
    from styrsam.systems.models import System

    return System.objects.order_by("pk").values_list("pk", flat=True)


def _orders(scale: Scale, rng, departments, by_unit) -> dict[str, int]:
    """Copies of the demo's orders (every status, their approvals and status changes), for
    people of every department."""
    templates = list(Order.objects.prefetch_related("approvals", "history").order_by("pk"))
    if not templates:
        return {}
    chosen, rows = [], []
    staffed = [d for d in departments if by_unit.get(d.pk)]
    for n in range(scale.orders):
        template = templates[n % len(templates)]
        department = rng.choice(staffed)
        person = rng.choice(by_unit[department.pk])
        chosen.append(template)
        rows.append(_copy(template, department=department, for_person=person, ordered_by=person))
    orders = _bulk(Order, rows)
    approvals = _bulk(
        OrderApproval,
        [_copy(a, order=o) for o, t in zip(orders, chosen, strict=True) for a in t.approvals.all()],
    )
    _bulk(
        OrderStatusChange,
        [
            _copy(s, order=o, actor=o.ordered_by)
            for o, t in zip(orders, chosen, strict=True)
            for s in t.history.all()
        ],
    )
    return {"beställningar": len(orders), "godkännanden": len(approvals)}


def _meetings(scale: Scale, rng) -> int:
    """``scale.meetings`` held meetings over the past ten years, spread over the groups, each a
    copy of a demo meeting of its group (convener, chair, secretary, place)."""
    templates = {}
    for meeting in Meeting.objects.order_by("pk"):
        templates.setdefault(meeting.group_id, meeting)
    if not templates:
        return 0
    groups = sorted(templates)
    today = timezone.localdate()
    rows = [
        _copy(
            templates[groups[n % len(groups)]],
            date=today - datetime.timedelta(days=rng.randint(30, 3650)),
            status=Meeting.Status.HELD,
            agenda_sent_at=None,
            chair_approved_at=None,
            adjuster_approved_at=None,
            minutes_locked_at=None,
        )
        for n in range(scale.meetings)
    ]
    return len(_bulk(Meeting, rows))
