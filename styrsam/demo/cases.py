"""Exempelkommun's cases: a dozen at every stage of the guideline's path (G03, G09, G14,
G21, G23, G27, G29), among them the payroll system change waiting for consultation answers
and a decided co-financing case. The steering group's decisions are recorded by demo.meetings
in the minutes of its held meetings (G13); the escalated one (G29) is not in any minutes."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.utils import timezone

from styrsam.cases import services
from styrsam.cases.models import ConsultationResponse
from styrsam.cases.services.notifications import mail_suppressed
from styrsam.guideline.policy import get_policy

from .loader import DemoContext
from .vocabulary import c, kommun


def _steps(case, people, codes):
    """Complete the steps ``codes`` of ``case`` in the policy's order. A plain step the demo has
    no word for (Andrakommun's information-security step) is completed after the step before
    it, so the demo's cases stand at the same place in every municipality's path."""
    performer = {c("procurement_contacted"): "johan", c("it_unit_contacted"): "mats"}
    words = set(kommun().codes.values())
    done = False
    for step in get_policy().steps(case.case_type):
        extra = bool(kommun().codes) and step.code not in words and not step.when_needed
        if step.code in codes or (extra and done and step.kind == "plain"):
            services.case_complete_step(
                actor=people[performer.get(step.code, "anna")],
                case=case,
                step=step.code,
                comment="Klart.",
            )
            done = True
        else:
            done = False


def _consult(
    case,
    people,
    answers,
    *,
    close=False,
    days=14,
    late=(),
    early_close_reason="Övriga förvaltningar avstod från att svara vid beredningsgruppens möte.",
):
    consultation = services.consultation_open(
        actor=people["anna"],
        case=case,
        step=c("preparatory_anchoring"),
        deadline=timezone.localdate() + datetime.timedelta(days=days),
        question="Tillstyrker förvaltningarna förslaget? Ange konsekvenser för er verksamhet.",
    )
    for username, position, text in answers:
        services.consultation_respond(
            actor=people[username], consultation=consultation, position=position, text=text
        )
    for username in late:  # a late answer: recorded after the deadline
        ConsultationResponse.objects.filter(
            consultation=consultation, member=people[username]
        ).update(answered_at=timezone.now() + datetime.timedelta(days=days + 2))
    if close:
        services.consultation_close(  # before the deadline: the reason is recorded (G14)
            actor=people["anna"],
            consultation=consultation,
            summary="Förankrat i gruppen.",
            early_close_reason=early_close_reason,
        )
    return consultation


def _decide_in_minutes(ctx: DemoContext, case, **decision) -> None:
    """A steering-group decision belongs in the group's minutes (G13): demo.meetings (which
    runs next) records it through a § of a held meeting, linked to meeting and §. Without the
    meetings app it is recorded here with only a text reference."""
    if apps.is_installed("styrsam.meetings"):
        ctx.extra.setdefault("minute_decisions", []).append((case, decision))
        return
    services.case_decide(actor=ctx.people["anna"], case=case, **decision)


def load(ctx: DemoContext) -> None:
    with mail_suppressed():
        _load(ctx)


def _load(ctx: DemoContext) -> None:
    p, u = ctx.people, ctx.units
    systems = ctx.extra.get("systems", {})
    report = services.case_report

    # 1. G21: the payroll system, waiting for the preparatory group's answers.
    payroll = report(
        actor=p["mikael"],
        case_type=c("common_system_change"),
        title="Byte av lönesystem",
        description=(
            "Avtalet för nuvarande lön- och PA-system löper ut. Vi behöver upphandla ett nytt "
            "system med självservice och schemaintegration."
        ),
        system=systems.get("payroll_hr"),
        common_kind="" if systems.get("payroll_hr") else "payroll_hr",
        reporting_unit=u["klf"],
    )
    _steps(payroll, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _consult(
        payroll,
        p,
        [
            ("eva", "supports", "Vård och omsorg behöver bättre schemaintegration."),
            ("jonas", "objects", "Tidplanen krockar med skolans läsårsstart."),
            ("rasmus", "no_opinion", ""),
        ],
    )

    # 2. G21: just reported.
    report(
        actor=p["mikael"],
        case_type=c("common_system_change"),
        title="Uppgradering av ekonomisystemet till molnversion",
        description="Leverantören avvecklar den lokala installationen 2027.",
        system=systems.get("finance"),
        common_kind="" if systems.get("finance") else "finance",
        reporting_unit=u["klf"],
    )

    # 3. G21: ready for decision; the management team was not needed.
    gis = report(
        actor=p["viktor"],
        case_type=c("common_system_change"),
        title="Ny version av kommunkartan",
        system=systems.get("gis"),
        common_kind="" if systems.get("gis") else "gis",
        reporting_unit=u["sbf"],
    )
    _steps(gis, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _consult(gis, p, [("viktor", "supports", ""), ("eva", "no_opinion", "")], close=True)
    services.case_mark_step_needed(
        actor=p["anna"],
        case=gis,
        step=c("management_team_anchoring"),
        needed=False,
        reason="Versionsbyte inom befintligt avtal och budget.",
    )

    # 3b. G18/G21: replacing a common system: the successor is registered as planned and the
    # current one goes into phase-out when the steering group decides (in its minutes).
    website = systems.get("website")
    if website is not None:
        replacement = report(
            actor=p["anna"],
            case_type=c("common_system_change"),
            title="Byte av plattform för webbplats och intranät",
            description="Avtalet för nuvarande webbplattform har löpt ut. Ny plattform "
            "upphandlas; webbplatsen och intranätet flyttas över under våren.",
            system=website,
            successor_name="Optimizely webbplats och intranät",
            handover_date=timezone.localdate() + datetime.timedelta(days=150),
            reporting_unit=u[c("communications")],
        )
        _steps(
            replacement, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")]
        )
        _consult(
            replacement,
            p,
            [("julia", "supports", "Redaktörerna behöver bättre stöd för tillgänglighet.")],
            close=True,
            early_close_reason="Ingen förvaltning hade invändningar vid beredningsgruppens möte.",
        )
        services.case_mark_step_needed(
            actor=p["anna"],
            case=replacement,
            step=c("management_team_anchoring"),
            needed=False,
            reason="Byte inom befintlig budget för webbplatsen.",
        )
        _decide_in_minutes(
            ctx,
            replacement,
            outcome="approved",
            text="IT-styrgruppen beslutar att byta plattform för webbplats och intranät. "
            "Nuvarande plattform avvecklas när den nya tar över.",
        )

    # 4. G21: the management team must be consulted first (marked needed); one late answer.
    email = report(
        actor=p["mats"],
        case_type=c("common_system_change"),
        title="Byte av e-postsystem",
        system=systems.get("email"),
        common_kind="" if systems.get("email") else "email",
        reporting_unit=u[c("it_unit")],
    )
    _steps(email, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _consult(
        email,
        p,
        [("eva", "supports", ""), ("jonas", "supports", ""), ("ali", "objects", "Sekretess.")],
        close=True,
        late=["ali"],
    )
    services.case_mark_step_needed(
        actor=p["anna"],
        case=email,
        step=c("management_team_anchoring"),
        needed=True,
        reason="Berör alla anställda och kräver ny informationssäkerhetsbedömning.",
    )

    # 5. G23: approved purchase of a new business system -> in the register as procurement.
    care = report(
        actor=p["ingrid"],
        case_type=c("business_system_change"),
        title="Nytt planeringssystem för hemtjänsten",
        proposed_system_name="TES hemtjänstplanering",
        reporting_unit=u["vof"],
    )
    _steps(care, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _decide_in_minutes(
        ctx,
        care,
        outcome="approved",
        text="IT-styrgruppen godkänner inköp av planeringssystem för hemtjänsten.",
        conditions="Upphandlingen genomförs tillsammans med upphandlingscentret.",
    )

    # 6. G23: waiting for the procurement centre.
    school = report(
        actor=p["maria"],
        case_type=c("business_system_change"),
        title="Nytt skoladministrativt system",
        reporting_unit=u["bou"],
    )
    _steps(school, p, [c("need_reported")])

    # 7. G23: rejected.
    booking = report(
        actor=p["gunnar"],
        case_type=c("business_system_change"),
        title="Eget bokningssystem för fritidsgårdar",
        reporting_unit=u["kof"],
    )
    _steps(booking, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _decide_in_minutes(
        ctx,
        booking,
        outcome="rejected",
        text="Avslag: behovet täcks av kommunens gemensamma bokningstjänst.",
    )

    # 8. G27: decided co-financing.
    transport = report(
        actor=p["birgitta"],
        case_type=c("co_financing"),
        title="E-tjänst för ansökan om färdtjänst",
        description="Samordningsvinst: samma e-tjänstplattform kan användas av fler förvaltningar.",
        amount_requested=400000,
        reporting_unit=u["soc"],
    )
    _steps(transport, p, [c("need_reported"), c("coordination_gains_described")])
    _decide_in_minutes(
        ctx,
        transport,
        outcome="approved",
        text="Delfinansiering beviljas från centrala medel.",
        conditions="Plattformen ska göras tillgänglig för övriga förvaltningar.",
        amount_granted=250000,
    )

    # 9. G27: waiting for the coordination gains to be described.
    dialogue = report(
        actor=p["gunnar"],
        case_type=c("co_financing"),
        title="Digital medborgardialog",
        amount_requested=150000,
        reporting_unit=u["kof"],
    )
    _steps(dialogue, p, [c("need_reported")])

    # 10. G03: forwarded to the deciding groups and the departments affected.
    locks = report(
        actor=p["ingrid"],
        case_type=c("project_notification"),
        title="Införande av digitala lås i hemtjänsten",
        reporting_unit=u["vof"],
        affected_units=[u["soc"]],
    )
    services.case_forward(
        actor=p["anna"],
        case=locks,
        groups=[ctx.groups[c("steering")], ctx.groups[c("preparatory")]],
    )

    # 11. G03: not yet forwarded.
    report(
        actor=p["annika"],
        case_type=c("project_notification"),
        title="Chattbot för kommunens kontaktcenter",
        reporting_unit=u["klf"],
        affected_units=[u["soc"], u["bou"]],
    )

    # 12. G09: the IT unit's proposal, ready for decision.
    wifi = report(
        actor=p["mats"],
        case_type=c("platform_development"),
        title="Utbyggnad av trådlöst nät i skolorna",
        reporting_unit=u[c("it_unit")],
    )
    _steps(wifi, p, [c("need_reported")])

    # 13. G21/G29: escalated to the municipal director, with the reason.
    exchange = report(
        actor=p["mats"],
        case_type=c("common_system_change"),
        title="Akut byte av telefonväxel",
        system=systems.get(c("it_platform")),
        common_kind="" if systems.get(c("it_platform")) else c("it_platform"),
        reporting_unit=u[c("it_unit")],
    )
    _steps(exchange, p, [c("need_reported"), c("procurement_contacted"), c("it_unit_contacted")])
    _consult(
        exchange,
        p,
        [("rasmus", "supports", "")],
        close=True,
        days=2,
        early_close_reason="Brådskande: leverantören upphör med support om sex veckor.",
    )
    services.case_decide(
        actor=p["lars"],
        case=exchange,
        outcome="approved",
        text="Kommundirektören beslutar om byte av telefonväxel.",
        body="municipal_director",
        escalation_reason="Leverantören upphör med support om sex veckor; styrgruppen möts först "
        "om tre månader.",
    )
