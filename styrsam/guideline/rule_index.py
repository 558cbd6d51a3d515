"""Which tests cite which guideline rule: by name (test_g21_...) or by @pytest.mark.rule("G21")."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

NAME_RE = re.compile(r"^test_g(\d{2})(?:_|$)", re.IGNORECASE)


def rule_titles() -> dict[str, str]:
    path = Path(__file__).with_name("rules.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _marked_rules(decorators: list[ast.expr]) -> set[str]:
    found = set()
    for dec in decorators:
        if (
            isinstance(dec, ast.Call)
            and isinstance(dec.func, ast.Attribute)
            and dec.func.attr == "rule"
        ):
            for arg in dec.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value.upper())
    return found


def _module_marks(tree: ast.Module) -> set[str]:
    """``pytestmark = pytest.mark.rule("G13")`` (or a list of marks) at module level."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "pytestmark" for t in node.targets
        ):
            values = (
                node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            )
            found |= _marked_rules(list(values))
    return found


def scan_tests(root: Path) -> dict[str, list[str]]:
    citations: dict[str, list[str]] = {}
    for path in sorted(root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        module_rules = _module_marks(tree)
        rel = path.relative_to(root.parent) if root.parent in path.parents else path

        def visit(body, prefix: str, inherited: set[str], rel=rel):
            for node in body:
                if isinstance(node, ast.ClassDef):
                    visit(
                        node.body,
                        f"{prefix}{node.name}::",
                        inherited | _marked_rules(node.decorator_list),
                    )
                elif isinstance(
                    node, ast.FunctionDef | ast.AsyncFunctionDef
                ) and node.name.startswith("test"):
                    rules = set(inherited) | _marked_rules(node.decorator_list)
                    match = NAME_RE.match(node.name)
                    if match:
                        rules.add(f"G{match.group(1)}")
                    for rule in rules:
                        citations.setdefault(rule, []).append(f"{rel}::{prefix}{node.name}")

        visit(tree.body, "", module_rules)
    return citations


def default_tests_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "tests"


def rule_citations(root: Path | None = None) -> list[tuple[str, str, list[str]]]:
    root = root or default_tests_dir()
    citations = scan_tests(root) if root.is_dir() else {}
    return [
        (rule_id, title, sorted(citations.get(rule_id, [])))
        for rule_id, title in rule_titles().items()
    ]
