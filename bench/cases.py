"""Benchmark of case work: 100,000 cases across the 16 NRW regions on PostgreSQL.

Seeds `lotse_cases_bench` (created if missing; reseeded only with --reseed), then serves Lotse with gunicorn
(one sync worker, DEBUG off, as in production) and measures p50/p95 over HTTP of the adviser's case list, a case
page and the regional dashboard against a bare Django view on the same server (bench/server_urls.py: same
middleware, session and login). Requests to the four URLs alternate, so a busy moment of the machine hits all of
them alike. SQL queries per page are counted in-process, at 10 and at 1,000 cases per page.

    .venv/bin/python bench/cases.py [--runs 1000] [--reseed] [--port 8120] [--cases 100000]

On a fresh database the seed (plain bulk inserts, every row made once with its counters) takes a few minutes for
100,000 cases; the time is printed and kept in the JSON as "seed_s" (null when the data set was already there).

After seeding it runs VACUUM ANALYZE (what autovacuum does to a bulk-loaded table), so that plans and
index-only scans are those of a maintained production database. The last line of output is JSON; its "setup"
entry records how the figures were taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import http.cookies
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotse_cases_bench")
# Production settings, shared with the server process (the session cookie is signed with the same key).
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ["SECURE_COOKIES"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "server_settings"  # bench/server_settings.py, here and in the server
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning")  # no collected static files needed here
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


PATHWAYS = [
    ("eu_blue_card", 30),
    ("skilled_worker_vocational", 25),
    ("skilled_worker_academic", 15),
    ("experience_based", 10),
    ("western_balkans", 8),
    ("recognition_partnership", 6),
    ("opportunity_card", 4),
    ("vocational_training", 2),
]


# A typical checklist (what the engine lists for a Blue Card or § 18a case): every seeded case gets it, so that the
# case page renders as much as a real one does.
DOCUMENTS = [
    ("passport", "Reisepass (gültig)"),
    ("photos", "2 biometrische Passfotos"),
    ("cv", "Tabellarischer Lebenslauf"),
    ("degree", "Hochschulabschluss oder Berufsabschluss mit Zeugnissen"),
    ("zab_statement", "Zeugnisbewertung der ZAB oder Anerkennungsbescheid"),
    ("contract", "Arbeitsvertrag oder verbindliches Arbeitsplatzangebot"),
    ("job_description", "Erklärung zum Beschäftigungsverhältnis"),
    ("health_insurance", "Krankenversicherungsnachweis"),
    ("fast_track_power", "§ 81a: Vollmacht der Fachkraft für den Arbeitgeber"),
    ("registration", "Nach der Einreise: Meldebescheinigung"),
]


class Copier:
    """Rows of one model written with COPY (psycopg's cursor.copy). Ids are given here, from the table's sequence,
    so later rows can refer to them; every column a row does not name gets the model's default (as the ORM would
    save it), so a field added to the model later needs no change here unless it has no default."""

    def __init__(self, cursor, model):
        from django.db import connection

        self.cursor, self.model = cursor, model
        fields = model._meta.concrete_fields
        self.table = model._meta.db_table
        self.columns = [f.column for f in fields]
        self.pk = model._meta.pk.attname
        template = model()
        self.defaults = {f.attname: f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields}
        self.json = {f.attname: f for f in fields if f.get_internal_type() == "JSONField"}
        self.connection = connection
        self.names = [f.attname for f in fields]
        self.rows: list[tuple] = []
        cursor.execute(f"SELECT COALESCE(MAX({model._meta.pk.column}), 0) FROM {self.table}")
        self.next_id = cursor.fetchone()[0] + 1

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        for name in self.json.keys() & values.keys():
            values[name] = self.json[name].get_db_prep_save(values[name], self.connection)
        row = {**self.defaults, **values, self.pk: pk}
        self.rows.append(tuple(row[name] for name in self.names))
        return pk

    def flush(self) -> int:
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with self.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
            for row in self.rows:
                copy.write_row(row)
        pk_column = self.model._meta.pk.column
        self.cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', '{pk_column}'), {self.next_id - 1})"
        )
        count, self.rows = len(self.rows), []
        return count


def seed(total: int) -> None:
    """Reference data, 16 teams with one adviser each, FAI NRW, 150 employers a region and `total` cases, each with
    its candidate, its steps (12 for the accelerated procedure), the 10 documents above, the service-level timer when
    open and sometimes the BA's timer and a task. Each batch is made in Python first, with the case's document
    counters, and written with COPY: no row is updated afterwards (PostgreSQL only)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from lotse.accounts.models import Membership, Organisation, User
    from lotse.cases import config
    from lotse.cases.models import Candidate, Case, CaseStep, DeadlineTimer, Document, Task
    from lotse.core.scoping import system_access
    from lotse.reference.loading import load_reference_data
    from lotse.reference.models import Arbeitsmarktregion

    load_reference_data()
    rng = random.Random(2026)
    with system_access("bench seed"), transaction.atomic():
        regions = list(Arbeitsmarktregion.objects.order_by("pk"))
        # Realistic skew: the Rhine-Ruhr regions carry most cases.
        weights = [rng.uniform(0.5, 3.0) for _ in regions]
        weights[0] *= 3
        fai = Organisation.objects.create(name="FAI NRW", kind="fai")
        teams, employers = {}, {}
        password = make_password("bench-password-1")  # hashed once for all 17 advisers (PBKDF2 takes a while)
        for region in regions:
            teams[region.pk] = Organisation.objects.create(
                name=region.agency_name, kind="regionalagentur", region=region
            ).pk
            employers[region.pk] = [
                org.pk
                for org in Organisation.objects.bulk_create(
                    [
                        Organisation(name=f"Betrieb {region.slug} {i}", kind="unternehmen", region=region)
                        for i in range(150)
                    ]
                )
            ]
            user = User.objects.create(email=f"{region.slug}@bench.example", password=password)
            Membership.objects.create(user=user, organisation_id=teams[region.pk], role="adviser")
        fai_user = User.objects.create(email="fai@bench.example", password=password)
        Membership.objects.create(user=fai_user, organisation=fai, role="adviser")
        case_types = config.case_types()
        stages = {key: [s["key"] for s in spec["steps"]] for key, spec in case_types.items()}
        today = dt.date.today()
        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
            tables = {
                model: Copier(cursor, model)
                for model in (Case, Candidate, Case.candidates.through, DeadlineTimer, CaseStep, Document, Task)
            }
            batch = 10_000
            for start in range(0, total, batch):
                # The random draws in the order of the first version of this seed, so the data set stays the same.
                cases = []
                for i in range(start, min(start + batch, total)):
                    region = rng.choices(regions, weights)[0]
                    pathway = rng.choices([p for p, _ in PATHWAYS], [w for _, w in PATHWAYS])[0]
                    case_type = config.default_case_type(pathway, accelerated=rng.random() < 0.6)
                    status = rng.choices(["open", "closed", "withdrawn"], [60, 35, 5])[0]
                    opened = today - dt.timedelta(days=rng.randint(0, 900))
                    employer = rng.choice(employers[region.pk])
                    case = {
                        "reference": f"LOT-B-{i:07d}",
                        "region_id": region.pk,
                        "team_id": teams[region.pk],
                        "employer_id": employer,
                        "case_type": case_type,
                        "pathway": pathway,
                        "rules_version": "bench",
                        "assessed_on": opened,
                        "stage": rng.choice(stages[case_type]) if status == "open" else status,
                        "status": status,
                        "opened_on": opened,
                        "closed_on": opened + dt.timedelta(days=200) if status != "open" else None,
                        "has_overdue": status == "open" and rng.random() < 0.08,
                        "next_due_on": today + dt.timedelta(days=rng.randint(-10, 60)) if status == "open" else None,
                    }
                    citizenship = rng.choice(["IN", "PH", "RS", "TR", "BR", "VN", "MA", "CO"])
                    cases.append((case, i, citizenship))
                ba_timer = [c["status"] == "open" and rng.random() < 0.3 for c, _, _ in cases]
                documents = []
                for case, _, _ in cases:
                    spec = case_types[case["case_type"]]["steps"]
                    current = next((n for n, step in enumerate(spec) if step["key"] == case["stage"]), len(spec))
                    progress = current / len(spec)
                    statuses = [
                        "checked" if rng.random() < progress else rng.choice(["required", "received"])
                        for _ in DOCUMENTS
                    ]
                    documents.append((spec, current, statuses))
                    # The counters the document services keep, computed here so the case is written once.
                    case["documents_total"] = len(DOCUMENTS)
                    case["documents_open"] = statuses.count("required")
                task = [c["status"] == "open" and rng.random() < 0.2 for c, _, _ in cases]

                for n, (case, i, citizenship) in enumerate(cases):
                    case_id = tables[Case].add(**case)
                    candidate_id = tables[Candidate].add(
                        region_id=case["region_id"],
                        employer_id=case["employer_id"],
                        first_name=f"Vorname{i}",
                        last_name=f"Nachname{i}",
                        citizenship=citizenship,
                        profession="nurse",
                    )
                    tables[Case.candidates.through].add(case_id=case_id, candidate_id=candidate_id)
                    if ba_timer[n]:
                        tables[DeadlineTimer].add(
                            case_id=case_id,
                            region_id=case["region_id"],
                            kind="ba_approval",
                            label="Zustimmung der BA",
                            legal_reference="§ 36 BeschV",
                            period="1 Woche",
                            started_on=case["opened_on"],
                            due_on=case["next_due_on"],
                        )
                    # Every open case has the advisers' service-level timer, as in the app.
                    if case["status"] == "open":
                        tables[DeadlineTimer].add(
                            case_id=case_id,
                            region_id=case["region_id"],
                            kind="adviser_sla",
                            label="Nächster Schritt der Beratung (Service-Level)",
                            legal_reference="Service-Level der Beratung (kein gesetzliche Frist)",
                            period="10 Tage",
                            started_on=case["next_due_on"] - dt.timedelta(days=10),
                            due_on=case["next_due_on"],
                            pausable=True,
                        )
                    spec, current, statuses = documents[n]
                    for position, step in enumerate(spec):
                        planned_on = case["opened_on"] + dt.timedelta(days=int(step["offset_days"]))
                        tables[CaseStep].add(
                            case_id=case_id,
                            key=step["key"],
                            label=step["label"],
                            position=position,
                            planned_on=planned_on,
                            done_on=planned_on if position < current else None,
                            optional=bool(step.get("optional")),
                        )
                    for (key, label), status in zip(DOCUMENTS, statuses, strict=True):
                        tables[Document].add(case_id=case_id, key=key, label=label, status=status)
                    if task[n]:
                        tables[Task].add(case_id=case_id, title="Unterlagen nachfordern", due_on=case["next_due_on"])
                for copier in tables.values():
                    copier.flush()
                print(f"seeded {min(start + batch, total):,} cases", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with one sync worker serving Lotse plus the bare view; requests are made one at a time."""

    def __init__(self, cookies: dict[str, str], port: int | None = None):
        self.port = port or free_port()
        self.cookies = dict(cookies)
        env = {**os.environ, "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}"}
        self.process = subprocess.Popen(
            [GUNICORN, "lotse.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
            + ["--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(300):
            try:
                self.get("/bench/bare/")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not come up")

    def get(self, url: str) -> tuple[int, bytes]:
        """GET like a browser: the cookies the server set (CSRF token) are sent back."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            connection.request("GET", url, headers={"Cookie": cookie})
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(server: Server, pages: dict[str, tuple[str, bytes]], runs: int) -> dict:
    """p50/p95 per page; the pages are requested in turn, each checked for status 200 and a marker of its content."""
    timings: dict[str, list[float]] = {key: [] for key in pages}
    for round_ in range(runs + 5):
        for key, (url, marker) in pages.items():
            start = time.perf_counter()
            status, body = server.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            assert status == 200 and marker in body, (url, status, body[:200])
            if round_ >= 5:  # the first rounds warm up the worker
                timings[key].append(elapsed)
    result = {}
    for key, values in timings.items():
        values.sort()
        result[key] = {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(values[max(int(len(values) * 0.95) - 1, 0)], 2),
        }
    return result


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    # A p95 of about 2 ms needs a large sample: with 300 requests per page the bare view's p95 moved between
    # 2.1 and 2.5 ms from run to run (and the ratios with it).
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--port", type=int, help="serve on this port (default: any free one)")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from lotse.accounts.models import Organisation, User
    from lotse.cases.models import Case, CaseStep
    from lotse.core.scoping import system_access
    from tests.conftest import log_in  # the log-in with its second step (ADR 0142), as the tests do

    if args.reseed:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    seed_seconds = None
    with system_access("bench"):
        if Case.objects.count() < args.cases or not CaseStep.objects.exists():
            if Case.objects.exists():
                call_command("flush", interactive=False, verbosity=0)
            started = time.perf_counter()
            seed(args.cases)
            seed_seconds = round(time.perf_counter() - started, 1)
            print(f"seeded {args.cases:,} cases in {seed_seconds} s", file=sys.stderr)
    # Fresh statistics and visibility map, as autovacuum would have them in production: without statistics
    # PostgreSQL plans a freshly bulk-loaded table blind, and without the visibility map (set by VACUUM, which
    # autovacuum runs after bulk inserts too) no index-only scan is possible, so every COUNT visits the heap.
    # The figures should measure the pages, not a table no production database would be left in.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with system_access("bench"):
        busiest = Case.objects.values("region_id").annotate(n=Count("id")).order_by("-n").first()
        team = Organisation.objects.get(kind="regionalagentur", region_id=busiest["region_id"])
        adviser = User.objects.get(memberships__organisation=team)
        case = Case.objects.filter(region_id=busiest["region_id"], status="open").order_by("-pk").first()
        total = Case.objects.count()
    client = log_in(Client(), adviser)  # a real session in the database; the server reads the same cookie
    pages = {
        "bare": ("/bench/bare/", b"ok"),
        "case_list": ("/faelle/", b"LOT-B-"),
        "case_detail": (f"/faelle/{case.pk}/", case.reference.encode()),
        "dashboard": ("/faelle/uebersicht/", b"<table"),
    }
    server = Server(
        cookies={settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}, port=args.port
    )
    try:
        timings = measure(server, pages, args.runs)
        per_page = measure(
            server,
            {
                "case_list_10_per_page": ("/faelle/?status=&per_page=10", b"LOT-B-"),
                "case_list_1000_per_page": ("/faelle/?status=&per_page=1000", b"LOT-B-"),
            },
            10,
        )
    finally:
        server.stop()
    results = {
        "setup": {
            "server": "gunicorn, 1 sync worker, HTTP on loopback, one request at a time",
            "debug": settings.DEBUG,
            "db_maintenance": "VACUUM ANALYZE after seeding",
            "runs": args.runs,
        },
        "cases": total,
        "seed_s": seed_seconds,
        "region_cases": busiest["n"],
        **timings,
        **per_page,
    }
    for key, (url, _marker) in pages.items():
        results[key]["queries"] = count_queries(client, url)
    results["case_list_10_per_page"]["queries"] = count_queries(client, "/faelle/?status=&per_page=10")
    results["case_list_1000_per_page"]["queries"] = count_queries(client, "/faelle/?status=&per_page=1000")
    bare_p95 = results["bare"]["p95_ms"]
    for key in ("case_list", "case_detail", "dashboard"):
        results[key]["p95_vs_bare"] = round(results[key]["p95_ms"] / bare_p95, 2)
    results["target_p95_3x_bare_met"] = all(
        results[key]["p95_vs_bare"] <= 3 for key in ("case_list", "case_detail", "dashboard")
    )
    results["queries_independent_of_rows"] = (
        results["case_list_10_per_page"]["queries"] == results["case_list_1000_per_page"]["queries"]
    )
    for key, value in results.items():
        print(f"{key}: {value}", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
