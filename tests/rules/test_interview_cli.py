"""`lotse interview --batch IN.jsonl --out OUT.jsonl` through the real `lotse` entry point (no Django)."""

from __future__ import annotations

import json
import subprocess
import sys

from lotse.cli import PURE_COMMANDS, main
from lotse.rules import assess
from lotse.rules.scenarios import load_scenarios


def test_interview_is_a_pure_command():
    assert PURE_COMMANDS["interview"] == "lotse.rules.interview_cli"


def test_batch_writes_one_line_per_profile_and_error_objects(tmp_path):
    scenarios = load_scenarios()[:6]
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({**s["input"], "as_of": s["as_of"]}) for s in scenarios]
    lines += ["not json", json.dumps({"candidate": {"citizenship": "XX"}})]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert main(["interview", "--batch", str(source), "--out", str(target)]) == 2  # two bad lines
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 8
    for scenario, result in zip(scenarios, out, strict=False):
        assert set(result) == {"asked", "decisive_after", "final"}
        complete = assess(scenario["input"], as_of=scenario["as_of"])
        assert [p["status"] for p in result["final"]["pathways"]] == [p["status"] for p in complete["pathways"]]
    assert out[6]["error"]["line"] == 7
    assert out[7]["error"]["errors"][0]["field"] == "candidate.citizenship"


def test_bad_arguments_exit_2(tmp_path, capsys):
    assert main(["interview", "--batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main(["interview"]) == 2


def test_the_interview_cli_does_not_import_django(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"candidate": {"citizenship": "FR"}}) + "\n", encoding="utf-8")
    code = (
        "import sys; from lotse.cli import main; "
        f"rc = main(['interview', '--batch', {str(source)!r}, '--out', {str(tmp_path / 'o.jsonl')!r}]); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_blank_lines_yield_error_objects_in_order(tmp_path):
    scenario = load_scenarios()[0]
    good = json.dumps({**scenario["input"], "as_of": scenario["as_of"]})
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join([good, "", good, "  "]) + "\n", encoding="utf-8")
    assert main(["interview", "--batch", str(source), "--out", str(target)]) == 2
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 4
    assert "final" in out[0] and "final" in out[2]
    assert out[1] == {
        "error": {"line": 2, "errors": [{"field": "$", "message": "is empty: a blank line carries no input object"}]}
    }
    assert out[3]["error"]["line"] == 4


def test_argparse_errors_print_the_message(capsys):
    assert main(["interview", "--batch", "x.jsonl"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "usage: lotse interview" in captured.err
    assert "error: the following arguments are required: --out" in captured.err
