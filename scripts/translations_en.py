"""English translations of Styrsam's Swedish UI strings, merged into the en .po file.

Run after makemessages: `.venv/bin/python scripts/translations_en.py` then compilemessages.
Kept as data so a translator can review it in one place; untranslated strings show in Swedish.
"""

from pathlib import Path

import polib

EN = {
    "Hittades inte.": "Not found.",
    "Ogiltiga uppgifter: %(d)s": "Invalid data: %(d)s",
    "För många misslyckade inloggningsförsök. Försök igen senare.": "Too many failed login attempts. Try again later.",
    "Fel användarnamn eller lösenord.": "Wrong username or password.",
    "Kärna": "Core",
    "Användarnamn": "Username",
    "Lösenord": "Password",
    "För många misslyckade inloggningsförsök. Försök igen om %(m)s minuter.": "Too many failed login attempts. Try again in %(m)s minutes.",
    "Start": "Home",
    "Grupper": "Groups",
    "Organisation": "Organisation",
    "Personer": "People",
    "Riktlinje": "Guideline",
    "Välkommen, %(name)s": "Welcome, %(name)s",
    "Dina roller": "Your roles",
    "Du har ingen roll enligt riktlinjen ännu.": "You have no role under the guideline yet.",
    "Att göra": "To do",
    "Inget väntar på dig just nu.": "Nothing is waiting for you right now.",
    "Dina grupper": "Your groups",
    "representerar": "represents",
    "Du är inte medlem i någon av riktlinjens grupper.": "You are not a member of any of the guideline's groups.",
    "Riktlinje och policy": "Guideline and policy",
    "Gällande policy: <strong>%(name)s</strong>.": "Active policy: <strong>%(name)s</strong>.",
    "Version %(n)s, laddad %(at)s.": "Version %(n)s, loaded %(at)s.",
    "Standardpolicyn från filen (ingen version laddad i databasen).": "The default policy file (no version loaded into the database).",
    "Grupper enligt policyn": "Groups under the policy",
    "Grupp": "Group",
    "Regel": "Rule",
    "Möten per år": "Meetings per year",
    "Ordförande": "Chair",
    "Sammankallande": "Convener",
    "utses av gruppen": "chosen by the group",
    "Ladda ny policyfil": "Load a new policy file",
    "Filen laddades inte. Rätta felen och försök igen:": "The file was not loaded. Correct the errors and try again:",
    "Rad": "Line",
    "Kontrollera och ladda": "Check and load",
    "Versioner": "Versions",
    "Alla sparade policyversioner": "All saved policy versions",
    "Version": "Version",
    "Namn": "Name",
    "Källa": "Source",
    "Laddad": "Loaded",
    "Av": "By",
    "Status": "Status",
    "systemet": "the system",
    "Gällande": "Active",
    "Tidigare": "Earlier",
    "Ingen version har laddats.": "No version has been loaded.",
    "Policyfilen": "The policy file",
    "Policyfilens innehåll": "Contents of the policy file",
    "Visa den gällande policyfilen": "Show the active policy file",
    "Policyfil (YAML)": "Policy file (YAML)",
    "Filen kontrolleras först; vid fel laddas ingenting.": "The file is checked first; if it has errors nothing is loaded.",
    "Filen är för stor (högst 1 MB).": "The file is too large (at most 1 MB).",
    "Filen måste vara UTF-8-kodad text.": "The file must be UTF-8 text.",
    "Policyn %(v)s är nu gällande.": "The policy %(v)s is now active.",
    "Representant för %(unit)s": "Representative of %(unit)s",
    "Representant för %(unit)s (enheten saknas i organisationen)": "Representative of %(unit)s (the unit is missing from the organisation)",
    "Systemägare: %(name)s": "System owner: %(name)s",
    "Ordförande: %(role)s": "Chair: %(role)s",
    "eller den som denne utser": "or whoever they appoint",
    "Ordförande (utses av gruppen)": "Chair (chosen by the group)",
    "Sammankallande: %(role)s": "Convener: %(role)s",
    "Ingen aktiv person har användarnamnet %(u)s.": "No active person has the username %(u)s.",
    "Person (användarnamn)": "Person (username)",
    "Sök fram användarnamnet under Personer.": "Look up the username under People.",
    "Funktion": "Function",
    "Representerar enhet": "Represents unit",
    "– ingen –": "– none –",
    "Utsedd av kommundirektören som ordförande i dennes ställe": "Appointed chair by the municipal director in their place",
    "Roll": "Role",
    "För enhet": "For unit",
    "– hela kommunen –": "– the whole municipality –",
    "Förvaltning": "Department",
    "Helägt kommunalt bolag": "Wholly-owned municipal company",
    "Stabsenhet": "Staff unit",
    "Ordförande och sammankallande": "Chair and convener",
    "Ledamot": "Member",
    "Du har inte behörighet att göra detta.": "You are not allowed to do this.",
    "Okänd roll: %(role)s": "Unknown role: %(role)s",
    "Rollen %(role)s gäller en enhet: ange enhet.": "The role %(role)s applies to a unit: choose a unit.",
    "Personen har redan den rollen.": "The person already holds that role.",
    "Rolltilldelningen är redan avslutad.": "The role assignment has already ended.",
    "%(name)s är redan medlem i %(group)s.": "%(name)s is already a member of %(group)s.",
    "Personen är redan medlem i gruppen.": "The person is already a member of the group.",
    "Medlemskapet är redan avslutat.": "The membership has already ended.",
    "Flikar": "Tabs",
    "Sammansättning": "Composition",
    "Historik": "History",
    "Möten per kalenderår": "Meetings per calendar year",
    "Sammansättning enligt policyn": "Composition against the policy",
    "Komplett": "Complete",
    "Alla krav i policyn är uppfyllda.": "Every requirement of the policy is met.",
    "Krav på sammansättningen": "Requirements on the composition",
    "Krav": "Requirement",
    "Uppfylls av": "Met by",
    "Uppfyllt": "Met",
    "Saknas": "Missing",
    "Ledamöter": "Members",
    "Titel": "Title",
    "Representerar": "Represents",
    "Sedan": "Since",
    "Åtgärd": "Action",
    "utsedd": "appointed",
    "Avsluta medlemskap för %(name)s": "End the membership of %(name)s",
    "Avsluta": "End",
    "Gruppen har inga ledamöter.": "The group has no members.",
    "Lägg till ledamot": "Add a member",
    "Lägg till": "Add",
    "Uppdrag enligt riktlinjen": "Duties under the guideline",
    "Ledamöternas ansvar": "Members' responsibilities",
    "Riktlinjens grupper": "The guideline's groups",
    "Grupperna, deras sammansättning och mötesfrekvens kommer från den gällande policyn.": "The groups, their composition and meeting frequency come from the active policy.",
    "Gruppen finns inte i den gällande policyn. Dess historik finns kvar.": "The group is not in the active policy. Its history is kept.",
    "Enhet": "Unit",
    "E-post": "E-mail",
    "Roller enligt riktlinjen": "Roles under the guideline",
    "sedan": "since",
    "Avsluta rollen %(name)s": "End the role %(name)s",
    "Inga roller.": "No roles.",
    "Inte medlem i någon grupp.": "Not a member of any group.",
    "Ge roll": "Give role",
    "Filtrera personer": "Filter people",
    "Sök namn, användarnamn eller titel": "Search name, username or title",
    "Alla": "All",
    "Filtrera": "Filter",
    "Roller": "Roles",
    "Inga personer matchar filtret.": "No people match the filter.",
    "Filtrera enheter": "Filter units",
    "Sök": "Search",
    "Typ": "Kind",
    "Nämnd": "Committee",
    "Inga enheter matchar filtret.": "No units match the filter.",
    "Nämnder": "Committees",
    "%(group)s: %(n)s krav på sammansättningen är inte uppfyllda (t.ex. %(first)s).": "%(group)s: %(n)s composition requirements are not met (e.g. %(first)s).",
    "Medlemmen har lagts till.": "The member has been added.",
    "Medlemskapet för %(name)s har avslutats.": "The membership of %(name)s has ended.",
    "Rollen har lagts till.": "The role has been given.",
    "Rollen har avslutats.": "The role has ended.",
    "Svenska": "Svenska",
    "English": "English",
    "Ingen behörighet": "Not allowed",
    "Du har inte behörighet att göra detta. Kontakta IT-strategen om du behöver det.": "You are not allowed to do this. Contact the IT strategist if you need to.",
    "Till startsidan": "To the start page",
    "Sidan finns inte": "Page not found",
    "Sidan du söker finns inte, eller så har du inte behörighet att se den.": "The page does not exist, or you are not allowed to see it.",
    "Hoppa till huvudinnehållet": "Skip to main content",
    "Huvudmeny": "Main menu",
    "Logga ut": "Log out",
    "Språk": "Language",
    "Byt språk": "Change language",
    "styrning av e-förvaltning och IT": "governance of e-government and IT",
    "Gällande policy": "Active policy",
    "Det gick inte att spara": "Could not be saved",
    "Vem gjorde vad och när": "Who did what and when",
    "Tidpunkt": "Time",
    "Händelse": "Event",
    "Före": "Before",
    "Efter": "After",
    "Ingen historik ännu.": "No history yet.",
    "Sidor": "Pages",
    "Föregående": "Previous",
    "Sida %(n)s av %(total)s": "Page %(n)s of %(total)s",
    "Nästa": "Next",
    "Logga in": "Log in",
    "Logga in i Styrsam": "Log in to Styrsam",
    "System": "Systems",
}

PLURALS = {
    "%(n)s krav är inte uppfyllt": (
        "%(n)s requirement is not met",
        "%(n)s requirements are not met",
    ),
    "%(n)s person": ("%(n)s person", "%(n)s people"),
    "%(n)s enhet": ("%(n)s unit", "%(n)s units"),
}


def main() -> None:
    path = (
        Path(__file__).resolve().parents[1]
        / "styrsam"
        / "locale"
        / "en"
        / "LC_MESSAGES"
        / "django.po"
    )
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid_plural and entry.msgid in PLURALS:
            one, many = PLURALS[entry.msgid]
            entry.msgstr_plural = {0: one, 1: many}
        elif entry.msgid in EN:
            entry.msgstr = EN[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "en"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(str(path))
    po.save_as_mofile(str(path.with_suffix(".mo")))


if __name__ == "__main__":
    main()
