"""Who acts for which employer: the employer organisations a user belongs to (read from the cached memberships)."""

from __future__ import annotations

from lotse.accounts.models import Organisation
from lotse.core.scoping import memberships_of


def employer_organisations(user) -> list[Organisation]:
    if user is None or not user.is_authenticated:
        return []
    return [m.organisation for m in memberships_of(user) if m.organisation.kind == Organisation.Kind.UNTERNEHMEN]


def employer_organisation(user) -> Organisation | None:
    """The employer the user saves checks and plans for (the first, by name, if there are several)."""
    organisations = employer_organisations(user)
    return organisations[0] if organisations else None


def acts_for(user, organisation_id: int) -> bool:
    """May the user change this employer's records (save, tick, record a hand-over)? Members only."""
    return any(o.pk == organisation_id for o in employer_organisations(user))
