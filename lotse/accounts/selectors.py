"""Reads about people and their organisations."""

from lotse.accounts.models import Membership


def memberships_of(user) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation__region")
        .order_by("organisation__name", "role")
    )
