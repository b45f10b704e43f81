"""url_for reverses once per process and puts the pk in: the result must be what reverse() says."""

from django.urls import reverse, set_script_prefix

from lotse.core.links import url_for
from tests.conftest import log_in


def test_same_as_reverse_with_and_without_pk():
    assert url_for("home") == reverse("home")
    assert url_for("cases:list") == reverse("cases:list")
    for pk in (1, 42, 987654321):
        assert url_for("cases:detail", pk) == reverse("cases:detail", args=[pk])
        assert url_for("cases:documents", str(pk)) == reverse("cases:documents", args=[pk])


def test_script_prefix_is_respected():
    try:
        set_script_prefix("/lotse/")
        assert url_for("cases:detail", 7) == "/lotse/faelle/7/" == reverse("cases:detail", args=[7])
    finally:
        set_script_prefix("/")
    assert url_for("cases:detail", 7) == "/faelle/7/"


def test_main_navigation_by_role_and_current_page(client, world):
    from lotse.core.navigation import main_items

    page = client.get(reverse("events:list")).content.decode()
    assert '<a class="kern-link" href="/workshops/" aria-current="page">Workshops</a>' in page
    assert "Mein Bereich" not in page and reverse("cases:list") not in page
    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:my_tasks")).content.decode()
    assert f'href="{reverse("cases:my_tasks")}" aria-current="page">Meine Aufgaben</a>' in page
    assert 'href="/faelle/">Fälle</a>' in page
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:list")).content.decode()
    assert 'href="/faelle/" aria-current="page">Fälle</a>' in page and "Meine Aufgaben" not in page
    assert "Startseite" in [item.label for item in main_items(None)]  # without a request (e.g. an error page)
