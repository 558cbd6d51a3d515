"""Exempelkommun's service desk: a Swedish catalogue and orders in every state (G07)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from styrsam.servicedesk import services
from styrsam.servicedesk.models import CatalogueItem

from . import rental
from .loader import DemoContext

K = CatalogueItem.Kind
ITEMS = [  # name, kind, rented asset type, price, description
    (
        "Bärbar dator, standard",
        K.COMPUTER,
        "computer",
        "11500",
        "14-tums bärbar dator med dockningsstation, Windows och Office. Hyrs av IT-enheten.",
    ),
    (
        "Stationär dator",
        K.COMPUTER,
        "computer",
        "9800",
        "Stationär arbetsplatsdator för expedition och reception. Hyrs av IT-enheten.",
    ),
    ("Skärm 24 tum", K.SCREEN, "screen", "2100", "24-tums skärm med höj- och sänkbar fot."),
    (
        "Skärm 27 tum",
        K.SCREEN,
        "screen",
        "3200",
        "27-tums skärm för ritning, GIS och ekonomiarbete.",
    ),
    (
        "Multifunktionsskrivare",
        K.PRINTER,
        "printer",
        "14000",
        "Skrivare, kopiator och skanner för en arbetsgrupp, med säker utskrift.",
    ),
    (
        "Mobiltelefon med abonnemang",
        K.PHONE,
        None,
        "4500",
        "Smartphone med abonnemang i kommunens avtal och anknytning i växeln (G20).",
    ),
    ("Headset", K.OTHER, None, "900", "Trådlöst headset för Teams och telefoni."),
]
PERMISSIONS = [
    "Lifecare vård och omsorg",
    "Treserva socialtjänst",
    "Raindance ekonomisystem",
    "IST Administration (Extens)",
]


def load(ctx: DemoContext) -> None:
    from styrsam.systems.models import System

    types = rental.base(ctx)
    p, u = ctx.people, ctx.units
    items = {}
    for name, kind, type_code, price, description in ITEMS:
        items[name] = services.catalogue_item_save(
            actor=None,
            name=name,
            kind=kind,
            rented=type_code is not None,
            asset_type=types.get(type_code),
            price=Decimal(price),
            description=description,
        )
    for system in System.objects.filter(name__in=PERMISSIONS).order_by("name"):
        items[system.name] = services.catalogue_item_save(
            actor=None,
            name=f"Behörighet i {system.name}",
            kind=K.SYSTEM_PERMISSION,
            system=system,
            description=f"Användarkonto och behörighet i {system.name}. Godkänns av verksamhetschefen och systemägaren.",
        )

    laptop, screen = items["Bärbar dator, standard"], items["Skärm 24 tum"]
    order = services.order_create
    # fulfilled: a new colleague at vof got a computer in September
    done = order(
        actor=p["eva"],
        department=u["vof"],
        item=laptop,
        for_person=p["tomas"],
        note="Ny förvaltningsekonom",
    )
    services.order_approve(actor=p["ingrid"], order=done)
    services.order_fulfil(
        actor=p["nina"],
        order=done,
        delivery_date=datetime.date(2026, 9, 14),
        assets=[{"tag": "EK-90001", "serial_number": "PF3XK21", "model": "Lenovo ThinkPad T14"}],
    )
    # approved, waiting for the IT unit
    approved = order(
        actor=p["eva"], department=u["vof"], item=screen, quantity=2, for_person=p["eva"]
    )
    services.order_approve(actor=p["ingrid"], order=approved)
    # awaiting the head of department
    order(
        actor=p["eva"],
        department=u["vof"],
        item=laptop,
        for_person=p["eva"],
        note="Ersätter dator från 2021",
    )
    # a system permission awaiting the head of department and the system owner
    if "Treserva socialtjänst" in items:
        order(
            actor=p["hanna"],
            department=u["soc"],
            item=items["Treserva socialtjänst"],
            for_person=p["hanna"],
        )
    # draft, not yet sent
    order(
        actor=p["tomas"],
        department=u["vof"],
        item=items["Headset"],
        for_person=p["tomas"],
        submit=False,
    )
    # rejected and cancelled
    rejected = order(
        actor=p["per"], department=u["bou"], item=items["Skärm 27 tum"], for_person=p["per"]
    )
    services.order_reject(
        actor=p["maria"], order=rejected, comment="Använd 24-tumsskärmen i ramavtalet."
    )
    cancelled = order(
        actor=p["eva"],
        department=u["vof"],
        item=items["Mobiltelefon med abonnemang"],
        for_person=p["eva"],
    )
    services.order_cancel(
        actor=p["eva"], order=cancelled, comment="Beställd två gånger av misstag."
    )
