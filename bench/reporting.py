"""Benchmark of reporting: 100,000 cases over three years on PostgreSQL.

Seeds the database of DATABASE_URL (case work, advice requests with their responses in the audit log, milestones,
deadline timers, workshops; written with COPY, not through the services) unless it already holds the seed, then:

* full rebuild of the count table up to the day before yesterday, and the incremental run of one day (yesterday);
* the aggregates against direct SQL counts of the source tables (keys with "mismatch": they must be 0);
* the dashboards over HTTP (gunicorn, one sync worker, DEBUG off) against a bare view on the same server
  (bench/server_urls.py), as p50/p95 and their ratio to the bare view (keys with "ratio").

    DATABASE_URL=postgres://…/lotse_comm .venv/bin/python bench/reporting.py [--cases 100000] [--runs 300] [--reseed]

The last line of output is JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotse_comm")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ["SECURE_COOKIES"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "server_settings"
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning")

REFERENCE = "LOT-R-"
PATHWAYS = [
    ("eu_blue_card", 28),
    ("skilled_worker_vocational", 25),
    ("skilled_worker_academic", 14),
    ("experience_based", 9),
    ("western_balkans", 9),
    ("recognition_partnership", 6),
    ("opportunity_card", 5),
    ("vocational_training", 3),
    ("privileged_nationals", 1),
]
CITIZENSHIPS = [
    ("IN", 20),
    ("PH", 10),
    ("RS", 7),
    ("TR", 8),
    ("BR", 6),
    ("VN", 6),
    ("MA", 5),
    ("CO", 5),
    ("XK", 4),
    ("BA", 4),
    ("AL", 3),
    ("US", 2),
    ("PL", 1),
    ("UA", 4),
    ("EG", 3),
    ("TN", 3),
    ("KE", 2),
    ("ID", 2),
    ("MX", 2),
    ("", 2),
]
PROFESSIONS = [
    ("nurse", 22),
    ("nursing_assistant", 8),
    ("physician", 4),
    ("software_developer", 10),
    ("it_systems_specialist", 5),
    ("electrician", 7),
    ("plumber", 4),
    ("mechatronics_technician", 5),
    ("industrial_mechanic", 6),
    ("cook", 5),
    ("hotel_clerk", 3),
    ("warehouse_logistics", 4),
    ("truck_driver", 5),
    ("engineer", 5),
    ("educator", 2),
    ("craft_other", 3),
    ("other", 3),
    ("", 2),
]
WZ = [
    ("86.10", 14),
    ("87.10", 10),
    ("88.10", 4),
    ("62.01", 9),
    ("25.11", 6),
    ("28.1", 5),
    ("43.21", 7),
    ("49.41", 5),
    ("52.10", 4),
    ("55.10", 4),
    ("56.10", 4),
    ("45.20", 3),
    ("71.12", 3),
    ("C", 3),
    ("F", 2),
    ("85.31", 2),
    ("", 15),
]
SIZES = [("micro", 30), ("small", 35), ("medium", 22), ("large", 5), ("", 8)]


def pick(rng, weighted):
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def free_port_between(first: int, last: int) -> int:
    import socket

    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {first} and {last}")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


class Copier:
    """COPY rows into a table with ids assigned here, so that later rows can refer to them."""

    def __init__(self, cursor, table: str, columns: list[str]):
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        self.next_id = cursor.fetchone()[0] + 1
        self.cursor, self.table, self.columns = cursor, table, ["id", *columns]
        self.rows: list[tuple] = []

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def flush(self) -> int:
        with self.cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        count = len(self.rows)
        self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('{self.table}', 'id'), {self.next_id - 1})")
        self.rows = []
        return count


def seed(total: int, today: dt.date) -> dict:
    """Three years of case work up to yesterday, written with COPY. Returns row counts."""
    from django.db import connection
    from django.utils import timezone

    from lotse.reference.loading import load_reference_data
    from lotse.reference.models import Arbeitsmarktregion

    load_reference_data()
    rng = random.Random(2026)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    last_day = today - dt.timedelta(days=1)
    first_day = today - dt.timedelta(days=3 * 365)
    regions = list(Arbeitsmarktregion.objects.order_by("pk").values_list("pk", flat=True))
    weights = [rng.uniform(0.5, 3.0) for _ in regions]
    counts = {}
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's cursor, for COPY
        orgs = Copier(
            cursor,
            "accounts_organisation",
            ["name", "kind", "street", "postcode", "city", "website", "created_at", "region_id"],
        )
        orgs.add("FAI NRW", "fai", "", "", "Düsseldorf", "", now, None)
        teams = {r: orgs.add(f"Regionalagentur {r}", "regionalagentur", "", "", "", "", now, r) for r in regions}
        employers = {
            r: [orgs.add(f"Betrieb {r}-{i}", "unternehmen", "", "", "", "", now, r) for i in range(250)]
            for r in regions
        }
        counts["organisations"] = orgs.flush()
        profiles = Copier(
            cursor,
            "cases_companyprofile",
            ["wz_code", "size_class", "contact_name", "contact_email", "contact_phone", "name_key", "organisation_id"],
        )
        for region_employers in employers.values():
            for employer in region_employers:
                if rng.random() < 0.85:
                    profiles.add(pick(rng, WZ), pick(rng, SIZES), "", "", "", f"betrieb{employer}", employer)
        counts["company_profiles"] = profiles.flush()

        cases = Copier(
            cursor,
            "cases_case",
            [
                "reference",
                "case_type",
                "pathway",
                "assessment_input",
                "assessment_output",
                "rules_version",
                "assessed_on",
                "stage",
                "status",
                "waiting_on_authority",
                "opened_on",
                "closed_on",
                "has_overdue",
                "next_due_on",
                "version",
                "updated_at",
                "employer_id",
                "region_id",
                "team_id",
                "documents_open",
                "documents_total",
            ],
        )
        candidates = Copier(
            cursor,
            "cases_candidate",
            [
                "first_name",
                "last_name",
                "email",
                "citizenship",
                "qualification",
                "profession",
                "languages",
                "shared_with_employer",
                "created_at",
                "employer_id",
                "region_id",
            ],
        )
        links = Copier(cursor, "cases_case_candidates", ["case_id", "candidate_id"])
        requests = Copier(
            cursor,
            "cases_advicerequest",
            [
                "status",
                "assessment_input",
                "assessment_output",
                "rules_version",
                "contact_name",
                "contact_email",
                "message",
                "candidate_consent",
                "forward_reason",
                "created_at",
                "version",
                "employer_id",
                "region_id",
                "team_id",
                "case_id",
            ],
        )
        audits = Copier(
            cursor,
            "core_auditentry",
            ["created_at", "actor_label", "action", "object_type", "object_id", "object_repr", "changes", "context"],
        )
        events = Copier(cursor, "cases_caseevent", ["kind", "occurred_on", "created_at", "case_id"])
        timers = Copier(
            cursor,
            "cases_deadlinetimer",
            [
                "kind",
                "label",
                "legal_reference",
                "period",
                "started_on",
                "due_on",
                "stopped_on",
                "pausable",
                "paused_since",
                "paused_days",
                "case_id",
                "deemed_on",
                "region_id",
            ],
        )

        def moment(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(rng.randrange(7, 19), rng.randrange(60)), tzinfo=zone)

        def request(day: dt.date, region, employer, case_id, answered: bool):
            created = moment(day)
            pk = requests.add(
                "accepted" if case_id else rng.choice(["new", "forwarded"]),
                "{}",
                "{}",
                "",
                "x",
                "x@example.org",
                "",
                True,
                "",
                created,
                1,
                employer,
                region,
                teams.get(region),
                case_id,
            )
            if answered:
                answer = created + dt.timedelta(hours=rng.expovariate(1 / 30))
                if answer.date() <= last_day:
                    action = "advice_request.accept" if case_id else "advice_request.forward"
                    audits.add(answer, "bench", action, "cases.advicerequest", str(pk), "", "{}", "{}")

        def timer(case_id, region, kind, started, days, decided_on, deemed=False):
            if started > last_day:
                return
            due = started + dt.timedelta(days=days)
            stopped = decided_on if decided_on and decided_on <= last_day else None
            deemed_on = due if deemed and due <= last_day else None
            if deemed_on:
                stopped = due
            timers.add(
                kind, kind, "§", f"{days} Tage", started, due, stopped, False, None, 0, case_id, deemed_on, region
            )

        for i in range(total):
            region = rng.choices(regions, weights)[0]
            employer = rng.choice(employers[region])
            # More cases in recent months: the offer grows.
            opened = first_day + dt.timedelta(days=int((3 * 365 - 1) * rng.random() ** 0.8))
            pathway = pick(rng, PATHWAYS)
            accelerated = rng.random() < 0.6
            plan = {}
            if rng.random() < 0.7:
                plan["recognition_decision_received"] = opened + dt.timedelta(days=max(5, int(rng.gauss(60, 25))))
            base = plan.get("recognition_decision_received", opened)
            if accelerated:
                plan["ba_decision_received"] = base + dt.timedelta(days=rng.randint(10, 30))
                plan["preapproval_issued"] = plan["ba_decision_received"] + dt.timedelta(days=rng.randint(2, 10))
                base = plan["preapproval_issued"]
            plan["visa_appointment_held"] = base + dt.timedelta(days=max(3, int(rng.gauss(25, 10))))
            plan["visa_decision_received"] = plan["visa_appointment_held"] + dt.timedelta(
                days=max(2, int(rng.gauss(18, 8)))
            )
            plan["entry"] = plan["visa_decision_received"] + dt.timedelta(days=max(2, int(rng.gauss(21, 9))))
            plan["work_started"] = plan["entry"] + dt.timedelta(days=rng.randint(1, 20))
            fate = rng.random()
            status, closed = "open", None
            if fate < 0.08:
                status, closed = "withdrawn", opened + dt.timedelta(days=rng.randint(5, 150))
            elif fate < 0.11:
                status, closed = "rejected", opened + dt.timedelta(days=rng.randint(20, 200))
            elif plan["work_started"] + dt.timedelta(days=30) <= last_day:
                status, closed = "closed", plan["work_started"] + dt.timedelta(days=30)
            if closed and closed > last_day:
                status, closed = "open", None
            happened = {kind: day for kind, day in plan.items() if day <= last_day and (not closed or day <= closed)}
            case_id = cases.add(
                f"{REFERENCE}{i:07d}",
                "fast_track_81a" if accelerated else "regular_visa",
                pathway,
                "{}",
                "{}",
                "bench",
                opened,
                status if status != "open" else "recognition",
                status,
                False,
                opened,
                closed,
                False,
                None,
                1,
                now,
                employer,
                region,
                teams[region],
                0,
                0,
            )
            candidate = candidates.add(
                "", "", "", pick(rng, CITIZENSHIPS), "", pick(rng, PROFESSIONS), "{}", False, now, employer, region
            )
            links.add(case_id, candidate)
            if rng.random() < 0.7:
                request(opened - dt.timedelta(days=rng.randint(0, 14)), region, employer, case_id, True)
            for kind, day in happened.items():
                events.add(kind, day, now, case_id)
            if "recognition_decision_received" in plan:
                timer(
                    case_id,
                    region,
                    "recognition",
                    opened + dt.timedelta(days=5),
                    61,
                    happened.get("recognition_decision_received"),
                )
            if accelerated:
                deemed = rng.random() < 0.08
                timer(
                    case_id,
                    region,
                    "ba_approval",
                    plan["ba_decision_received"] - dt.timedelta(days=rng.randint(3, 12)),
                    7,
                    None if deemed else happened.get("ba_decision_received"),
                    deemed=deemed,
                )
                timer(
                    case_id,
                    region,
                    "visa_appointment",
                    plan["preapproval_issued"] + dt.timedelta(days=2),
                    21,
                    happened.get("visa_appointment_held"),
                )
            timer(
                case_id,
                region,
                "visa_decision",
                plan["visa_appointment_held"],
                21,
                happened.get("visa_decision_received"),
            )
            if (i + 1) % 20000 == 0:
                print(f"seeded {i + 1:,} cases", file=sys.stderr)
        for _ in range(total * 3 // 10):  # requests that never became a case (no company known for a third)
            region = rng.choices(regions, weights)[0] if rng.random() < 0.9 else None
            employer = rng.choice(employers[region]) if region and rng.random() < 0.66 else None
            day = first_day + dt.timedelta(days=rng.randrange(3 * 365))
            request(day, region, employer, None, rng.random() < 0.7)
        counts["cases"] = cases.flush()
        counts["candidates"] = candidates.flush()
        links.flush()
        counts["advice_requests"] = requests.flush()
        counts["audit_entries"] = audits.flush()
        counts["case_events"] = events.flush()
        counts["deadline_timers"] = timers.flush()

        events_table = Copier(
            cursor,
            "events_event",
            [
                "title_de",
                "title_en",
                "description_de",
                "description_en",
                "statewide",
                "format",
                "language",
                "venue",
                "street",
                "postcode",
                "city",
                "online_url",
                "requires_approval",
                "max_places_per_company",
                "questions",
                "offer_hours",
                "retention_days",
                "status",
                "created_at",
                "updated_at",
                "confirmation_minutes",
            ],
        )
        event_regions = Copier(cursor, "events_event_regions", ["event_id", "arbeitsmarktregion_id"])
        sessions = Copier(cursor, "events_session", ["starts_at", "ends_at", "capacity", "places_taken", "event_id"])
        registrations = Copier(
            cursor,
            "events_registration",
            [
                "token",
                "name",
                "company",
                "email",
                "places",
                "answers",
                "accessibility_needs",
                "language",
                "sector",
                "status",
                "checked_in_at",
                "created_at",
                "updated_at",
                "event_id",
                "region_id",
                "session_id",
                "company_key",
            ],
        )
        for number in range(900):
            statewide = rng.random() < 0.2
            event = events_table.add(
                f"Workshop {number}",
                "",
                "",
                "",
                statewide,
                "in_person",
                "de",
                "",
                "",
                "",
                "",
                "",
                False,
                3,
                "[]",
                24,
                90,
                rng.choice(["published"] * 9 + ["cancelled"]),
                now,
                now,
                60,
            )
            if not statewide:
                event_regions.add(event, rng.choices(regions, weights)[0])
            for _ in range(rng.choice([1, 1, 2])):
                start = moment(first_day + dt.timedelta(days=rng.randrange(3 * 365 + 60)))
                session = sessions.add(start, start + dt.timedelta(hours=3), 60, 0, event)
                for k in range(rng.randint(5, 40)):
                    status = rng.choices(["confirmed", "cancelled", "waitlisted"], [85, 10, 5])[0]
                    checked = start if status == "confirmed" and start < now and rng.random() < 0.75 else None
                    registrations.add(
                        secrets.token_urlsafe(16),
                        "",
                        "",
                        f"p{session}-{k}@example.org",
                        1,
                        "{}",
                        "",
                        "de",
                        "",
                        status,
                        checked,
                        start,
                        start,
                        event,
                        rng.choices(regions, weights)[0] if rng.random() < 0.9 else None,
                        session,
                        "",
                    )
        counts["events"] = events_table.flush()
        event_regions.flush()
        counts["sessions"] = sessions.flush()
        counts["registrations"] = registrations.flush()
    return counts


# ---------------------------------------------------------------------------------------------- direct counts


def mismatches(until: dt.date) -> dict:
    """Cells of the count table against the same figures counted with SQL straight from the source tables."""
    from django.db import connection

    from lotse.reporting.models import ReportCell

    def table(stat, measure, kind, dimension="", region=None):
        rows = ReportCell.unscoped.filter(stat=stat, measure=measure, period_kind=kind, dimension=dimension)
        if region is not None:
            rows = rows.filter(region=region)
        return {(r.period_start, r.region if region is None else 0, r.value): (r.count, r.p50, r.p90) for r in rows}

    def sql(query, params=()):
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def compare(actual: dict, direct: dict, *, percentiles=False) -> int:
        bad = 0
        for key in set(actual) | set(direct):
            got, want = actual.get(key), direct.get(key)
            if got is None or want is None or got[0] != want[0]:
                bad += 1
            elif percentiles and (abs(got[1] - want[1]) > 1e-6 or abs(got[2] - want[2]) > 1e-6):
                bad += 1
        return bad

    tz = "Europe/Berlin"
    result = {}
    direct = {
        (m, r, ""): (n, None, None)
        for m, r, n in sql(
            "SELECT date_trunc('month', opened_on)::date, region_id, count(*) FROM cases_case WHERE opened_on <= %s "
            "GROUP BY 1, 2",
            [until],
        )
    }
    result["cases_opened_month_region_mismatch"] = compare(
        {k: v for k, v in table("cases_opened", "opened", "month").items() if k[1] > 0}, direct
    )
    outcome = """CASE WHEN status = 'closed' AND EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id
                 AND e.kind = 'entry') THEN 'arrived' WHEN status = 'closed' THEN 'completed' ELSE status END"""
    for measure in ("arrived", "completed", "withdrawn", "rejected"):
        direct = {
            (q, r, ""): (n, None, None)
            for q, r, n in sql(
                f"SELECT date_trunc('quarter', closed_on)::date, region_id, count(*) FROM cases_case c "
                f"WHERE closed_on <= %s AND status IN ('closed', 'withdrawn', 'rejected') AND {outcome} = %s "
                f"GROUP BY 1, 2",
                [until, measure],
            )
        }
        result[f"cases_closed_{measure}_quarter_region_mismatch"] = compare(
            {k: v for k, v in table("cases_closed", measure, "quarter").items() if k[1] > 0}, direct
        )
    first_contact = f"""LEAST(c.opened_on, COALESCE((SELECT min((r.created_at AT TIME ZONE '{tz}')::date)
                        FROM cases_advicerequest r WHERE r.case_id = c.id), c.opened_on))"""
    for kind, measure in (
        ("entry", "arrival"),
        ("recognition_decision_received", "recognition"),
        ("work_started", "work_start"),
    ):
        direct = {
            (y, 0, ""): (n, p50, p90)
            for y, n, p50, p90 in sql(
                f"""SELECT date_trunc('year', reached)::date, count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
                FROM (SELECT e.reached, GREATEST(e.reached - {first_contact}, 0) AS days
                      FROM (SELECT case_id, min(occurred_on) AS reached FROM cases_caseevent WHERE kind = %s
                            GROUP BY case_id) e JOIN cases_case c ON c.id = e.case_id WHERE e.reached <= %s) x
                GROUP BY 1""",
                [kind, until],
            )
        }
        result[f"milestone_{measure}_year_percentile_mismatch"] = compare(
            table("milestones", measure, "year", region=0), direct, percentiles=True
        )
    contacts = f"""SELECT employer_id, (created_at AT TIME ZONE '{tz}')::date AS day FROM cases_advicerequest
                   WHERE employer_id IS NOT NULL UNION ALL SELECT employer_id, opened_on FROM cases_case"""
    direct = {
        (q, 0, ""): (n, None, None)
        for q, n in sql(
            f"SELECT date_trunc('quarter', day)::date, count(DISTINCT employer_id) FROM ({contacts}) c "
            f"WHERE day <= %s GROUP BY 1",
            [until],
        )
    }
    result["companies_advised_quarter_mismatch"] = compare(
        table("companies_advised", "total", "quarter", region=0), direct
    )
    direct = {
        (y, 0, ""): (n, None, None)
        for y, n in sql(
            f"""SELECT date_trunc('year', day)::date, count(*)
            FROM (SELECT employer_id, min(day) AS day FROM ({contacts}) c GROUP BY employer_id) f
            WHERE day <= %s GROUP BY 1""",
            [until],
        )
    }
    result["companies_first_contact_year_mismatch"] = compare(
        table("companies_advised", "first_contact", "year", region=0), direct
    )
    direct = {
        (m, r or -1, ""): (n, None, None)
        for m, r, n in sql(
            f"SELECT date_trunc('month', (created_at AT TIME ZONE '{tz}'))::date, region_id, count(*) FROM "
            f"cases_advicerequest WHERE (created_at AT TIME ZONE '{tz}')::date <= %s GROUP BY 1, 2",
            [until],
        )
    }
    result["advice_requests_month_region_mismatch"] = compare(
        {k: v for k, v in table("advice_requests", "received", "month").items() if k[1] != 0}, direct
    )
    for measure, checked in (("attended", "IS NOT NULL"), ("no_show", "IS NULL")):
        direct = {
            (y, 0, ""): (n, None, None)
            for y, n in sql(
                f"""SELECT date_trunc('year', (s.starts_at AT TIME ZONE '{tz}'))::date, count(*)
                FROM events_registration r JOIN events_session s ON s.id = r.session_id
                JOIN events_event e ON e.id = s.event_id
                WHERE r.status = 'confirmed' AND e.status = 'published' AND r.checked_in_at {checked}
                AND s.ends_at < (%s::date + 1)::timestamp AT TIME ZONE '{tz}' GROUP BY 1""",
                [until],
            )
        }
        result[f"registrations_{measure}_year_mismatch"] = compare(
            table("registrations", measure, "year", region=0), direct
        )
    result["mismatch_total"] = sum(v for k, v in result.items() if k.endswith("mismatch"))
    return result


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lotse.accounts.models import Membership, Organisation, User
    from lotse.cases.models import Case
    from lotse.core.scoping import system_access
    from lotse.reporting import build
    from lotse.reporting.models import ReportCell
    from lotse.reporting.periods import Period
    from tests.conftest import log_in  # the log-in with its second step (ADR 0142), as the tests do

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    with system_access("bench"):
        seeded = Case.unscoped.filter(reference__startswith=REFERENCE).count()
    counts = {}
    if args.reseed or seeded < args.cases:
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        counts = seed(args.cases, today)
        counts["seed_seconds"] = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    yesterday = today - dt.timedelta(days=1)
    started = time.perf_counter()
    full = build.reporting_rebuild_all(until=yesterday - dt.timedelta(days=1))
    full_seconds = time.perf_counter() - started
    started = time.perf_counter()
    day = build.reporting_fill(until=yesterday)
    day_seconds = time.perf_counter() - started
    with system_access("bench"):
        cells = ReportCell.unscoped.count()
        ministry = ReportCell.unscoped.filter(published=True).count()
        checks = mismatches(yesterday)
        total_cases = Case.unscoped.count()

        fai = Organisation.unscoped.get(kind="fai")
        busiest = Case.unscoped.values_list("region_id", flat=True).order_by("region_id").first()
        team = Organisation.unscoped.get(kind="regionalagentur", region_id=busiest)
        mags = Organisation.unscoped.get_or_create(name="MAGS (bench)", kind="ministerium")[0]
        users = {}
        for key, org, role in (("ministry", mags, "analyst"), ("fai", fai, "adviser"), ("region", team, "adviser")):
            user, _ = User.objects.get_or_create(email=f"{key}-reporting@bench.example")
            Membership.objects.get_or_create(user=user, organisation=org, role=role)
            users[key] = user
    quarter = Period.containing("quarter", yesterday).previous()

    import cases as cases_bench
    from cases import Server, measure

    # Serve on the ports set aside for this bench (BENCH_PORTS, default 8400-8499), not on any free one.
    first_port, last_port = (int(p) for p in os.environ.get("BENCH_PORTS", "8400-8499").split("-"))
    cases_bench.free_port = lambda: free_port_between(first_port, last_port)

    pages = {
        "bare": ("fai", "/bench/bare/", b"ok"),
        "dashboard_ministry": ("ministry", f"/auswertung/?zeitraum={quarter.key}", b"<svg"),
        "dashboard_fai": ("fai", f"/auswertung/?zeitraum={quarter.key}", b"<svg"),
        "dashboard_region": ("region", f"/auswertung/?zeitraum={quarter.key}", b"<svg"),
        "stat_page_ministry": ("ministry", f"/auswertung/cases_closed/?zeitraum={quarter.key}&nach=pathway", b"<table"),
    }
    timings = {}
    for who in ("ministry", "fai", "region"):
        client = log_in(Client(), users[who])
        server = Server(cookies={settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})
        try:
            mine = {key: (url, marker) for key, (user, url, marker) in pages.items() if user == who or key == "bare"}
            result = measure(server, mine, args.runs)
        finally:
            server.stop()
        bare = result.pop("bare")
        timings[f"bare_{who}"] = bare
        for key, figures in result.items():
            figures["p95_ratio_to_bare"] = round(figures["p95_ms"] / bare["p95_ms"], 2)
            timings[key] = figures

    results = {
        "setup": {
            "server": "gunicorn, 1 sync worker, HTTP on loopback, one request at a time; bare view in the same run",
            "debug": settings.DEBUG,
            "runs": args.runs,
            "full_rebuild_until": (yesterday - dt.timedelta(days=1)).isoformat(),
            "incremental_day": yesterday.isoformat(),
        },
        "cases": total_cases,
        **({"seed": counts} if counts else {}),
        "full_rebuild_seconds": round(full_seconds, 2),
        "full_rebuild_units": full.units_done,
        "incremental_day_seconds": round(day_seconds, 2),
        "incremental_day_units": day.units_done,
        "incremental_to_full_ratio": round(day_seconds / full_seconds, 3),
        "cells": cells,
        "cells_published_to_ministry": ministry,
        **checks,
        **timings,
    }
    for key, value in results.items():
        print(f"{key}: {value}", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
