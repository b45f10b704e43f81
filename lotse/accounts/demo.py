"""Demo organisations and users for trying Lotse out. Idempotent: existing rows are reused."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

from django.db import transaction

from lotse.accounts.models import Membership, Organisation, User
from lotse.accounts.services import membership_grant, organisation_create
from lotse.core.scoping import system_access
from lotse.reference.models import Arbeitsmarktregion, Gemeinde, Kreis

DEMO_PASSWORD = "lotse-demo-2026"
# The second factor of every demo account (staff must use one; the demo employers have one too, to show it).
# Public on purpose, like the password: add it to any authenticator app, or let `lotse demo-code` print the code.
DEMO_TOTP_SECRET = "LOTSEDEMOLOTSEDEMOLOTSEDEMO23456"

Kind = Organisation.Kind
Role = Membership.Role


@dataclass(frozen=True)
class DemoEmployer:
    name: str
    gemeinde_ags: str
    kreis_ags: str
    street: str
    postcode: str
    city: str


EMPLOYERS = [
    DemoEmployer("Mettmanner Metallbau GmbH", "05158024", "05158", "Industriestraße 12", "40822", "Mettmann"),
    DemoEmployer("Sonnenhof Pflege gGmbH", "05515000", "05515", "Hafenweg 3", "48155", "Münster"),
    DemoEmployer("Siegtal Software GmbH", "05970040", "05970", "Koblenzer Straße 8", "57072", "Siegen"),
]

# (e-mail, name, organisation key, role). Organisation keys: "fai", "mags", "ihk", a region slug, or employer index.
DEMO_USERS = [
    ("admin@lotse.example", "Anna Admin", "fai", Role.ADMIN),
    ("beratung.fai@lotse.example", "Fatma Yilmaz", "fai", Role.ADVISER),
    ("beratung.duesseldorf@lotse.example", "Daniel Krüger", "duesseldorf-kreis-mettmann", Role.ADVISER),
    ("beratung.muensterland@lotse.example", "Maria Schulte", "muensterland", Role.ADVISER),
    ("veranstaltungen@lotse.example", "Eva Becker", "ihk", Role.EVENT_MANAGER),
    ("auswertung@lotse.example", "Max Weber", "mags", Role.ANALYST),
    ("personal@mettmanner-metallbau.example", "Petra Lange", 0, Role.MEMBER),
    ("personal@sonnenhof-pflege.example", "Jonas Hoffmann", 1, Role.MEMBER),
    ("personal@siegtal-software.example", "Lea Schmidt", 2, Role.ADMIN),
]


def _organisation(
    *, name: str, kind: str, region=None, gemeinde=None, street: str = "", postcode: str = "", city: str = ""
) -> Organisation:
    existing = Organisation.unscoped.filter(name=name, kind=kind).first()
    return existing or organisation_create(
        actor="demo",
        name=name,
        kind=kind,
        region=region,
        gemeinde=gemeinde,
        street=street,
        postcode=postcode,
        city=city,
    )


def _employer(employer: DemoEmployer) -> Organisation:
    gemeinde = Gemeinde.objects.filter(
        ags=employer.gemeinde_ags
    ).first()  # absent until Gemeinden are imported
    region = (
        gemeinde.arbeitsmarktregion
        if gemeinde
        else Kreis.objects.get(ags=employer.kreis_ags).arbeitsmarktregion
    )
    return _organisation(
        name=employer.name,
        kind=Kind.UNTERNEHMEN,
        region=region,
        gemeinde=gemeinde,
        street=employer.street,
        postcode=employer.postcode,
        city=employer.city,
    )


@transaction.atomic
def load_demo_data() -> list[User]:
    with system_access("demo data"):
        organisations: dict = {
            "fai": _organisation(
                name="NRW Fachkräfteagentur International (FAI NRW)", kind=Kind.FAI, city="Düsseldorf"
            ),
            "mags": _organisation(
                name="Ministerium für Arbeit, Gesundheit und Soziales NRW (MAGS)",
                kind=Kind.MINISTERIUM,
                city="Düsseldorf",
            ),
            "ihk": _organisation(name="IHK Düsseldorf", kind=Kind.KAMMER, city="Düsseldorf"),
        }
        for region in Arbeitsmarktregion.objects.all():
            organisations[region.slug] = Organisation.unscoped.filter(
                kind=Kind.REGIONALAGENTUR, region=region
            ).first() or organisation_create(
                actor="demo", name=region.agency_name, kind=Kind.REGIONALAGENTUR, region=region
            )
        for index, employer in enumerate(EMPLOYERS):
            organisations[index] = _employer(employer)

        users = []
        for email, full_name, organisation_key, role in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
            membership_grant(actor="demo", user=user, organisation=organisations[organisation_key], role=role)
            _demo_second_factor(user)
            users.append(user)
        return users


def demo_totp_key() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def _demo_second_factor(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from lotse.accounts.twofactor import TOTP_DEVICE_NAME  # noqa: PLC0415

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=demo_totp_key(), confirmed=True)


def demo_code(at: float | None = None) -> str:
    """The six-digit code of the demo accounts' second factor, now or at the given Unix time."""
    from django_otp.oath import TOTP  # noqa: PLC0415

    generator = TOTP(bytes.fromhex(demo_totp_key()), step=30, t0=0, digits=6)
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"
