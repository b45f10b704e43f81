"""Reporting pages: the dashboard, one page per figure, CSV/XLSX of every table, the quarterly PDF and the status
of the job. They read the count table only; the scope decides which cells, the audience the layout."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core.http import attach
from lotse.core.pdf import render_pdf
from lotse.core.permissions import (
    MINISTRY,
    STATEWIDE,
    Audience,
    require_audience,
    require_quarterly_report,
    require_rebuild,
)
from lotse.reporting import exports, selectors, services
from lotse.reporting.charts import bar_chart
from lotse.reporting.dimensions import NRW, REGION
from lotse.reporting.forms import ReportFilterForm
from lotse.reporting.models import BuildRun, FillState
from lotse.reporting.periods import QUARTER, Period, PeriodError
from lotse.reporting.stats import STATS, Stat

# Breakdowns the quarterly report adds to the tables by region.
REPORT_BREAKDOWNS = (
    ("cases_opened", "pathway"),
    ("cases_opened", "citizenship"),
    ("cases_opened", "wz_section"),
    ("cases_closed", "pathway"),
    ("milestones", "pathway"),
    ("companies_advised", "size"),
)


def _filters(request, audience: Audience, stat: Stat | None = None):
    """(form, period, breakdown, region) from the query; invalid values give form errors and the defaults."""
    state = selectors.data_state()
    periods = selectors.available_periods(audience, state)
    query = None
    if request.GET:  # what is not given is the default, not an error
        query = request.GET.copy()
        if stat:
            query.setdefault("nach", selectors.default_breakdown(audience, stat))
        query.setdefault("region", str(NRW))
    form = ReportFilterForm(
        query,
        periods=periods,
        breakdowns=selectors.breakdowns(audience, stat) if stat else None,
        audience=audience,
        region_names=selectors.region_names(),
    )
    if form.is_bound:
        form.is_valid()
    data = form.cleaned_data if form.is_bound else {}  # the valid fields; the others fall back to defaults
    period = selectors.choose_period(audience, data.get("zeitraum"), state)
    by = data.get("nach") or (selectors.default_breakdown(audience, stat) if stat else "")
    try:
        region = selectors.choose_region(audience, data.get("region") or None)
    except selectors.ReportNotFound:
        region = selectors.choose_region(audience, None)
    if stat and by == REGION:
        region = selectors.choose_region(audience, None)
    if not form.is_bound and period:
        form = ReportFilterForm(
            {"zeitraum": period.key, "nach": by, "region": str(region)},
            periods=periods,
            breakdowns=selectors.breakdowns(audience, stat) if stat else None,
            audience=audience,
            region_names=selectors.region_names(),
        )
        form.is_valid()
    return form, period, by, region, state


def _query(period: Period, by: str = "", region: int = NRW) -> str:
    from urllib.parse import urlencode  # noqa: PLC0415

    params = {"zeitraum": period.key}
    if by:
        params["nach"] = by
    if by and by != REGION and region != NRW:
        params["region"] = region
    return urlencode(params)


@login_required
def dashboard(request):
    audience = require_audience(request.user)
    form, period, _by, _region, state = _filters(request, audience)

    def sections():  # called by the template only when its cached copy of the sections is missing
        tables = selectors.report_overview(audience=audience, period=period) if period else []
        return [
            {"table": table, "chart": bar_chart(table, chart_id=f"chart-{table.stat.key}"), "query": _query(period)}
            for table in tables
        ]

    periods = selectors.available_periods(audience, state)
    return render(
        request,
        "reporting/dashboard.html",
        {
            "audience": audience,
            "form": form,
            "period": period,
            "sections": sections,
            "state": state,
            "as_of": selectors.as_of_label(state),
            "version": state["version"].timestamp() if state["version"] else 0,
            "stats": list(STATS.values()),
            "quarters": periods[QUARTER] if audience.kind in (MINISTRY, STATEWIDE) else [],
            "query": _query(period) if period else "",
            "region_label": selectors.region_label(sorted(audience.region_ids)[0]) if audience.region_ids else "",
        },
        status=400 if form.errors else 200,
    )


def _stat_or_404(key: str) -> Stat:
    stat = STATS.get(key)
    if stat is None:
        raise Http404
    return stat


def _table_for(request, audience, stat):
    form, period, by, region, state = _filters(request, audience, stat)
    if period is None:
        return form, None, state
    try:
        table = selectors.report_table(audience=audience, stat=stat, period=period, by=by, region=region)
    except selectors.ReportNotFound as error:
        raise Http404 from error
    return form, table, state


@login_required
def stat_detail(request, key: str):
    audience = require_audience(request.user)
    stat = _stat_or_404(key)
    form, table, state = _table_for(request, audience, stat)
    return render(
        request,
        "reporting/stat.html",
        {
            "audience": audience,
            "stat": stat,
            "form": form,
            "table": table,
            "chart": bar_chart(table, chart_id="chart") if table else None,
            "query": _query(table.period, table.by, table.region) if table else "",
            "as_of": selectors.as_of_label(state),
        },
        status=400 if form.errors else 200,
    )


@login_required
def stat_export(request, key: str, fmt: str):
    audience = require_audience(request.user)
    stat = _stat_or_404(key)
    form, table, state = _table_for(request, audience, stat)
    if form.errors:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    if table is None:
        raise Http404
    return _download(table, [table], fmt, state)


@login_required
def overview_export(request):
    audience = require_audience(request.user)
    form, period, _by, _region, state = _filters(request, audience)
    if form.errors:
        errors = "; ".join(str(e) for field in form.errors.values() for e in field)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    if period is None:
        raise Http404
    tables = selectors.report_overview(audience=audience, period=period)
    response = HttpResponse(
        exports.to_xlsx(tables, as_of=selectors.as_of_label(state)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    attach(response, f"lotse-auswertung-{period.key}.xlsx")
    return response


def _download(table, tables, fmt: str, state) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(table), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(tables, as_of=selectors.as_of_label(state)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    attach(response, exports.filename(table, fmt))
    return response


@login_required
def quarterly_report(request, period_key: str):
    """The quarterly report for the ministry, as an accessible PDF: always the ministry's (suppressed) figures."""
    audience = require_quarterly_report(request.user)
    ministry = Audience(MINISTRY)
    state = selectors.data_state()
    try:
        period = Period.parse(period_key)
    except PeriodError as error:
        raise Http404 from error
    if period.kind != QUARTER or period not in selectors.available_periods(ministry, state)[QUARTER]:
        raise Http404
    tables = selectors.report_overview(audience=audience, period=period, ministry_version=True)
    extra = [
        selectors.report_table(
            audience=audience, stat=STATS[key], period=period, by=by, region=NRW, ministry_version=True
        )
        for key, by in REPORT_BREAKDOWNS
    ]
    sections = [
        {"table": table, "chart": bar_chart(table, chart_id=f"chart-{number}")}
        for number, table in enumerate([*tables, *extra])
    ]
    pdf = render_pdf(
        "reporting/quarterly_report.html",
        {"period": period, "sections": sections, "as_of": selectors.as_of_label(state), "legend": exports.legend()},
        lang=(get_language() or "de")[:2],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    attach(response, f"lotse-quartalsbericht-{period.key}.pdf")
    return response


@login_required
def status(request):
    audience = require_audience(request.user)
    if audience.kind != STATEWIDE:
        raise Http404
    return render(
        request,
        "reporting/status.html",
        {
            "audience": audience,
            "states": FillState.objects.order_by("stat"),
            "runs": BuildRun.objects.select_related("requested_by")[:15],
            "labels": {key: stat.label for key, stat in STATS.items()},
            "as_of": selectors.as_of_label(selectors.data_state()),
        },
    )


@login_required
@require_POST
def rebuild(request):
    require_rebuild(request.user)
    key = request.POST.get("zeitraum", "").strip()
    try:
        period = Period.parse(key)
    except PeriodError:
        messages.error(
            request, _("„%(value)s“ ist kein Zeitraum. Bitte so angeben: 2026-03, 2026-Q1 oder 2026.") % {"value": key}
        )
        return redirect("reporting:status")
    services.rebuild_request(actor=request.user, period=period)
    messages.success(
        request,
        _("Die Neuberechnung von %(period)s ist beauftragt; der Stand erscheint unten.") % {"period": period.label},
    )
    return redirect("reporting:status")
