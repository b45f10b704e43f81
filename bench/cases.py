"""Benchmark of case work: 100,000 cases across the 16 NRW regions on PostgreSQL.

Seeds `lotse_cases_bench` (created if missing; reseeded only with --reseed), then measures p50/p95 of the
adviser's case list, a case detail page and the regional dashboard against a bare Django view served by the same
process and middleware, and counts SQL queries per page at 10 and at 1,000 cases per page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_cases_bench .venv/bin/python bench/cases.py

After seeding it runs VACUUM ANALYZE (what autovacuum does to a bulk-loaded table), so that plans and
index-only scans are those of a maintained production database. The last line of output is JSON; its "setup"
entry records DEBUG, the template loaders in use and that maintenance step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotse_cases_bench")
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns: list = []  # filled after django.setup(): the bare view next to the real URLs, same middleware


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


def seed(total: int) -> None:
    from django.db import transaction

    from lotse.accounts.models import Membership, Organisation, User
    from lotse.cases import config
    from lotse.cases.models import Candidate, Case, DeadlineTimer, Task
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
        for region in regions:
            teams[region.pk] = Organisation.objects.create(
                name=region.agency_name, kind="regionalagentur", region=region
            )
            employers[region.pk] = Organisation.objects.bulk_create(
                [
                    Organisation(name=f"Betrieb {region.slug} {i}", kind="unternehmen", region=region)
                    for i in range(150)
                ]
            )
            user = User.objects.create_user(email=f"{region.slug}@bench.example", password="bench-password-1")
            Membership.objects.create(user=user, organisation=teams[region.pk], role="adviser")
        fai_user = User.objects.create_user(email="fai@bench.example", password="bench-password-1")
        Membership.objects.create(user=fai_user, organisation=fai, role="adviser")
        stages = {key: [s["key"] for s in spec["steps"]] for key, spec in config.case_types().items()}
        today = dt.date.today()
        batch = 10_000
        for start in range(0, total, batch):
            cases, candidates = [], []
            for i in range(start, min(start + batch, total)):
                region = rng.choices(regions, weights)[0]
                pathway = rng.choices([p for p, _ in PATHWAYS], [w for _, w in PATHWAYS])[0]
                case_type = config.default_case_type(pathway, accelerated=rng.random() < 0.6)
                status = rng.choices(["open", "closed", "withdrawn"], [60, 35, 5])[0]
                opened = today - dt.timedelta(days=rng.randint(0, 900))
                employer = rng.choice(employers[region.pk])
                cases.append(
                    Case(
                        reference=f"LOT-B-{i:07d}",
                        region=region,
                        team=teams[region.pk],
                        employer=employer,
                        case_type=case_type,
                        pathway=pathway,
                        assessment_input={},
                        assessment_output={},
                        rules_version="bench",
                        assessed_on=opened,
                        stage=rng.choice(stages[case_type]) if status == "open" else status,
                        status=status,
                        opened_on=opened,
                        closed_on=opened + dt.timedelta(days=200) if status != "open" else None,
                        has_overdue=status == "open" and rng.random() < 0.08,
                        next_due_on=today + dt.timedelta(days=rng.randint(-10, 60))
                        if status == "open"
                        else None,
                    )
                )
                candidates.append(
                    Candidate(
                        region=region,
                        employer=employer,
                        first_name=f"Vorname{i}",
                        last_name=f"Nachname{i}",
                        citizenship=rng.choice(["IN", "PH", "RS", "TR", "BR", "VN", "MA", "CO"]),
                        profession="nurse",
                    )
                )
            Case.objects.bulk_create(cases)
            Candidate.objects.bulk_create(candidates)
            Case.candidates.through.objects.bulk_create(
                [
                    Case.candidates.through(case_id=c.pk, candidate_id=k.pk)
                    for c, k in zip(cases, candidates, strict=True)
                ]
            )
            DeadlineTimer.objects.bulk_create(
                [
                    DeadlineTimer(
                        case=c,
                        kind="ba_approval",
                        label="Zustimmung der BA",
                        legal_reference="§ 36 BeschV",
                        period="1 Woche",
                        started_on=c.opened_on,
                        due_on=c.next_due_on,
                    )
                    for c in cases
                    if c.status == "open" and rng.random() < 0.3
                ]
            )
            Task.objects.bulk_create(
                [
                    Task(case=c, title="Unterlagen nachfordern", due_on=c.next_due_on)
                    for c in cases
                    if c.status == "open" and rng.random() < 0.2
                ]
            )
            print(f"seeded {min(start + batch, total):,} cases", file=sys.stderr)


def measure(client, url: str, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "queries": len(ctx),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django
    from django.conf import settings

    django.setup()
    urlpatterns[:] = [path("bench/bare/", bare), path("", include("lotse.urls"))]
    settings.ROOT_URLCONF = __name__
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command
    from django.db import connection
    from django.template import engines
    from django.test import Client

    from lotse.accounts.models import User
    from lotse.cases.models import Case
    from lotse.core.scoping import system_access

    if args.reseed:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    with system_access("bench"):
        if Case.objects.count() < args.cases:
            if Case.objects.exists():
                call_command("flush", interactive=False, verbosity=0)
            seed(args.cases)
    # Fresh statistics and visibility map, as autovacuum would have them in production: without statistics
    # PostgreSQL plans a freshly bulk-loaded table blind, and without the visibility map (set by VACUUM, which
    # autovacuum runs after bulk inserts too) no index-only scan is possible, so every COUNT visits the heap.
    # The figures should measure the pages, not a table no production database would be left in.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with system_access("bench"):
        busiest = (
            Case.objects.values("region_id").annotate(n=django.db.models.Count("id")).order_by("-n").first()
        )
        from lotse.accounts.models import Organisation

        team = Organisation.objects.get(kind="regionalagentur", region_id=busiest["region_id"])
        adviser = User.objects.get(memberships__organisation=team)
        case = Case.objects.filter(region_id=busiest["region_id"], status="open").order_by("-pk").first()
        total = Case.objects.count()
    client = Client()
    client.force_login(adviser)
    results = {
        # How the figures were taken. Django >= 4.1 uses the cached template loader also with DEBUG on,
        # so DEBUG changes the template path here only by its debug annotations (measured: no difference).
        "setup": {
            "debug": settings.DEBUG,
            "template_loaders": [
                loader[0] if isinstance(loader, tuple) else loader for loader in engines["django"].engine.loaders
            ],
            "db_maintenance": "VACUUM ANALYZE after seeding",
        },
        "cases": total,
        "region_cases": busiest["n"],
        "bare": measure(client, "/bench/bare/", args.runs),
        "case_list": measure(client, "/faelle/", args.runs),
        "case_detail": measure(client, f"/faelle/{case.pk}/", args.runs),
        "dashboard": measure(client, "/faelle/uebersicht/", args.runs),
        "case_list_10_per_page": measure(client, "/faelle/?status=&per_page=10", 5),
        "case_list_1000_per_page": measure(client, "/faelle/?status=&per_page=1000", 5),
    }
    bare_p95 = results["bare"]["p95_ms"]
    for key in ("case_list", "case_detail", "dashboard"):
        results[key]["p95_vs_bare"] = round(results[key]["p95_ms"] / bare_p95, 2) if bare_p95 else None
    results["queries_independent_of_rows"] = (
        results["case_list_10_per_page"]["queries"] == results["case_list_1000_per_page"]["queries"]
    )
    for key, value in results.items():
        print(f"{key}: {value}", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
