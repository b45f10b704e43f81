"""`lotse backup` and `lotse restore`: the database (pg_dump) and the uploaded files in one verifiable archive.

The archive is a plain tar file:

    database.pgdump       pg_dump --format=custom (PostgreSQL)  |  database.sqlite3 (the embedded default)
    media/…               every file under MEDIA_ROOT
    lotse-backup.json     the manifest: format, time, applied migrations, per table its row count and checksum,
                          per file its SHA-256

The row counts and checksums are taken in the same snapshot pg_dump reads (pg_export_snapshot), so a restore can
prove it got back exactly what was saved: it recomputes them and compares. A restore only goes into an empty
database and an empty MEDIA_ROOT – it never overwrites anything – and the database part runs in one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import sql

FORMAT = "lotse-backup/1"
MANIFEST = "lotse-backup.json"
MEDIA_PREFIX = "media/"
DUMP_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Row text is compared across sessions: fix everything that changes how a row prints.
_STABLE_OUTPUT = (
    "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 3; SET bytea_output = 'hex'"
)


class BackupError(Exception):
    """The operation failed (database unreachable, pg_dump error, a restored table differs): exit status 1."""

    exit_code = 1


class BadInput(BackupError):
    """The file, the options or the target cannot be used as given: exit status 2, nothing was changed."""

    exit_code = 2


class _NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


Progress = Callable[..., object]  # progress(total=…, desc=…, unit=…) -> object with update(n) and close()


def no_progress(**_kwargs) -> _NoProgress:
    return _NoProgress()


@dataclass(frozen=True)
class Database:
    """What backup and restore need to know of Django's DATABASES["default"]."""

    vendor: str  # "postgresql" | "sqlite"
    name: str
    libpq: dict[str, str]  # connection keywords for psycopg and pg_dump (PostgreSQL only)

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        engine = settings_dict["ENGINE"]
        if engine.endswith("sqlite3"):
            return cls("sqlite", str(settings_dict["NAME"]), {})
        if not engine.endswith("postgresql"):
            raise BadInput(f"Sicherung und Wiederherstellung gibt es für PostgreSQL und SQLite, nicht für {engine}.")
        keywords = {
            "dbname": settings_dict["NAME"],
            "host": settings_dict.get("HOST") or "",
            "port": str(settings_dict.get("PORT") or ""),
            "user": settings_dict.get("USER") or "",
            "password": settings_dict.get("PASSWORD") or "",
        }
        for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"):
            if key in settings_dict.get("OPTIONS", {}):
                keywords[key] = str(settings_dict["OPTIONS"][key])
        return cls("postgresql", str(settings_dict["NAME"]), {k: v for k, v in keywords.items() if v})

    def connect(self) -> psycopg.Connection:
        try:
            return psycopg.connect(**self.libpq)
        except psycopg.OperationalError as error:
            raise BackupError(f"Datenbank {self.name} nicht erreichbar: {error}") from None

    def libpq_environment(self) -> dict[str, str]:
        """pg_dump and pg_restore read the connection from the environment: no password in a process list."""
        names = {
            "dbname": "PGDATABASE",
            "host": "PGHOST",
            "port": "PGPORT",
            "user": "PGUSER",
            "password": "PGPASSWORD",
            "sslmode": "PGSSLMODE",
            "sslrootcert": "PGSSLROOTCERT",
            "sslcert": "PGSSLCERT",
            "sslkey": "PGSSLKEY",
            "connect_timeout": "PGCONNECT_TIMEOUT",
        }
        return {**os.environ, **{names[key]: value for key, value in self.libpq.items()}}


# --- figures: row count and an order-independent checksum per table ---------------------------------------------


def postgres_figures(conn: psycopg.Connection, progress: Progress = no_progress) -> dict[str, dict]:
    """Per table: rows and the sum of the first 60 bits of md5(row text). Needs no sort, so it is linear."""
    conn.execute(_STABLE_OUTPUT)
    tables = conn.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
    ).fetchall()
    bar = progress(total=len(tables), desc="Prüfsummen", unit=" Tabellen")
    figures = {}
    for schema, table in tables:
        query = sql.SQL(
            "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text "
            "FROM {}.{} AS t"
        ).format(sql.Identifier(schema), sql.Identifier(table))
        rows, checksum = conn.execute(query).fetchone()
        figures[table if schema == "public" else f"{schema}.{table}"] = {"rows": rows, "checksum": checksum}
        bar.update(1)
    bar.close()
    return figures


def sqlite_figures(path: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        figures = {}
        for table in tables:
            rows = checksum = 0
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - names from sqlite_master
                rows += 1
                checksum += int(hashlib.md5(repr(row).encode(), usedforsecurity=False).hexdigest()[:15], 16)
            figures[table] = {"rows": rows, "checksum": str(checksum)}
        return figures
    finally:
        conn.close()


def compare_figures(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    problems = []
    for table in sorted(expected.keys() | actual.keys()):
        if table not in actual:
            problems.append(f"Tabelle {table} fehlt")
        elif table not in expected:
            problems.append(f"Tabelle {table} ist nicht in der Sicherung")
        elif expected[table] != actual[table]:
            problems.append(
                f"Tabelle {table}: {actual[table]['rows']} statt {expected[table]['rows']} Zeilen"
                if expected[table]["rows"] != actual[table]["rows"]
                else f"Tabelle {table}: Prüfsumme weicht ab"
            )
    return problems


# --- backup --------------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _run_with_progress(command: list[str], env: dict, bar, counts: Callable[[str], bool]) -> None:
    """Run pg_dump or pg_restore --verbose, advancing the bar per matching stderr line; raise with its error."""
    errors = []
    with subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) as proc:
        for line in proc.stderr:
            if counts(line):
                bar.update(1)
            elif "error" in line.lower() or "fatal" in line.lower():
                errors.append(line.strip())
    bar.close()
    if proc.returncode != 0:
        detail = "; ".join(errors[-3:]) or f"exit status {proc.returncode}"
        raise BackupError(f"{Path(command[0]).name} ist fehlgeschlagen: {detail}")


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} nicht gefunden: installieren Sie den PostgreSQL-Client (Version ≥ Server).")
    return path


def _applied_migrations_pg(conn) -> list[list[str]]:
    return [list(r) for r in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name")]


def _dump_postgres(db: Database, dump_path: Path, progress: Progress) -> tuple[dict, list]:
    pg_dump = _require_tool("pg_dump")
    with db.connect() as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        table_count = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]
        bar = progress(total=table_count, desc="Datenbank (pg_dump)", unit=" Tabellen")
        _run_with_progress(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--verbose", f"--file={dump_path}"],
            db.libpq_environment(),
            bar,
            lambda line: "dumping contents of table" in line,
        )
        figures = postgres_figures(conn, progress)  # same snapshot as the dump
        migrations = _applied_migrations_pg(conn)
        conn.rollback()
    return figures, migrations


def _dump_sqlite(db: Database, dump_path: Path, progress: Progress) -> tuple[dict, list]:
    source_path = Path(db.name)
    if not source_path.is_file():
        raise BackupError(f"SQLite-Datenbank nicht gefunden: {source_path}")
    bar = progress(total=1, desc="Datenbank (SQLite)", unit=" Datei")
    source, target = sqlite3.connect(source_path), sqlite3.connect(dump_path)
    try:
        source.backup(target)  # a consistent copy even while the app writes
    finally:
        source.close()
        target.close()
    bar.update(1)
    bar.close()
    conn = sqlite3.connect(dump_path)
    try:
        migrations = [list(r) for r in conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name")]
    finally:
        conn.close()
    return sqlite_figures(dump_path), migrations


def _clean_tarinfo(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o640
    return info


def create_backup(target: Path, *, db: Database, media_root: Path, progress: Progress = no_progress) -> dict:
    """Write the archive to `target` (via a temporary name, so a failed run leaves no half archive)."""
    if target.exists():
        raise BadInput(f"{target} gibt es schon; eine Sicherung überschreibt nichts. Wählen Sie einen neuen Namen.")
    if not target.parent.is_dir():
        raise BadInput(f"Verzeichnis {target.parent} gibt es nicht.")
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="lotse-backup-") as scratch:
        dump_path = Path(scratch) / DUMP_MEMBERS[db.vendor]
        dump = _dump_postgres if db.vendor == "postgresql" else _dump_sqlite
        created_at = datetime.now(UTC)
        figures, migrations = dump(db, dump_path, progress)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": created_at.isoformat(timespec="seconds"),
            "database": {"vendor": db.vendor, "file": dump_path.name, "sha256": _sha256(dump_path), "tables": figures},
            "migrations": migrations,
            "media": {},
        }
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                tar.add(dump_path, arcname=dump_path.name, filter=_clean_tarinfo)
                bar = progress(total=sum(p.stat().st_size for p in files), desc="Dateien", unit="B", unit_scale=True)
                for path in files:
                    name = path.relative_to(media_root).as_posix()
                    manifest["media"][name] = _sha256(path)
                    tar.add(path, arcname=MEDIA_PREFIX + name, filter=_clean_tarinfo)
                    bar.update(path.stat().st_size)
                bar.close()
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = _clean_tarinfo(tarfile.TarInfo(MANIFEST))
                info.size, info.mtime = len(data), int(created_at.timestamp())
                tar.addfile(info, io.BytesIO(data))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


# --- restore -------------------------------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, AttributeError, ValueError):
        raise BadInput(f"keine Lotse-Sicherung: {MANIFEST} fehlt oder ist unlesbar") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BadInput(f"unbekanntes Sicherungsformat {found!r} (erwartet {FORMAT})")
    database, media = manifest.get("database"), manifest.get("media")
    if not (
        isinstance(database, dict)
        and all(isinstance(database.get(key), str) for key in ("vendor", "file", "sha256"))
        and isinstance(database.get("tables"), dict)
        and isinstance(media, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in media.items())
    ):
        raise BadInput(f"{MANIFEST} ist unvollständig (database.vendor/file/sha256/tables, media)")
    return manifest


@contextlib.contextmanager
def open_archive(source: Path) -> Iterator[tarfile.TarFile]:
    if not source.is_file():
        raise BadInput(f"Sicherung nicht gefunden: {source}")
    try:
        tar = tarfile.open(source, "r:")
    except (tarfile.TarError, OSError) as error:
        raise BadInput(f"{source} ist keine Lotse-Sicherung (kein tar-Archiv: {error})") from None
    with tar:
        yield tar


def _safe_media_name(name: str) -> str:
    relative = PurePosixPath(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\x00" in name:
        raise BadInput(f"unzulässiger Dateiname in der Sicherung: {name!r}")
    return relative.as_posix()


def _extract_verified(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path, sha256: str, bar) -> None:
    if not member.isfile():
        raise BadInput(f"{member.name} ist in der Sicherung keine Datei")
    digest = hashlib.sha256()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tar.extractfile(member) as source, path.open("wb") as target:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            target.write(chunk)
            bar.update(len(chunk))
    if digest.hexdigest() != sha256:
        raise BadInput(f"Sicherung beschädigt: Prüfsumme von {member.name} stimmt nicht")


def _postgres_table_count(db: Database) -> int:
    with db.connect() as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]


def _check_targets_empty(db: Database, media_root: Path) -> None:
    if db.vendor == "postgresql":
        tables = _postgres_table_count(db)
    else:
        path = Path(db.name)
        tables = len(sqlite_figures(path)) if path.is_file() and path.stat().st_size else 0
    if tables:
        raise BadInput(
            f"Die Zieldatenbank {db.name} ist nicht leer ({tables} Tabellen). Eine Wiederherstellung überschreibt "
            "nichts: legen Sie eine leere Datenbank an (createdb) und setzen Sie DATABASE_URL darauf."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BadInput(f"MEDIA_ROOT {media_root} ist nicht leer. Wählen Sie ein leeres Verzeichnis (MEDIA_ROOT).")


def _restore_postgres(db: Database, dump_path: Path, progress: Progress) -> dict:
    pg_restore = _require_tool("pg_restore")
    listing = subprocess.run([pg_restore, "--list", str(dump_path)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BadInput(f"die Datenbanksicherung ist unlesbar: {listing.stderr.strip()}")
    entries = sum(1 for line in listing.stdout.splitlines() if line and not line.startswith(";"))
    bar = progress(total=entries, desc="Datenbank (pg_restore)", unit=" Objekte")
    _run_with_progress(
        [pg_restore, "--exit-on-error", "--single-transaction", "--verbose", f"--dbname={db.name}", str(dump_path)],
        db.libpq_environment(),
        bar,
        lambda line: line.startswith("pg_restore: ") and line.split()[1] in {"creating", "processing", "executing"},
    )
    with db.connect() as conn:
        return postgres_figures(conn, progress)


def _restore_sqlite(db: Database, dump_path: Path, progress: Progress) -> dict:
    target = Path(db.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dump_path, target)
    return sqlite_figures(target)


def restore_backup(source: Path, *, db: Database, media_root: Path, progress: Progress = no_progress) -> dict:
    """Restore into an empty database and an empty MEDIA_ROOT; returns the manifest and the verification."""
    with open_archive(source) as tar:
        manifest = read_manifest(tar)
        database = manifest.get("database", {})
        if database.get("vendor") != db.vendor:
            raise BadInput(f"Die Sicherung enthält eine {database.get('vendor')}-Datenbank, das Ziel ist {db.vendor}.")
        _check_targets_empty(db, media_root)
        members = {m.name: m for m in tar.getmembers()}
        media = {_safe_media_name(name): sha256 for name, sha256 in manifest.get("media", {}).items()}
        missing = [name for name in [database.get("file"), *(MEDIA_PREFIX + n for n in media)] if name not in members]
        if missing:
            raise BadInput(f"Sicherung unvollständig: {', '.join(missing[:5])} fehlt")
        staging = media_root.parent / f".{media_root.name}.restoring-{os.getpid()}"
        with tempfile.TemporaryDirectory(prefix="lotse-restore-") as scratch:
            try:
                dump_member = members[database["file"]]
                dump_path = Path(scratch) / database["file"]
                bar = progress(total=dump_member.size, desc="Prüfen", unit="B", unit_scale=True)
                _extract_verified(tar, dump_member, dump_path, database["sha256"], bar)
                bar.close()
                bar = progress(
                    total=sum(members[MEDIA_PREFIX + n].size for n in media), desc="Dateien", unit="B", unit_scale=True
                )
                for name, sha256 in media.items():
                    _extract_verified(tar, members[MEDIA_PREFIX + name], staging / name, sha256, bar)
                bar.close()
                restore = _restore_postgres if db.vendor == "postgresql" else _restore_sqlite
                actual = restore(db, dump_path, progress)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        if media:
            if media_root.exists():
                media_root.rmdir()  # empty, checked above
            staging.replace(media_root)
    problems = compare_figures(database.get("tables", {}), actual)
    return {"manifest": manifest, "tables": actual, "problems": problems}
