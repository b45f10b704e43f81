"""The command line: exit codes, stdout/stderr discipline, --as-of and batch mode with a bad line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from lotse.rules.cli import main, run
from tests.rules.helpers import make_input

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lotse.rules.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_single_file(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(make_input()))
    done = cli(str(path))
    assert done.returncode == 0
    result = json.loads(done.stdout)
    assert result["schema"] == "lotse.assessment/v1" and result["as_of"] == "2026-03-01"


def test_stdin_and_as_of_override():
    done = cli("-", "--as-of", "2025-06-01", stdin=json.dumps(make_input()))
    assert done.returncode == 0
    assert json.loads(done.stdout)["as_of"] == "2025-06-01"


def test_invalid_field_exit_2_message_on_stderr_nothing_on_stdout():
    done = cli("-", stdin=json.dumps(make_input(**{"job.annual_gross_salary_eur": -5})))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "job.annual_gross_salary_eur: must be a number >= 0" in done.stderr


def test_unreadable_and_malformed_input():
    assert cli("/nonexistent/in.json").returncode == 2
    done = cli("-", stdin="{not json")
    assert (done.returncode, done.stdout) == (2, "")
    assert "is not valid JSON" in done.stderr


def test_date_outside_parameters_is_a_clear_error():
    done = cli("-", "--as-of", "2031-01-01", stdin=json.dumps(make_input()))
    assert (done.returncode, done.stdout) == (2, "")
    assert "as_of:" in done.stderr and "2031-01-01" in done.stderr


def test_bad_as_of_option():
    done = cli("-", "--as-of", "tomorrow", stdin="{}")
    assert (done.returncode, done.stdout) == (2, "")


def test_batch_with_a_bad_line(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps(make_input())
    bad = json.dumps(make_input(**{"job.isco": "x"}))
    source.write_text("\n".join([good, bad, "{oops", good]) + "\n")
    done = cli("--batch", str(source), "--out", str(target))
    assert done.returncode == 2  # after every line was processed
    assert done.stdout == ""
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 4
    assert lines[0]["schema"] == lines[3]["schema"] == "lotse.assessment/v1"
    assert lines[1] == {
        "error": {
            "line": 2,
            "errors": [{"field": "job.isco", "message": "must be an ISCO-08 code of 2 to 4 digits"}],
        }
    }
    assert lines[2]["error"]["line"] == 3
    assert "assess" in done.stderr  # the progress bar


def test_main_in_process_with_resolver(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(make_input()))
    out, err = io.StringIO(), io.StringIO()
    code = run(
        [str(path)],
        local_authority_resolver=lambda ags: {
            "id": f"abh-{ags[:5]}",
            "name": "ABH",
            "url": None,
            "verified": True,
        },
        stdout=out,
        stderr=err,
    )
    assert code == 0
    assert any(a["id"] == "abh-05158" for a in json.loads(out.getvalue())["authorities"])


def test_main_usage_errors_return_2(capsys):
    assert main([]) == 2
    assert main(["--batch", "x.jsonl"]) == 2
    assert main(["--bogus"]) == 2
    assert capsys.readouterr().out == ""


def test_batch_blank_lines_yield_error_objects_in_order(tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps(make_input())
    source.write_text("\n".join([good, "", "   ", good, ""]) + "\n")
    err = io.StringIO()
    assert run(["--batch", str(source), "--out", str(target)], stderr=err) == 2
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 5  # one output line per input line
    assert lines[0]["schema"] == lines[3]["schema"] == "lotse.assessment/v1"
    for number in (2, 3, 5):
        assert lines[number - 1] == {
            "error": {
                "line": number,
                "errors": [{"field": "$", "message": "is empty: a blank line carries no input object"}],
            }
        }
    assert "3 line(s) with invalid input" in err.getvalue()


def test_argparse_errors_print_the_message_not_only_the_usage():
    out, err = io.StringIO(), io.StringIO()
    assert main_with_streams(["--bogus"], out, err) == 2
    assert out.getvalue() == ""
    assert "usage: lotse assess" in err.getvalue()
    assert "lotse assess: error: unrecognized arguments: --bogus" in err.getvalue()
    err = io.StringIO()
    assert main_with_streams(["x.json", "--lang", "fr"], io.StringIO(), err) == 2
    assert "argument --lang: invalid choice: 'fr'" in err.getvalue()


def test_argparse_error_through_the_real_command():
    done = cli("--lang")
    assert (done.returncode, done.stdout) == (2, "")
    assert "error: argument --lang: expected one argument" in done.stderr


def main_with_streams(argv, out, err) -> int:
    try:
        return run(argv, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0)
