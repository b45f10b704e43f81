"""Settings come from the environment; production refuses the default secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_wsgi_refuses_default_secret_without_debug():
    result = run_python("import lotse.wsgi")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_wsgi_starts_with_a_real_secret():
    result = run_python("import lotse.wsgi", SECRET_KEY="a-real-secret-from-the-environment-1234567890")
    assert result.returncode == 0, result.stderr


def test_wsgi_starts_in_debug_with_default_secret():
    assert run_python("import lotse.wsgi", DEBUG="1").returncode == 0


def test_defaults_and_environment_values():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='lotse.settings'; from django.conf import settings as s; "
        "print(s.TIME_ZONE, s.LANGUAGE_CODE, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS, s.EMAIL_BACKEND)"
    )
    default = run_python(code).stdout
    assert "Europe/Berlin de django.db.backends.sqlite3" in default
    custom = run_python(
        code,
        DATABASE_URL="postgres://u:p@db.example:5432/lotse",
        ALLOWED_HOSTS="lotse.nrw.example",
        EMAIL_URL="smtp://mail.example:587",
    ).stdout
    assert "django.db.backends.postgresql" in custom
    assert "['lotse.nrw.example']" in custom
    assert "smtp.EmailBackend" in custom
