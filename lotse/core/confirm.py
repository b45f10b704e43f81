"""Irreversible actions ask first: a page that says what will happen, with one button that does it and a way
back (GOV.UK "confirm" pattern, KERN markup). The form of the action posts to its own URL as before; the view
shows this page while the POST carries no `confirmed`, and this page posts the same fields again with it.

    if not confirmed(request):
        return confirmation_page(request, title=…, consequences=[…], button=…, cancel_url=…)
"""

from __future__ import annotations

from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirmation_page(
    request,
    *,
    title: str,
    consequences: list[str],
    button: str,
    cancel_url: str,
    lead: str = "",
    action: str | None = None,
    danger: bool = True,
):
    """The page asking for confirmation; it re-posts the submitted fields (not the CSRF token) with `confirmed`."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "components/confirm.html",
        {
            "title": title,
            "lead": lead,
            "consequences": consequences,
            "button": button,
            "cancel_url": cancel_url,
            "action": action or request.get_full_path(),
            "fields": fields,
            "danger": danger,
        },
    )
