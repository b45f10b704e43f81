"""Rush bench: 500 people register at the same moment for a workshop session with 50 places.

Real stack on loopback: a fresh PostgreSQL database, gunicorn with several worker processes (and threads),
Django with DEBUG off. Every client first loads the registration form (session cookie + CSRF token), then all
POST at once behind a barrier. Afterwards every person clicks the confirmation link from their e-mail (the
file mail backend writes the messages; the bench reads the links from them), as in the double opt-in.

Prints the figures, and as its LAST LINE one JSON object. Required: confirmed 50, waitlisted 450, errors 0.

    .venv/bin/python bench/workshop_rush.py [--clients 500] [--capacity 50] [--workers 4]
"""

from __future__ import annotations

import argparse
import email
import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_RE = re.compile(r"/workshops/anmeldung/([A-Za-z0-9_-]+)/bestaetigen/")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_event(capacity: int) -> tuple[int, int]:
    """Create organiser, event and one session through the services (runs in this process)."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from lotse.accounts.models import Membership, Organisation, User
    from lotse.core.scoping import system_access
    from lotse.events import services
    from lotse.events.models import Session

    with system_access("bench setup"):
        chamber = Organisation.objects.create(name="IHK Düsseldorf", kind=Organisation.Kind.KAMMER)
        user = User.objects.create_user(email="bench@ihk.example", password=secrets.token_hex(8))
        Membership.objects.create(user=user, organisation=chamber, role=Membership.Role.EVENT_MANAGER)
        start = timezone.now() + timedelta(days=14)
        event = services.event_create(
            actor=user, organisers=[chamber], title_de="Beschleunigtes Fachkräfteverfahren – Rush",
            format="in_person", city="Mettmann", statewide=True, max_places_per_company=3,
            sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=3), "capacity": capacity}],
        )
        services.event_publish(actor=user, event=event)
        return event.pk, Session.objects.get(event=event).pk


def db_counts(session_id: int) -> dict:
    from django.db.models import Count

    from lotse.core.scoping import system_access
    from lotse.events.models import Registration, Session

    with system_access("bench check"):
        session = Session.objects.get(pk=session_id)
        by_status = dict(Registration.objects.filter(session=session).values_list("status")
                         .annotate(n=Count("pk")).values_list("status", "n"))
        return {"places_taken": session.places_taken, "capacity": session.capacity, "by_status": by_status}


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def get_form(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=120) as response:
            match = CSRF_RE.search(response.read().decode())
        if not match:
            raise RuntimeError("no CSRF token in the form")
        return html.unescape(match.group(1))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.headers.get("Lotse-Registration-Status", "")
        except urllib.error.HTTPError as error:  # 302 arrives here because redirects are not followed
            return error.code, error.headers.get("Lotse-Registration-Status", "")


def read_confirm_tokens(mail_dir: Path) -> list[str]:
    tokens = []
    for path in mail_dir.iterdir():
        for chunk in path.read_text(encoding="utf-8", errors="replace").split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip("\n"))
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    text = part.get_payload(decode=True).decode("utf-8", errors="replace")
                    tokens += CONFIRM_RE.findall(text)
    return sorted(set(tokens))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--capacity", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    db_name = "lotse_bench_workshop_rush"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    mail_dir = Path(tempfile.mkdtemp(prefix="lotse-rush-mail-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lotse.settings",
        "DATABASE_URL": f"{PG}/{db_name}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"file:///{mail_dir}",  # dj-email-url: four slashes for an absolute path
        "LOTSE_SITE_URL": base,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        "PYTHONWARNINGS": "ignore::UserWarning",
        # All 500 clients come from 127.0.0.1: the per-IP rate limit of the public form is off for the bench
        # (the per-address limit stays on; every client has its own address).
        "LOTSE_EVENTS_REGISTER_PER_IP_HOUR": "0",
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY",
                                           "EMAIL_URL", "LOTSE_SITE_URL", "TASKS_BACKEND", "ALLOWED_HOSTS")})
    print(f"database {db_name}, gunicorn {args.workers} workers x {args.threads} threads on {base}")
    recreate_database(db_name)
    subprocess.run([PYTHON, "-m", "lotse.cli", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    event_id, session_id = setup_event(args.capacity)

    server = subprocess.Popen(
        [GUNICORN, "lotse.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    errors: list[str] = []
    # Initialised before `try`, so a failure during setup reports itself instead of raising NameError below.
    confirmed = waitlisted = held = waitlisted_at_submit = 0
    rush_seconds = confirm_seconds = float("nan")
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/workshops/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not come up")

        form_path = f"/workshops/{event_id}/anmelden/"
        clients = [Client(base) for _ in range(args.clients)]
        barrier = threading.Barrier(args.clients)
        post_times: list[float] = []

        def register(index: int) -> str:
            client = clients[index]
            try:
                token = client.get_form(form_path)
            except Exception as error:  # noqa: BLE001
                barrier.abort()
                return f"error:get:{type(error).__name__}"
            try:
                barrier.wait(timeout=300)
            except threading.BrokenBarrierError:
                return "error:barrier"
            post_times.append(time.perf_counter())
            status, outcome = client.post(form_path, {
                "csrfmiddlewaretoken": token, "session": session_id, "name": f"Person {index}",
                "company": f"Firma {index} GmbH", "email": f"person{index}@rush.example", "places": 1,
                "privacy": "on",
            })
            post_times.append(time.perf_counter())
            return outcome if status == 302 and outcome else f"error:http{status}"

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            outcomes = list(pool.map(register, range(args.clients)))
        rush_seconds = max(post_times) - min(post_times) if post_times else float("nan")
        held = outcomes.count("unconfirmed")
        waitlisted_at_submit = outcomes.count("waitlisted")
        errors += [o for o in outcomes if o.startswith("error")]
        print(f"rush: {args.clients} POSTs in {rush_seconds:.2f} s → place held {held}, "
              f"wait-listed {waitlisted_at_submit}, errors {len(errors)}")

        # Double opt-in: everyone clicks the link from their e-mail.
        tokens = read_confirm_tokens(mail_dir)
        print(f"opt-in mails with a confirmation link: {len(tokens)}")

        def confirm(token: str) -> str:
            client = Client(base)
            path = f"/workshops/anmeldung/{token}/bestaetigen/"
            try:
                csrf = client.get_form(path)
                status, outcome = client.post(path, {"csrfmiddlewaretoken": csrf})
            except Exception as error:  # noqa: BLE001
                return f"error:confirm:{type(error).__name__}"
            return outcome if status == 302 and outcome else f"error:confirm-http{status}"

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=100) as pool:
            confirmations = list(pool.map(confirm, tokens))
        confirm_seconds = time.perf_counter() - started
        errors += [o for o in confirmations if o.startswith("error")]
        confirmed = confirmations.count("confirmed")
        waitlisted = confirmations.count("waitlisted")
        print(f"confirm: {len(tokens)} clicks in {confirm_seconds:.2f} s → confirmed {confirmed}, "
              f"wait-listed {waitlisted}")
        counts = db_counts(session_id)
        print(f"database: places_taken {counts['places_taken']}/{counts['capacity']}, by status {counts['by_status']}")
        if counts["places_taken"] > counts["capacity"]:
            errors.append("oversold")
        if counts["by_status"].get("confirmed", 0) != confirmed:
            errors.append("database and responses disagree")
    except Exception as error:  # noqa: BLE001  setup or server trouble: still print the JSON line, not ok
        errors.append(f"bench:{type(error).__name__}: {error}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if os.environ.get("BENCH_KEEP_MAIL"):
            print("mail kept in", mail_dir)
        else:
            shutil.rmtree(mail_dir, ignore_errors=True)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            try:
                import psycopg

                with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
            except Exception:  # noqa: BLE001
                pass

    rps = args.clients / rush_seconds if rush_seconds and rush_seconds == rush_seconds else 0
    result = {
        "bench": "workshop_rush", "clients": args.clients, "capacity": args.capacity,
        "gunicorn_workers": args.workers, "threads": args.threads,
        "confirmed": confirmed, "waitlisted": waitlisted, "errors": len(errors),
        "held_at_submit": held, "waitlisted_at_submit": waitlisted_at_submit,
        "rush_seconds": round(rush_seconds, 3), "requests_per_second": round(rps, 1),
        "confirm_seconds": round(confirm_seconds, 3),
        "ok": confirmed == args.capacity and waitlisted == args.clients - args.capacity and not errors,
    }
    if errors:
        print("errors:", sorted(set(errors))[:10])
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
