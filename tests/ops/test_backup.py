"""`lotse backup` / `lotse restore`: restored into a new database, every table and file is as it was saved."""

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.ops.processes import ROOT, database_url, environment

pytestmark = pytest.mark.django_db(transaction=True)  # `lotse backup` runs in its own process


def lotse(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lotse.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def new_database(require_postgres):
    """An empty database of its own (unique name), dropped afterwards."""
    settings_dict = {**connection.settings_dict, "NAME": f"test_lotse_restore_{uuid.uuid4().hex[:10]}"}
    admin = database_url({**settings_dict, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings_dict["NAME"])))
    yield database_url(settings_dict)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(settings_dict["NAME"])))


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Per table: rows and the md5 of all row texts in sorted order (computed differently from lotse backup's
    order-free sum, so the two do not share a mistake); per sequence its position."""
    with psycopg.connect(url) as conn:
        conn.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3")
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        digests = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} AS t"
            ).format(sql.Identifier(table))
            digests[table] = tuple(conn.execute(query).fetchone())
        for (sequence,) in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"):
            position = conn.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(sequence)))
            digests[f"sequence {sequence}"] = tuple(position.fetchone())
        return digests


def file_digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def uploaded_files(media: Path) -> None:
    """Files as uploads leave them: random names under private/, binary content, a non-ASCII name."""
    (media / "private" / "cases" / "7").mkdir(parents=True)
    (media / "private" / "cases" / "7" / "a1b2c3d4e5").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 400)
    (media / "private" / "cases" / "Zeugnis_Übersetzung.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000)


def test_restore_into_a_new_database_gives_back_every_row_and_file(live_db_url, new_database, tmp_path):
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("load_demo_cases", verbosity=0)
    call_command("load_demo_events", verbosity=0)
    media, restored_media, archive = tmp_path / "media", tmp_path / "restored-media", tmp_path / "lotse.tar"
    uploaded_files(media)

    backup = lotse("backup", str(archive), env=environment(live_db_url, MEDIA_ROOT=str(media)))
    assert backup.returncode == 0, backup.stderr
    assert "Sicherung geschrieben" in backup.stdout and "Datenbank (pg_dump)" in backup.stderr  # progress shown

    restore = lotse("restore", str(archive), env=environment(new_database, MEDIA_ROOT=str(restored_media)))
    assert restore.returncode == 0, restore.stderr
    assert "Wiederhergestellt und geprüft" in restore.stdout

    source, restored = table_digests(live_db_url), table_digests(new_database)
    assert source.keys() == restored.keys()
    assert [t for t in source if source[t] != restored[t]] == []
    assert source["cases_case"][0] >= 1 and source["core_auditentry"][0] >= 1 and source["events_event"][0] >= 1
    assert file_digests(restored_media) == file_digests(media) and len(file_digests(media)) == 2
    # The restored database is a complete Lotse database: nothing left to migrate.
    check = lotse("migrate", "--check", env=environment(new_database))
    assert check.returncode == 0, check.stdout + check.stderr


def rewrite_archive(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            member, data = change(member, data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_bad_input_exits_2_and_changes_nothing(live_db_url, new_database, tmp_path):
    media = tmp_path / "media"
    uploaded_files(media)
    archive = tmp_path / "lotse.tar"
    assert lotse("backup", str(archive), "--quiet", env=environment(live_db_url, MEDIA_ROOT=str(media))).returncode == 0
    target_media = tmp_path / "target-media"
    into_new = environment(new_database, MEDIA_ROOT=str(target_media))

    def tampered(member, data):
        return member, data[:-1] + b"!" if member.name.startswith("media/") else data

    def traversal(member, data):
        if member.name == "lotse-backup.json":
            manifest = json.loads(data)
            manifest["media"]["../../etc/cron.d/x"] = "0" * 64
            data = json.dumps(manifest).encode()
        return member, data

    rewrite_archive(archive, tmp_path / "tampered.tar", tampered)
    rewrite_archive(archive, tmp_path / "traversal.tar", traversal)
    (tmp_path / "notes.txt").write_text("keine Sicherung")
    with tarfile.open(tmp_path / "foreign.tar", "w") as foreign:
        foreign.add(tmp_path / "notes.txt", arcname="notes.txt")

    cases = [
        (("restore", str(tmp_path / "missing.tar")), into_new, "nicht gefunden"),
        (("restore", str(tmp_path / "notes.txt")), into_new, "keine Lotse-Sicherung"),
        (("restore", str(tmp_path / "foreign.tar")), into_new, "lotse-backup.json fehlt"),
        (("restore", str(tmp_path / "tampered.tar")), into_new, "Prüfsumme"),
        (("restore", str(tmp_path / "traversal.tar")), into_new, "unzulässiger Dateiname"),
        (("restore", str(archive)), environment(live_db_url, MEDIA_ROOT=str(target_media)), "nicht leer"),
        (("restore", str(archive)), environment(new_database, MEDIA_ROOT=str(media)), "MEDIA_ROOT"),
        (("backup", str(archive)), environment(live_db_url), "gibt es schon"),
        (("backup", str(tmp_path / "no-such-dir" / "x.tar")), environment(live_db_url), "gibt es nicht"),
    ]
    for args, env, message in cases:
        result = lotse(*args, "--quiet", env=env)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
    with psycopg.connect(new_database) as conn:  # nothing was restored anywhere
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    assert not target_media.exists()
    assert not list(tmp_path.glob(".target-media.restoring-*"))


def test_sqlite_round_trip(tmp_path):
    """The embedded default has backups too (the file copied with SQLite's online backup)."""
    source = tmp_path / "db.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)")
        conn.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('core', '0001_initial', 'x')")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT, size REAL, data BLOB)")
        conn.executemany(
            "INSERT INTO notes (text, size, data) VALUES (?, ?, ?)",
            [(f"Notiz {i} – Grüße", i / 3, bytes([i % 256]) * 10) for i in range(500)],
        )
    conn.close()
    archive, target = tmp_path / "lotse.tar", tmp_path / "restored" / "db.sqlite3"
    backup = lotse(
        "backup", str(archive), "--quiet", env=environment(f"sqlite:///{source}", MEDIA_ROOT=str(tmp_path / "none"))
    )
    assert backup.returncode == 0, backup.stderr
    restore = lotse(
        "restore", str(archive), "--quiet", env=environment(f"sqlite:///{target}", MEDIA_ROOT=str(tmp_path / "none2"))
    )
    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(source) as a, sqlite3.connect(target) as b:
        rows = "SELECT * FROM notes ORDER BY id"
        assert a.execute(rows).fetchall() == b.execute(rows).fetchall()
    again = lotse("restore", str(archive), "--quiet", env=environment(f"sqlite:///{target}"))
    assert again.returncode == 2 and "nicht leer" in again.stderr
