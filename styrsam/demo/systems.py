"""Exempelkommun's system register: the ten common systems of G19 and about forty business
systems across the departments, with owners, managers (some at the IT unit, G10), costs and
the IT platform's connections (G20: Hamn och Fastighet AB is not yet on the common network).

Systems go through ``system_register`` (audited, validated); cost lines, platform parts and
connections are bulk-inserted to keep the demo fast, and the system owners group is synced
from the register once at the end (G15)."""

from __future__ import annotations

import datetime

from styrsam.systems.models import ItPlatformComponent, PlatformConnection, SystemCost
from styrsam.systems.owners_group import system_owners_sync
from styrsam.systems.services import system_register

from .loader import DemoContext
from .vocabulary import c

LC = "larger_critical"
D = datetime.date

# kind, name, owner unit, owner, manager, vendor, financing, users, contract end, costs (k SEK)
# fmt: off
COMMON = [
    ("finance", "Raindance ekonomisystem", "klf", "mikael", "therese", "CGI Sverige AB", "allocated", 420, D(2027, 12, 31), (850, 420, 260), "Redovisning, leverantörsreskontra, e-handel och budgetuppföljning."),
    ("reporting", "Hypergene beslutsstöd", "klf", "mikael", "rasmus", "Hypergene AB", "central_budget", 300, D(2026, 6, 30), (310, 90, 70), "Verksamhetsplanering, uppföljning och rapportering till nämnderna."),
    ("payroll_hr", "Visma Personec P lön och PA", "klf", "mikael", "therese", "Visma Enterprise AB", "allocated", 5200, D(2028, 3, 31), (1200, 600, 340), "Lön, schemaläggning, personaladministration och självservice för alla anställda."),
    ("email", "Microsoft Exchange Online", "it_unit", "mats", "rasmus", "Microsoft / Atea", "allocated", 5600, D(2027, 4, 30), (1900, 250, 120), "E-post och kalender för hela kommunen, bolagen inräknade."),
    ("gis", "ArcGIS kommunkarta", "sbf", "viktor", "rasmus", "Esri Sverige AB", "central_budget", 180, D(2026, 12, 31), (540, 160, 110), "Kartor, detaljplaner och geografisk analys."),
    ("population_register", "Navet-baserat befolkningsregister", "klf", "mikael", None, "Skatteverket (Navet) / Sokigo AB", "central_budget", 90, None, (120, 40, 30), "Folkbokföringsuppgifter från Skatteverket för kommunens verksamheter."),
    ("property_register", "Fastighetsregistret (Lantmäteriet)", "sbf", "viktor", None, "Lantmäteriet", "central_budget", 60, None, (210, 30, 20), "Fastighetsinformation via Lantmäteriets direktåtkomst."),
    ("records_management", "Public 360° diarium och ärendehantering", "klf", "mikael", "therese", "Tieto Evry Sverige AB", "allocated", 650, D(2027, 9, 30), (690, 230, 150), "Diarieföring, ärendehantering och arkiv enligt offentlighetsprincipen."),
    ("it_platform", "Kommunens IT-plattform", "it_unit", "mats", "rasmus", "Flera (Atea, Telia, Dell)", "allocated", 5600, None, (2400, 9800, 3100), "Nät, telefoni och växel, lagring, servicedesk och datakommunikation (G06, G20)."),
    ("website", "Sitevision webbplats och intranät", "communications", "sofia", "rasmus", "Sitevision AB", "central_budget", 140, D(2026, 10, 31), (260, 120, 60), "Kommunens externa webbplats och intranät (G12)."),
]
# fmt: on

# name, owner unit, owner, manager, criticality, vendor, users, contract end, costs (k SEK),
# description, other using units
# fmt: off
BUSINESS = [
    ("Lifecare vård och omsorg", "vof", "eva", "therese", LC, "Tietoevry", 1400, D(2027, 12, 31), (1800, 600, 420), "Dokumentation och verkställighet inom äldreomsorg och LSS.", ["soc"],),
    ("Procapita hemtjänst", "vof", "eva", None, "normal", "Tietoevry", 650, D(2026, 3, 31), (380, 120, 80), "Planering och uppföljning av hemtjänstinsatser.", [],),
    ("Phoniro larm och lås", "vof", "ingrid", None, "normal", "Phoniro Systems AB", 500, D(2026, 8, 31), (240, 60, 40), "Digitala lås och trygghetslarm i hemtjänsten.", [],),
    ("TES planering hemtjänst", "vof", "ingrid", None, "low", "Tunstall AB", 120, D(2025, 12, 31), (90, 20, 15), "Ruttplanering för hemtjänsten.", [],),
    ("Medvind schema", "vof", "eva", None, "normal", "Visma Enterprise AB", 900, D(2027, 6, 30), (310, 80, 50), "Bemanning och schemaläggning i vården.", ["soc"],),
    ("Treserva socialtjänst", "soc", "ali", "therese", LC, "CGI Sverige AB", 480, D(2028, 1, 31), (1100, 380, 260), "Individ- och familjeomsorg, ekonomiskt bistånd och utredningar.", [],),
    ("Viva ekonomiskt bistånd", "soc", "ali", None, "normal", "Aveo Solutions AB", 120, D(2026, 11, 30), (190, 50, 30), "Automatiserad handläggning av ekonomiskt bistånd.", [],),
    ("SSBTEK", "soc", "birgitta", None, "low", "Försäkringskassan", 90, None, (20, 10, 5), "Uppgiftshämtning från statliga myndigheter.", [],),
    ("Combine (SAMSA)", "soc", "birgitta", None, "low", "Sokigo AB", 40, D(2026, 5, 31), (45, 10, 8), "Samordnad individuell plan mellan kommun och region.", ["vof"],),
    ("IST Administration (Extens)", "bou", "jonas", "rasmus", LC, "IST Group AB", 2600, D(2027, 7, 31), (1350, 420, 300), "Elevregister, placering i förskola och fritids samt avgifter.", ["gvu"],),
    ("Unikum lärplattform", "bou", "jonas", None, "normal", "Unikum Datorsystem AB", 3400, D(2026, 7, 31), (620, 80, 60), "Pedagogisk dokumentation, omdömen och vårdnadshavarkontakt.", [],),
    ("Skola24 schema och frånvaro", "bou", "jonas", None, "normal", "Skola24 AB", 3100, D(2027, 7, 31), (410, 60, 40), "Schema, frånvaro och lokalbokning i skolan.", ["gvu"],),
    ("Google Workspace for Education", "bou", "maria", None, "normal", "Google / Atea", 9000, D(2026, 6, 30), (0, 120, 80), "Elevernas konton, dokument och klassrum.", ["gvu"],),
    ("Tieto Edu förskola", "bou", "maria", None, "low", "Tietoevry", 450, D(2025, 12, 31), (160, 40, 30), "Barnomsorgsschema och närvaro i förskolan.", [],),
    ("Hypernet skolskjuts", "bou", "maria", None, "low", "Hypernet AB", 30, D(2026, 9, 30), (60, 10, 10), "Planering av skolskjutsar.", ["gvu"],),
    ("Vklass gymnasium", "gvu", "frida", None, "normal", "Vklass AB", 2100, D(2027, 7, 31), (380, 50, 40), "Lärplattform och betyg på gymnasiet och vuxenutbildningen.", [],),
    ("Alvis vuxenutbildning", "gvu", "frida", None, "low", "Alvis AB", 200, D(2026, 12, 31), (140, 30, 20), "Antagning och kursadministration i vuxenutbildningen.", [],),
    ("Axiell Quria bibliotek", "kof", "linnea", "rasmus", "normal", "Axiell Sverige AB", 160, D(2027, 2, 28), (330, 90, 60), "Bibliotekssystem med katalog, lån och e-medier.", [],),
    ("Interbook Go bokning", "kof", "linnea", None, "low", "Interbook AB", 80, D(2026, 4, 30), (95, 20, 15), "Bokning av idrottshallar och lokaler.", ["sff"],),
    ("Kulturskoleadmin (Speedadmin)", "kof", "gunnar", None, "low", "Speedadmin ApS", 60, D(2026, 8, 31), (70, 10, 10), "Anmälan, köer och avgifter i kulturskolan.", [],),
    ("ByggR bygglov", "mbf", "daniel", "therese", LC, "Sokigo AB", 70, D(2027, 5, 31), (420, 140, 90), "Handläggning av bygglov, anmälningar och tillsyn.", ["sbf"],),
    ("Ecos miljö och hälsoskydd", "mbf", "daniel", None, "normal", "Sokigo AB", 55, D(2027, 5, 31), (260, 80, 50), "Tillsyn och ärenden inom miljö, hälsoskydd och livsmedel.", [],),
    ("Alkohol- och tobakstillsyn (Castor)", "mbf", "anders", None, "low", "Sokigo AB", 12, D(2026, 5, 31), (50, 10, 10), "Serveringstillstånd och tillsyn.", [],),
    ("Trafikverkets NVDB-klient", "tef", "oskar", None, "low", "Trafikverket", 15, None, (0, 10, 5), "Vägdata för kommunens gator.", ["sbf"],),
    ("Driftia underhåll gata och park", "tef", "oskar", None, "normal", "Sweco AB", 90, D(2026, 10, 31), (180, 60, 30), "Felanmälan och underhållsplanering för gator och parker.", [],),
    ("Trafiktillstånd (Rykte)", "tef", "peter", None, "low", "Rykte AB", 20, D(2025, 11, 30), (40, 10, 5), "Parkeringstillstånd och trafikanordningsplaner.", [],),
    ("Vitec Fastighetssystem", "sff", "elin", "therese", LC, "Vitec Software Group AB", 140, D(2028, 6, 30), (590, 210, 130), "Fastighetsförvaltning, hyresavtal och avier.", [],),
    ("Dedu Pondus ritningsarkiv", "sff", "elin", None, "low", "Dedu AB", 40, D(2026, 12, 31), (85, 20, 15), "Ritningar och underhållsplaner för kommunens lokaler.", [],),
    ("Mashie kostdata", "sff", "jenny", None, "normal", "Mashie AB", 180, D(2027, 1, 31), (230, 40, 30), "Måltidsplanering och specialkost i skola och omsorg.", ["bou", "vof"],),
    ("Winlas bilpool", "sff", "jenny", None, "low", "Winlas AB", 300, D(2026, 6, 30), (45, 10, 5), "Bokning av kommunens bilpool.", [],),
    ("Ciceron arbetsmarknad (Bifrost)", "amf", "emma", None, "normal", "Formpipe Software AB", 110, D(2027, 3, 31), (210, 60, 40), "Ärenden och deltagaruppföljning i arbetsmarknadsinsatser.", ["soc"],),
    ("Prorenata elevhälsa", "bou", "jonas", None, "normal", "PMO AB", 140, D(2026, 7, 31), (170, 30, 20), "Elevhälsojournal för skolsköterskor och kuratorer.", ["gvu"],),
    ("Lantmäteriets geodatatjänster (Geodatasamverkan)", "sbf", "viktor", None, "low", "Lantmäteriet", 40, None, (90, 10, 5), "Ortofoton och höjddata via Geodatasamverkan.", ["mbf"],),
    ("Plan- och exploateringsstöd (Sokigo Plan)", "sbf", "henrik", None, "normal", "Sokigo AB", 35, D(2027, 11, 30), (150, 40, 30), "Detaljplanearbete och exploateringsavtal.", [],),
    ("Stratsys styrning", "klf", "annika", None, "normal", "Stratsys AB", 250, D(2026, 12, 31), (220, 40, 30), "Mål- och styrkortsuppföljning för kommunledningen.", [],),
    ("Netpublicator möteshandlingar", "klf", "annika", None, "low", "Netpublicator AB", 160, D(2026, 2, 28), (80, 10, 10), "Digitala möteshandlingar för nämnder och styrelse.", [],),
    ("Tendsign upphandling", "klf", "mikael", None, "normal", "Visma Commerce AB", 45, D(2027, 8, 31), (120, 20, 20), "Upphandlingar och avtalsdatabas.", ["tef", "sff"],),
    ("Daedalos räddningstjänst", "rtj", "stefan", "rasmus", LC, "Daedalos AB", 120, D(2027, 10, 31), (310, 90, 70), "Insatsrapporter, tillsyn och brandskydd.", [],),
    ("Rakel kommunikation", "rtj", "stefan", None, "normal", "MSB", 80, None, (60, 40, 20), "Krisberedskap och radiokommunikation.", [],),
    ("Lex Sarah-rapportering (Stella)", "vof", "ingrid", None, "low", "Stella AB", 200, D(2026, 9, 30), (35, 5, 5), "Avvikelser och Lex Sarah-rapporter.", ["soc"],),
]
# fmt: on

COMPONENT_NAMES = {
    "network": ("Kommunnätet", "Fibernät och trådlöst nät för kommun och bolag."),
    "telephone_exchange": (
        "Telefonväxel (Telia Touchpoint Plus)",
        "Ett nummer till hela kommunen.",
    ),
    "storage": ("Lagring och säkerhetskopiering", "Central lagring i två datahallar."),
    "service_desk": ("Servicedesk (kundservice)", "Beställningar och felanmälan (G07)."),
    "data_communication": ("Datakommunikation", "Brandvägg, internet och VPN."),
}
NOT_CONNECTED = {"hamn": "Eget nät och egen växel sedan 2019; anslutning planeras 2027."}


def _people(ctx, usernames):
    return [ctx.people[u] for u in usernames if u]


def load(ctx: DemoContext) -> None:
    from styrsam.guideline.policy import get_policy

    policy = get_policy()
    p, u = ctx.people, ctx.units
    costs: list[SystemCost] = []
    systems = {}

    def add_costs(system, amounts):
        for year, factor in ((2025, 0.96), (2026, 1.0)):
            for kind, k_sek in zip(("licence", "operation", "support"), amounts, strict=True):
                if k_sek:
                    amount = round(k_sek * 1000 * factor, -3)
                    costs.append(SystemCost(system=system, year=year, kind=kind, amount=amount))

    for kind, name, unit, owner, manager, vendor, fin, users, end, amounts, desc in COMMON:
        system = system_register(
            actor=None,
            name=name,
            description=desc,
            category="common",
            common_kind=c(kind),
            owner_unit=u[unit],
            owner=p[owner],
            manager=p.get(manager) if manager else None,
            criticality=LC,
            vendor=vendor,
            contract_end=end,
            user_count=users,
            financing_principle=fin,
            using_units=[x for x in u.values() if x.kind == "department"],
            sync_owners_group=False,
        )
        systems[c(kind)] = system
        add_costs(system, amounts)

    for row in BUSINESS:
        name, unit, owner, manager, crit, vendor, users, end, amounts, desc, others = row
        system = system_register(
            actor=None,
            name=name,
            description=desc,
            category="business",
            owner_unit=u[unit],
            owner=p[owner],
            manager=p.get(manager) if manager else None,
            representatives=_people(ctx, ["rasmus"] if manager == "rasmus" else []),
            criticality=crit,
            vendor=vendor,
            contract_end=end,
            user_count=users,
            using_units=[u[unit], *(u[c] for c in others)],
            sync_owners_group=False,
        )
        add_costs(system, amounts)
    SystemCost.objects.bulk_create(costs)

    platform = systems[c("it_platform")]
    codes = policy.common_kind(c("it_platform")).get("components", [])
    ItPlatformComponent.objects.bulk_create(
        ItPlatformComponent(
            system=platform,
            code=code,
            name=COMPONENT_NAMES.get(code, (code, ""))[0],
            description=COMPONENT_NAMES.get(code, ("", ""))[1],
        )
        for code in codes
    )
    PlatformConnection.objects.bulk_create(
        PlatformConnection(
            system=platform,
            unit=unit,
            connected_to_network=code not in NOT_CONNECTED,
            reachable_via_common_number=code not in NOT_CONNECTED,
            note=NOT_CONNECTED.get(code, ""),
        )
        for code, unit in u.items()
    )
    system_owners_sync(actor=None)
    ctx.extra["systems"] = systems
    _messages(ctx, platform)


def _messages(ctx: DemoContext, platform) -> None:
    """G15: what the IT strategist has told the system owners and representatives (listed on
    their start pages; the demo sends no e-mail)."""
    from styrsam.systems.services.messages import system_message_send

    strategist = ctx.people["anna"]
    system_message_send(
        actor=strategist,
        subject="Ny version av IT-plattformen i mars",
        body=(
            "IT-enheten byter operativsystem på plattformens servrar helgen 14–15 mars. "
            "Systemägare: stäm av med er leverantör att systemet är testat mot den nya "
            "versionen och meddela IT-enheten senast den 1 mars."
        ),
        systems=[platform],
        mail=False,
    )
    system_message_send(
        actor=strategist,
        subject="Förvaltningsplaner för nästa år",
        body=(
            "Nästa års förvaltningsplaner och kostnader för era system ska vara inlagda i "
            "Styrsam före beredningsgruppens möte i oktober. Frågor besvaras av IT-strategen."
        ),
        mail=False,
    )
