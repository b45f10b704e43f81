"""Benchmark of the rules engine: single-assessment latency and batch throughput on one core.

Run: taskset -c 1 .venv/bin/python bench/engine.py [N]   (pin to one core where taskset exists)
Prints human-readable figures; the LAST line is one JSON object with the numbers.

The batch is measured exactly as `lotse assess --batch` does it (parse a line, assess, serialise with the CLI's
encoder), in wall-clock time and in CPU time of this process. On a shared machine the wall-clock figure depends
on what else runs; the CPU-time figure is what one core delivers to this process. Both are reported, with the
load average and the CPU affinity, so a figure can be judged; `meets_target` uses the CPU-time figure and
`meets_target_wall` the wall-clock one.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lotse.rules import PROFESSIONS, RULES_VERSION, assess  # noqa: E402
from lotse.rules.jsonl import dumps as _dumps  # noqa: E402  - the CLI's line encoder

TARGET_PER_SECOND = 2000
LEVELS = ["none", "A1", "A2", "B1", "B2", "C1"]
CITIZENSHIPS = ["IN", "IN", "TR", "RS", "AL", "PH", "VN", "BR", "MA", "US", "EG", "UA", "CO", "PL"]
ISCO = ["2512", "2221", "2211", "2411", "7411", "7126", "5120", "8332", "9333", "2142", "2330", "25"]
AGS = ["05158028", "05315000", "05111000", "05515000", "05711000", "05913000", "05334"]


def maybe(rng: random.Random, value, p_unknown: float = 0.1):
    return None if rng.random() < p_unknown else value


def make_input(rng: random.Random) -> dict:
    """A realistic mix: mostly complete employer enquiries, some gaps, a few without a job offer."""
    level = rng.choice(["academic", "academic", "vocational", "vocational", "none"])
    job = None
    if rng.random() < 0.85:
        job = {
            "kind": "vocational_training" if rng.random() < 0.1 else "employment",
            "isco": maybe(rng, rng.choice(ISCO)),
            "annual_gross_salary_eur": maybe(rng, rng.randrange(24_000, 90_000, 500)),
            "weekly_hours": 40,
            "duration_months": rng.choice([None, None, 12, 24, 5]),
            "qualified": maybe(rng, rng.random() < 0.8),
            "matches_qualification": maybe(rng, rng.random() < 0.85),
            "employer_collective_agreement": maybe(rng, rng.random() < 0.3),
            "temporary_agency_work": maybe(rng, rng.random() < 0.05),
            "recognition_partnership_agreement": maybe(rng, rng.random() < 0.3, 0.5),
            "employer_suitable_for_training": maybe(rng, rng.random() < 0.6, 0.5),
            "municipality_ags": rng.choice(AGS),
            "licence_to_practise": maybe(rng, rng.random() < 0.5, 0.5),
        }
    return {
        "as_of": rng.choice(["2025-06-01", "2026-03-01", "2026-03-01", "2026-09-15"]),
        "candidate": {
            "citizenship": rng.choice(CITIZENSHIPS),
            "age": maybe(rng, rng.randint(20, 58)),
            "residence": rng.choice(["abroad", "abroad", "germany"]),
            "qualification": {
                "level": maybe(rng, level),
                "duration_years": maybe(rng, rng.choice([2, 3, 4])),
                "state_recognised_abroad": maybe(rng, rng.random() < 0.9),
                "german_recognition": maybe(rng, rng.choice(["full", "partial", "not_applied", "pending"])),
                "obtained_on": maybe(rng, f"{rng.randint(2008, 2024)}-06-30"),
                "profession": maybe(rng, rng.choice(PROFESSIONS)),
            },
            "experience": {"years_last_5": maybe(rng, rng.randint(0, 5)), "years_last_7": None},
            "languages": {
                "german": maybe(rng, rng.choice(LEVELS)),
                "english": maybe(rng, rng.choice(LEVELS)),
            },
            "previous_stay_germany_months": maybe(rng, rng.choice([0, 0, 6, 12])),
            "partner_meets_opportunity_card": maybe(rng, rng.random() < 0.2),
            "funds_secured": maybe(rng, rng.random() < 0.7),
            "adequate_pension": maybe(rng, False),
            "asylum_benefits_last_24_months": maybe(rng, False),
        },
        "job": job,
    }


def _fill_experience(data: dict) -> dict:
    experience = data["candidate"]["experience"]
    if experience["years_last_5"] is not None:
        experience["years_last_7"] = min(7, experience["years_last_5"] + 1)
    return data


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 20_000
    rng = random.Random(20260301)
    inputs = [_fill_experience(make_input(rng)) for _ in range(count)]
    lines = [json.dumps(data) for data in inputs]

    for data in inputs[:200]:  # warm the parameter and catalogue caches
        assess(data)

    latencies = []
    for data in inputs[: min(count, 5000)]:
        start = time.perf_counter()
        _dumps(assess(data))
        latencies.append(time.perf_counter() - start)
    latencies.sort()
    median_ms = statistics.median(latencies) * 1000
    p99_ms = latencies[int(len(latencies) * 0.99) - 1] * 1000

    # Batch as the CLI does it: parse a JSON line, assess, serialise the result line.
    load_before = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), time.process_time()
    written = 0
    for line in lines:
        written += len(_dumps(assess(json.loads(line))))
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    per_second = count / elapsed
    per_cpu_second = count / cpu
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None

    print(f"rules version      {RULES_VERSION}")
    print(f"single assessment  median {median_ms:.3f} ms, p99 {p99_ms:.3f} ms (n={len(latencies)})")
    print(
        f"batch (one core)   {count} assessments in {elapsed:.2f} s = {per_second:,.0f}/s incl. JSON "
        f"(target {TARGET_PER_SECOND:,}/s), {written / count / 1024:.1f} KiB per result"
    )
    print(
        f"batch CPU time     {cpu:.2f} s = {per_cpu_second:,.0f}/s per CPU-second; "
        f"load average {load_before:.2f}, CPUs {affinity} of {os.cpu_count()}"
    )
    print(
        json.dumps(
            {
                "benchmark": "rules.engine",
                "rules_version": RULES_VERSION,
                "n": count,
                "single_median_ms": round(median_ms, 4),
                "single_p99_ms": round(p99_ms, 4),
                "batch_per_second": round(per_second, 1),
                "batch_per_cpu_second": round(per_cpu_second, 1),
                "kib_per_result": round(written / count / 1024, 1),
                "load_average": round(load_before, 2),
                "cpu_affinity": affinity,
                "target_per_second": TARGET_PER_SECOND,
                "meets_target": per_cpu_second >= TARGET_PER_SECOND,
                "meets_target_wall": per_second >= TARGET_PER_SECOND,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
