"""Central region scoping: every read of a scoped model goes through the visibility of the current actor.

A view cannot forget a filter: `Model.objects` filters by the active `Visibility`, and refuses to answer at all
(ScopeError) when no visibility is active. Code that really needs everything (imports, jobs, aggregate reports)
says so with `system_access(reason)`; `Model.unscoped` exists only for such code and is banned from views by a test.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models


class ScopeError(RuntimeError):
    """A scoped model was queried while no visibility was active."""


@dataclass(frozen=True)
class Visibility:
    """What the current actor may see."""

    label: str
    all_regions: bool = False
    region_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    employer_ids: frozenset[int] = field(default_factory=frozenset)  # the subset of kind Unternehmen
    personal_data: bool = False

    def region_or_employer(
        self, region_field: str, employer_field: str, *, employer_sees_only: models.Q | None = None
    ) -> models.Q:
        """Rows of the actor's regions or of the employers the actor belongs to.

        `employer_sees_only` narrows the employer's branch (e.g. candidates shared by consent).
        Only non-empty branches enter the query: an adviser's filter stays `region IN (…)`, which PostgreSQL can
        answer from a region index, instead of an OR that forces a full scan.
        """
        if self.all_regions:
            return models.Q()
        branches = []
        if self.region_ids:
            branches.append(models.Q(**{f"{region_field}__in": self.region_ids}))
        if self.employer_ids:
            branches.append(
                models.Q(**{f"{employer_field}__in": self.employer_ids}) & (employer_sees_only or models.Q())
            )
        if not branches:
            return models.Q(pk__in=[])
        combined = branches[0]
        for branch in branches[1:]:
            combined |= branch
        return combined


PUBLIC = Visibility(label="public")

_current: contextvars.ContextVar[Visibility | None] = contextvars.ContextVar("lotse_visibility", default=None)


def current_visibility() -> Visibility:
    visibility = _current.get()
    if visibility is None:
        raise ScopeError(
            "No visibility is active. Wrap the code in visibility_for(user) or system_access(reason). "
            "Querysets of scoped models cannot be built at import time (set form field querysets in __init__)."
        )
    return visibility


@contextmanager
def active_visibility(visibility: Visibility) -> Iterator[Visibility]:
    token = _current.set(visibility)
    try:
        yield visibility
    finally:
        _current.reset(token)


@contextmanager
def system_access(reason: str) -> Iterator[Visibility]:
    """Everything, for imports, background jobs and aggregate statistics. The reason documents why."""
    with active_visibility(Visibility(label=f"system: {reason}", all_regions=True, personal_data=True)) as v:
        yield v


def memberships_of(user) -> list:
    """The user's memberships with their organisations, loaded once per request (cached on the user object)."""
    cached = getattr(user, "_lotse_memberships", None)
    if cached is None:
        from lotse.accounts.models import Membership  # noqa: PLC0415  (models import this module)

        cached = list(
            Membership.objects.filter(user=user)
            .select_related("organisation__region")
            .order_by("organisation__name", "role")
        )
        user._lotse_memberships = cached
    return cached


def visibility_of(user) -> Visibility:
    """Derive the visibility from the user's memberships (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    cached = getattr(user, "_lotse_visibility", None)
    if cached is not None:
        return cached
    from lotse.accounts.models import Organisation  # noqa: PLC0415  (models import this module)

    kinds = Organisation.Kind
    all_regions = user.is_superuser
    personal_data = user.is_superuser
    region_ids: set[int] = set()
    organisation_ids: set[int] = set()
    employer_ids: set[int] = set()
    for membership in memberships_of(user):
        organisation = membership.organisation
        organisation_ids.add(organisation.pk)
        if organisation.kind == kinds.FAI:
            all_regions = True
            personal_data = True
        elif organisation.kind == kinds.REGIONALAGENTUR:
            region_ids.add(organisation.region_id)
            personal_data = True
        if organisation.kind == kinds.UNTERNEHMEN:
            employer_ids.add(organisation.pk)
        if organisation.kind in (kinds.UNTERNEHMEN, kinds.KAMMER):
            # Its own records only (an employer's cases, a chamber's event registrations): each model's
            # visibility_filter limits them to organisation_ids.
            personal_data = True
        # Ministerium: aggregates only, never personal data.
    visibility = Visibility(
        label=f"user:{user.pk}",
        all_regions=all_regions,
        region_ids=frozenset(region_ids),
        organisation_ids=frozenset(organisation_ids),
        employer_ids=frozenset(employer_ids),
        personal_data=personal_data,
    )
    user._lotse_visibility = visibility
    return visibility


@contextmanager
def visibility_for(user) -> Iterator[Visibility]:
    with active_visibility(visibility_of(user)) as visibility:
        yield visibility


class ScopedManager(models.Manager):
    """The default manager of scoped models: filters every query by the active visibility."""

    def get_queryset(self):
        visibility = current_visibility()
        queryset = super().get_queryset()
        if self.model.contains_personal_data and not visibility.personal_data:
            return queryset.none()
        return queryset.filter(self.model.visibility_filter(visibility))

    def create(self, **kwargs):
        # Creating needs no read access; permission to create is checked by the calling service.
        obj = self.model(**kwargs)
        obj.save(force_insert=True, using=self.db)
        return obj


class ScopedModel(models.Model):
    """Base for every model whose rows belong to a region or an organisation."""

    objects = ScopedManager()
    unscoped = models.Manager()  # noqa: DJ012  (only for system code; see module docstring)

    contains_personal_data = False  # True: the ministry (no personal data) sees no rows at all

    class Meta:
        abstract = True

    @classmethod
    def visibility_filter(cls, visibility: Visibility) -> models.Q:
        raise NotImplementedError(f"{cls.__name__} must say who may see its rows.")


class VisibilityMiddleware:
    """Activates the visibility of the logged-in user for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with active_visibility(visibility_of(request.user)) as visibility:
            request.visibility = visibility
            return self.get_response(request)
