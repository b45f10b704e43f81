"""Load bench: the served app under a mixed load, with PostgreSQL restarted in the middle.

A private PostgreSQL cluster of its own (initdb into --pgdata, port --pg-port; the shared server is never touched,
because this bench restarts it) holds the 100,000-case data set, seeded once by bench/cases.py's seed and kept
between runs. gunicorn with deploy/gunicorn.conf.py (several processes × threads, DEBUG off, JSON logs) serves Lotse
plus the bare view of bench/server_urls.py; one `lotse db-worker` runs beside it. Virtual users loop for --duration
seconds over a mix:

    navigator   POST /api/v1/assessments (the engine the navigator asks), GET /navigator/
    workshops   GET /workshops/, GET /workshops/<id>/
    register    GET the registration form, POST a registration       (an acknowledged write: 302 + status header)
    adviser     GET /faelle/, GET /faelle/<pk>/, POST a task on the case  (an acknowledged write: 302)
    bare        GET /bench/bare/ (same server, middleware, session)

At --restart-at seconds PostgreSQL is stopped (fast shutdown: every connection cut, running transactions rolled
back), stays down --down seconds and starts again. Every request is recorded (kind, start, end, status, answer);
every acknowledged write is looked up in the database afterwards.

Figures: throughput, p50/p95/p99 per kind beside the bare view (outside the outage), errors before the restart,
what users got while the database was down (the 503 "bitte erneut versuchen" page, never a 500 or a trace), the
recovery time (from PostgreSQL accepting connections to the last failed request), errors after recovery
(requests started after PostgreSQL was back that did not succeed), lost writes (acknowledged but not found), the
worker (alive, heartbeat and a job after the restart) and the database connections left afterwards.

    .venv/bin/python bench/load.py [--duration 60] [--restart-at 25] [--down 5] [--users 16] [--cases 100000]

The last line of output is JSON.
"""

from __future__ import annotations

import argparse
import html
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNAVAILABLE_PAGE = b"Bitte versuchen Sie es in einer Minute erneut"
UNAVAILABLE_API = b'"error": "service_unavailable"'
PROFILES = [
    {
        "candidate": {
            "citizenship": "IN",
            "age": 29,
            "residence": "abroad",
            "qualification": {
                "level": "academic",
                "duration_years": 4,
                "state_recognised_abroad": True,
                "german_recognition": "full",
                "profession": "software_developer",
            },
            "languages": {"german": "A2", "english": "B2"},
        },
        "job": {
            "kind": "employment",
            "isco": "2512",
            "annual_gross_salary_eur": 52000,
            "weekly_hours": 40,
            "qualified": True,
            "matches_qualification": True,
            "municipality_ags": "05158028",
        },
    },
    {
        "candidate": {
            "citizenship": "RS",
            "age": 34,
            "residence": "abroad",
            "qualification": {"level": "none"},
            "languages": {"german": "A1"},
        },
        "job": {
            "kind": "employment",
            "isco": "7212",
            "annual_gross_salary_eur": 36000,
            "weekly_hours": 40,
            "qualified": False,
            "employer_collective_agreement": True,
        },
    },
    {
        "candidate": {
            "citizenship": "PH",
            "age": 26,
            "residence": "abroad",
            "qualification": {
                "level": "vocational",
                "duration_years": 3,
                "state_recognised_abroad": True,
                "german_recognition": "partial",
                "profession": "nurse",
            },
            "languages": {"german": "B1", "english": "C1"},
        },
        "job": {
            "kind": "employment",
            "isco": "2221",
            "annual_gross_salary_eur": 41000,
            "weekly_hours": 38.5,
            "qualified": True,
            "matches_qualification": True,
            "recognition_partnership_agreement": True,
        },
    },
]


# --- a private PostgreSQL cluster ----------------------------------------------------------------------------------


def postgres_bin() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if not versions:
        sys.exit("PostgreSQL server binaries not found (set PG_BIN, e.g. /usr/lib/postgresql/15/bin)")
    return versions[-1]


class PrivateCluster:
    """initdb/pg_ctl of a cluster in a directory of its own; as root, run as the `postgres` user."""

    def __init__(self, pgdata: Path, port: int):
        self.pgdata, self.port, self.bin = pgdata, port, postgres_bin()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.log = pgdata.parent / f"{pgdata.name}.log"

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, str(self.bin / tool), *args], capture_output=True, text=True, check=check)

    def ensure(self, fresh: bool) -> None:
        self.stop()  # left running by an interrupted run
        if fresh and self.pgdata.exists():
            shutil.rmtree(self.pgdata)
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(parents=True, exist_ok=True)
            if self.as_user:
                shutil.chown(self.pgdata, "postgres", "postgres")
            self.run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            )
        if self.as_user:
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.pgdata} -c listen_addresses=127.0.0.1 -c max_connections=100 "
            "-c shared_buffers=256MB -c fsync=on -c synchronous_commit=on"
        )
        self.run("pg_ctl", "-D", str(self.pgdata), "-l", str(self.log), "-w", "-t", "120", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        if (self.pgdata / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.pgdata), "-m", mode, "-w", "-t", "120", "stop", check=False)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"


# --- HTTP ------------------------------------------------------------------------------------------------------------


class User:
    """One virtual user: its own cookies (session, CSRF), one request at a time."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, *, body: bytes | None = None, content_type: str | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, data
        finally:
            connection.close()


class Recorder:
    def __init__(self):
        self.requests: list[tuple] = []  # (kind, start, end, status, outcome)
        self.acknowledged: list[tuple[str, str]] = []  # (what, marker)
        self.samples: dict[str, str] = {}  # one answer per kind of error, to say what went wrong

    def call(self, user: User, kind: str, method: str, path: str, check, **kwargs):
        """Make a request, classify its answer; returns (status, headers, body) or None after an error."""
        start = time.monotonic()
        try:
            status, headers, body = user.request(method, path, **kwargs)
        except (OSError, http.client.HTTPException) as error:
            self.requests.append((kind, start, time.monotonic(), 0, f"error:{type(error).__name__}"))
            return None
        end = time.monotonic()
        if check(status, headers, body):
            outcome = "ok"
        elif status == 503 and (UNAVAILABLE_PAGE in body or UNAVAILABLE_API in body) and b"Traceback" not in body:
            outcome = "unavailable_page"
        else:
            outcome = f"error:http{status}"
            self.samples.setdefault(f"{kind} {outcome}", error_text(body))
        self.requests.append((kind, start, end, status, outcome))
        return (status, headers, body) if outcome == "ok" else None


def error_text(body: bytes) -> str:
    """The error messages of a page (its error summary and field errors), else its beginning."""
    page = body.decode(errors="replace")
    found = re.findall(r'class="[^"]*(?:error|alert--danger)[^"]*"[^>]*>(.*?)</', page, flags=re.S)
    text = " | ".join(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", f))).strip() for f in found)
    return (text or re.sub(r"\s+", " ", page))[:300]


def csrf_token(body: bytes) -> str | None:
    match = CSRF_RE.search(body.decode(errors="replace"))
    return html.unescape(match.group(1)) if match else None


# --- the mix ---------------------------------------------------------------------------------------------------------


class Mix:
    def __init__(self, port: int, recorder: Recorder, world: dict, run_id: str):
        self.port, self.rec, self.world, self.run_id = port, recorder, world, run_id
        self.counter = 0
        self.counter_lock = threading.Lock()

    def next_number(self) -> int:
        with self.counter_lock:
            self.counter += 1
            return self.counter

    def navigator(self, user: User, rng: random.Random) -> None:
        profile = {**rng.choice(PROFILES), "as_of": "2026-03-01"}
        self.rec.call(
            user,
            "navigator_api",
            "POST",
            "/api/v1/assessments",
            lambda s, h, b: s == 200 and b'"schema"' in b,
            body=json.dumps(profile).encode(),
            content_type="application/json",
        )
        self.rec.call(user, "navigator_page", "GET", "/navigator/", lambda s, h, b: s == 200)

    def workshops(self, user: User, rng: random.Random) -> None:
        self.rec.call(user, "workshop_list", "GET", "/workshops/", lambda s, h, b: s == 200 and b"/workshops/" in b)
        event_id = rng.choice(self.world["events"])
        self.rec.call(user, "workshop_detail", "GET", f"/workshops/{event_id}/", lambda s, h, b: s == 200)

    def register(self, user: User, rng: random.Random) -> None:
        event_id, session_id = rng.choice(self.world["sessions"])
        path = f"/workshops/{event_id}/anmelden/"
        answer = self.rec.call(user, "register_form", "GET", path, lambda s, h, b: s == 200 and b"csrfmiddleware" in b)
        token = csrf_token(answer[2]) if answer else None
        if not token:
            return
        n = self.next_number()
        email = f"load-{self.run_id}-{n}@last.example"
        form = {
            "csrfmiddlewaretoken": token,
            "session": session_id,
            "name": f"Person {n}",
            "company": f"Lastbetrieb {self.run_id}-{n} GmbH",  # max. places per company and event
            "email": email,
            "places": 1,
            "privacy": "on",
        }
        answer = self.rec.call(
            user,
            "register_post",
            "POST",
            path,
            lambda s, h, b: s == 302 and bool(h.get("Lotse-Registration-Status")),
            body=urllib.parse.urlencode(form).encode(),
            content_type="application/x-www-form-urlencoded",
        )
        if answer:
            self.rec.acknowledged.append(("registration", email))

    def adviser(self, user: User, rng: random.Random, cases: list[int]) -> None:
        self.rec.call(user, "case_list", "GET", "/faelle/", lambda s, h, b: s == 200 and b"LOT-B-" in b)
        case = rng.choice(cases)
        answer = self.rec.call(
            user, "case_detail", "GET", f"/faelle/{case}/", lambda s, h, b: s == 200 and b"LOT-B-" in b
        )
        token = csrf_token(answer[2]) if answer else None
        if not token or rng.random() > 0.3:
            return
        title = f"Rückruf {self.run_id}-{self.next_number()}"
        answer = self.rec.call(
            user,
            "case_task_post",
            "POST",
            f"/faelle/{case}/aufgaben/",
            lambda s, h, b: s == 302,
            body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, "title": title}).encode(),
            content_type="application/x-www-form-urlencoded",
        )
        if answer:
            self.rec.acknowledged.append(("task", title))

    def bare(self, user: User, rng: random.Random) -> None:
        self.rec.call(user, "bare", "GET", "/bench/bare/", lambda s, h, b: s == 200 and b == b"ok")

    def loop(self, index: int, deadline: float) -> None:
        rng = random.Random(index)
        adviser = self.world["advisers"][index % len(self.world["advisers"])]
        staff = User(self.port, {"sessionid": adviser["session"]})
        public = User(self.port)
        actions = [("navigator", 30), ("workshops", 25), ("register", 10), ("adviser", 25), ("bare", 10)]
        names, weights = zip(*actions, strict=True)
        while time.monotonic() < deadline:
            action = rng.choices(names, weights)[0]
            if action == "adviser":
                self.adviser(staff, rng, adviser["cases"])
            else:
                getattr(self, action)(public, rng)


# --- setup and checks in this process (Django against the private cluster) -----------------------------------------


def prepare_data(total: int) -> dict:
    """Seed once (bench/cases.py), add the demo workshops, and collect what the users need."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import cases as cases_bench  # bench/cases.py: its seed is the one data set all benches share

    from lotse.cases.models import Case, CaseStep
    from lotse.core.scoping import system_access

    call_command("migrate", verbosity=0)
    with system_access("load bench"):
        seeded = Case.objects.count() >= total and CaseStep.objects.exists()
    if not seeded:
        started = time.monotonic()
        with system_access("load bench"):
            if Case.objects.exists():
                call_command("flush", interactive=False, verbosity=0)
        cases_bench.seed(total)
        print(f"seeded {total:,} cases in {time.monotonic() - started:.0f} s", file=sys.stderr)
        add_workshop_organiser()
        call_command("load_demo_events", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return collect_world()


def add_workshop_organiser() -> None:
    """The organiser `lotse load-demo-events` expects – only that, so the seeded teams keep one adviser each
    (bench/cases.py relies on it)."""
    from lotse.accounts.models import Membership, Organisation
    from lotse.accounts.models import User as Account
    from lotse.core.scoping import system_access

    with system_access("load bench"):
        chamber, _ = Organisation.objects.get_or_create(
            name="IHK Düsseldorf", defaults={"kind": Organisation.Kind.KAMMER}
        )
        organiser = Account.objects.filter(email="veranstaltungen@lotse.example").first()
        if organiser is None:
            organiser = Account.objects.create_user(
                email="veranstaltungen@lotse.example", password=secrets.token_urlsafe(16)
            )
        Membership.objects.get_or_create(
            user=organiser, organisation=chamber, defaults={"role": Membership.Role.EVENT_MANAGER}
        )


def collect_world() -> dict:
    from django.test import Client

    from lotse.accounts.models import User as Account
    from lotse.cases.models import Case
    from lotse.core.scoping import system_access
    from lotse.events.models import Event, Session
    from tests.conftest import log_in  # the log-in with its second step (ADR 0142), as the tests do

    world = {"advisers": [], "events": [], "sessions": []}
    with system_access("load bench"):
        for account in Account.objects.filter(email__endswith="@bench.example").exclude(email="fai@bench.example")[:8]:
            region = account.memberships.get().organisation.region_id
            cases = list(
                Case.objects.filter(region_id=region, status="open").order_by("pk").values_list("pk", flat=True)[:300]
            )
            client = log_in(Client(), account)  # a real session in the database; the server reads the same cookie
            world["advisers"].append(
                {"email": account.email, "cases": cases, "session": client.cookies["sessionid"].value}
            )
        for event in Event.objects.filter(status=Event.Status.PUBLISHED):
            world["events"].append(event.pk)
            world["sessions"] += [(event.pk, s.pk) for s in Session.objects.filter(event=event)]
        world["cases"] = Case.objects.count()
    if not (world["advisers"] and world["sessions"]):
        sys.exit("no advisers or published workshops in the bench database (reseed with --fresh)")
    return world


def find_acknowledged(acknowledged: list[tuple[str, str]]) -> dict:
    from django.db import close_old_connections

    from lotse.cases.models import Task
    from lotse.core.scoping import system_access
    from lotse.events.models import Registration

    close_old_connections()
    emails = {m for what, m in acknowledged if what == "registration"}
    titles = {m for what, m in acknowledged if what == "task"}
    with system_access("load bench check"):
        found_emails = set(Registration.objects.filter(email__in=emails).values_list("email", flat=True))
        found_titles = set(Task.objects.filter(title__in=titles).values_list("title", flat=True))
    return {
        "registrations": len(emails),
        "tasks": len(titles),
        "lost_registrations": sorted(emails - found_emails),
        "lost_tasks": sorted(titles - found_titles),
    }


def worker_after_restart(up_at_wall: float) -> dict:
    """The worker's heartbeat since PostgreSQL came back, and a job queued now runs."""
    from datetime import UTC, datetime

    from django_tasks_db.models import DBTaskResult

    from lotse.events.tasks import events_sweep
    from lotse.ops.models import WorkerHeartbeat

    since = datetime.fromtimestamp(up_at_wall, UTC)
    heartbeat = WorkerHeartbeat.objects.filter(last_seen_at__gt=since).exists()
    job = events_sweep.enqueue()
    deadline = time.monotonic() + 30
    status = None
    while time.monotonic() < deadline:
        status = DBTaskResult.objects.get(pk=job.id).status
        if status in {"SUCCESSFUL", "FAILED"}:
            break
        time.sleep(0.5)
    return {"heartbeat_after_restart": heartbeat, "job_after_restart": status}


def connections_left(port: int) -> dict:
    import psycopg

    with psycopg.connect(f"postgres://postgres@127.0.0.1:{port}/postgres") as conn:
        rows = conn.execute(
            "SELECT state, count(*), max(extract(epoch FROM now() - state_change)) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY state"
        ).fetchall()
    states = {state or "none": count for state, count, _age in rows}
    stuck = sum(count for state, count, age in rows if state and "transaction" in state and (age or 0) > 5)
    return {"by_state": states, "idle_in_transaction_over_5s": stuck}


# --- figures ---------------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(int(round(share * len(ordered))) - 1, 0)] if ordered else float("nan")


def figures(requests: list[tuple], t0: float, stop_at: float, up_at: float, end: float) -> dict:
    # Before: answered before PostgreSQL was stopped. Outage: in flight at the stop or started while it was down.
    # After: started once PostgreSQL accepted connections again.
    before = [r for r in requests if r[2] < stop_at]
    outage = [r for r in requests if r[2] >= stop_at and r[1] < up_at]
    after = [r for r in requests if r[1] >= up_at]
    steady = before + after
    per_kind = defaultdict(list)
    for kind, start, finish, _status, outcome in steady:
        if outcome == "ok":
            per_kind[kind].append((finish - start) * 1000)
    kinds = {}
    for kind in sorted({r[0] for r in requests}):
        values = per_kind[kind]
        kinds[kind] = {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1) if values else None,
            "p95_ms": round(percentile(values, 0.95), 1) if values else None,
            "p99_ms": round(percentile(values, 0.99), 1) if values else None,
            "errors": sum(1 for r in steady if r[0] == kind and r[4] != "ok"),
        }
    failed_after = [r for r in requests if r[2] >= up_at and r[4] != "ok"]
    last_failure = max((r[2] for r in failed_after), default=None)
    first_ok_after = min((r[2] for r in after if r[4] == "ok" and r[0] != "bare"), default=None)
    return {
        "kinds": kinds,
        "throughput_rps": round(len(steady) / ((stop_at - t0) + (end - up_at)), 1),
        "throughput_before_rps": round(len(before) / (stop_at - t0), 1),
        "errors_before": sum(1 for r in before if r[4] != "ok"),
        "outage": {
            "requests": len(outage),
            "answers": dict(Counter(r[4] for r in outage)),
            "statuses": dict(Counter(str(r[3]) for r in outage)),
        },
        "errors_after": sum(1 for r in after if r[4] != "ok"),
        "error_kinds_after": dict(Counter(r[4] for r in after if r[4] != "ok")),
        "recovery_seconds": round(max(last_failure - up_at, 0), 2) if last_failure else 0.0,
        "first_success_after_seconds": round(first_ok_after - up_at, 3) if first_ok_after else None,
    }


# --- main ------------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=25)
    parser.add_argument("--down", type=float, default=5, help="seconds PostgreSQL stays down")
    parser.add_argument(
        "--stop-mode",
        choices=["fast", "immediate"],
        default="fast",
        help="fast: clean shutdown; immediate: like a crash, recovery from the WAL",
    )
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--pgdata", type=Path, default=Path(tempfile.gettempdir()) / "lotse-load-pg")
    parser.add_argument("--pg-port", type=int, default=8555)
    parser.add_argument("--port", type=int, default=8556, help="gunicorn")
    parser.add_argument("--fresh", action="store_true", help="new cluster and data set")
    args = parser.parse_args()
    if not 0 < args.restart_at < args.restart_at + args.down < args.duration:
        parser.error("need 0 < --restart-at < --restart-at + --down < --duration")

    cluster = PrivateCluster(args.pgdata, args.pg_port)
    cluster.ensure(args.fresh)
    database = "lotse_load_bench"

    # The same production-like settings here (seeding, sessions) and in the server; set before bench/cases.py
    # is imported, which fills in its own defaults.
    secret = secrets.token_urlsafe(50)
    env = {
        **os.environ,
        "DATABASE_URL": f"{cluster.url}/{database}",
        "DEBUG": "0",
        "SECRET_KEY": secret,
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "server_settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": "dummy://",
        "LOTSE_SITE_URL": f"http://127.0.0.1:{args.port}",
        "LOTSE_EVENTS_REGISTER_PER_IP_HOUR": "0",  # every virtual user comes from 127.0.0.1
        "CACHE_URL": "locmem://",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "PYTHONWARNINGS": "ignore::UserWarning",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
    }
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
    run_dir = Path(tempfile.mkdtemp(prefix="lotse-load-"))
    server = worker = None
    try:
        cluster.start()
        import psycopg

        with psycopg.connect(f"{cluster.url}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                conn.execute(f'CREATE DATABASE "{database}"')
        world = prepare_data(args.cases)
        print(
            f"database: {world['cases']:,} cases on a private PostgreSQL at 127.0.0.1:{args.pg_port}; "
            f"{len(world['advisers'])} advisers, {len(world['sessions'])} workshop sessions"
        )
        from django.db import connections

        connections.close_all()
        server = subprocess.Popen(
            [GUNICORN, "--config", "deploy/gunicorn.conf.py", "lotse.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=(run_dir / "gunicorn.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = subprocess.Popen(
            [PYTHON, "-m", "lotse.cli", "db-worker", "--no-reload", "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=(run_dir / "worker.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        probe = User(args.port)
        for _ in range(300):
            try:
                if probe.request("GET", "/bench/bare/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not come up")
        print(
            f"gunicorn {args.workers} processes × {args.threads} threads on :{args.port}; {args.users} users for "
            f"{args.duration:.0f} s; PostgreSQL stopped ({args.stop_mode}) at {args.restart_at:.0f} s for "
            f"{args.down:.0f} s; logs in {run_dir}"
        )

        recorder = Recorder()
        mix = Mix(args.port, recorder, world, secrets.token_hex(3))
        health: list[tuple[float, int]] = []
        t0 = time.monotonic()
        deadline = t0 + args.duration
        moments = {}

        def restart() -> None:
            time.sleep(args.restart_at)
            moments["stop"] = time.monotonic()
            cluster.stop(args.stop_mode)
            moments["down"] = time.monotonic()
            time.sleep(args.down)
            cluster.start()
            moments["up"], moments["up_wall"] = time.monotonic(), time.time()

        def watch_health() -> None:
            watcher = User(args.port)
            while time.monotonic() < deadline:
                try:
                    health.append((time.monotonic(), watcher.request("GET", "/health/")[0]))
                except OSError:
                    health.append((time.monotonic(), 0))
                time.sleep(0.25)

        threads = [threading.Thread(target=mix.loop, args=(i, deadline)) for i in range(args.users)]
        threads += [threading.Thread(target=restart), threading.Thread(target=watch_health)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        end = time.monotonic()

        result = figures(recorder.requests, t0, moments["stop"], moments["up"], end)
        health_down = [status for t, status in health if moments["down"] <= t < moments["up"]]
        health_back = next((t for t, status in health if t >= moments["up"] and status == 200), None)
        writes = find_acknowledged(recorder.acknowledged)
        worker_check = worker_after_restart(moments["up_wall"])
        server_alive, worker_alive = server.poll() is None, worker.poll() is None
        left = connections_left(args.pg_port)
    finally:
        for process in (server, worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        from django.db import connections

        connections.close_all()
        cluster.stop()

    lost = len(writes["lost_registrations"]) + len(writes["lost_tasks"])
    outage_answers = result["outage"]["answers"]
    kinds = result.pop("kinds")
    bare = kinds.get("bare", {})
    print(
        f"throughput {result['throughput_rps']} requests/s outside the outage "
        f"({result['throughput_before_rps']} before it); errors before the restart: {result['errors_before']}"
    )
    print(f"{'kind':<18}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95/bare':>10}{'errors':>8}")
    for kind, row in kinds.items():
        ratio = round(row["p95_ms"] / bare["p95_ms"], 1) if row["p95_ms"] and bare.get("p95_ms") else None
        row["p95_vs_bare"] = ratio
        print(
            f"{kind:<18}{row['n']:>7}{row['p50_ms'] or 0:>9}{row['p95_ms'] or 0:>9}{row['p99_ms'] or 0:>9}"
            f"{ratio or 0:>10}{row['errors']:>8}"
        )
    print(
        f"PostgreSQL down for {moments['up'] - moments['stop']:.1f} s: {result['outage']['requests']} requests → "
        f"{outage_answers}; /health/ while down: {dict(Counter(health_down))}"
    )
    print(
        f"back: first success {result['first_success_after_seconds']} s after PostgreSQL accepted connections, "
        f"/health/ 200 after {round(health_back - moments['up'], 2) if health_back else None} s; errors after "
        f"recovery: {result['errors_after']} {result['error_kinds_after'] or ''}"
    )
    for what, text in recorder.samples.items():
        print(f"answer of {what}: {text}")
    print(f"acknowledged writes: {writes['registrations']} registrations, {writes['tasks']} tasks; lost: {lost}")
    print(f"worker: alive {worker_alive}, {worker_check}; connections afterwards: {left}")

    summary = {
        "bench": "load",
        "setup": {
            "server": f"gunicorn (deploy/gunicorn.conf.py) {args.workers} processes × {args.threads} threads, "
            "DEBUG off, one lotse db-worker",
            "database": f"private PostgreSQL, {world['cases']} cases",
            "machine": "2 shared cores; the load generator runs on the same cores",
            "users": args.users,
            "duration_s": args.duration,
            "restart_at_s": args.restart_at,
            "down_s": args.down,
            "stop_mode": args.stop_mode,
        },
        "requests": len(recorder.requests),
        **{k: v for k, v in result.items() if k != "outage"},
        "per_kind": kinds,
        "outage_requests": result["outage"]["requests"],
        "outage_answers": outage_answers,
        "outage_http_statuses": result["outage"]["statuses"],
        "outage_500s": sum(n for status, n in result["outage"]["statuses"].items() if status == "500"),
        "health_while_down": dict(Counter(str(s) for s in health_down)),
        "health_ok_after_seconds": round(health_back - moments["up"], 2) if health_back else None,
        "acknowledged_writes": writes["registrations"] + writes["tasks"],
        "lost_writes": lost,
        "server_alive": server_alive,
        "worker_alive": worker_alive,
        **worker_check,
        "db_connections_after": left["by_state"],
        "idle_in_transaction_after": left["idle_in_transaction_over_5s"],
    }
    summary["ok"] = (
        lost == 0
        and result["errors_after"] == 0
        and result["errors_before"] == 0
        and set(outage_answers) <= {"ok", "unavailable_page"}
        and server_alive
        and worker_alive
        and worker_check["heartbeat_after_restart"]
        and worker_check["job_after_restart"] == "SUCCESSFUL"
        and left["idle_in_transaction_over_5s"] == 0
    )
    print(json.dumps(summary))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
