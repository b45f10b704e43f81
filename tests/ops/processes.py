"""Real server and worker processes for the operations tests: gunicorn and `lotse db-worker` on loopback."""

from __future__ import annotations

import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PORTS = range(8500, 8600)  # the port range of this project's test servers


def worker_ports() -> range:
    """This pytest-xdist worker's own slice of PORTS (all of them without xdist), so parallel workers never race
    for the same port between finding it free and the server binding it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, …
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if not worker.startswith("gw") or count < 2:
        return PORTS
    size = len(PORTS) // count
    start = PORTS.start + int(worker[2:]) * size
    return range(start, start + size)


def free_port() -> int:
    ports = worker_ports()
    for port in random.sample(ports, len(ports)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def database_url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def environment(database: str, **overrides: str) -> dict[str, str]:
    """Production-like settings for a child process (DEBUG off, JSON logs, the database queue)."""
    # Not what the test process runs with: the browser tests allow sync ORM calls inside Playwright's event loop.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "lotse.settings",
        "DATABASE_URL": database,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    env.update(overrides)
    return env


class Process:
    """A child in its own process group; stderr goes to a file the test can read."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.log = tempfile.NamedTemporaryFile(prefix="lotse-ops-test-", suffix=".log", delete=False)
        self.popen = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=self.log, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.alive():
            os.killpg(self.popen.pid, sig)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def cleanup(self) -> None:
        self.stop()
        Path(self.log.name).unlink(missing_ok=True)


def database_away_url() -> str:
    """A database URL nobody answers: a port the kernel just handed out and took back. Ephemeral ports lie outside
    PORTS, so the server under test can never bind it and answer the database connection itself."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgres://postgres@127.0.0.1:{port}/nowhere"


def start_gunicorn(env: dict[str, str], *, workers: int = 1, threads: int = 2, extra: tuple = ()) -> tuple:
    port = free_port()
    process = Process(
        [
            GUNICORN,
            "lotse.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            *extra,
        ],
        env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, process)
    return process, base


def wait_until_serving(base: str, process: Process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"server exited:\n{process.output()[-3000:]}")
        try:
            urllib.request.urlopen(base + "/health/", timeout=5).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (503: no database) – serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not come up:\n{process.output()[-3000:]}")


def start_worker(env: dict[str, str], worker_id: str, *extra: str) -> Process:
    return Process(
        [
            PYTHON,
            "-m",
            "lotse.cli",
            "db-worker",
            "--worker-id",
            worker_id,
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
            *extra,
        ],
        env,
    )


def get(url: str, *, headers: dict | None = None, data: bytes | None = None, timeout: float = 30):
    """(status, headers, body) – also for 4xx/5xx answers."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(condition, *, timeout: float = 30, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")
