"""Template engines for the hot adviser pages: Django's template language (DTL) against Jinja2 through Django's own
backend (django.template.backends.jinja2), on the data set of bench/cases.py.

For the case list, a case page and the regional dashboard it requests each page once with Django's test client and
keeps the template and context the view handed over (and those of every included template). Then, in this process,
without HTTP and without the view:
- the whole page through DTL, as the app renders it (context processors included), and each template it used on
  its own (where the time goes);
- the page's repeated parts (list rows, pager, steps, deadlines, the dashboard's lists) through DTL, the app's own
  templates, and through Jinja2 (bench/templates_jinja2/, the same markup written in Jinja2), each checked to give
  the same HTML as DTL before it is timed.
Prints µs per render (median and p95), and the JSON of all figures as the last line.

    .venv/bin/python bench/templates.py [--renders 500] [--cases 100000]

Needs Jinja2 (the `bench` extra of pyproject.toml) and the database of bench/cases.py (DATABASE_URL, seeded by a
run of bench/cases.py).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import cases  # noqa: E402, F401  (its settings: the same database, DEBUG off, bench/server_settings.py)

JINJA_DIR = BENCH / "templates_jinja2"

# Included DTL templates of each page → their Jinja2 version in JINJA_DIR.
PARTIALS = {
    "cases/_case_rows.html": "case_rows.html",
    "components/pager.html": "pager.html",
    "cases/_step_list.html": "step_list.html",
    "cases/_timer_table.html": "timer_table.html",
}
# Lists written inline in a page template: cut out of the app's template source (DTL) → their Jinja2 version.
INLINE = {
    "cases/dashboard.html": (
        [
            r'<tbody class="kern-table__body">\{% for row in data\.stages %\}.*?\{% endfor %\}</tbody>',
            r'<ul class="kern-list">\{% translate "fällig" as due %\}\{% for item in data\.overdue_timers %\}.*?'
            r"\{% endfor %\}</ul>",
        ],
        "dashboard_lists.html",
    ),
}


def environment(**options):
    """The Jinja2 environment as a Django project would set it up: gettext from Django (i18n extension), Django's
    date filter, and values localised on output like DTL does (numbers, dates)."""
    from django.template.defaultfilters import date
    from django.utils import formats, translation
    from jinja2 import Environment

    def finalize(value):
        if value is None or isinstance(value, str):
            return "" if value is None else value
        return formats.localize(value)

    env = Environment(extensions=["jinja2.ext.i18n"], finalize=finalize, **options)
    env.install_gettext_callables(translation.gettext, translation.ngettext, newstyle=True)
    env.filters["date"] = date
    return env


def jinja_engine():
    from django.template.backends.jinja2 import Jinja2

    return Jinja2(
        {
            "NAME": "jinja2",
            "DIRS": [str(JINJA_DIR)],
            "APP_DIRS": False,
            "OPTIONS": {"environment": f"{__name__}.environment"},
        }
    )


def timed(render, renders: int) -> dict:
    for _ in range(min(20, renders)):  # warm: compiled templates, caches, translations
        render()
    values = []
    for _ in range(renders):
        start = time.perf_counter()
        render()
        values.append((time.perf_counter() - start) * 1e6)
    values.sort()
    return {
        "p50_us": round(statistics.median(values), 1),
        "p95_us": round(values[max(int(len(values) * 0.95) - 1, 0)], 1),
    }


def normalised(html: str) -> str:
    html = str(html).replace("&#x27;", "&#39;")  # Django and MarkupSafe write the apostrophe differently
    return re.sub(r"\s+", " ", html).strip()


def capture(client, url: str) -> tuple[list[tuple[str, dict]], object]:
    """(template name, flat context) of every template the page rendered, in order, and the request."""
    from django.test.signals import template_rendered

    seen: list[tuple[str, dict]] = []

    def receiver(sender, template, context, **kwargs):
        seen.append((template.name, context.flatten()))

    template_rendered.connect(receiver)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(receiver)
    assert response.status_code == 200, (url, response.status_code)
    return seen, response.wsgi_request


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=500)
    parser.add_argument("--cases", type=int, default=100_000, help="the data set bench/cases.py seeded")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.template import TemplateDoesNotExist, engines
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    from lotse.accounts.models import Organisation, User
    from lotse.cases.models import Case
    from lotse.core.scoping import system_access
    from tests.conftest import log_in  # the log-in with its second step (ADR 0142), as the tests do

    with system_access("bench"):
        if Case.objects.count() < args.cases:
            sys.exit(f"Run bench/cases.py first: the database holds fewer than {args.cases:,} cases.")
        busiest = Case.objects.values("region_id").annotate(n=Count("id")).order_by("-n").first()
        team = Organisation.objects.get(kind="regionalagentur", region_id=busiest["region_id"])
        adviser = User.objects.get(memberships__organisation=team)
        case = Case.objects.filter(region_id=busiest["region_id"], status="open").order_by("-pk").first()
    setup_test_environment()  # Django's signal for every rendered template (the context each one received)
    settings.ALLOWED_HOSTS = ["testserver"]
    client = log_in(Client(), adviser)
    dtl, jinja = engines["django"], jinja_engine()
    pages = {"case_list": "/faelle/", "case_detail": f"/faelle/{case.pk}/", "dashboard": "/faelle/uebersicht/"}
    results: dict = {"setup": {"renders": args.renders, "debug": settings.DEBUG, "cases": args.cases}}
    problems = []
    captured = {key: capture(client, url) for key, url in pages.items()}
    teardown_test_environment()  # timed renders without the test instrumentation
    for key, (rendered, request) in captured.items():
        page_name, page_context = rendered[0]
        page_template = dtl.get_template(page_name)
        figures: dict = {
            "template": page_name,
            "dtl_page": timed(lambda t=page_template, c=page_context, r=request: t.render(c, r), args.renders),
            "parts": {},
        }
        # Where the page's time goes: each template it used, rendered on its own with the context it received
        # (including what it includes; base.html without the page's blocks).
        figures["templates_p50_us"] = {}
        for name, context in rendered[1:]:
            if name and name not in figures["templates_p50_us"]:
                try:
                    template = dtl.get_template(name)
                except TemplateDoesNotExist:  # Django's form widget templates (the form renderer's own engine)
                    figures["templates_p50_us"][name] = None
                    continue
                figures["templates_p50_us"][name] = timed(
                    lambda t=template, c=context: t.render(c), max(args.renders // 5, 20)
                )["p50_us"]
        parts = []
        for name, context in rendered:
            if name in PARTIALS and name not in {p[0] for p in parts}:
                parts.append((name, dtl.get_template(name), jinja.get_template(PARTIALS[name]), context))
        if page_name in INLINE:
            patterns, jinja_name = INLINE[page_name]
            source = page_template.template.source
            pieces = [m.group(0) for m in (re.search(p, source, re.S) for p in patterns) if m]
            if len(pieces) == len(patterns):
                dtl_lists = dtl.from_string("{% load i18n %}" + "\n".join(pieces))
                parts.append((f"{page_name} (lists)", dtl_lists, jinja.get_template(jinja_name), page_context))
            else:
                problems.append(f"{page_name}: the lists were not found in the template (changed?)")
        for name, dtl_template, jinja_template, context in parts:
            same = normalised(dtl_template.render(context)) == normalised(jinja_template.render(context))
            if not same:
                problems.append(f"{name}: Jinja2 version gives other HTML than the app's template")
            dtl_figures = timed(lambda t=dtl_template, c=context: t.render(c), args.renders)
            jinja_figures = timed(lambda t=jinja_template, c=context: t.render(c), args.renders)
            figures["parts"][name] = {
                "same_html": same,
                "dtl": dtl_figures,
                "jinja2": jinja_figures,
                "dtl_vs_jinja2_p50": round(dtl_figures["p50_us"] / max(jinja_figures["p50_us"], 0.1), 2),
            }
        dtl_parts = sum(p["dtl"]["p50_us"] for p in figures["parts"].values())
        jinja_parts = sum(p["jinja2"]["p50_us"] for p in figures["parts"].values())
        figures["parts_p50_us"] = {"dtl": round(dtl_parts, 1), "jinja2": round(jinja_parts, 1)}
        # What the page would save at the median if its repeated parts were Jinja2 (the rest stays DTL).
        figures["saving_p50_us"] = round(dtl_parts - jinja_parts, 1)
        results[key] = figures
        print(f"{key} ({page_name}): whole page DTL {figures['dtl_page']}", file=sys.stderr)
        print(f"  templates used (p50 µs, on their own): {figures['templates_p50_us']}", file=sys.stderr)
        for name, part in figures["parts"].items():
            print(
                f"  {name}: DTL {part['dtl']}  Jinja2 {part['jinja2']}  ×{part['dtl_vs_jinja2_p50']}"
                f"{'' if part['same_html'] else '  (HTML differs!)'}",
                file=sys.stderr,
            )
    results["problems"] = problems
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
