"""`lotse assess` with hostile input: huge numbers, deep nesting, other encodings, NUL. Always exit 2 with a
message naming the field or the line, never a traceback; a batch reports each bad line and goes on."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.rules.helpers import make_input
from tests.rules.test_cli import ROOT, cli


def _with_salary(literal: str) -> str:
    return json.dumps(make_input(**{"job.annual_gross_salary_eur": 1})).replace(
        '"annual_gross_salary_eur": 1', f'"annual_gross_salary_eur": {literal}'
    )


@pytest.mark.parametrize("literal", ["9" * 310, "9" * 5000, "1e400", "1E+100000", "NaN", "-Infinity"])
def test_huge_numbers_exit_2_with_the_field(tmp_path, literal):
    path = tmp_path / "in.json"
    path.write_text(_with_salary(literal))
    done = cli(str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert "job.annual_gross_salary_eur: must be a number >= 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_billion_digit_number_is_refused_quickly(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(_with_salary("9" * 2_000_000))
    started = time.perf_counter()
    done = cli(str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert time.perf_counter() - started < 10


def test_deep_nesting_exit_2(tmp_path):
    path = tmp_path / "in.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    done = cli(str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert "nested 100000 levels deep" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "raw", [json.dumps(make_input()).encode("utf-16"), b'{"candidate": "K\xf6ln"}', b"\xff\xfe\x00"]
)
def test_not_utf8_exit_2(tmp_path, raw):
    path = tmp_path / "in.json"
    path.write_bytes(raw)
    done = cli(str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert "is not UTF-8" in done.stderr and "Traceback" not in done.stderr


def test_stdin_not_utf8_exit_2():
    done = subprocess.run(
        [sys.executable, "-m", "lotse.rules.cli", "-"], input=b"\xff{}", capture_output=True, cwd=ROOT
    )
    assert done.returncode == 2 and b"is not UTF-8" in done.stderr and b"Traceback" not in done.stderr


def test_batch_reports_each_bad_line_and_goes_on(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps(make_input()).encode()
    lines = [
        good,
        _with_salary("9" * 5000).encode(),
        b"[" * 5000 + b"]" * 5000,
        b'{"candidate": "K\xf6ln"}',
        b'{"candidate": {"citizenship": "IN\x00"}}',
        good,
    ]
    source.write_bytes(b"\n".join(lines) + b"\n")
    done = cli("--batch", str(source), "--out", str(target))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "4 line(s) with invalid input" in done.stderr
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 6
    assert out[0]["schema"] == out[5]["schema"] == "lotse.assessment/v1"
    assert out[1]["error"] == {
        "line": 2,
        "errors": [{"field": "job.annual_gross_salary_eur", "message": "must be a number >= 0"}],
    }
    assert out[2]["error"]["line"] == 3 and "nested 5000 levels deep" in out[2]["error"]["errors"][0]["message"]
    assert out[3]["error"]["line"] == 4 and "is not UTF-8" in out[3]["error"]["errors"][0]["message"]
    assert out[4]["error"]["line"] == 5 and "NUL" in out[4]["error"]["errors"][0]["message"]


def test_implausible_salary_is_refused_with_its_bound(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(_with_salary("1" + "0" * 30))
    done = cli(str(path))
    assert done.returncode == 2
    assert "job.annual_gross_salary_eur: must be a number <= 100000000" in done.stderr


def test_all_good_batch_exits_0(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(make_input()) + "\n")
    assert cli("--batch", str(source), "--out", str(target)).returncode == 0
