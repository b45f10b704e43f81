"""Employers as companies: creation with duplicate detection across NRW, and their profile."""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.accounts.services import organisation_create
from lotse.cases.models import CompanyProfile
from lotse.core import audit


class DuplicateCompany(Exception):
    def __init__(self, matches):
        super().__init__("possible duplicate")
        self.matches = matches


class UnclearPlace(ValueError):
    """The postcode does not name one Gemeinde of NRW: unknown, or shared by several (`candidates`, the user
    picks one). The message is for the user."""

    def __init__(self, message: str, candidates=()):
        super().__init__(message)
        self.candidates = list(candidates)


def company_place(*, postcode: str, chosen_ags: str | None = None):
    """The Gemeinde of a company's postcode; `chosen_ags` settles a postcode shared by several Gemeinden.
    Raises UnclearPlace."""
    from lotse.reference.lookup import find_place  # noqa: PLC0415

    place = find_place(postcode, chosen_ags=chosen_ags or None)
    if place.error:
        raise UnclearPlace(place.error)
    if place.placement is None:
        raise UnclearPlace(
            _("Die PLZ gehört zu mehreren Gemeinden; bitte Gemeinde auswählen."), candidates=place.candidates
        )
    return place.placement.gemeinde


LEGAL_FORMS = re.compile(
    r"\b(ggmbh|gmbh|mbh|ag|kg|kgaa|ohg|gbr|ug|haftungsbeschrankt|ev|eg|ek|ekfr|co|se|partg|inh|und|the)\b"
)


def company_name_key(name: str) -> str:
    """A normalised name for duplicate detection: case, umlauts, punctuation and legal forms do not count."""
    text = name.lower().replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("&", " und "))
    text = LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def company_find_duplicates(*, name: str, postcode: str = "", gemeinde=None, exclude_id=None) -> list:
    """Employers in all of NRW that are probably the same company (see `selectors.company_duplicates`).

    A company entered by another region is found too; of those only the name and place are returned."""
    from lotse.cases.selectors import company_duplicates  # noqa: PLC0415

    return company_duplicates(name=name, postcode=postcode, gemeinde=gemeinde, exclude_id=exclude_id)


@transaction.atomic
def company_create(
    *,
    actor,
    name: str,
    gemeinde=None,
    region=None,
    street: str = "",
    postcode: str = "",
    city: str = "",
    wz_code: str = "",
    size_class: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    allow_duplicate: bool = False,
) -> Organisation:
    if not allow_duplicate:
        matches = company_find_duplicates(name=name, postcode=postcode, gemeinde=gemeinde)
        if matches:
            raise DuplicateCompany(matches)
    organisation = organisation_create(
        actor=actor,
        name=name,
        kind=Organisation.Kind.UNTERNEHMEN,
        gemeinde=gemeinde,
        region=region,
        street=street,
        postcode=postcode,
        city=city or (gemeinde.display_name if gemeinde else ""),
    )
    company_profile_save(
        actor=actor,
        organisation=organisation,
        wz_code=wz_code,
        size_class=size_class,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    return organisation


@transaction.atomic
def company_profile_save(
    *,
    actor,
    organisation: Organisation,
    wz_code: str = "",
    size_class: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> CompanyProfile:
    profile = CompanyProfile.objects.filter(organisation=organisation).select_for_update().first()
    old = {}
    if profile is None:
        profile = CompanyProfile(organisation=organisation)
    else:
        old = {k: getattr(profile, k) for k in ("wz_code", "size_class")}
    profile.wz_code = wz_code
    profile.size_class = size_class
    profile.contact_name = contact_name
    profile.contact_email = contact_email
    profile.contact_phone = contact_phone
    profile.name_key = company_name_key(organisation.name)
    profile.save()
    audit.record(
        actor=actor,
        action="company.profile_save",
        obj=profile,
        old=old,
        new={k: getattr(profile, k) for k in ("wz_code", "size_class")},
        region_id=organisation.region_id,
        organisation_id=organisation.pk,
    )
    return profile
