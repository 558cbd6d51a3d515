"""Exempelkommun's meetings: last year's and this year's meetings of the four groups with
agendas, attendance, approved (locked) minutes with decisions, the preparatory group's status
reports, and the IT strategist's company meetings — Exempel Hamn och Fastighet AB not yet met
this year (G04). The steering group is visibly at risk: 6 held + 3 planned < 10 (G13). The
steering group's case decisions handed over by demo.cases are recorded through the cases
service from a § of this year's last held meetings (agenda item + § + decision linked).

Written with bulk_create (the demo must load in seconds); the rows are the same the services
would write."""

from __future__ import annotations

import datetime

from django.utils import timezone

from styrsam.cases.services import case_decide
from styrsam.cases.services.notifications import mail_suppressed
from styrsam.core.models import Sequence
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import (
    AgendaItem,
    Attendance,
    CompanyMeeting,
    Meeting,
    MinuteItem,
    ProjectStatus,
    StatusReport,
)
from styrsam.meetings.services import is_status_report_item
from styrsam.organisation.models import Membership
from styrsam.organisation.roles import active_q

from .loader import DemoContext
from .vocabulary import c

# group: (held last year, held this year, planned this year)
PLAN = {
    "steering": (11, 6, 3),
    "preparatory": (11, 9, 2),
    "system_owners": (4, 3, 1),
    "financing": (5, 4, 1),
}
PLACES = {
    "steering": "Stadshuset, KS-salen",
    "preparatory": "Stadshuset, sal Ekan",
    "system_owners": "IT-enheten, konferensrummet",
    "financing": "Stadshuset, sal Linden",
}
FREE_ITEMS = {
    "steering": [
        (
            "free",
            "Upphandling av nytt e-arkiv",
            "Bifalls. IT-strategen får i uppdrag att starta upphandlingen.",
        ),
        (
            "free",
            "Utvecklingsplan för IT-plattformen",
            "Planen godkänns och lämnas till kommundirektören.",
        ),
    ],
    "preparatory": [
        (
            "free",
            "Remiss: riktlinje för informationssäkerhet",
            "Beredningsgruppen tillstyrker med synpunkter.",
        ),
    ],
    "system_owners": [
        (
            "free",
            "PÅ-modellen: förvaltningsplaner",
            "Systemägarna lämnar förvaltningsplaner senast 1 mars.",
        ),
    ],
    "financing": [],
}
PROJECTS = [
    ("E-tjänst för ansökan", "green"),
    ("Nytt verksamhetssystem", "yellow"),
    ("Digital signering", "red"),
]


def _dates(year: int, count: int, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """``count`` weekdays spread evenly from ``first`` to ``last``."""
    if count == 0:
        return []
    span = (last - first).days
    step = span / max(count - 1, 1)
    dates = []
    for i in range(count):
        day = first + datetime.timedelta(days=round(i * step))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        dates.append(day)
    return dates


def _plan(policy) -> dict[str, tuple[int, int, int]]:
    """PLAN in the active policy's group codes. Groups the policy merged (Andrakommun's steering
    group has the financing group's duties) meet as one; a group that meets less often than
    Exempelkommun's meets within its own range, this year again visibly at risk (G13)."""
    plan = {}
    for word, (held_last, held_now, planned_now) in PLAN.items():
        code = c(word)
        if code in plan:
            continue
        group = policy.group(code)
        if held_last > group.meetings_max:
            held_last = group.meetings_max - 1
            held_now, planned_now = max(group.meetings_min - 4, 1), 2
        plan[code] = (held_last, held_now, planned_now)
    return plan


def _by_code(table: dict) -> dict:
    """A table keyed by the demo's group words, in the policy's codes (merged groups' lists
    joined, the first place kept)."""
    out: dict = {}
    for word, value in table.items():
        code = c(word)
        if isinstance(value, list):
            out[code] = out.get(code, []) + value
        else:
            out.setdefault(code, value)
    return out


def load(ctx: DemoContext) -> None:
    policy = get_policy()
    today = timezone.localdate()
    year = today.year
    anna = ctx.people["anna"]
    rows: list[tuple[Meeting, list]] = []
    members_of: dict[str, list[Membership]] = {}
    places, free_items = _by_code(PLACES), _by_code(FREE_ITEMS)
    rent_group = policy.rent_decided_by_group()
    for code, (held_last, held_now, planned_now) in _plan(policy).items():
        group = ctx.groups[code]
        members = list(
            Membership.objects.filter(active_q(), group=group).select_related(
                "person", "represents"
            )
        )
        members_of[code] = members
        chair = next((m.person for m in members if m.is_chair), None)
        adjuster = next(m.person for m in members if not m.is_chair and not m.is_convener)
        schedule = [
            (d, Meeting.Status.HELD)
            for d in _dates(
                year - 1, held_last, datetime.date(year - 1, 1, 20), datetime.date(year - 1, 12, 10)
            )
        ]
        schedule += [
            (d, Meeting.Status.HELD)
            for d in _dates(
                year, held_now, datetime.date(year, 1, 20), today - datetime.timedelta(days=10)
            )
        ]
        schedule += [
            (d, Meeting.Status.PLANNED)
            for d in _dates(
                year,
                planned_now,
                today + datetime.timedelta(days=4),
                today + datetime.timedelta(days=4 + 7 * max(planned_now - 1, 0)),
            )
        ]
        for date, status in schedule:
            held = status == Meeting.Status.HELD
            locked_at = timezone.make_aware(
                datetime.datetime.combine(date + datetime.timedelta(days=7), datetime.time(12))
            )
            rows.append(
                (
                    Meeting(
                        group=group,
                        date=date,
                        start_time=datetime.time(9, 0),
                        end_time=datetime.time(11, 0),
                        place=places[code],
                        status=status,
                        convener=anna,
                        chair=chair,
                        secretary=ctx.people["erik"] if code == c("steering") else None,
                        adjuster=adjuster if held else None,
                        agenda_sent_at=locked_at - datetime.timedelta(days=14),
                        chair_approved_at=locked_at if held else None,
                        adjuster_approved_at=locked_at if held else None,
                        minutes_locked_at=locked_at if held else None,
                    ),
                    members,
                )
            )
    meetings = Meeting.objects.bulk_create([m for m, _members in rows])
    # The steering group's case decisions (from demo.cases): one per recent held meeting.
    pending = ctx.extra.pop("minute_decisions", [])
    recent = [
        m
        for m in meetings
        if m.group.code == c("steering") and m.status == Meeting.Status.HELD and m.date.year == year
    ][-len(pending) or len(meetings) :]
    decide_at = {m.pk: [] for m in recent}
    for i, entry in enumerate(pending):
        decide_at[recent[i % len(recent)].pk].append(entry)
    case_minutes: list[tuple[MinuteItem, dict, Meeting]] = []

    agenda, attendance, minutes, reports, counters = [], [], [], [], {}
    for meeting, members in zip(meetings, [r[1] for r in rows], strict=True):
        code = meeting.group.code
        gp = policy.group(code)
        titles = [("standing", "Mötets öppnande och val av justerare", "")]
        titles += [
            ("status_reports" if is_status_report_item(t) else "standing", t, "")
            for t in gp.standing_items
        ]
        titles += free_items[code]
        titles += [
            ("case", case.title, decision) for case, decision in decide_at.get(meeting.pk, [])
        ]
        cases = [case for case, _d in decide_at.get(meeting.pk, [])]
        held = meeting.status == Meeting.Status.HELD
        for order, (kind, title, decision) in enumerate(titles, start=1):
            case = cases.pop(0) if kind == "case" else None
            agenda.append(
                AgendaItem(meeting=meeting, order=order, kind=kind, title=title, case=case)
            )
            if case is not None:  # decided through the cases service below, then locked
                key = (code, meeting.date.year)
                counters[key] = counters.get(key, 0) + 1
                item = MinuteItem(
                    meeting=meeting,
                    group_id=meeting.group_id,
                    year=meeting.date.year,
                    number=counters[key],
                    title=title,
                    text="Föredrogs av IT-strategen.",
                    decision=decision["text"],
                    case=case,
                    decision_outcome=decision["outcome"],
                    locked=False,
                )
                minutes.append(item)
                case_minutes.append((item, decision, meeting))
                continue
            if held:
                key = (code, meeting.date.year)
                counters[key] = counters.get(key, 0) + 1
                if code == rent_group and "hyra" in title:
                    # Next year's rent is decided once, at last year's autumn meeting (G16);
                    # this year's proposal for next year is still a draft in the rental demo.
                    next_year = meeting.date.year + 1
                    decided = meeting.date.month >= 9 and meeting.date.year < today.year
                    decision = (
                        f"Hyran för {next_year} fastställs enligt förslaget (G16)."
                        if decided
                        else f"Förslaget till hyra för {next_year} bereds vidare; "
                        "beslut vid höstens möte."
                    )
                minutes.append(
                    MinuteItem(
                        meeting=meeting,
                        group_id=meeting.group_id,
                        year=meeting.date.year,
                        number=counters[key],
                        title=title,
                        text="Föredrogs." if kind != "standing" else "",
                        decision=decision,
                        locked=True,
                    )
                )
        if held:
            attendance += [
                Attendance(meeting=meeting, person=m.person, present=(i % 7 != 3))
                for i, m in enumerate(members)
            ]
        if code == c("preparatory"):
            reporters = [m for m in members if m.function == Membership.Function.MEMBER]
            if not held:  # the next meetings: some reports not yet in (flagged on the agenda)
                reporters = reporters[::3]
            for i, m in enumerate(reporters):
                reports.append(
                    (
                        StatusReport(
                            meeting=meeting,
                            person=m.person,
                            unit=m.represents,
                            text=f"{m.represents.name if m.represents else ''}: arbetet går enligt plan.",
                        ),
                        PROJECTS[i % 3 :] + PROJECTS[: i % 3][:1],
                    )
                )
    AgendaItem.objects.bulk_create(agenda)
    Attendance.objects.bulk_create(attendance)
    MinuteItem.objects.bulk_create(minutes)
    # the § numbers taken, as services.next_minute_number would have left them
    Sequence.objects.bulk_create(
        Sequence(key=MinuteItem.number_key(code), year=y, last_number=n)
        for (code, y), n in counters.items()
    )
    with mail_suppressed():
        for item, decision, meeting in case_minutes:
            item.meeting = meeting  # the decision's reference names meeting and §
            case_decide(
                actor=meeting.secretary or anna,
                case=item.case,
                outcome=decision["outcome"],
                text=decision["text"],
                conditions=decision.get("conditions", ""),
                amount_granted=decision.get("amount_granted"),
                minute_item=item,
            )
    MinuteItem.objects.filter(pk__in=[i.pk for i, _d, _m in case_minutes]).update(locked=True)
    saved = StatusReport.objects.bulk_create([r for r, _p in reports])
    ProjectStatus.objects.bulk_create(
        ProjectStatus(report=report, project=name, light=light)
        for report, (_r, projects) in zip(saved, reports, strict=True)
        for name, light in projects
    )

    companies = [ctx.units[c] for c in ("bostader", "energi", "vatten", "hamn")]
    company_rows = [
        CompanyMeeting(
            company=c,
            date=datetime.date(year - 1, 3 + 2 * i, 12),
            held_by=anna,
            coordination="Gemensamt nät och telefoni (G20).",
            needs="Behov av e-tjänster för kunder.",
            projects="Informerat om pågående e-arkivprojekt.",
        )
        for i, c in enumerate(companies)
    ]
    company_rows += [
        CompanyMeeting(
            company=c,
            date=datetime.date(year, 2 + 3 * i, 10),
            held_by=anna,
            coordination="Samordning av IT-plattformen.",
            needs="Fler digitala tjänster.",
            projects="Informerat om utvecklingsplanen.",
        )
        for i, c in enumerate(companies[:3])
        if datetime.date(year, 2 + 3 * i, 10) <= today
    ]
    CompanyMeeting.objects.bulk_create(company_rows)
