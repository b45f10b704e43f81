"""lotse.rules is the law as code in plain Python: it must not import Django, directly or indirectly."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parents[2] / "lotse" / "rules"


def test_importing_the_engine_and_running_it_loads_no_django():
    code = (
        "import sys, json; import lotse.rules as r; import lotse.rules.cli; "
        "from lotse.rules.authorities import load_authorities; load_authorities(); "
        "r.assess({'candidate': {'citizenship': 'IN'}}, as_of='2026-03-01'); "
        "print(json.dumps(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=RULES_DIR.parents[1]
    )
    assert out.stdout.strip() == "[]"


def test_no_source_file_mentions_django_imports():
    offenders = []
    for path in RULES_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] == "django"]
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
                offenders.append(f"{path.name}: dynamic import")
    assert offenders == []
