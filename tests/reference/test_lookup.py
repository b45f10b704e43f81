"""PLZ or Gemeinde → Kreis → Arbeitsmarktregion → Regionalagentur, Ausländerbehörde."""

import pytest
from django.utils import translation

from lotse.reference.lookup import find_place, local_authority_for_ags
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db


def test_unique_plz_resolves_to_region_and_offices(small_gemeinden):
    result = find_place("40822")
    assert result.error == ""
    placement = result.placement
    assert placement.gemeinde.display_name == "Mettmann"
    assert placement.kreis.ags == "05158"
    assert placement.region.slug == "duesseldorf-kreis-mettmann"
    assert placement.auslaenderbehoerde is not None
    assert placement.agentur_fuer_arbeit is not None


def test_plz_spanning_two_gemeinden_asks_which(small_gemeinden):
    result = find_place("40472")
    assert result.placement is None
    assert result.is_ambiguous
    assert {g.display_name for g in result.candidates} == {"Düsseldorf", "Ratingen"}
    chosen = find_place("40472", chosen_ags="05158028")
    assert chosen.placement.gemeinde.display_name == "Ratingen"


def test_plz_crossing_kreis_borders(small_gemeinden):
    result = find_place("51467")
    assert {g.kreis.ags for g in result.candidates} == {"05315", "05378"}


def test_gemeinde_by_name_and_split_kreis(small_gemeinden):
    assert find_place("witten").placement.region.slug == "mittleres-ruhrgebiet"
    assert find_place("Düsseldorf").placement.gemeinde.ags == "05111000"


def test_clear_messages_for_bad_input(small_gemeinden):
    assert "fünf Ziffern" in find_place("4021").error
    assert "keiner Gemeinde in Nordrhein-Westfalen" in find_place("80331").error
    assert "keinen Ort" in find_place("Atlantis").error
    assert find_place("  ").error


def test_grosse_kreisangehoerige_stadt_has_its_own_office(small_gemeinden):
    from lotse.reference.models import Authority

    own = (
        Authority.objects.filter(kind="auslaenderbehoerde")
        .exclude(gemeinde_ags="")
        .values_list("gemeinde_ags", flat=True)
    )
    # Ratingen (≈ 87,000 inhabitants) is a Große kreisangehörige Stadt; the Kreis office does not serve it.
    if "05158028" in own:
        office = find_place("Ratingen").placement.auslaenderbehoerde
        assert office.gemeinde_ags == "05158028"
    mettmann = find_place("Mettmann").placement.auslaenderbehoerde
    assert mettmann.kreise.filter(ags="05158").exists()


def test_resolver_for_the_rules_engine(small_gemeinden):
    office = local_authority_for_ags("05158024")
    assert set(office) == {"id", "name", "url", "verified"}
    assert local_authority_for_ags("05158")["id"] == "abh-05158"


@pytest.mark.skipif(
    not (SHARED_DATA / "de_zuordnung_plz_ort_landkreis.csv").exists(),
    reason="the real Destatis and PLZ files are not in ../shared/data",
)
def test_real_data_ambiguities(reference_data):
    from lotse.reference.gemeinden_import import import_gemeinden

    import_gemeinden(
        SHARED_DATA / "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv",
        SHARED_DATA / "de_zuordnung_plz_ort_landkreis.csv",
    )
    ambiguous = ["51467", "40472", "40721", "52538", "52525", "33161", "33154"]
    assert all(find_place(plz).is_ambiguous for plz in ambiguous)
    assert find_place("33154").candidates[0].kreis.short_name
    # Every Gemeinde reaches a region and an Ausländerbehörde.
    from lotse.reference.models import Gemeinde

    for gemeinde in Gemeinde.objects.all():
        placement = find_place(gemeinde.ags).placement
        assert placement.auslaenderbehoerde is not None, gemeinde


def test_a_name_only_contained_in_another_is_offered_not_taken(reference_data):
    from lotse.reference.places import load_places

    load_places()
    translation.activate("de")
    result = find_place("Neustadt")
    assert result.placement is None and result.is_ambiguous and result.partial
    assert [g.display_name for g in result.candidates] == ["Bergneustadt"]
    assert "meinten Sie" in result.choice_message
    assert find_place("Neustadt", chosen_ags="05374004").placement.gemeinde.display_name == "Bergneustadt"


def test_htmx_answer_carries_the_error_and_the_choices_inside_the_swapped_part(reference_data, client):
    from django.urls import reverse

    from lotse.reference.places import load_places

    load_places()
    client.cookies["django_language"] = "de"
    url = reverse("find_region")
    unknown = client.get(url, {"q": "99999"}, HTTP_HX_REQUEST="true").content.decode()
    assert unknown.lstrip().startswith('<div id="lookup"')  # the element hx-select takes
    swapped = unknown.split('<div id="lookup"', 1)[1]
    assert 'data-error-summary' in swapped and 'href="#id_q"' in swapped
    assert "Die Postleitzahl 99999 gehört zu keiner Gemeinde in Nordrhein-Westfalen." in swapped
    empty = client.get(url, {"q": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "Bitte geben Sie eine Postleitzahl oder einen Ort ein." in empty
    assert "zwingend erforderlich" not in empty
    neustadt = client.get(url, {"q": "Neustadt"}, HTTP_HX_REQUEST="true").content.decode()
    assert "meinten Sie einen dieser Orte?" in neustadt and "ags=05374004" in neustadt
    page = client.get(url, {"q": "99999"}).content.decode()
    assert page.count('id="error-summary"') == 1
    assert "<title>Fehler: Regionalagentur finden" in page
