"""Import of the organisation from Excel or CSV, as an HR or AD extract comes (issue 21):
committees, departments and companies, people and their roles, one row per person.

The layout (docs/decisions/0019-organisation-import.md; Swedish headers, any order, any case):

    användarnamn  namn  e-post  titel  enhet  enhetsnamn  enhetstyp  nämnd  roll

All or nothing: every row is checked first; one error and nothing is saved (``dry_run``
checks without saving, for the preview). Rows match people on their username: a row equal to
what is stored changes nothing, so importing the same file again creates nothing; a changed
name, e-mail, title or unit is updated. Roles are added, never ended, and each goes through
the rules of granting a role (the policy's ``grants``; nobody gives themselves a role).
People and roles are written with ``bulk_create``/``bulk_update`` in chunks, each created or
changed person and role with its own audit entry (``core.audit.audit_records``)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styrsam.core.audit import audit_records, snapshot
from styrsam.core.bounds import check_instances
from styrsam.core.errors import NotAllowed
from styrsam.core.spreadsheets import Column, ImportResult, read_table
from styrsam.guideline.policy import get_policy

from . import services
from .models import Committee, OrgUnit, Profile, RoleAssignment
from .roles import active_q, grantable_roles

User = get_user_model()

RULE = "G01"  # the municipality's committees and units
MAX_ROWS = 100_000  # a large municipality has ~60,000 employees
CHUNK = 2000
# SQLite allows 999 parameters per query in older builds; lookups go in chunks below that.
LOOKUP_CHUNK = 900

COLUMNS = [
    Column("användarnamn", True, gettext_lazy("Inloggningsnamnet (som i AD)"), "anna.berg", 150),
    Column(
        "namn", True, gettext_lazy("För- och efternamn; efternamnet är sista ordet"), "Anna Berg"
    ),
    Column("e-post", False, gettext_lazy("E-postadress"), "anna.berg@kommun.se", 254),
    Column("titel", False, gettext_lazy("Befattning"), "Förvaltningschef", 200),
    Column("enhet", False, gettext_lazy("Enhetens kod eller namn"), "soc", 40),
    Column(
        "enhetsnamn",
        False,
        gettext_lazy("Skapar enheten om koden i ”enhet” är ny (ändrar namnet annars)"),
        "Socialförvaltningen",
        200,
    ),
    Column(
        "enhetstyp",
        False,
        gettext_lazy("För en ny enhet: förvaltning, bolag eller stabsenhet"),
        "förvaltning",
        40,
    ),
    Column(
        "nämnd",
        False,
        gettext_lazy("För en ny enhet: nämndens namn; en ny nämnd skapas"),
        "Socialnämnden",
        200,
    ),
    Column(
        "roll",
        False,
        gettext_lazy("Roller i policyn (kod eller namn), kommaseparerade; läggs till"),
        "head_of_department",
        1000,
    ),
]
HEADERS = [c.header for c in COLUMNS]
_USERNAME = re.compile(r"^[\w.@+-]+\Z")


@dataclass
class _Person:
    row: int
    username: str
    first_name: str
    last_name: str
    email: str
    title: str
    unit_key: str | None  # the unit's code (lower case), existing or new
    roles: list[str]


@dataclass
class _NewUnit:
    row: int
    code: str
    name: str
    kind: str
    committee: str  # name, lower case key in committees (may be new)


_KINDS = {
    "förvaltning": OrgUnit.Kind.DEPARTMENT,
    "bolag": OrgUnit.Kind.COMPANY,
    "stabsenhet": OrgUnit.Kind.STAFF_UNIT,
}


def _kind(value: str) -> str | None:
    low = value.lower()
    if not low:
        return OrgUnit.Kind.DEPARTMENT
    if low in _KINDS:
        return _KINDS[low]
    for code, label in OrgUnit.Kind.choices:
        if low in {code, str(label).lower()}:
            return code
    return None


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) <= 1:
        return "", name
    return " ".join(parts[:-1]), parts[-1]


class _Reader:
    """Checks the rows one by one against what is stored (loaded once, no query per row)."""

    def __init__(self, actor, result: ImportResult):
        self.actor = actor
        self.result = result
        self.policy = get_policy()
        self.units = {u.code.lower(): u for u in OrgUnit.objects.all()}
        self.unit_names = {u.name.lower(): u.code.lower() for u in self.units.values()}
        self.committees = {c.name.lower(): c for c in Committee.objects.all()}
        self.committees.update({c.code.lower(): c for c in list(self.committees.values())})
        self.new_units: dict[str, _NewUnit] = {}
        self.unit_renames: dict[str, tuple[int, str]] = {}
        self.new_committees: dict[str, str] = {}  # name lower → name
        self.roles = {}
        for code, name in self.policy.role_choices():
            self.roles[code.lower()] = code
            self.roles.setdefault(str(name).lower(), code)
        self.grantable = grantable_roles(actor) if actor is not None else None
        self.people: list[_Person] = []
        self.seen: dict[str, int] = {}

    def err(self, row: int, column: str, message: str) -> None:
        self.result.error(row, column, message)

    def read(self, number: int, cells: dict[str, str]) -> None:
        username = cells.get("användarnamn", "")
        name = cells.get("namn", "")
        if not username:
            self.err(number, "användarnamn", _("Värde saknas."))
        elif not _USERNAME.match(username):
            self.err(
                number,
                "användarnamn",
                _("Användarnamnet får bara innehålla bokstäver, siffror och @ . + - _."),
            )
        elif username.lower() in self.seen:
            self.err(
                number,
                "användarnamn",
                _("Samma användarnamn som rad %(r)s.") % {"r": self.seen[username.lower()]},
            )
        else:
            self.seen[username.lower()] = number
        if not name:
            self.err(number, "namn", _("Värde saknas."))
        email = cells.get("e-post", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.err(number, "e-post", _("Ogiltig e-postadress."))
        unit_key = self._unit(number, cells)
        roles = self._roles(number, cells, username, unit_key)
        first, last = _split_name(name)
        self.people.append(
            _Person(
                row=number,
                username=username,
                first_name=first,
                last_name=last,
                email=email,
                title=cells.get("titel", ""),
                unit_key=unit_key,
                roles=roles,
            )
        )

    def _unit(self, number: int, cells: dict[str, str]) -> str | None:
        raw = cells.get("enhet", "")
        unit_name = cells.get("enhetsnamn", "")
        if not raw:
            if unit_name:
                self.err(number, "enhet", _("Ange enhetens kod när enhetsnamn är ifyllt."))
            return None
        key = raw.lower()
        if key not in self.units and key in self.unit_names:
            key = self.unit_names[key]  # the unit's name instead of its code
        if key in self.units or key in self.new_units:
            if key in self.units and unit_name and unit_name != self.units[key].name:
                earlier = self.unit_renames.get(key)
                if earlier and earlier[1] != unit_name:
                    self.err(
                        number,
                        "enhetsnamn",
                        _("Enheten %(u)s har ett annat namn på rad %(r)s.")
                        % {"u": raw, "r": earlier[0]},
                    )
                else:
                    self.unit_renames.setdefault(key, (number, unit_name))
            elif key in self.new_units and unit_name and unit_name != self.new_units[key].name:
                self.err(
                    number,
                    "enhetsnamn",
                    _("Enheten %(u)s har ett annat namn på rad %(r)s.")
                    % {"u": raw, "r": self.new_units[key].row},
                )
            return key
        if not unit_name:
            self.err(
                number,
                "enhet",
                _("Okänd enhet ”%(v)s”. Ange enhetsnamn för att skapa den.") % {"v": raw},
            )
            return None
        if slugify(raw) != raw:
            self.err(
                number,
                "enhet",
                _("En ny enhets kod får bara innehålla a–z, siffror, - och _ (t.ex. soc)."),
            )
            return None
        if unit_name.lower() in self.unit_names:
            self.err(
                number,
                "enhetsnamn",
                _("En annan enhet heter redan ”%(v)s”.") % {"v": unit_name},
            )
            return None
        kind = _kind(cells.get("enhetstyp", ""))
        if kind is None:
            self.err(
                number,
                "enhetstyp",
                _("Okänd enhetstyp ”%(v)s”. Tillåtna: förvaltning, bolag, stabsenhet.")
                % {"v": cells.get("enhetstyp", "")},
            )
            return None
        committee = cells.get("nämnd", "")
        if committee and committee.lower() not in self.committees:
            if not slugify(committee):
                self.err(number, "nämnd", _("Nämndens namn behöver bokstäver eller siffror."))
                return None
            self.new_committees.setdefault(committee.lower(), committee)
        self.new_units[key] = _NewUnit(number, raw, unit_name, kind, committee.lower())
        self.unit_names[unit_name.lower()] = key  # later rows may name it
        return key

    def _roles(self, number: int, cells: dict[str, str], username: str, unit_key) -> list[str]:
        out = []
        for raw in (r.strip() for r in cells.get("roll", "").split(",")):
            if not raw:
                continue
            code = self.roles.get(raw.lower())
            if code is None:
                self.err(number, "roll", _("Okänd roll ”%(v)s” i policyn.") % {"v": raw})
                continue
            scoped = self.policy.role_is_unit_scoped(code)
            if scoped and unit_key is None:
                self.err(
                    number,
                    "roll",
                    _("Rollen %(role)s gäller en enhet: ange enhet.")
                    % {"role": self.policy.role_name(code)},
                )
                continue
            if self.actor is not None:
                if username and username == self.actor.get_username():
                    self.err(
                        number, "roll", _("Du kan inte ge eller avsluta en roll för dig själv.")
                    )
                    continue
                unit = self.units.get(unit_key) if scoped and unit_key else None
                units = self.grantable.get(code, set())
                if code not in self.grantable or (
                    units is not None and (unit.pk if unit else None) not in units
                ):
                    self.err(
                        number,
                        "roll",
                        _("Enligt policyn får du inte ge rollen %(role)s.")
                        % {"role": self.policy.role_name(code)},
                    )
                    continue
            out.append(code)
        return out


def _chunks(items: list, size: int = LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_organisation(
    *, actor, filename: str, data: bytes, dry_run: bool = False
) -> ImportResult:
    """Check every row; unless ``dry_run`` and when no row has an error, save them all (one
    transaction). ``actor`` needs ``organisation.manage_organisation`` (403 otherwise)."""
    if actor is not None and not actor.has_perm("organisation.manage_organisation"):
        raise NotAllowed(_("Du har inte behörighet att göra detta."), rule="G02")
    result = ImportResult.counting(
        created=("committees", "units", "people", "roles"),
        updated=("units", "people"),
        dry_run=dry_run,
    )
    reader = _Reader(actor, result)
    for number, cells in read_table(
        filename, data, columns=COLUMNS, result=result, max_rows=MAX_ROWS
    ):
        reader.read(number, cells)
    if result.errors:
        return result
    with transaction.atomic():
        _save(actor, reader, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _save(actor, reader: _Reader, result: ImportResult) -> None:
    """Write what the rows say; counts into ``result``. Inside the caller's transaction."""
    for key, name in reader.new_committees.items():
        code = _free_code(Committee, slugify(name)[:40])
        reader.committees[key] = services.committee_create(actor=actor, code=code, name=name)
        result.created["committees"] += 1
    for key, new in reader.new_units.items():
        reader.units[key] = services.org_unit_create(
            actor=actor,
            code=new.code,
            name=new.name,
            kind=new.kind,
            committee=reader.committees.get(new.committee) if new.committee else None,
        )
        result.created["units"] += 1
    for key, (_row, name) in reader.unit_renames.items():
        services.org_unit_update(actor=actor, unit=reader.units[key], name=name)
        result.updated["units"] += 1
    _save_people(actor, reader, result)


def _free_code(model, base: str) -> str:
    code, n = base or "namnd", 1
    while model.objects.filter(code=code).exists():
        n += 1
        code = f"{base[:36]}-{n}"
    return code


def _save_people(actor, reader: _Reader, result: ImportResult) -> None:
    people = reader.people
    existing: dict[str, object] = {}
    for chunk in _chunks([p.username for p in people]):
        for user in User.objects.filter(username__in=chunk).select_related("profile"):
            existing[user.username] = user
    new_users, changed_users, changed_profiles, new_profiles = [], [], [], []
    created_audit, updated_audit = [], []
    for p in people:
        unit = reader.units.get(p.unit_key) if p.unit_key else None
        user = existing.get(p.username)
        if user is None:
            user = User(
                username=p.username,
                first_name=p.first_name,
                last_name=p.last_name,
                email=p.email,
                # unusable, as make_password(None) makes it, without its 40 calls to the
                # system's random source per person (a minute for 60,000 people)
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
            )
            new_users.append((user, p, unit))
            continue
        before, after = {}, {}
        for name, value in (
            ("first_name", p.first_name),
            ("last_name", p.last_name),
            ("email", p.email),
        ):
            if name == "email" and not value:
                continue  # an extract without e-mail does not erase the stored one
            if getattr(user, name) != value:
                before[name], after[name] = getattr(user, name), value
                setattr(user, name, value)
        if after:
            changed_users.append(user)
        profile = getattr(user, "profile", None)
        if profile is None:
            new_profiles.append(Profile(user=user, unit=unit, title=p.title))
            before["unit"], after["unit"] = "", str(unit or "")
        else:
            if p.unit_key is not None and profile.unit_id != unit.pk:
                before["unit"], after["unit"] = str(profile.unit or ""), str(unit)
                profile.unit = unit
            if p.title and profile.title != p.title:
                before["title"], after["title"] = profile.title, p.title
                profile.title = p.title
            if "unit" in after or "title" in after:
                changed_profiles.append(profile)
        if after:
            updated_audit.append((user, before, after))
    result.created["people"] = len(new_users)
    result.updated["people"] = len(updated_audit)
    result.unchanged = len(people) - len(new_users) - len(updated_audit)

    User.objects.bulk_create([u for u, _p, _unit in new_users], batch_size=CHUNK)
    profiles = [Profile(user=u, unit=unit, title=p.title) for u, p, unit in new_users]
    check_instances(profiles + new_profiles)
    Profile.objects.bulk_create(profiles + new_profiles, batch_size=CHUNK)
    if changed_users:
        User.objects.bulk_update(changed_users, ["first_name", "last_name", "email"], CHUNK)
    if changed_profiles:
        check_instances(changed_profiles)
        now = timezone.now()
        for profile in changed_profiles:
            profile.updated_at = now
        Profile.objects.bulk_update(changed_profiles, ["unit", "title", "updated_at"], CHUNK)
    for user, p, unit in new_users:
        created_audit.append(
            (
                user,
                None,
                {
                    "username": user.username,
                    "name": f"{p.first_name} {p.last_name}".strip(),
                    "unit": str(unit or ""),
                    "title": p.title,
                },
            )
        )
    audit_records(actor=actor, action="person.create", items=created_audit, rule=RULE)
    audit_records(actor=actor, action="person.update", items=updated_audit, rule=RULE)
    _save_roles(actor, reader, result, {u.username: u for u, _p, _unit in new_users} | existing)


def _save_roles(actor, reader: _Reader, result: ImportResult, users: dict) -> None:
    policy = reader.policy
    wanted = []
    for p in reader.people:
        for role in p.roles:
            unit = reader.units.get(p.unit_key) if policy.role_is_unit_scoped(role) else None
            wanted.append((users[p.username], role, unit))
    if not wanted:
        return
    held = set()
    person_ids = sorted({u.pk for u, _r, _unit in wanted})
    for chunk in _chunks(person_ids):
        held.update(
            RoleAssignment.objects.filter(active_q(), person_id__in=chunk).values_list(
                "person_id", "role", "unit_id"
            )
        )
    today = timezone.localdate()
    new = []
    for user, role, unit in wanted:
        key = (user.pk, role, unit.pk if unit else None)
        if key in held:
            continue
        held.add(key)
        new.append(RoleAssignment(person=user, role=role, unit=unit, start_date=today))
    check_instances(new)
    RoleAssignment.objects.bulk_create(new, batch_size=CHUNK)
    audit_records(
        actor=actor,
        action="role.assign",
        items=[(a, None, snapshot(a)) for a in new],
        rule=RULE,
    )
    result.created["roles"] = len(new)
