"""The installed `lotse` console script: pure `assess` without Django, Django commands with dashes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOTSE = shutil.which("lotse", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(LOTSE is None, reason="the lotse console script is not installed in this environment")
def test_lotse_assess_reads_stdin_and_prints_the_contract_output():
    profile = {"as_of": "2026-03-01", "candidate": {"citizenship": "FR"}}
    result = subprocess.run([LOTSE, "assess", "-"], input=json.dumps(profile), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["free_movement"] is True


@pytest.mark.skipif(LOTSE is None, reason="the lotse console script is not installed in this environment")
def test_lotse_assess_invalid_input_exits_2_with_field_message():
    bad = {"candidate": {"citizenship": "IN"}, "job": {"annual_gross_salary_eur": -5}}
    result = subprocess.run([LOTSE, "assess", "-"], input=json.dumps(bad), capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "job.annual_gross_salary_eur: must be a number >= 0" in result.stderr


@pytest.mark.skipif(LOTSE is None, reason="the lotse console script is not installed in this environment")
def test_django_commands_are_reachable_with_dashes():
    env = {**os.environ, "DEBUG": "1"}
    result = subprocess.run(
        [LOTSE, "import-gemeinden", "--help"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "--destatis" in result.stdout
