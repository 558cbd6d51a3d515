"""Personas and data of the follow-up (G30, G31).

- ``strategist``: the IT strategist, chair and convener of the preparatory group.
- ``eva`` and ``jonas``: preparatory-group members for the care (``vof``) and education
  (``bou``) departments; ``rescue`` is a department with no one in the group.
- ``instrument`` (eBlomlådan shape) and ``maturity`` (1–5): the shipped instruments.
- ``assessment``: this year's open round, every area assigned to vof and bou.
- ``panel`` asks for age group and district; ``member``/``member_key``: a member who has
  consented, with the personal link to their page; ``survey_links``: an anonymous survey sent
  to the panel, with each member's personal link (read from the e-mails)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from styrsam.followup import services
from styrsam.followup.models import PanelMember
from styrsam.organisation.models import GovernanceGroup, Membership
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.vocab import c

INSTRUMENTS = Path(__file__).resolve().parents[2] / "styrsam" / "followup" / "instruments"
LINK = re.compile(r"/medborgare/(panel|enkat|avregistrera)/([A-Za-z0-9_-]{20,})/")


def links_in(message, kind: str) -> list[str]:
    return [token for k, token in LINK.findall(message.body) if k == kind]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def preparatory(policy):
    return GovernanceGroup.objects.get(code=c("preparatory"))


@pytest.fixture
def steering(policy):
    return GovernanceGroup.objects.get(code=c("steering"))


@pytest.fixture
def vof(db):
    return OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")


@pytest.fixture
def bou(db):
    return OrgUnitFactory(code="bou", name="Barn- och utbildningsförvaltningen")


@pytest.fixture
def rescue(db):
    return OrgUnitFactory(code="rtj", name="Räddningstjänsten")


@pytest.fixture
def strategist(it_strategist, preparatory):
    MembershipFactory(
        group=preparatory, person=it_strategist, function=Membership.Function.CHAIR_CONVENER
    )
    return it_strategist


@pytest.fixture
def eva(preparatory, vof):
    user = UserFactory(username="eva", email="eva@exempelkommun.se")
    MembershipFactory(group=preparatory, person=user, represents=vof)
    return user


@pytest.fixture
def jonas(preparatory, bou):
    user = UserFactory(username="jonas", email="jonas@exempelkommun.se")
    MembershipFactory(group=preparatory, person=user, represents=bou)
    return user


def load(name: str, actor=None):
    return services.instrument_load(actor=actor, raw=(INSTRUMENTS / name).read_bytes(), source=name)


@pytest.fixture
def instrument(policy):
    return load("eblomlada.yaml")


@pytest.fixture
def maturity(policy):
    return load("digital_mognad.yaml")


@pytest.fixture
def assessment(strategist, instrument, vof, bou, eva, jonas, today):
    return services.round_open(
        actor=strategist,
        year=today.year,
        instrument=instrument,
        deadline=today + datetime.timedelta(days=14),
        units=[vof, bou],
    )


def answer_all(assignment, user, level_code: str, **extra):
    """Answer every indicator of the assignment with the level ``level_code``."""
    answers = []
    for indicator in assignment.area.indicators.select_related("scale"):
        level = indicator.scale.levels.get(code=level_code)
        answers.append({"indicator": indicator, "level": level, **extra})
    return services.answers_save(actor=user, assignment=assignment, answers=answers)


@pytest.fixture
def panel(strategist):
    return services.panel_create(
        actor=strategist,
        name="Medborgarpanelen",
        purpose="Att förbättra kommunens e-tjänster utifrån invånarnas synpunkter.",
        retention_months=12,
        controller_contact="dataskydd@exempelkommun.se",
        asks_age_group=True,
        asks_district=True,
        districts=["Norr", "Söder"],
    )


def invite(panel, actor, emails, capture, mailoutbox) -> dict[str, str]:
    """Invite ``emails``; returns each address's personal link (from its e-mail)."""
    start = len(mailoutbox)
    with capture(execute=True):
        services.members_invite(actor=actor, panel=panel, emails=emails)
    return {m.to[0]: links_in(m, "panel")[0] for m in mailoutbox[start:]}


def join(panel, actor, email, capture, mailoutbox, **background) -> tuple[PanelMember, str]:
    """A member who was invited and consented; with the link to their own page."""
    key = invite(panel, actor, [email], capture, mailoutbox)[email]
    member = PanelMember.objects.get(panel=panel, email=email)
    services.member_consent(member=member, language="sv", **background)
    member.refresh_from_db()
    return member, key


@pytest.fixture
def member_and_key(panel, strategist, django_capture_on_commit_callbacks, mailoutbox):
    return join(
        panel,
        strategist,
        "medlem@example.se",
        django_capture_on_commit_callbacks,
        mailoutbox,
        age_group="35-44",
        district="Norr",
    )


QUESTIONS = [
    {
        "kind": "single",
        "text": "Hur ofta använder du e-tjänsterna?",
        "required": True,
        "options": ["Varje vecka", "Varje månad", "Sällan"],
    },
    {
        "kind": "multiple",
        "text": "Vilka e-tjänster har du använt?",
        "options": ["Bygglov", "Skola", "Avfall"],
    },
    {
        "kind": "scale",
        "text": "Hur nöjd är du?",
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": "Inte alls",
        "scale_max_label": "Mycket",
    },
    {"kind": "text", "text": "Vad kan bli bättre?"},
]


def make_survey(panel, actor, today, *, anonymous=True, title="E-tjänsterna"):
    return services.survey_create(
        actor=actor,
        panel=panel,
        title=title,
        closes_on=today + datetime.timedelta(days=14),
        anonymous=anonymous,
        questions=QUESTIONS,
    )


def send(survey, actor, capture, mailoutbox) -> dict[str, str]:
    """Send the survey; returns each recipient's survey link (from the e-mails)."""
    start = len(mailoutbox)
    with capture(execute=True):
        services.survey_send(actor=actor, survey=survey)
    return {m.to[0]: links_in(m, "enkat")[0] for m in mailoutbox[start:]}


def form_data(survey, *, scale=4, text="Bättre sökfunktion") -> dict:
    """A complete answer: the first option, two check boxes, the scale and a text."""
    data = {}
    for q in survey.questions.order_by("order").prefetch_related("options"):
        options = list(q.options.all())
        if q.kind == "single":
            data[f"q{q.pk}"] = str(options[0].pk)
        elif q.kind == "multiple":
            data[f"q{q.pk}"] = [str(options[0].pk), str(options[2].pk)]
        elif q.kind == "scale":
            data[f"q{q.pk}"] = str(scale)
        else:
            data[f"q{q.pk}"] = text
    return data
