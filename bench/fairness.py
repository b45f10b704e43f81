"""Benchmark of the self-check, the welcome plan and their PDFs: pure-logic latency and PDF rendering time.

Run: .venv/bin/python bench/fairness.py [N]
Prints human-readable figures; the LAST line is one JSON object with the numbers.

The pure parts (scoring a self-check, dating a plan, choosing the nearest office) run once per page view; the
PDFs (WeasyPrint, PDF/UA-1) are the expensive part and are rendered on demand only. No database is needed: the
PDFs are rendered from the pure results with Django's template engine (in-memory SQLite settings).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("DEBUG", "1")


def per_call_us(func, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - start) / n * 1e6


def timed_ms(func, n: int) -> tuple[float, float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from lotse.core.pdf import render_pdf
    from lotse.fairness.presentation import result_context
    from lotse.rules.fairness import selfcheck
    from lotse.rules.welcome import notice, plan

    n = int(argv[0]) if argv else 2000
    answers = {qid: "partly" for qid in selfcheck.question_ids()}
    answers.update({"context.health_care": True, "context.countries": ["GH", "IN"], "context.westbalkan_agency": False})
    situation = plan.Situation(pathway="eu_blue_card", arrival=date(2027, 3, 1), family="later", german="A2")

    evaluate_us = per_call_us(lambda: selfcheck.evaluate(answers, lang="de"), n)
    build_us = per_call_us(lambda: plan.build(situation, lang="de"), n)
    nearest_us = per_call_us(lambda: notice.nearest_office(51.25, 6.97), n)
    print(
        f"self-check evaluate: {evaluate_us:.1f} µs/call; plan build: {build_us:.1f} µs/call; "
        f"nearest office: {nearest_us:.2f} µs/call (n={n})"
    )

    pdf_runs = max(3, min(10, n // 200))
    result = result_context(selfcheck.evaluate(answers, lang="de"))
    action_ms, action_max = timed_ms(lambda: render_pdf("fairness/result_pdf.html", result, lang="de"), pdf_runs)
    notice_context = {
        "texts": [
            {
                "lang": lang,
                "name": lang,
                "text": notice.notice_text(lang),
                "office": {"name": "Faire Integration NRW", "directory_url": "https://example.org"},
            }
            for lang in notice.languages()
        ],
        "employer_name": "Bench GmbH",
        "worker_name": "",
        "work": None,
        "first_working_day": None,
        "office_contact": "",
        "handed_over_on": None,
    }
    notice_ms, notice_max = timed_ms(lambda: render_pdf("welcome/notice_pdf.html", notice_context, lang="de"), pdf_runs)
    print(
        f"PDF action plan: median {action_ms:.0f} ms (max {action_max:.0f}); "
        f"PDF § 45c notice: median {notice_ms:.0f} ms (max {notice_max:.0f}); runs={pdf_runs}"
    )
    print(
        json.dumps(
            {
                "bench": "fairness",
                "n": n,
                "selfcheck_evaluate_us": round(evaluate_us, 1),
                "plan_build_us": round(build_us, 1),
                "nearest_office_us": round(nearest_us, 2),
                "pdf_action_plan_ms": round(action_ms),
                "pdf_notice_ms": round(notice_ms),
                "pdf_runs": pdf_runs,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
