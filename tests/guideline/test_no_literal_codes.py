"""No literal code of the default policy in app code (issue 21): the code asks the policy by
meaning (capabilities, designations, flags), so a municipality that renames every role, group,
case type, step and unit gets the same product.

The codes are read from the default policy file. Every string literal in ``styrsam/`` (outside
the policy module ``guideline/``, the demo and migrations) and every template tag is searched
for them as whole words. Docstrings and comments may name them as examples.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "styrsam"
POLICY = ROOT / "guideline" / "default_policy.yaml"
SKIPPED_DIRS = ("guideline", "demo", "locale")

# (path under styrsam/, code): string literals that are not the policy's code, with why.
ALLOWED = {
    # ``obligation_of_kind(kind)``: the kind is the schema's vocabulary (schema.py), not a code;
    # the default policy happens to use the kind as the obligation's code too.
    ("meetings/compliance.py", "company_meetings"),
    ("followup/access.py", "self_assessment"),
    ("followup/access.py", "citizen_panel"),
    # a URL name and a related_name, not the obligation
    ("meetings/urls.py", "company_meetings"),
    # a model field's help text giving an example of a unit code (changing it is a migration)
    ("organisation/models.py", "it_unit"),
    ("meetings/models.py", "company_meetings"),
    # ``Decision.Body.MUNICIPAL_DIRECTOR``: the stored value for "decided by the case type's
    # escalation role" (the policy's ``decision.escalation.role``); its label is the policy's
    # role name (``cases.models.body_name``). Renaming a stored value of an append-only table
    # is a migration of its own; the value means the escalation, whatever the role is called.
    ("cases/models.py", "municipal_director"),
    ("cases/api.py", "municipal_director"),
}


def default_codes() -> set[str]:
    data = yaml.safe_load(POLICY.read_text(encoding="utf-8"))
    codes = set(data["roles"]) | set(data["groups"]) | set(data["case_types"])
    codes |= set(data["units"]) | set(data["obligations"])
    codes |= {s["code"] for c in data["case_types"].values() for s in c["steps"]}
    codes |= set(data["designations"].values())
    # the platform kind; the other common-system kinds are ordinary words (email, finance …)
    # that the code never names as kinds
    codes |= {k for k, v in data["common_system_kinds"].items() if v.get("platform")}
    return codes


def _app_files(suffixes: tuple[str, ...]):
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if path.suffix not in suffixes or rel.split("/")[0] in SKIPPED_DIRS:
            continue
        if "/migrations/" in f"/{rel}":
            continue
        yield rel, path


_FSTRING_MIDDLE = getattr(tokenize, "FSTRING_MIDDLE", -1)  # Python 3.12+


def _python_strings(text: str):
    """(line, literal) of every string literal that is not a docstring."""
    previous = tokenize.NEWLINE
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.STRING and previous not in (
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            yield token.start[0], token.string
        if token.type == _FSTRING_MIDDLE:
            yield token.start[0], token.string
        if token.type not in (tokenize.COMMENT,):
            previous = token.type


_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def _template_strings(text: str):
    for match in _TEMPLATE_TAG.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, match.group(0)


def _pattern(codes: set[str]) -> re.Pattern:
    words = "|".join(sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.:/-])({words})(?![\w-])")


def literal_codes() -> list[str]:
    pattern = _pattern(default_codes())
    found = []
    for rel, path in _app_files((".py", ".html", ".txt", ".js")):
        text = path.read_text(encoding="utf-8")
        pieces = _python_strings(text) if path.suffix == ".py" else _template_strings(text)
        if path.suffix == ".js":
            pieces = ((n + 1, line) for n, line in enumerate(text.splitlines()) if "'" in line)
        for line, piece in pieces:
            for match in pattern.finditer(piece):
                if (rel, match.group(1)) not in ALLOWED:
                    found.append(f"styrsam/{rel}:{line}: {match.group(1)}")
    return found


def test_the_codes_come_from_the_default_policy():
    codes = default_codes()
    assert {"it_strategist", "steering", "common_system_change", "forwarded"} <= codes
    assert {"it_unit", "company_meetings", "it_platform", "system_owner"} <= codes


def test_no_literal_code_of_the_default_policy_in_app_code():
    assert literal_codes() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ('roles_with_code = "it_strategist"\n', ["it_strategist"]),
        ("x = f'{unit} preparatory'\n", ["preparatory"]),
        ("x = 'steering_group'\n", []),
        ('def f():\n    """The steering group (it_strategist)."""\n', []),
    ],
)
def test_the_search_finds_a_literal_not_a_docstring(source, expected):
    codes = default_codes()
    pattern = _pattern(codes)
    hits = [m.group(1) for _, s in _python_strings(source) for m in pattern.finditer(s)]
    assert hits == expected
