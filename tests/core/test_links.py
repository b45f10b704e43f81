"""url_for reverses once per process and puts the pk in: the result must be what reverse() says."""

from django.urls import reverse, set_script_prefix

from lotse.core.links import url_for


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
