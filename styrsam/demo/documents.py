"""Governing documents in Exempelkommun (G12, G13, G28, G29).

- Exempelkommun's own e-government guideline (written for the demo, in the structure of the
  guideline's rules G01–G31): version 1 adopted by the municipal director last year and
  published on the intranet and the public website; version 2 (a new section on citizen
  panels) adopted and published this year, so the public site shows earlier versions and
  what changed. Owner: Anna, the IT strategist; review due in eleven months.
- An information-security rule on consultation in the preparatory group: Eva has answered.
- An IT-use rule whose consultation has closed, on the steering group's next agenda and
  awaiting the director's adoption.
Julia at the information office gets the web editor's role (G12) and publishes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from styrsam.cases.services import consultation_close, consultation_respond
from styrsam.documents import services
from styrsam.guideline.policy import get_policy
from styrsam.meetings.models import AgendaItem, Meeting
from styrsam.meetings.services import agenda_item_add
from styrsam.organisation import services as org_services

from .vocabulary import c

GUIDELINE_V1 = """# Inledning

Riktlinjen beskriver hur Exempelkommun styr utvecklingen av e-förvaltning och IT: vem som gör vad, \
i vilka grupper frågorna avgörs, hur system köps in och hur allt finansieras. Den gäller alla \
förvaltningar och, där det sägs, kommunens helägda bolag.

# Styrmodell och samordning

Varje nämnd anger sina mål för e-förvaltning i uppdragsplanen, och förvaltningen genomför dem.

IT-strategen samordnar e-förvaltningsarbetet tillsammans med IT-styrgruppen och \
IT-strategiska beredningsgruppen. Planerade utvecklingsprojekt anmäls tidigt till IT-strategen, \
som för informationen vidare till de grupper och förvaltningar som berörs. IT-strategen träffar \
varje helägt bolag minst en gång om året.

IT-strategen bevakar omvärlden, formulerar styrdokument, samverkar med ledningen och IT-enheten, \
initierar projekt enligt uppdragsplanen och tar fram finansieringsförslag.

# IT-enheten, kundservice och hyra

- IT-enheten driver, utvecklar och förvaltar kommunens IT-plattform.
- Förvaltningarna beställer utrustning, behörigheter och tjänster via kundservice.
- Datorer, skärmar och skrivare hyrs av IT-enheten; hyran täcker drift, support och utbyte.
- IT-enheten fångar behov av att utveckla plattformen och ställer personal till förvaltningarnas projekt.

# Webbplatserna

Kommunikationsavdelningen äger kommunens interna och externa webbplatser. Informationskontoret är \
expert på tillgänglig webbpublicering och publicerar kommunens styrdokument.

# Grupperna

## IT-styrgruppen

Principiella frågor, långsiktig budget och finansiering samt samordning av e-förvaltningen. \
Gruppen godkänner inköp och större förändringar av system, föreslår IT-plattformens budget och tar \
fram kommunens regler och riktlinjer för e-förvaltning och IT-användning. Kommundirektören är \
ordförande. Gruppen möts 10–12 gånger om året.

## IT-strategiska beredningsgruppen

Referensgrupp och remissinstans inför beslut om e-förvaltning, säkerhet, regler och riktlinjer. \
Varje förvaltning är representerad. IT-strategen leder gruppen.

## Systemägargruppen och finansieringsgruppen

Systemägargruppen samlar ägarna av de större systemen fyra gånger om året. Finansieringsgruppen \
föreslår kostnadsnivåer för de kommande åren och beslutar nästa års hyra.

# System

Kommunen har kommungemensamma system, ett av varje slag, och verksamhetssystem för en \
förvaltnings egna behov. Inköp eller större förändring av ett kommungemensamt system förankras med \
upphandlingscentret, IT-enheten och beredningsgruppen innan IT-styrgruppen beslutar.

# Finansiering

Varje förvaltning betalar för sin egen användning och sina egna system. Kommungemensamma system \
finansieras centralt eller fördelas på förvaltningarna. Projekt med samordningsvinster kan få \
delfinansiering ur centrala medel.

# Regler, riktlinjer och uppföljning

IT-styrgruppen tar fram kommunens regler och riktlinjer efter remiss i beredningsgruppen. \
Kommundirektören fastställer dem, och de publiceras på intranätet och den externa webbplatsen. \
Varje år görs en självskattning av e-förvaltningsarbetet.
"""

GUIDELINE_V2 = GUIDELINE_V1.replace(
    "Varje år görs en självskattning av e-förvaltningsarbetet.\n",
    "Varje år görs en självskattning av e-förvaltningsarbetet, och resultatet redovisas för "
    "IT-styrgruppen.\n\n## Medborgarnas syn\n\nMinst en gång om året frågar kommunen "
    "invånare och företag, till exempel i en medborgarpanel, hur de ser på kommunens e-tjänster. "
    "Resultatet används i nästa års uppdragsplan.\n",
)

SECURITY_RULE = """# Syfte

Regeln skyddar kommunens information så att den är tillgänglig, riktig och skyddad mot obehöriga.

# Ansvar

- Varje förvaltning ansvarar för informationssäkerheten i sina egna system.
- Systemägaren klassar informationen i sitt system och beslutar om behörigheter.
- IT-enheten ansvarar för säkerheten i IT-plattformen.

# Behörigheter

Behörighet beställs via kundservice och godkänns av systemägaren. Behörigheter ses över minst en \
gång om året.

# Incidenter

En säkerhetsincident anmäls genast till kundservice.
"""

IT_USE_RULE = """# Syfte

Regeln beskriver hur medarbetare använder kommunens datorer, telefoner och e-post.

# Utrustning

- Utrustning hyrs av IT-enheten och får bara användas i tjänsten.
- Egen programvara installeras inte utan IT-enhetens godkännande.

# E-post och lagring

Arbetsmaterial sparas i kommunens system, inte på privata tjänster. Lösenord delas aldrig.
"""


def _consulted(version, strategist, answers, *, close: bool):
    version = services.version_consult(
        actor=strategist,
        version=version,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        question="Synpunkter på förslaget?",
    )
    for member, position, text in answers:
        consultation_respond(
            actor=member, consultation=version.consultation, position=position, text=text
        )
    if close:
        consultation_close(
            actor=strategist,
            consultation=version.consultation,
            summary="Synpunkterna är beaktade.",
            early_close_reason="Förvaltningarna lämnade sina synpunkter vid beredningsgruppens möte.",
        )
    return version


def load(ctx) -> None:
    policy = get_policy()
    publishers = policy.roles_with("publish_documents")
    if policy.document_case_type() is None or not publishers:
        # A municipality whose policy names no consultation case type for governing documents
        # or nobody who publishes them starts its register empty.
        return
    p = ctx.people
    anna, lars, eva = p["anna"], p["lars"], p["eva"]
    if "web_editor" in policy.role_codes():
        julia = p["julia"]  # the web editor publishes (G12, G28)
        org_services.role_assign(
            actor=None, person=julia, role="web_editor", start_date=datetime.date(2024, 1, 1)
        )
    elif c("communications_director") in publishers:
        julia = p["sofia"]  # Andrakommun: its head of communications publishes
    else:
        return
    today = timezone.localdate()
    members = [m for m in (eva, p.get("martin")) if m is not None]

    guideline = services.document_create(
        actor=anna,
        kind="riktlinje",
        title="Riktlinje för styrning av e-förvaltning och IT",
        owner=anna,
        text=GUIDELINE_V1,
        review_date=today + datetime.timedelta(days=330),
    )
    v1 = _consulted(
        guideline.versions.get(),
        anna,
        [(m, "supports", "Tydlig rollfördelning.") for m in members],
        close=True,
    )
    v1 = services.version_adopt(actor=lars, version=v1)
    services.version_publish(actor=julia, version=v1, channel="intranet")
    services.version_publish(actor=julia, version=v1, channel="public")
    v2 = services.version_create(
        actor=anna, document=guideline, change_note="Nytt avsnitt om medborgarnas syn (G31)."
    )
    services.version_update_text(actor=anna, version=v2, text=GUIDELINE_V2)
    v2 = _consulted(v2, anna, [(eva, "supports", "")], close=True)
    v2 = services.version_adopt(actor=lars, version=v2)
    services.version_publish(actor=julia, version=v2, channel="intranet")
    services.version_publish(actor=julia, version=v2, channel="public")

    security = services.document_create(
        actor=anna,
        kind="regel",
        title="Regel för informationssäkerhet",
        owner=anna,
        text=SECURITY_RULE,
        review_date=today + datetime.timedelta(days=365),
    )
    _consulted(
        security.versions.get(),
        anna,
        [(eva, "supports", "Bra, men ange hur ofta klassningen ses över.")],
        close=False,
    )

    it_use = services.document_create(
        actor=anna,
        kind="regel",
        title="Regel för IT-användning",
        owner=anna,
        text=IT_USE_RULE,
        review_date=today + datetime.timedelta(days=365),
    )
    it_use_version = _consulted(
        it_use.versions.get(),
        anna,
        [(m, "no_opinion", "") for m in members],
        close=True,
    )
    # the proposal on the steering group's next agenda (G13), then the director adopts (G29)
    meeting = (
        Meeting.objects.filter(
            group=ctx.groups["steering"],
            status=Meeting.Status.PLANNED,
            date__gte=today,
        )
        .order_by("date")
        .first()
    )
    if meeting is not None:
        agenda_item_add(
            actor=anna,
            meeting=meeting,
            title="",
            kind=AgendaItem.Kind.CASE,
            case=it_use_version.consultation.case,
        )
