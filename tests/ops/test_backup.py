"""Backups that restore (issue 19): `styrsam backup` writes the database and the uploads with
a manifest; `styrsam restore` puts them into an EMPTY database, and every table's row count and
the audit log's checksum are identical afterwards. SQLite through the online backup API,
PostgreSQL through pg_dump -Fc / pg_restore (run on PostgreSQL only)."""

from __future__ import annotations

import datetime
import io
import json
import tarfile
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections

from styrsam.cli import main
from styrsam.core import migrations as core_migrations
from styrsam.core.audit import audit_checksum
from styrsam.core.models import AuditEntry
from styrsam.ops.backup import (
    BackupError,
    backup,
    open_database,
    read_manifest,
    restore,
    table_counts,
)
from styrsam.organisation.services import role_assign
from tests.factories import AssetTypeFactory, OrgUnitFactory, RentLevelFactory, UserFactory
from tests.vocab import c

pytestmark = pytest.mark.django_db(transaction=True)

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup path")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump/pg_restore: runs on PostgreSQL"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cases" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cases" / "2026" / "förstudie.pdf").write_bytes(b"%PDF-1.7 " * 500)
    (settings.MEDIA_ROOT / "protokoll.txt").write_text("§ 1 Mötet öppnas", encoding="utf-8")
    return settings.MEDIA_ROOT


@pytest.fixture
def municipality(policy, it_strategist):
    """Rows in many tables and audit entries with actors, JSON before/after and request ids."""
    from styrsam.rental.runs import rent_run

    vof = OrgUnitFactory(code="vof", name="Vård- och omsorgsförvaltningen")
    for _n in range(3):
        role_assign(
            actor=it_strategist, person=UserFactory(), role=c("department_economist"), unit=vof
        )
    computer = AssetTypeFactory(code="computer", name="Dator")
    RentLevelFactory(asset_type=computer, monthly_amount=Decimal("300.00"), status="decided")
    from styrsam.rental.models import RentedAsset

    for n in range(4):
        RentedAsset.objects.create(
            asset_type=computer, tag=f"D{n}", department=vof, start_date=datetime.date(2026, 1, 1)
        )
    rent_run(actor=None, month=datetime.date(2026, 1, 1))
    assert AuditEntry.objects.count() > 5


def _compare_with_live(restored_db) -> None:
    live, restored = table_counts(), table_counts(restored_db)
    assert restored == live
    assert sum(live.values()) > 100
    assert restored["core_auditentry"] == AuditEntry.objects.count()
    assert audit_checksum(restored_db) == audit_checksum()


def _check_media(restored_root, media) -> None:
    assert (restored_root / "cases" / "2026" / "förstudie.pdf").read_bytes() == (
        media / "cases" / "2026" / "förstudie.pdf"
    ).read_bytes()
    assert (restored_root / "protokoll.txt").read_text(encoding="utf-8") == "§ 1 Mötet öppnas"


def test_the_manifest_describes_the_archive(municipality, media, tmp_path):
    path, manifest = backup(tmp_path)
    assert path.parent == tmp_path and path.name.startswith("styrsam-backup-")
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_manifest(path) == manifest
    assert manifest["tables"] == table_counts()
    assert manifest["audit_checksum"] == audit_checksum()
    assert manifest["engine"] == connection.vendor.replace("postgresql", "postgresql")
    assert manifest["migrations"]["core"] == max(
        p.stem for p in Path(core_migrations.__file__).parent.glob("0*.py")
    )
    assert sorted(m["path"] for m in manifest["media"]) == [
        "cases/2026/förstudie.pdf",
        "protokoll.txt",
    ]
    with tarfile.open(path) as archive:
        names = set(archive.getnames())
    assert {"manifest.json", manifest["database_file"], "media/protokoll.txt"} <= names


def test_the_audit_checksum_changes_with_any_entry(municipality):
    before = audit_checksum()
    AuditEntry.objects.create(action="x", object_type="t", object_id="1", object_repr="x")
    assert audit_checksum() != before


@on_sqlite
def test_sqlite_backup_restores_into_an_empty_database_identically(municipality, media, tmp_path):
    path, _ = backup(tmp_path)
    target = {**connections.settings["default"], "NAME": str(tmp_path / "restored.sqlite3")}
    target["OPTIONS"] = {}
    report = restore(path, database=target, media_root=tmp_path / "restored-media")
    assert report.ok, report.differences
    with open_database(target) as restored_db:
        _compare_with_live(restored_db)
    _check_media(tmp_path / "restored-media", media)


@on_sqlite
def test_restore_refuses_a_database_that_is_not_empty(municipality, media, tmp_path):
    path, _ = backup(tmp_path)
    target = {**connections.settings["default"], "NAME": str(tmp_path / "t.sqlite3")}
    target["OPTIONS"] = {}
    assert restore(path, database=target, media_root=tmp_path / "m1").ok
    size = (tmp_path / "t.sqlite3").stat().st_size
    with pytest.raises(BackupError, match="inte tom"):
        restore(path, database=target, media_root=tmp_path / "m2")
    assert (tmp_path / "t.sqlite3").stat().st_size == size
    assert not (tmp_path / "m2").exists()


def test_restore_refuses_a_damaged_archive(municipality, media, tmp_path):
    path, manifest = backup(tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == manifest["database_file"]:
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="skadad"):
        restore(
            damaged,
            database={**connections.settings["default"], "NAME": str(tmp_path / "x")},
            media_root=tmp_path / "m",
        )
    assert not (tmp_path / "m").exists()


def test_the_cli_backs_up_and_prints_the_checksum(municipality, media, tmp_path, capsys):
    assert main(["backup", "--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert audit_checksum() in out
    [archive] = tmp_path.glob("styrsam-backup-*.tar.gz")
    with tarfile.open(archive) as opened:
        assert json.loads(opened.extractfile("manifest.json").read())["media"]


@on_postgres
@pytest.mark.postgres
@pytest.mark.db_owner("creates and drops the database it restores into")
def test_postgres_backup_restores_into_an_empty_database_identically(municipality, media, tmp_path):
    path, manifest = backup(tmp_path)
    assert manifest["database_file"] == "database.dump"
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = {**connections.settings["default"], "NAME": name}
    try:
        report = restore(path, database=target, media_root=tmp_path / "restored-media")
        assert report.ok, report.differences
        with open_database(target) as restored_db:
            _compare_with_live(restored_db)
            with restored_db.cursor() as cursor:  # the append-only trigger came along
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgname = 'core_auditentry_append_only_trg'"
                )
                assert cursor.fetchone()[0] == 1
        _check_media(tmp_path / "restored-media", media)
        with pytest.raises(BackupError, match="inte tom"):
            restore(path, database=target, media_root=tmp_path / "again")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
