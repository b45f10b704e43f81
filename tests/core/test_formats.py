"""Dates, numbers and currency follow the active language: German by default."""

import datetime

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load kern %}" + source).render(Context(context))


def test_currency_and_dates_in_german():
    with translation.override("de"):
        assert render("{{ v|euro }}", v=45934.2) == "45.934,20 €"
        assert render("{{ v|euro:0 }}", v=50700) == "50.700 €"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=datetime.date(2026, 3, 1)) == "01.03.2026"


def test_currency_and_dates_in_english():
    with translation.override("en"):
        assert render("{{ v|euro }}", v=45934.2) == "45,934.20 €"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=datetime.date(2026, 3, 1)) == "1 Mar 2026"


def test_empty_amount_renders_nothing():
    assert render("{{ v|euro }}", v=None) == ""
