"""The deployment files: what Docker would run here cannot (no engine on this machine), so every part of it that
can be checked without one is – the environment file against the settings that exist, the compose services and
the Dockerfile's commands against the project's real commands, gunicorn's configuration and the container health
check against a served Lotse, the production static files against WhiteNoise."""

import ast
import json
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.ops.processes import ROOT, Process, environment, free_port, get, wait_until_serving

DEPLOY = ROOT / "deploy"
ENV_EXAMPLE = DEPLOY / "production.env.example"
# Environment variables that are not Lotse's configuration: Django's own reloader flag.
NOT_CONFIGURATION = {"DJANGO_AUTORELOAD_ENV"}


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def environment_reads(path: Path) -> tuple[set[str], list[str]]:
    """Names of environment variables a module reads, and reads whose name it cannot tell.

    os.environ.get(NAME) / os.getenv(NAME) / os.environ[NAME] with a literal name count directly. A read of a
    function's parameter (env_bool(name), the events' _rate_limit(name)) counts every literal that module passes
    to that function. setdefault() writes a default and is no configuration.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names, unresolved, forwarding = set(), [], {}

    def read_argument(node: ast.AST) -> ast.AST | None:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            if node.func.attr == "get" and _is_environ(node.func.value):
                return node.args[0]
            if node.func.attr == "getenv":
                return node.args[0]
        if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            return node.slice
        return None

    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        parameters = [a.arg for a in function.args.args]
        for node in ast.walk(function):
            argument = read_argument(node)
            if isinstance(argument, ast.Name) and argument.id in parameters:
                forwarding[function.name] = parameters.index(argument.id)
    for node in ast.walk(tree):
        argument = read_argument(node)
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            names.add(argument.value)
        elif argument is not None and not (
            isinstance(argument, ast.Name) and (argument.id in NOT_CONFIGURATION or _is_forwarded(tree, argument))
        ):
            unresolved.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in forwarding:
            position = forwarding[node.func.id]
            if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                names.add(node.args[position].value)
    return names, unresolved


def _is_forwarded(tree: ast.AST, name: ast.Name) -> bool:
    """The name is a parameter of the function the read sits in (resolved through its callers)."""
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        if name in ast.walk(function) and name.id in [a.arg for a in function.args.args]:
            return True
    return False


def settings_that_exist() -> set[str]:
    names, unresolved = set(), []
    for path in [*sorted((ROOT / "lotse").rglob("*.py")), *sorted(DEPLOY.glob("*.py"))]:
        found, unclear = environment_reads(path)
        names |= found
        unresolved += unclear
    assert unresolved == [], f"environment reads whose variable name the test cannot see: {unresolved}"
    return names - {"DJANGO_SETTINGS_MODULE"}


def example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, separator, value = line.partition("=")
            assert separator and re.fullmatch(r"[A-Z][A-Z0-9_]*", key), f"not KEY=value: {line!r}"
            values[key] = value
    return values


def test_env_example_names_every_setting_and_only_those():
    exist, example = settings_that_exist(), example_values()
    assert {"DATABASE_URL", "SECRET_KEY", "LOG_FORMAT", "CACHE_URL", "WEB_CONCURRENCY"} <= exist  # the scan works
    assert sorted(exist - example.keys()) == [], "settings missing in deploy/production.env.example"
    assert sorted(example.keys() - exist) == [], "deploy/production.env.example names variables nothing reads"
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert [name for name in sorted(exist) if f"`{name}`" not in operations] == [], "not explained in operations.md"


def test_env_example_values_are_safe():
    example = example_values()
    assert example["DEBUG"] == "0" and example["SECURE_COOKIES"] == "1" and example["LOG_FORMAT"] == "json"
    assert example["SECRET_KEY"] == ""  # no usable key in a file that is copied around
    assert example["CACHE_URL"].startswith("db://")  # rate limits shared by all processes
    # Left as it is, the example cannot serve: the empty key means the public development key, which is refused.
    result = subprocess.run(
        [sys.executable, "-c", "import lotse.wsgi"],
        cwd=ROOT,
        env=environment("", **example),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_check_deploy_with_the_example_reports_no_warning():
    env = environment("sqlite:///unused.sqlite3", **{**example_values(), "SECRET_KEY": secrets.token_urlsafe(50)})
    result = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout + result.stderr


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_starts_database_app_and_worker_with_settings_that_exist():
    services = compose()["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    exist = settings_that_exist()
    for name in ("migrate", "web", "worker"):
        service = services[name]
        assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
        assert service["env_file"] == ["production.env"] and (DEPLOY / "production.env.example").is_file()
        assert set(service["environment"]) <= exist, name
        # The owner migrates; web and worker connect as the role that cannot change the audit log (ADR 0141).
        role = "lotse" if name == "migrate" else "lotse_app"
        assert service["environment"]["DATABASE_URL"].startswith(f"postgres://{role}:${{")
        assert "media:/data/media" in service["volumes"] and service["environment"]["MEDIA_ROOT"] == "/data/media"
        assert service["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["restart"] == "unless-stopped"
    assert services["worker"]["command"] == ["lotse", "db-worker"]
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # only the reverse proxy on the host
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert services["migrate"]["environment"]["DB_APP_ROLE"] == "lotse_app"
    assert "./postgres-roles.sh:/docker-entrypoint-initdb.d/10-lotse-roles.sh:ro" in services["db"]["volumes"]
    assert "CREATE ROLE lotse_app LOGIN NOSUPERUSER" in (DEPLOY / "postgres-roles.sh").read_text(encoding="utf-8")


def commands_in_deploy_files() -> list[list[str]]:
    """Every command line compose and the Dockerfile run (shell lines split at &&)."""
    lines = []
    for service in compose()["services"].values():
        command = service.get("command")
        if command and command[:2] == ["sh", "-c"]:
            lines += [shlex.split(part) for part in command[2].split("&&")]
        elif command:
            lines.append(command)
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    for instruction in re.findall(r"^(?:RUN|CMD) (.+)$", dockerfile, flags=re.MULTILINE):
        if instruction.startswith("["):
            lines.append(json.loads(instruction))
        else:
            lines += [shlex.split(part) for part in instruction.split("&&")]
    return lines


def test_deploy_commands_are_the_projects_real_commands():
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    seen = set()
    for argv in commands_in_deploy_files():
        if argv[0] == "lotse":
            name = argv[1].replace("-", "_")
            assert name in get_commands(), f"no such command: {argv}"
            parser = load_command_class(get_commands()[name], name).create_parser("lotse", name)
            parser.parse_args(argv[2:])  # exits on an unknown option
            seen.add(argv[1])
        elif argv[0] == "gunicorn":
            config = argv[argv.index("--config") + 1]
            assert (ROOT / config).is_file() and argv[-1] == "lotse.wsgi:application"
            seen.add("gunicorn")
        elif argv[0] == "make":
            assert re.search(rf"^{argv[1]}:", (ROOT / "Makefile").read_text(), flags=re.MULTILINE), argv
            seen.add("make")
    assert {"migrate", "createcachetable", "load-reference", "db-worker", "collectstatic", "gunicorn", "make"} <= seen
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, flags=re.MULTILINE):
        for name in source.split():
            assert (ROOT / name).exists(), f"COPY of a missing file: {name}"


def test_gunicorn_config_serves_lotse_with_json_logs_and_the_container_health_check(live_db_url, processes):
    port = free_port()
    env = environment(
        live_db_url,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        LOG_LEVEL="INFO",
        LOG_REQUESTS="1",
        ALLOWED_HOSTS="lotse.example.nrw",
    )
    process = Process(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "deploy/gunicorn.conf.py",
            "lotse.wsgi:application",
        ],
        env,
    )
    processes.append(process)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, process)
    status, headers, _body = get(base + "/health/", headers={"Host": "lotse.example.nrw"})
    assert status == 200
    check = subprocess.run([sys.executable, "deploy/healthcheck.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process.stop()
    lines = [line for line in process.output().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is JSON, gunicorn's own included
    assert any(e["logger"] == "gunicorn.error" and "Booting worker" in e["message"] for e in entries)
    assert any(e["logger"] == "lotse.requests" and e.get("request_id") == headers["X-Request-ID"] for e in entries)
    assert not any(e["logger"] == "gunicorn.access" for e in entries)  # Lotse's access lines, not gunicorn's
    after = subprocess.run([sys.executable, "deploy/healthcheck.py"], cwd=ROOT, env=env, capture_output=True)
    assert after.returncode == 1


@pytest.mark.skipif(
    not (ROOT / "lotse/static/vendor/kern/kern.min.css").exists(),
    reason="KERN UX assets not built (make test builds them with npm)",
)
def test_production_static_files_are_hashed_and_cached_for_a_year(live_db_url, processes, tmp_path):
    env = environment(live_db_url, STATIC_MANIFEST="1", STATIC_ROOT=str(tmp_path / "static"))
    collect = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    from tests.ops.processes import start_gunicorn

    process, base = start_gunicorn(env)
    processes.append(process)
    status, _headers, body = get(base + "/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/lotse/app\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, body[:1000]
    status, headers, _css = get(base + stylesheet.group(1).decode(), headers={"Accept-Encoding": "gzip"})
    assert status == 200 and "max-age=315360000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"
