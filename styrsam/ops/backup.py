"""``styrsam backup`` and ``styrsam restore``: the database and the uploads in one archive.

The archive (``styrsam-backup-YYYYMMDDTHHMMSSZ.tar.gz``, mode 0600: it holds personal data):

- ``manifest.json`` — format, time, Styrsam version, database engine, the row count of every
  table, the audit log's checksum (``styrsam.core.audit.audit_checksum``), the last migration
  of each app, and the SHA-256 of the database file and of every upload;
- ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3`` (SQLite, the online
  backup API: a consistent copy while the server runs);
- ``media/…`` — the uploaded files (MEDIA_ROOT).

On PostgreSQL the counts and the dump come from one exported snapshot, so they agree even while
users write. A restore goes into an EMPTY database and an empty MEDIA_ROOT only; afterwards the
row counts and the audit checksum are compared with the manifest and any difference fails it.
Both use MIGRATE_DATABASE_URL (the role that owns the tables) when it is set.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from styrsam.core.audit import audit_checksum

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (Swedish)."""


# --- databases -----------------------------------------------------------------------------


def owner_settings() -> dict:
    """The default database's settings, connecting as MIGRATE_DATABASE_URL's role if set."""
    base = dict(connections.settings[DEFAULT_DB_ALIAS])
    url = getattr(settings, "MIGRATE_DATABASE_URL", "")
    if not url:
        return base
    import dj_database_url

    owner = dj_database_url.parse(url)
    return {**base, **{k: owner[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}}


def _vendor(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Databasmotorn {engine} stöds inte av backup/restore.")


@contextlib.contextmanager
def open_database(settings_dict: dict):
    """A connection of its own to ``settings_dict`` (a restored database, a copy), outside
    DATABASES; closed afterwards."""
    alias = f"styrsam_ops_{uuid.uuid4().hex[:8]}"
    configured = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), alias: dict(settings_dict)}
    )[alias]
    connection = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    try:
        yield connection
    finally:
        connection.close()


def _connection(using):
    return connections[using] if isinstance(using, str) else using


def table_counts(using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    connection = _connection(using)
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - names from introspection
            counts[name] = cursor.fetchone()[0]
    return counts


def fingerprint(using=DEFAULT_DB_ALIAS) -> dict:
    """Row count of every table and the audit checksum: equal before backup and after restore."""
    counts = table_counts(using)
    return {
        "tables": counts,
        "audit_checksum": audit_checksum(using) if "core_auditentry" in counts else None,
        "audit_entries": counts.get("core_auditentry", 0),
    }


def _migrations(using) -> dict[str, str]:
    with _connection(using).cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        last: dict[str, str] = {}
        for app, name in cursor.fetchall():
            last[app] = max(last.get(app, ""), name)
    return last


def _pg_env(settings_dict: dict) -> dict[str, str]:
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"{args[0]} saknas: installera PostgreSQL-klienten (apt-get install postgresql-client)."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{args[0]} misslyckades ({result.returncode}): {result.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- backup --------------------------------------------------------------------------------


def _dump_postgresql(settings_dict: dict, target: Path) -> dict:
    """Fingerprint and pg_dump from one exported snapshot (REPEATABLE READ): they agree."""
    with open_database(settings_dict) as connection, connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            facts = fingerprint(connection)
            facts["migrations"] = _migrations(connection)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    str(settings_dict["NAME"]),
                ],
                _pg_env(settings_dict),
            )
        finally:
            cursor.execute("ROLLBACK")
    return facts


def _copy_sqlite(target: Path) -> dict:
    """The online backup API copies the live database consistently; the facts are read from
    the copy, so they describe exactly what is in the archive."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    copy = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(target), "OPTIONS": {}}
    with open_database(copy) as copied:
        facts = fingerprint(copied)
        facts["migrations"] = _migrations(copied)
    return facts


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(output: Path | None = None, *, media_root: Path | None = None) -> tuple[Path, dict]:
    """Write the archive; returns its path and the manifest."""
    from importlib.metadata import PackageNotFoundError, version

    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = datetime.datetime.now(datetime.UTC)
    if output is None or output.is_dir():
        folder = output or Path(settings.DATA_DIR) / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        output = folder / f"styrsam-backup-{now:%Y%m%dT%H%M%SZ}.tar.gz"
    source = owner_settings()
    vendor = _vendor(source)
    with tempfile.TemporaryDirectory(prefix="styrsam-backup-") as tmp:
        database_file = Path(tmp) / (
            "database.dump" if vendor == "postgresql" else "database.sqlite3"
        )
        if vendor == "postgresql":
            facts = _dump_postgresql(source, database_file)
        else:
            facts = _copy_sqlite(database_file)
        files = _media_files(media_root)
        try:
            styrsam_version = version("styrsam")
        except PackageNotFoundError:
            styrsam_version = "okänd"
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "styrsam_version": styrsam_version,
            "engine": vendor,
            "database_file": database_file.name,
            "database_sha256": _sha256(database_file),
            **facts,
            "media": [
                {
                    "path": p.relative_to(media_root).as_posix(),
                    "size": p.stat().st_size,
                    "sha256": _sha256(p),
                }
                for p in files
            ],
        }
        partial = output.with_name(output.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)
    return output, manifest


# --- restore -------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    restored: dict
    media_files: int
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive_path} är ingen Styrsam-säkerhetskopia: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Okänt format {manifest.get('format')!r} i {archive_path}.")
    return manifest


def _extract(archive_path: Path, into: Path) -> None:
    with tarfile.open(archive_path, "r:*") as archive:
        archive.extractall(into, filter="data")  # refuses absolute paths, .. and devices


def _require_empty_database(connection) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"Databasen {connection.settings_dict['NAME']} är inte tom ({len(tables)} tabeller). "
            "Återställ till en ny, tom databas (se docs/operations.md)."
        )


def restore(
    archive_path: Path, *, database: dict | None = None, media_root: Path | None = None
) -> RestoreReport:
    """Restore ``archive_path`` into an empty ``database`` (default: this installation's,
    as its owner) and an empty ``media_root``; then compare with the manifest."""
    manifest = read_manifest(archive_path)
    target = dict(database or owner_settings())
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if _vendor(target) != manifest["engine"]:
        raise BackupError(
            f"Säkerhetskopian är från {manifest['engine']}, databasen är {_vendor(target)}."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Mappen för uppladdade filer {media_root} är inte tom.")
    with tempfile.TemporaryDirectory(prefix="styrsam-restore-") as tmp:
        folder = Path(tmp)
        _extract(archive_path, folder)
        database_file = folder / manifest["database_file"]
        if _sha256(database_file) != manifest["database_sha256"]:
            raise BackupError(
                "Databasfilen i säkerhetskopian är skadad (kontrollsumman stämmer inte)."
            )
        for item in manifest["media"]:
            if _sha256(folder / "media" / item["path"]) != item["sha256"]:
                raise BackupError(f"Den uppladdade filen {item['path']} är skadad.")
        if manifest["engine"] == "sqlite":
            _restore_sqlite(database_file, target)
        else:
            with open_database(target) as connection:
                _require_empty_database(connection)
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    "--no-password",
                    f"--dbname={target['NAME']}",
                    str(database_file),
                ],
                _pg_env(target),
            )
        if (folder / "media").is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(folder / "media", media_root, dirs_exist_ok=True)
    with open_database(target) as connection:
        restored = fingerprint(connection)
    report = RestoreReport(manifest=manifest, restored=restored, media_files=len(manifest["media"]))
    for table in sorted(set(manifest["tables"]) | set(restored["tables"])):
        before, after = manifest["tables"].get(table), restored["tables"].get(table)
        if before != after:
            report.differences.append(f"{table}: {before} rader i kopian, {after} återställda")
    if manifest["audit_checksum"] != restored["audit_checksum"]:
        report.differences.append("historikens kontrollsumma skiljer sig")
    return report


def _restore_sqlite(database_file: Path, target: dict) -> None:
    name = str(target["NAME"])
    if name.startswith("file:") or name == ":memory:":
        raise BackupError("Återställ SQLite till en fil (DATABASE_URL=sqlite:////sökväg/fil).")
    path = Path(name)
    if path.exists() and path.stat().st_size:
        with open_database(target) as connection:
            _require_empty_database(connection)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(database_file)
    destination = sqlite3.connect(path)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
