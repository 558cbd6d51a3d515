"""Swedish names of the audit log's actions, for the history tabs.

The log stores a stable code (``case.decide``); the page shows what a municipal reader
understands ("Beslut fattat"). An unknown code is shown as it is, never hidden."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "agenda.add": _("Punkt tillagd på föredragningslistan"),
    "agenda.move": _("Punkt flyttad på föredragningslistan"),
    "agenda.ready_cases": _("Ärenden som är redo hämtade till föredragningslistan"),
    "agenda.remove": _("Punkt borttagen från föredragningslistan"),
    "agenda.send": _("Kallelse skickad"),
    "agenda.resend": _("Kallelse skickad igen"),
    "agenda.standing_items": _("Stående punkter tillagda"),
    "asset.register": _("Utrustning registrerad"),
    "asset.return": _("Utrustning återlämnad"),
    "asset.transfer": _("Utrustning flyttad till annan förvaltning"),
    "asset_type.create": _("Utrustningstyp skapad"),
    "budget.purchase": _("Inköp bokfört mot investeringsbudgeten"),
    "budget.set": _("Investeringsbudget fastställd"),
    "calendar_token.create": _("Kalenderlänk skapad"),
    "calendar_token.renew": _("Kalenderlänk förnyad"),
    "case.consultation_close": _("Remiss avslutad"),
    "case.consultation_open": _("Remiss skickad"),
    "case.consultation_respond": _("Remissvar lämnat"),
    "case.decide": _("Beslut fattat"),
    "case.decision_correct": _("Beslut rättat genom nytt beslut"),
    "case.forward": _("Ärende vidarebefordrat"),
    "case.report": _("Ärende anmält"),
    "case.step_complete": _("Steg utfört"),
    "case.step_needed": _("Behov av steg bedömt"),
    "catalogue.create": _("Artikel skapad i katalogen"),
    "catalogue.update": _("Artikel ändrad i katalogen"),
    "committee.create": _("Nämnd skapad"),
    "company_meeting.record": _("Bolagsmöte registrerat"),
    "group.create": _("Grupp skapad"),
    "group.rename": _("Grupp omdöpt"),
    "meeting.attendance": _("Närvaro registrerad"),
    "meeting.cancel": _("Möte inställt"),
    "meeting.held": _("Möte genomfört"),
    "meeting.plan": _("Möte planerat"),
    "meeting.update": _("Möte ändrat"),
    "membership.add": _("Ledamot tillagd"),
    "membership.end": _("Medlemskap avslutat"),
    "minutes.add": _("Paragraf tillagd i protokollet"),
    "minutes.adjuster": _("Justerare utsedd"),
    "minutes.approve": _("Protokollet justerat"),
    "minutes.lock": _("Protokollet justerat och låst"),
    "minutes.update": _("Paragraf ändrad"),
    "order.approve_step": _("Beställning godkänd i ett steg"),
    "order.awaiting_approval": _("Beställning skickad för godkännande"),
    "order.approved": _("Beställning godkänd"),
    "order.rejected": _("Beställning avslagen"),
    "order.cancelled": _("Beställning makulerad"),
    "order.fulfilled": _("Beställning levererad"),
    "order.create": _("Beställning lagd"),
    "org_unit.create": _("Enhet skapad"),
    "person.create": _("Person skapad"),
    "platform.component_add": _("Komponent tillagd i IT-plattformen"),
    "platform.connection": _("Anslutning till nät och telefonnummer ändrad"),
    "policy.load": _("Policy laddad"),
    "rent.decide": _("Hyra beslutad"),
    "rent.run": _("Hyreskörning"),
    "rent_level.draft": _("Förslag till hyresnivå"),
    "role.assign": _("Roll tilldelad"),
    "role.end": _("Roll avslutad"),
    "status_report.submit": _("Statusrapport lämnad"),
    "status_report.replace": _("Statusrapport ersatt"),
    "system.costs": _("Kostnader registrerade"),
    "system.register": _("System registrerat"),
    "system.update": _("System ändrat"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
