"""The demo municipalities and the demo's vocabulary.

The demo data is written once, in the words of the default guideline (Exempelkommun). Another
demo municipality ships its own policy file and a table from those words to its policy's codes;
``c(word)`` answers the active policy's code and refuses a code the policy does not know, so a
demo step that names something the policy lacks fails at once instead of loading wrong data.
Where the municipality merged two things (Andrakommun: the financing group's duties lie with its
steering group) both words answer the same code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

GUIDELINE_DIR = Path(__file__).resolve().parents[1] / "guideline"


@dataclass(frozen=True)
class Kommun:
    key: str
    name: str
    organisation_number: str
    domain: str
    policy_file: Path | None  # None: the configured policy (settings.STYRSAM_POLICY)
    codes: dict[str, str] = field(default_factory=dict)  # the demo's word -> the policy's code


ANDRA_CODES = {
    # roles
    "it_strategist": "digitaliseringsstrateg",
    "municipal_director": "kommunchef",
    "finance_director": "ekonomichef",
    "communications_director": "kommunikationschef",
    "head_of_it_unit": "digitaliseringschef",
    "development_lead": "utvecklingsstrateg",
    "it_unit_economist": "digitaliseringsekonom",
    "procurement_officer": "inkopare",
    "service_desk": "servicedesk",
    "department_economist": "forvaltningsekonom",
    "head_of_department": "forvaltningschef",
    "system_owner": "systemagare",
    "system_manager": "systemforvaltare",
    # groups
    "steering": "digitaliseringsradet",
    "preparatory": "digitaliseringsforum",
    "system_owners": "systemagarforum",
    "financing": "digitaliseringsradet",
    # case_types
    "common_system_change": "gemensam_losning",
    "business_system_change": "verksamhetslosning",
    "co_financing": "medfinansiering",
    "project_notification": "projektanmalan",
    "platform_development": "plattformsforslag",
    "governing_document": "styrdokumentsforslag",
    # steps
    "need_reported": "behov_anmalt",
    "procurement_contacted": "upphandling_kontaktad",
    "it_unit_contacted": "digitalisering_kontaktad",
    "preparatory_anchoring": "forankrad_i_forum",
    "management_team_anchoring": "forankrad_i_ledningsgrupp",
    "coordination_gains_described": "samordning_beskriven",
    "forwarded": "vidareskickad",
    # units
    "it_unit": "digitaliseringsenheten",
    "communications": "kommunikationsenheten",
    "information_office": "medborgarcenter",
    "procurement_centre": "upphandlingsenheten",
    "business_office": "naringslivsenheten",
    "executive_office": "kommunledningskontoret",
    # obligations
    "company_meetings": "bolagsdialog",
    "self_assessment": "sjalvskattning",
    "citizen_panel": "medborgardialog",
    # common_system_kinds
    "it_platform": "digital_plattform",
}

KOMMUNER = {
    "exempel": Kommun("exempel", "Exempelkommun", "212000-0000", "exempelkommun.se", None),
    "andra": Kommun(
        "andra",
        "Andrakommun",
        "212000-0001",
        "andrakommun.se",
        GUIDELINE_DIR / "andra_policy.yaml",
        ANDRA_CODES,
    ),
}

_active: dict[str, object] = {"kommun": KOMMUNER["exempel"], "known": None}


def activate(kommun: Kommun) -> None:
    """Use ``kommun``'s table from now on (the demo loader calls it after loading the policy)."""
    _active.update(kommun=kommun, known=None)


def kommun() -> Kommun:
    return _active["kommun"]


def _known() -> set[str]:
    if _active["known"] is None:
        from styrsam.guideline.policy import get_policy

        policy = get_policy()
        known = set(policy.role_codes()) | set(policy.groups) | set(policy.case_type_codes())
        known |= set(policy.unit_codes()) | set(policy.data["obligations"])
        known |= {code for code, _name in policy.common_kind_choices()}
        known |= {s.code for t in policy.case_type_codes() for s in policy.steps(t)}
        _active["known"] = known
    return _active["known"]


def c(word: str) -> str:
    """The active demo policy's code for the demo's ``word`` (a code of the default policy)."""
    code = kommun().codes.get(word, word)
    if code not in _known():
        raise LookupError(
            f"Demodata för {kommun().name}: policyn saknar koden '{code}' (för '{word}')"
        )
    return code


class CodeDict(dict):
    """A dict keyed by the policy's codes that also answers to the demo's words (units, groups):
    ``ctx.units["it_unit"]`` is Andrakommun's ``digitaliseringsenheten``."""

    @staticmethod
    def _key(key):
        return kommun().codes.get(key, key) if isinstance(key, str) else key

    def __getitem__(self, key):
        return super().__getitem__(self._key(key))

    def __setitem__(self, key, value):
        super().__setitem__(self._key(key), value)

    def __contains__(self, key):
        return super().__contains__(self._key(key))

    def get(self, key, default=None):
        return super().get(self._key(key), default)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value
