"""The policy in Exempelkommun (G29): the default policy is in force, and Anna (IT strategist)
has prepared a revision as a draft — the steering group meets 8–12 times a year instead of
10–12 — that awaits the municipal director Lars's adoption.
The policy page lists it; its page shows the changes rule by rule and, for Lars, the form to
adopt it with an effective date."""

from __future__ import annotations

from styrsam.guideline.policy import default_policy_path
from styrsam.guideline.services import policy_draft

from .vocabulary import kommun

STEERING = "meetings_per_year: {min: 10, max: 12}"


def revised_text() -> str:
    text = (kommun().policy_file or default_policy_path()).read_text(encoding="utf-8")
    if STEERING not in text:  # a municipality's own policy file: no revision to show
        return ""
    return "# Revidering (utkast): färre obligatoriska möten i IT-styrgruppen.\n" + text.replace(
        STEERING, "meetings_per_year: {min: 8, max: 12}", 1
    )


def load(ctx) -> None:
    text = revised_text()
    if not text:
        return
    ctx.extra["policy_draft"] = policy_draft(
        actor=ctx.people["anna"], text=text, source="riktlinje-revidering-utkast.yaml"
    )
