"""The `styrsam` command: demo, serve, manage, policy check|load, rules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrsam.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["styrsam manage", *argv])


def cmd_demo(args) -> int:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    if args.reset:
        if db["ENGINE"].endswith("sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                Path(str(db["NAME"]) + suffix).unlink(missing_ok=True)
        else:
            _manage(["flush", "--no-input"])
    _manage(["migrate", "--no-input", "-v", "0"])
    from styrsam.demo.loader import DEMO_PASSWORD, demo_logins, load_demo_if_empty

    loaded = load_demo_if_empty()
    print()
    print("Styrsam – demokommunen Exempelkommun" + (" (nyss skapad)" if loaded else ""))
    print(f"  Öppna:     http://127.0.0.1:{args.port}/")
    print(f"  API-dok:   http://127.0.0.1:{args.port}/api/docs/")
    print(f"  Lösenord för alla demoanvändare: {DEMO_PASSWORD}")
    print("  Demoinloggningar (användarnamn – roll):")
    for username, description in demo_logins():
        print(f"    {username:<12} {description}")
    print("  Avsluta med Ctrl+C.")
    print(flush=True)
    _manage(["runserver", f"127.0.0.1:{args.port}", "--noreload", "--skip-checks"])
    return 0


def cmd_serve(args) -> int:
    os.environ.setdefault("STYRSAM_ENV", "production")
    _manage(["migrate", "--no-input"])
    _manage(["collectstatic", "--no-input", "-v", "0"])
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "styrsam.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
    ]
    run()
    return 0


def cmd_policy(args) -> int:
    from styrsam.guideline.validation import PolicyInvalid, validate_policy

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{path}: kan inte läsas / cannot be read: {exc}", file=sys.stderr)
        return 1
    try:
        if args.action == "check":
            data = validate_policy(text)
            print(
                f"{path}: OK – {data['name']} ({len(data['groups'])} grupper, {len(data['case_types'])} ärendetyper)"
            )
            return 0
        _setup_django()
        from styrsam.guideline.services import policy_load

        version = policy_load(actor=None, text=text, source=str(path))
        print(f"{path}: laddad som gällande policy / loaded as active policy: {version}")
        return 0
    except PolicyInvalid as exc:
        print(
            f"{path}: policyn är ogiltig, inget har laddats / the policy is invalid, nothing was loaded:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(
                f"  {path}:{problem.line or '?'}: {problem.path or '(roten)'}: {problem.message_sv} / {problem.message_en}",
                file=sys.stderr,
            )
        return 1


def cmd_rules(args) -> int:
    from styrsam.guideline.rule_index import rule_citations

    root = Path(args.tests) if args.tests else None
    for rule_id, title, tests in rule_citations(root):
        print(f"{rule_id}  {title}")
        if tests:
            for test in tests:
                print(f"      {test}")
        else:
            print("      (inget test citerar regeln ännu / no test cites this rule yet)")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        _manage(argv[1:])
        return 0
    parser = argparse.ArgumentParser(
        prog="styrsam", description="Styrsam – styrning av e-förvaltning och IT"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="kör demokommunen på 127.0.0.1 (SQLite)")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="börja om med en ny demodatabas")
    serve = sub.add_parser("serve", help="produktionsserver (gunicorn)")
    serve.add_argument("--bind", default=os.environ.get("STYRSAM_BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("STYRSAM_WORKERS", "3")))
    sub.add_parser("manage", help="Djangos kommandon, t.ex. `styrsam manage migrate`")
    policy = sub.add_parser("policy", help="kontrollera eller ladda en policyfil")
    policy.add_argument("action", choices=["check", "load"])
    policy.add_argument("file")
    rules = sub.add_parser("rules", help="riktlinjens regler G01–G31 och testerna som citerar dem")
    rules.add_argument("--tests", help="testkatalog (standard: tests/ i projektet)")
    args = parser.parse_args(argv)
    if args.command in {"demo"}:
        _setup_django()
    handlers = {"demo": cmd_demo, "serve": cmd_serve, "policy": cmd_policy, "rules": cmd_rules}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
