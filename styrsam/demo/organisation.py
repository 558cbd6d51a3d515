"""Exempelkommun's organisation: realistic Swedish names, every role of the guideline filled,
and one visible gap (Räddningstjänsten has no one in the preparatory group) so that the
composition check has something to show."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from styrsam.guideline.policy import get_policy
from styrsam.organisation import services
from styrsam.organisation.models import Membership, Municipality

from .loader import DEMO_PASSWORD, DemoContext
from .vocabulary import c, kommun

User = get_user_model()
START = datetime.date(2024, 1, 1)

COMMITTEES = [
    ("ks", "Kommunstyrelsen", True),
    ("bun", "Barn- och utbildningsnämnden", False),
    ("gvn", "Gymnasie- och vuxenutbildningsnämnden", False),
    ("sn", "Socialnämnden", False),
    ("von", "Vård- och omsorgsnämnden", False),
    ("kfn", "Kultur- och fritidsnämnden", False),
    ("mbn", "Miljö- och byggnadsnämnden", False),
    ("tn", "Tekniska nämnden", False),
    ("amn", "Arbetsmarknadsnämnden", False),
    ("rn", "Räddningsnämnden", False),
]

# code, name, committee, head of department, economist, representative in the preparatory group
DEPARTMENTS = [
    (
        "bou",
        "Barn- och utbildningsförvaltningen",
        "bun",
        ("maria", "Maria", "Johansson"),
        ("per", "Per", "Lund"),
        ("jonas", "Jonas", "Holmgren"),
    ),
    (
        "gvu",
        "Gymnasie- och vuxenutbildningsförvaltningen",
        "gvn",
        ("ola", "Ola", "Strand"),
        ("lena", "Lena", "Forsberg"),
        ("frida", "Frida", "Ahlström"),
    ),
    (
        "soc",
        "Socialförvaltningen",
        "sn",
        ("birgitta", "Birgitta", "Nilsson"),
        ("hanna", "Hanna", "Sjöberg"),
        ("ali", "Ali", "Hassan"),
    ),
    (
        "vof",
        "Vård- och omsorgsförvaltningen",
        "von",
        ("ingrid", "Ingrid", "Karlsson"),
        ("tomas", "Tomas", "Engström"),
        ("eva", "Eva", "Lindberg"),
    ),
    (
        "kof",
        "Kultur- och fritidsförvaltningen",
        "kfn",
        ("gunnar", "Gunnar", "Öberg"),
        ("sara", "Sara", "Björk"),
        ("linnea", "Linnea", "Falk"),
    ),
    (
        "mbf",
        "Miljö- och byggförvaltningen",
        "mbn",
        ("anders", "Anders", "Hedlund"),
        ("camilla", "Camilla", "Nord"),
        ("daniel", "Daniel", "Wallin"),
    ),
    (
        "tef",
        "Tekniska förvaltningen",
        "tn",
        ("peter", "Peter", "Lundgren"),
        ("malin", "Malin", "Hägg"),
        ("oskar", "Oskar", "Blom"),
    ),
    (
        "sff",
        "Service- och fastighetsförvaltningen",
        "tn",
        ("jenny", "Jenny", "Ström"),
        ("magnus", "Magnus", "Berggren"),
        ("elin", "Elin", "Sundqvist"),
    ),
    (
        "amf",
        "Arbetsmarknadsförvaltningen",
        "amn",
        ("fatima", "Fatima", "Ali"),
        ("robert", "Robert", "Lindh"),
        ("emma", "Emma", "Norén"),
    ),
    (
        "sbf",
        "Samhällsbyggnadsförvaltningen",
        "ks",
        ("henrik", "Henrik", "Dahl"),
        ("ulrika", "Ulrika", "Sjödin"),
        ("viktor", "Viktor", "Mattsson"),
    ),
    (
        "klf",
        "Kommunledningsförvaltningen",
        "ks",
        ("annika", "Annika", "Westin"),
        ("kristina", "Kristina", "Eriksson"),
        ("mikael", "Mikael", "Persson"),
    ),
    ("rtj", "Räddningstjänsten", "rn", ("stefan", "Stefan", "Hall"), ("ida", "Ida", "Kvist"), None),
]

STAFF_UNITS = [
    ("it_unit", "IT-enheten"),
    ("communications", "Kommunikationsavdelningen"),
    ("information_office", "Informationskontoret"),
    ("procurement_centre", "Upphandlingscentret"),
    ("business_office", "Näringslivskontoret"),
    ("executive_office", "Kommunstyrelsens kansli"),
]

COMPANIES = [
    ("bostader", "Exempelkommuns Bostäder AB"),
    ("energi", "Exempel Energi AB"),
    ("vatten", "Exempel Vatten och Avfall AB"),
    ("hamn", "Exempel Hamn och Fastighet AB"),
]

# username, first, last, unit, title, municipality-wide roles
CENTRAL_PEOPLE = [
    ("anna", "Anna", "Lindqvist", "executive_office", "IT-strateg", ["it_strategist"]),
    ("lars", "Lars", "Bergström", "executive_office", "Kommundirektör", ["municipal_director"]),
    ("karin", "Karin", "Holm", "executive_office", "Ekonomidirektör", ["finance_director"]),
    (
        "sofia",
        "Sofia",
        "Ek",
        "communications",
        "Kommunikationsdirektör",
        ["communications_director"],
    ),
    ("mats", "Mats", "Nyberg", "it_unit", "IT-chef", ["head_of_it_unit"]),
    ("erik", "Erik", "Sandberg", "executive_office", "Utvecklingsledare", ["development_lead"]),
    ("helena", "Helena", "Wikström", "it_unit", "Ekonom, IT-enheten", ["it_unit_economist"]),
    ("johan", "Johan", "Åberg", "procurement_centre", "Upphandlare", ["procurement_officer"]),
    ("nina", "Nina", "Berg", "it_unit", "Kundservice", ["service_desk"]),
    ("rasmus", "Rasmus", "Lind", "it_unit", "Systemförvaltare", []),
    ("julia", "Julia", "Sten", "information_office", "Webbredaktör", []),
    ("martin", "Martin", "Ek", "business_office", "Näringslivsutvecklare", []),
    ("therese", "Therese", "Nyström", "it_unit", "Systemansvarig", []),
]

DEMO_LOGINS = [
    ("anna", "IT-strateg – samordnar allt, sammankallar grupperna"),
    ("lars", "Kommundirektör – ordförande i IT-styrgruppen"),
    ("karin", "Ekonomidirektör – IT-styrgruppen, Finansieringsgruppen"),
    ("mats", "Chef för IT-enheten"),
    ("ingrid", "Verksamhetschef, Vård- och omsorgsförvaltningen"),
    ("eva", "Systemägare, Vård- och omsorgsförvaltningen (beredningsgruppen)"),
    ("tomas", "Förvaltningsekonom, Vård- och omsorgsförvaltningen"),
    ("nina", "Kundservice, IT-enheten"),
    ("admin", "Administratör (Django admin)"),
]


# the demo's logins by the role they show (another municipality names them from its policy)
LOGIN_ROLES = [
    ("anna", "it_strategist"),
    ("lars", "municipal_director"),
    ("karin", "finance_director"),
    ("mats", "head_of_it_unit"),
    ("ingrid", "head_of_department"),
    ("eva", "system_owner"),
    ("tomas", "department_economist"),
    ("nina", "service_desk"),
]


def logins() -> list[tuple[str, str]]:
    """(username, description) of the demo's logins, in the active demo policy's words."""
    if not kommun().codes:
        return DEMO_LOGINS
    policy = get_policy()
    rows = [(username, policy.role_name(c(role))) for username, role in LOGIN_ROLES]
    return [*rows, ("admin", "Administratör (Django admin)")]


def _person(ctx: DemoContext, username, first, last, unit_code, title):
    user = services.person_create(
        actor=None,
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@{kommun().domain}",
        unit=ctx.units[unit_code],
        title=title,
        password=None,
    )
    ctx.people[username] = user
    return user


def load(ctx: DemoContext) -> None:
    Municipality.objects.create(
        name=kommun().name, organisation_number=kommun().organisation_number
    )
    for code, name, executive in COMMITTEES:
        ctx.committees[code] = services.committee_create(
            actor=None, code=code, name=name, is_executive=executive
        )
    for code, _name in STAFF_UNITS:
        ctx.units[code] = services.org_unit_create(
            actor=None,
            code=c(code),
            name=get_policy().unit_codes()[c(code)],
            kind="staff_unit",
            committee=ctx.committees["ks"],
        )
    for code, name, committee, *_people in DEPARTMENTS:
        ctx.units[code] = services.org_unit_create(
            actor=None, code=code, name=name, kind="department", committee=ctx.committees[committee]
        )
    for code, name in COMPANIES:
        ctx.units[code] = services.org_unit_create(
            actor=None, code=code, name=name, kind="company", committee=ctx.committees["ks"]
        )

    for username, first, last, unit, title, roles in CENTRAL_PEOPLE:
        if roles and kommun().codes:  # another municipality's title: its policy's role name
            title = get_policy().role_name(c(roles[0]))
        user = _person(ctx, username, first, last, unit, title)
        for role in roles:
            services.role_assign(actor=None, person=user, role=c(role), start_date=START)
    services.role_assign(
        actor=None,
        person=ctx.people["therese"],
        role=c("system_manager"),
        unit=ctx.units[c("it_unit")],
        start_date=START,
    )
    services.role_assign(
        actor=None,
        person=ctx.people["rasmus"],
        role=c("system_manager"),
        unit=ctx.units[c("it_unit")],
        start_date=START,
    )

    for code, _name, _committee, head, economist, rep in DEPARTMENTS:
        unit = ctx.units[code]
        u = _person(ctx, head[0], head[1], head[2], code, "Förvaltningschef")
        services.role_assign(
            actor=None, person=u, role=c("head_of_department"), unit=unit, start_date=START
        )
        u = _person(ctx, economist[0], economist[1], economist[2], code, "Förvaltningsekonom")
        services.role_assign(
            actor=None, person=u, role=c("department_economist"), unit=unit, start_date=START
        )
        if rep:
            u = _person(ctx, rep[0], rep[1], rep[2], code, "Verksamhetsutvecklare")
            services.role_assign(
                actor=None, person=u, role=c("system_owner"), unit=unit, start_date=START
            )

    # Who gives which role (the policy's grants, issue 11): the IT strategist gave Helena the
    # service desk role for the summer and ended it; the person page lists both with who did it.
    summer = services.role_assign(
        actor=ctx.people["anna"],
        person=ctx.people["helena"],
        role=c("service_desk"),
        start_date=datetime.date(START.year, 6, 1),
    )
    services.role_end(
        actor=ctx.people["anna"], assignment=summer, end_date=datetime.date(START.year, 8, 31)
    )

    admin = User.objects.create_superuser(
        "admin", f"admin@{kommun().domain}", DEMO_PASSWORD, first_name="Admin", last_name="Istratör"
    )
    ctx.people["admin"] = admin
    # Hash the shared demo password once: hashing it per person would take most of a minute.
    hashed = make_password(DEMO_PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in ctx.people.values()]).update(password=hashed)

    groups = {g.code: g for g in services.groups_sync_from_policy(actor=None)}
    ctx.groups.update(groups)
    add = services.membership_add
    F = Membership.Function
    p = ctx.people

    steering = groups[c("steering")]
    add(actor=None, group=steering, person=p["lars"], function=F.CHAIR, start_date=START)
    add(actor=None, group=steering, person=p["anna"], function=F.CONVENER, start_date=START)
    for username in ("karin", "sofia", "mats", "erik"):
        add(actor=None, group=steering, person=p[username], start_date=START)

    prep = groups[c("preparatory")]
    add(actor=None, group=prep, person=p["anna"], function=F.CHAIR_CONVENER, start_date=START)
    for code, _name, _committee, _head, _economist, rep in DEPARTMENTS:
        if rep:
            add(
                actor=None,
                group=prep,
                person=p[rep[0]],
                represents=ctx.units[code],
                start_date=START,
            )
    add(
        actor=None,
        group=prep,
        person=p["martin"],
        represents=ctx.units[c("business_office")],
        start_date=START,
    )
    add(
        actor=None,
        group=prep,
        person=p["julia"],
        represents=ctx.units[c("information_office")],
        start_date=START,
    )
    add(
        actor=None,
        group=prep,
        person=p["rasmus"],
        represents=ctx.units[c("it_unit")],
        start_date=START,
    )

    owners = groups[c("system_owners")]
    add(actor=None, group=owners, person=p["anna"], function=F.CONVENER, start_date=START)
    add(actor=None, group=owners, person=p["eva"], function=F.CHAIR, start_date=START)
    for username in ("jonas", "ali", "daniel", "mikael"):
        add(actor=None, group=owners, person=p[username], start_date=START)

    financing = groups[c("financing")]
    if financing != steering:
        add(actor=None, group=financing, person=p["anna"], function=F.CONVENER, start_date=START)
        add(actor=None, group=financing, person=p["karin"], function=F.CHAIR, start_date=START)
    # else the steering group has the financing group's duties (Andrakommun): its members join
    add(actor=None, group=financing, person=p["helena"], start_date=START)
    for _code, _name, _committee, _head, economist, _rep in DEPARTMENTS:
        add(actor=None, group=financing, person=p[economist[0]], start_date=START)
