"""Reads of communication: public news and offers, the back office's lists, the calendar with its warnings, and
the content of a subscriber's digest."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from lotse.communication.models import (
    Bounce,
    DigestIssue,
    EditorialEntry,
    NewsItem,
    RegionalOffer,
    Subscriber,
    TextTemplate,
)
from lotse.core import permissions

PAGE_SIZE = 20


# ---------------------------------------------------------------------------------------------- news


def news_public(*, region_slug: str = "", topic_slug: str = "", limit: int | None = None):
    """Published news, newest first; a region shows its own and the statewide news."""
    news = NewsItem.objects.filter(status=NewsItem.Status.PUBLISHED)
    if region_slug:
        news = news.filter(Q(scope=NewsItem.Scope.STATEWIDE) | Q(region__slug=region_slug))
    if topic_slug:
        news = news.filter(topics__slug=topic_slug)
    news = news.select_related("region", "organisation").prefetch_related("topics").order_by("-published_at", "-id")
    return news[:limit] if limit else news.distinct()


def news_get_public(*, pk: int) -> NewsItem:
    return (
        NewsItem.objects.select_related("region", "organisation")
        .prefetch_related("topics")
        .get(pk=pk, status=NewsItem.Status.PUBLISHED)
    )


def news_get(*, pk: int) -> NewsItem:
    """Any item the actor may see (own organisation's drafts, for FAI NRW all)."""
    return (
        NewsItem.objects.select_related("region", "organisation", "created_by", "reviewed_by")
        .prefetch_related("topics")
        .get(pk=pk)
    )


def news_backoffice(*, user) -> dict:
    teams = [team.pk for team in permissions.editor_teams(user)]
    own = (
        NewsItem.objects.filter(organisation_id__in=teams)
        .select_related("region", "organisation", "created_by")
        .order_by("-updated_at")
    )
    review = []
    if permissions.is_statewide_reviewer(user):
        review = list(
            NewsItem.objects.filter(status=NewsItem.Status.IN_REVIEW)
            .exclude(created_by=user)
            .select_related("organisation", "created_by")
            .order_by("submitted_at")
        )
    return {"own": list(own[:100]), "review": review}


# ---------------------------------------------------------------------------------------------- calendar


@dataclass
class Week:
    year: int
    number: int
    monday: dt.date
    entries: list = field(default_factory=list)
    workshops: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # (format label, [entries])

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def items(self) -> list[tuple[str, object]]:
        """Entries and workshops in the order of their days."""
        dated = [(entry.starts_on, 0, "entry", entry) for entry in self.entries]
        dated += [(timezone.localtime(s.starts_at).date(), 1, "workshop", s) for s in self.workshops]
        return [(kind, item) for _day, _order, kind, item in sorted(dated, key=lambda x: (x[0], x[1]))]


def _clashing(entries) -> list[tuple[str, list]]:
    """Formats planned by more than one organisation in one week (cancelled entries do not count)."""
    by_format: dict[str, list] = defaultdict(list)
    for entry in entries:
        if entry.status != EditorialEntry.Status.CANCELLED:
            by_format[entry.format].append(entry)
    return [
        (group[0].get_format_display(), group)
        for group in by_format.values()
        if len({entry.organisation_id for entry in group}) > 1
    ]


def calendar_weeks(*, first: dt.date, last: dt.date) -> list[Week]:
    """The ISO weeks from `first` to `last` with their entries, the published workshops, and the clashes."""
    monday = first - dt.timedelta(days=first.weekday())
    weeks: dict[tuple[int, int], Week] = {}
    while monday <= last:
        year, number, _weekday = monday.isocalendar()
        weeks[(year, number)] = Week(year, number, monday)
        monday += dt.timedelta(days=7)
    start = min(w.monday for w in weeks.values())
    end = max(w.sunday for w in weeks.values())
    entries = (
        EditorialEntry.objects.filter(starts_on__lte=end)
        .filter(Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))
        .select_related("organisation", "region", "topic")
    )
    for entry in entries:
        for key in entry.weeks():
            if key in weeks:
                weeks[key].entries.append(entry)
    for week in weeks.values():
        week.conflicts = _clashing(week.entries)
    _add_workshops(weeks, start, end)
    return list(weeks.values())


def _add_workshops(weeks: dict, start: dt.date, end: dt.date) -> None:
    from lotse.events.models import Event, Session  # noqa: PLC0415

    zone = timezone.get_current_timezone()
    sessions = (
        Session.objects.filter(
            event__status=Event.Status.PUBLISHED,
            starts_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=zone),
            starts_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        )
        .select_related("event")
        .order_by("starts_at")
    )
    for session in sessions:
        key = tuple(timezone.localtime(session.starts_at).isocalendar())[:2]
        if key in weeks:
            weeks[key].workshops.append(session)


def entry_conflicts(entry: EditorialEntry) -> list[EditorialEntry]:
    """Other organisations' entries of the same format in a week this entry touches."""
    if entry.status == EditorialEntry.Status.CANCELLED:
        return []
    weeks = entry.weeks()
    first = min(dt.date.fromisocalendar(year, week, 1) for year, week in weeks)
    last = max(dt.date.fromisocalendar(year, week, 7) for year, week in weeks)
    candidates = (
        EditorialEntry.objects.filter(format=entry.format, starts_on__lte=last)
        .filter(Q(ends_on__gte=first) | Q(ends_on__isnull=True, starts_on__gte=first))
        .exclude(organisation_id=entry.organisation_id)
        .exclude(status=EditorialEntry.Status.CANCELLED)
        .select_related("organisation")
    )
    return [other for other in candidates if other.weeks() & weeks]


# ---------------------------------------------------------------------------------------------- offers


def offers_for_region(region_id: int | None, *, kinds=None) -> list[RegionalOffer]:
    if not region_id:
        return []
    offers = RegionalOffer.objects.filter(region_id=region_id, active=True)
    if kinds:
        offers = offers.filter(kind__in=kinds)
    return list(offers.order_by("kind", "name"))


def offers_public(*, region_slug: str = "", kind: str = ""):
    offers = RegionalOffer.objects.filter(active=True).select_related("region")
    if region_slug:
        offers = offers.filter(region__slug=region_slug)
    if kind:
        offers = offers.filter(kind=kind)
    return offers.order_by("region__name", "kind", "name")


def offers_managed(*, user):
    regions = permissions.offer_regions(user)
    offers = RegionalOffer.objects.select_related("region", "organisation")
    if regions is not None:
        offers = offers.filter(region_id__in=regions)
    return offers.order_by("region__name", "kind", "name")


# ---------------------------------------------------------------------------------------------- templates


def templates_list(*, category: str = ""):
    templates = TextTemplate.objects.select_related("organisation")
    if category:
        templates = templates.filter(category=category)
    return templates.order_by("category", "title")


# ---------------------------------------------------------------------------------------------- newsletter


def _matches(
    subscriber_regions: set[int], subscriber_topics: set[int], regions: set[int], statewide: bool, topics: set[int]
) -> bool:
    region_ok = not subscriber_regions or statewide or bool(regions & subscriber_regions)
    topic_ok = not subscriber_topics or not topics or bool(topics & subscriber_topics)
    return region_ok and topic_ok


def digest_content(*, subscriber: Subscriber, issue: DigestIssue, now: dt.datetime | None = None) -> dict:
    """The news published in the issue's window and the workshops of the next weeks that match the subscriber's
    regions and topics (no choice means: everything)."""
    from lotse.communication.services.newsletter import WORKSHOP_WEEKS  # noqa: PLC0415
    from lotse.events.models import Event, Session  # noqa: PLC0415

    now = now or timezone.now()
    regions = {r.pk for r in subscriber.regions.all()}
    topics = {t.pk for t in subscriber.topics.all()}
    news = [
        item
        for item in NewsItem.objects.filter(
            status=NewsItem.Status.PUBLISHED, published_at__gt=issue.window_start, published_at__lte=issue.window_end
        )
        .select_related("region")
        .prefetch_related("topics")
        .order_by("-published_at")
        if _matches(
            regions,
            topics,
            {item.region_id} if item.region_id else set(),
            item.scope == NewsItem.Scope.STATEWIDE,
            {t.pk for t in item.topics.all()},
        )
    ]
    upcoming = Session.objects.filter(starts_at__gte=now, starts_at__lte=now + dt.timedelta(weeks=WORKSHOP_WEEKS))
    events = [
        event
        for event in Event.objects.filter(status=Event.Status.PUBLISHED)
        .filter(Exists(upcoming.filter(event=OuterRef("pk"))))
        .prefetch_related(Prefetch("sessions", queryset=upcoming.order_by("starts_at")), "regions", "tags")
        if _matches(
            regions, topics, {r.pk for r in event.regions.all()}, event.statewide, {t.pk for t in event.tags.all()}
        )
    ]
    events.sort(key=lambda event: event.sessions.all()[0].starts_at)
    return {"news": news[:10], "events": events[:10]}


def newsletter_overview() -> dict:
    counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "counts": [(label, counts.get(value, 0)) for value, label in Subscriber.Status.choices],
        "issues": list(DigestIssue.objects.select_related("created_by")[:10]),
        "bounces": list(Bounce.objects.all()[:30]),
    }
