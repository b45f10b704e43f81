"""Where does a place of work belong? PLZ or Gemeinde → Kreis → Arbeitsmarktregion → Regionalagentur and
the local authorities. A PLZ that spans several Gemeinden is not guessed: the caller asks which one is meant."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from lotse.reference.models import Authority, Gemeinde

MAX_CANDIDATES = 25


@dataclass(frozen=True)
class Placement:
    gemeinde: Gemeinde
    auslaenderbehoerde: Authority | None
    agentur_fuer_arbeit: Authority | None

    @property
    def kreis(self):
        return self.gemeinde.kreis

    @property
    def region(self):
        return self.gemeinde.arbeitsmarktregion


@dataclass
class LookupResult:
    query: str
    placement: Placement | None = None
    candidates: list[Gemeinde] = field(default_factory=list)  # the user picks one
    error: str = ""
    # The candidates only contain the text ("Neustadt" → Bergneustadt): offered, never taken silently.
    partial: bool = False

    @property
    def is_ambiguous(self) -> bool:
        return self.placement is None and (len(self.candidates) > 1 or self.partial) and bool(self.candidates)

    @property
    def choice_message(self) -> str:
        """What to tell the user who must pick one of the candidates."""
        if self.partial:
            return _("Einen Ort „%(q)s“ gibt es in Nordrhein-Westfalen nicht genau so – meinten Sie einen dieser "
                     "Orte?") % {"q": self.query}
        return _("„%(q)s“ passt zu mehreren Orten – bitte wählen Sie einen aus.") % {"q": self.query}


def _gemeinden():
    return Gemeinde.objects.select_related("kreis__regierungsbezirk", "arbeitsmarktregion")


def local_office(gemeinde: Gemeinde, kind: str) -> Authority | None:
    """The office for a Gemeinde: its own (Große kreisangehörige Stadt) before its Kreis's."""
    own = Authority.objects.filter(kind=kind, gemeinde_ags=gemeinde.ags).first()
    if own is not None:
        return own
    return Authority.objects.filter(kind=kind, kreise=gemeinde.kreis_id, gemeinde_ags="").first()


def place(gemeinde: Gemeinde) -> Placement:
    return Placement(
        gemeinde=gemeinde,
        auslaenderbehoerde=local_office(gemeinde, Authority.Kind.AUSLAENDERBEHOERDE),
        agentur_fuer_arbeit=local_office(gemeinde, Authority.Kind.AGENTUR_FUER_ARBEIT),
    )


def _resolve(query: str, matches: list[Gemeinde], chosen_ags: str | None, *, partial: bool = False) -> LookupResult:
    if chosen_ags:
        chosen = [g for g in matches if g.ags == chosen_ags]
        if chosen:
            return LookupResult(query=query, placement=place(chosen[0]))
    if len(matches) == 1 and not partial:
        return LookupResult(query=query, placement=place(matches[0]))
    return LookupResult(query=query, candidates=matches, partial=partial)


def find_place(query: str, *, chosen_ags: str | None = None) -> LookupResult:
    """Look up a PLZ, an AGS or a Gemeinde name. `chosen_ags` settles an ambiguous PLZ or name."""
    query = (query or "").strip()
    if not query:
        return LookupResult(query=query, error=_("Bitte geben Sie eine Postleitzahl oder einen Ort ein."))

    if re.fullmatch(r"\d{5}", query):
        matches = list(_gemeinden().filter(postleitzahlen__code=query).distinct().order_by("name"))
        if not matches:
            return LookupResult(
                query=query,
                error=_("Die Postleitzahl %(plz)s gehört zu keiner Gemeinde in Nordrhein-Westfalen.")
                % {"plz": query},
            )
        return _resolve(query, matches, chosen_ags)

    if re.fullmatch(r"\d{8}", query):
        matches = list(_gemeinden().filter(ags=query))
        if not matches:
            return LookupResult(
                query=query,
                error=_("Zum Gemeindeschlüssel %(ags)s gibt es keine NRW-Gemeinde.") % {"ags": query},
            )
        return _resolve(query, matches, chosen_ags)

    if re.search(r"\d", query):
        return LookupResult(
            query=query, error=_("Eine Postleitzahl hat genau fünf Ziffern, zum Beispiel 40213.")
        )

    exact = list(_gemeinden().filter(Q(name__iexact=query) | Q(name__istartswith=f"{query},")))
    if exact:
        return _resolve(query, exact, chosen_ags)
    # SQLite's icontains folds ASCII only: compare case-folded in Python (396 short names).
    folded = query.casefold()
    matches = [g for g in _gemeinden().order_by("name") if folded in g.name.casefold()][:MAX_CANDIDATES]
    if not matches:
        return LookupResult(
            query=query,
            error=_("Wir haben keinen Ort „%(q)s“ in Nordrhein-Westfalen gefunden.") % {"q": query},
        )
    return _resolve(query, matches, chosen_ags, partial=True)


def local_authority_for_ags(ags: str) -> dict | None:
    """Resolver for the rules engine: the Ausländerbehörde of a Gemeinde (8-digit) or Kreis (5-digit) AGS."""
    if len(ags) == 8:
        gemeinde = _gemeinden().filter(ags=ags).first()
        office = local_office(gemeinde, Authority.Kind.AUSLAENDERBEHOERDE) if gemeinde else None
    else:
        office = Authority.objects.filter(
            kind=Authority.Kind.AUSLAENDERBEHOERDE, kreise__ags=ags, gemeinde_ags=""
        ).first()
    if office is None:
        return None
    return {"id": office.slug, "name": office.name, "url": office.url, "verified": office.verified}
