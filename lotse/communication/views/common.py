"""What the communication views share."""

from __future__ import annotations

from django.utils.translation import get_language


def _language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def _url(name, *args) -> str:
    from django.urls import reverse  # noqa: PLC0415

    return reverse(name, args=args)
