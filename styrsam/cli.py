"""The `styrsam` command: init, demo, serve, manage, policy check|load, rules, worker, beat,
backup, restore, upgrade."""

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
    from styrsam.demo.vocabulary import KOMMUNER

    kommun = KOMMUNER[args.kommun]
    loaded = load_demo_if_empty(kommun.key)
    print()
    from styrsam.organisation.models import Municipality

    existing = Municipality.objects.values_list("name", flat=True).first()
    if existing and existing != kommun.name:
        print(
            f"Databasen innehåller redan {existing}; starta om med --reset för {kommun.name}.",
            file=sys.stderr,
        )
        return 2
    print(f"Styrsam – demokommunen {kommun.name}" + (" (nyss skapad)" if loaded else ""))
    print(f"  Öppna:     http://127.0.0.1:{args.port}/")
    print(f"  API-dok:   http://127.0.0.1:{args.port}/api/docs/")
    print(f"  Lösenord för alla demoanvändare: {DEMO_PASSWORD}")
    print("  Demoinloggningar (användarnamn – roll):")
    for username, description in demo_logins(kommun.key):
        print(f"    {username:<12} {description}")
    print("  Avsluta med Ctrl+C.")
    print(flush=True)
    _manage(["runserver", f"127.0.0.1:{args.port}", "--noreload", "--skip-checks"])
    return 0


def _admin_password() -> str | None:
    """The first account's password: ``STYRSAM_ADMIN_PASSWORD``, else asked for at a terminal."""
    password = os.environ.get("STYRSAM_ADMIN_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("Lösenord för det första kontot / password: ")
    again = getpass.getpass("Samma lösenord igen / again: ")
    return first if first == again else None


def cmd_init(args) -> int:
    """A new installation from an empty database: migrate, the policy, the first account."""
    from styrsam.guideline.validation import PolicyInvalid

    path = Path(args.policy)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{path}: kan inte läsas / cannot be read: {exc}", file=sys.stderr)
        return 1
    owner_url = os.environ.get("MIGRATE_DATABASE_URL")
    if owner_url:  # production: the tables belong to the owner role (decision 0012)
        import subprocess

        command = [sys.executable, "-m", "styrsam.cli", "manage", "migrate", "--no-input"]
        if subprocess.call(command, env={**os.environ, "DATABASE_URL": owner_url}):  # noqa: S603
            print("Migreringen misslyckades; ingenting mer har gjorts.", file=sys.stderr)
            return 1
    else:
        # call_command, not the command line: the command line closes every database
        # connection when the command ends, and init goes on with the same connection
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    _setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from styrsam.core.errors import ServiceError
    from styrsam.organisation.setup import initialise

    password = None
    if not get_user_model().objects.filter(username=args.admin_username).exists():
        password = _admin_password()
        if not password:
            print(
                "Inget lösenord för det första kontot: sätt STYRSAM_ADMIN_PASSWORD eller kör "
                "kommandot i en terminal (lösenorden ska vara lika). Ingenting har ändrats.",
                file=sys.stderr,
            )
            return 1
        try:
            validate_password(password)
        except ValidationError as exc:
            for message in exc.messages:
                print(f"Lösenordet: {message}", file=sys.stderr)
            return 1
    try:
        report = initialise(
            policy_text=text,
            source=str(path),
            admin_username=args.admin_username,
            admin_email=args.admin_email or "",
            admin_name=args.admin_name or "",
            password=password,
            municipality=args.kommun or "",
        )
    except PolicyInvalid as exc:
        print(f"{path}: policyn är ogiltig, ingenting har ändrats:", file=sys.stderr)
        for problem in exc.problems:
            print(
                f"  {path}:{problem.line or '?'}: {problem.path or '(roten)'}: {problem.message_sv}",
                file=sys.stderr,
            )
        return 1
    except ServiceError as exc:
        print(f"Ingenting har ändrats: {exc.display}", file=sys.stderr)
        return 1
    for line in report.done:
        print(f"  + {line}")
    for line in report.already:
        print(f"  = {line}")
    if not report.changed:
        print("Ingenting ändrades: installationen var redan gjord.")
        return 0
    print("Styrsam är installerat. Nästa steg:")
    print("  1. Starta: styrsam serve (eller se docs/operations.md för drift).")
    print(f"  2. Logga in som {args.admin_username}.")
    print(
        "  3. Organisation → Importera: ladda upp nämnder, förvaltningar, bolag, personer och "
        "roller (Excel/CSV), eller POST /api/v1/organisation/import/."
    )
    print("  4. Lägg till enheter, nämnder och utrustningstyper på sidorna Organisation och Hyra.")
    print("  5. Roller som policyn inte låter dig ge (t.ex. den som antar riktlinjen) ger en")
    print("     systemadministratör: styrsam manage createsuperuser.")
    return 0


# gunicorn's hooks (gc.freeze() after a worker's start-up; docs/decisions/0023)
GUNICORN_CONFIG = "python:styrsam.ops.gunicorn_config"


def _workers_from_environment() -> int:
    """``STYRSAM_WORKERS`` (3 when unset or empty): a whole number of at least 1, or the
    command stops before it changes anything, naming the variable."""
    value = (os.environ.get("STYRSAM_WORKERS") or "").strip() or "3"
    if not (value.isascii() and value.isdigit() and int(value) >= 1):
        raise SystemExit(f"STYRSAM_WORKERS ska vara ett heltal från 1 och uppåt, inte {value!r}.")
    return int(value)


def cmd_serve(args) -> int:
    workers = args.workers if args.workers is not None else _workers_from_environment()
    os.environ.setdefault("STYRSAM_ENV", "production")
    _manage(["migrate", "--no-input"])
    _manage(["collectstatic", "--no-input", "-v", "0"])
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "styrsam.wsgi:application",
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        args.bind,
        "--workers",
        str(workers),
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
        from styrsam.core.errors import ServiceError
        from styrsam.guideline.compatibility import parse_renames
        from styrsam.guideline.models import PolicyVersion
        from styrsam.guideline.services import policy_draft, policy_load

        try:
            renames = parse_renames(args.rename or [])
            if not PolicyVersion.objects.filter(status=PolicyVersion.Status.ADOPTED).exists():
                # The installation's first policy, adopted before Styrsam held it.
                version = policy_load(actor=None, text=text, source=str(path), renames=renames)
                print(f"{path}: laddad som gällande policy / loaded as active policy: {version}")
                return 0
            # G29: every later file is a draft until the adopting role adopts it.
            version = policy_draft(actor=None, text=text, source=str(path), renames=renames)
        except PolicyInvalid:
            raise  # listed line by line below
        except ServiceError as exc:
            print(f"{path}: inget har laddats / nothing was loaded: {exc.detail}", file=sys.stderr)
            return 1
        print(
            f"{path}: sparad som utkast / saved as a draft: {version}"
            f" (status {version.status}); antas på policysidan / adopted on the policy page"
        )
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


def _celery(argv: list[str]) -> int:
    """``celery -A styrsam <argv>`` with Django set up; the worker's and beat's exit code."""
    _setup_django()
    from styrsam.celery import app

    try:
        app.start(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def cmd_worker(extra: list[str]) -> int:
    """A Celery worker: runs the reminders, the rent run and what else is sent to it."""
    concurrency = os.environ.get("STYRSAM_WORKER_CONCURRENCY", "2")
    return _celery(["worker", "--loglevel", "INFO", "--concurrency", concurrency, *extra])


def cmd_beat(extra: list[str]) -> int:
    """Celery beat: sends the periodic tasks of styrsam/schedule.py. Run exactly one."""
    _setup_django()
    from django.conf import settings

    Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent.mkdir(parents=True, exist_ok=True)
    return _celery(
        ["beat", "--loglevel", "INFO", "--schedule", settings.CELERY_BEAT_SCHEDULE_FILENAME, *extra]
    )


def cmd_backup(args) -> int:
    _setup_django()
    from styrsam.ops.backup import BackupError, backup

    try:
        path, manifest = backup(Path(args.output) if args.output else None)
    except BackupError as exc:
        print(f"Säkerhetskopieringen misslyckades / backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"Säkerhetskopia / backup: {path}")
    print(
        f"  {len(manifest['tables'])} tabeller, {sum(manifest['tables'].values())} rader, "
        f"{manifest['audit_entries']} historikposter, {len(manifest['media'])} uppladdade filer"
    )
    print(f"  historikens kontrollsumma / audit checksum: {manifest['audit_checksum']}")
    return 0


def cmd_restore(args) -> int:
    _setup_django()
    from styrsam.ops.backup import BackupError, restore

    try:
        report = restore(Path(args.archive))
    except BackupError as exc:
        print(f"Återställningen misslyckades / restore failed: {exc}", file=sys.stderr)
        return 1
    rows = sum(report.restored["tables"].values())
    print(f"Återställd / restored: {args.archive} ({report.manifest['created_at']})")
    print(
        f"  {len(report.restored['tables'])} tabeller, {rows} rader, "
        f"{report.restored['audit_entries']} historikposter, {report.media_files} uppladdade filer"
    )
    if not report.ok:
        print("SKILLNADER MOT SÄKERHETSKOPIAN / DIFFERENCES:", file=sys.stderr)
        for line in report.differences:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("  radantal och historikens kontrollsumma stämmer / row counts and audit checksum match")
    return 0


def cmd_upgrade(args) -> int:
    from styrsam.ops.upgrade import run_upgrade

    return run_upgrade(skip_static=args.skip_static)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        _manage(argv[1:])
        return 0
    if argv and argv[0] in {"worker", "beat"} and "-h" not in argv and "--help" not in argv:
        return {"worker": cmd_worker, "beat": cmd_beat}[argv[0]](argv[1:])
    parser = argparse.ArgumentParser(
        prog="styrsam", description="Styrsam – styrning av e-förvaltning och IT"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    init = sub.add_parser(
        "init",
        help="ny installation: migrera, ladda kommunens policy, skapa det första kontot "
        "(lösenord i STYRSAM_ADMIN_PASSWORD eller frågas efter)",
    )
    init.add_argument("--policy", required=True, help="kommunens policyfil (YAML)")
    init.add_argument("--admin-username", required=True, help="det första kontots användarnamn")
    init.add_argument("--admin-email", help="det första kontots e-postadress")
    init.add_argument("--admin-name", help="det första kontots för- och efternamn")
    init.add_argument("--kommun", help="kommunens namn, t.ex. Andrakommun")
    demo = sub.add_parser("demo", help="kör demokommunen på 127.0.0.1 (SQLite)")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--reset", action="store_true", help="börja om med en ny demodatabas")
    demo.add_argument(
        "--kommun",
        choices=["exempel", "andra"],
        default="exempel",
        help="demokommun: exempel (standardpolicyn) eller andra (Andrakommuns egen policy); "
        "byt med --reset",
    )
    serve = sub.add_parser("serve", help="produktionsserver (gunicorn)")
    serve.add_argument("--bind", default=os.environ.get("STYRSAM_BIND", "127.0.0.1:8000"))
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn-processer (standard: STYRSAM_WORKERS, 3)",
    )
    sub.add_parser("manage", help="Djangos kommandon, t.ex. `styrsam manage migrate`")
    policy = sub.add_parser("policy", help="kontrollera eller ladda en policyfil")
    policy.add_argument("action", choices=["check", "load"])
    policy.add_argument("file")
    policy.add_argument(
        "--rename",
        action="append",
        metavar="GAMMAL=NY",
        help="load: en kod i bruk som heter något annat i den nya policyn (kan upprepas)",
    )
    rules = sub.add_parser("rules", help="riktlinjens regler G01–G31 och testerna som citerar dem")
    rules.add_argument("--tests", help="testkatalog (standard: tests/ i projektet)")
    sub.add_parser(
        "worker", help="Celery-arbetare (påminnelser, hyreskörning); fler flaggor till celery"
    )
    sub.add_parser("beat", help="Celery beat: schemalagda uppgifter (kör exakt en)")
    backup = sub.add_parser("backup", help="säkerhetskopiera databas och uppladdade filer")
    backup.add_argument("--output", help="fil eller mapp (standard: DATA_DIR/backups/)")
    restore = sub.add_parser("restore", help="återställ en säkerhetskopia till en tom databas")
    restore.add_argument("archive")
    upgrade = sub.add_parser(
        "upgrade",
        help="migrera (som ägarrollen), samla statiska filer, visa policyschemats ändringar",
    )
    upgrade.add_argument("--skip-static", action="store_true", help="hoppa över collectstatic")
    args = parser.parse_args(argv)
    if args.command in {"demo"}:
        _setup_django()
    handlers = {
        "init": cmd_init,
        "demo": cmd_demo,
        "serve": cmd_serve,
        "policy": cmd_policy,
        "rules": cmd_rules,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "upgrade": cmd_upgrade,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
