"""The shared editorial calendar of FAI NRW and the Regionalagenturen, with a warning on clashes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lotse.communication import forms, selectors
from lotse.communication.models import EditorialEntry
from lotse.communication.services import CommunicationError
from lotse.communication.services import calendar as calendar_services
from lotse.communication.views.common import _url
from lotse.core import permissions
from lotse.core.permissions import planner_required


def _month(value: str) -> dt.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


@planner_required
def calendar(request):
    first = _month(request.GET.get("monat", ""))
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "communication/calendar.html",
        {
            "weeks": selectors.calendar_weeks(first=first, last=last),
            "month": first,
            "previous": f"{previous:%Y-%m}",
            "next": f"{following:%Y-%m}",
            "own": {team.pk for team in permissions.planner_teams(request.user)},
        },
    )


def _warn_conflicts(request, entry) -> None:
    clashes = selectors.entry_conflicts(entry)
    if clashes:
        names = "; ".join(
            f"{other.organisation.name}: {other.title} ({formats.date_format(other.starts_on, 'SHORT_DATE_FORMAT')})"
            for other in clashes
        )
        messages.warning(
            request,
            _(
                "Achtung: In derselben Woche plant auch jemand anderes „%(format)s“ – %(names)s. "
                "Bitte stimmen Sie sich ab."
            )
            % {"format": entry.get_format_display(), "names": names},
        )


@planner_required
def entry_create(request):
    teams = permissions.planner_teams(request.user)
    permissions.require(bool(teams))
    form = forms.EntryForm(request.POST or None, teams=teams, initial={"starts_on": request.GET.get("datum")})
    if request.method == "POST" and form.is_valid():
        try:
            entry = calendar_services.entry_create(actor=request.user, organisation=form.team(), content=form.content())
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Im Kalender eingetragen."))
            _warn_conflicts(request, entry)
            return redirect(f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Neuer Kalendereintrag"),
            "back": _url("communication:calendar"),
        },
        status=400 if form.errors else 200,
    )


@planner_required
def entry_edit(request, pk: int):
    try:
        entry = EditorialEntry.objects.select_related("organisation", "topic").get(pk=pk)
    except EditorialEntry.DoesNotExist as error:
        raise Http404 from error
    permissions.require(permissions.can_edit_entry(request.user, entry))
    initial = calendar_services.EntryContent.from_instance(entry).values()
    form = forms.EntryForm(request.POST or None, teams=[entry.organisation], initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = calendar_services.entry_update(actor=request.user, entry=entry, content=form.content())
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Gespeichert."))
            _warn_conflicts(request, entry)
            return redirect(f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Kalendereintrag bearbeiten"),
            "back": f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}",
            "conflicts": selectors.entry_conflicts(entry),
        },
        status=400 if form.errors else 200,
    )
