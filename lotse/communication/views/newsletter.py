"""The newsletter: the public steps (subscribe with double opt-in, confirm, unsubscribe, preferences) and FAI
NRW's page that starts an issue."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lotse.communication import forms, selectors
from lotse.communication.services import CommunicationError, newsletter
from lotse.communication.views.common import _language
from lotse.core.http import client_ip
from lotse.core.permissions import (
    newsletter_manager_required,
)


def _too_many(request, key: str, limit: int) -> bool:
    from django.core.cache import cache  # noqa: PLC0415

    name = f"newsletter:{key}:{client_ip(request)}"
    cache.add(name, 0, 3600)
    try:
        return cache.incr(name) > limit
    except ValueError:
        return False


def newsletter_subscribe(request):
    form = forms.SubscribeForm(request.POST or None, language=_language())
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:  # filled in by a bot: answer as if all went well
            return redirect("communication:newsletter_sent")
        if _too_many(request, "subscribe", 20):
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss kamen in der letzten Stunde zu viele Anmeldungen. Bitte "
                    "versuchen Sie es später noch einmal."
                ),
            )
            return render(request, "communication/newsletter_subscribe.html", {"form": form}, status=429)
        newsletter.subscriber_request(
            email_address=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            regions=form.cleaned_data["regions"],
            topics=form.cleaned_data["topics"],
        )
        return redirect("communication:newsletter_sent")
    return render(
        request, "communication/newsletter_subscribe.html", {"form": form}, status=400 if form.errors else 200
    )


def newsletter_sent(request):
    return render(
        request,
        "communication/newsletter_message.html",
        {
            "title": _("Bitte bestätigen Sie Ihre Anmeldung"),
            "text": _(
                "Wir haben Ihnen eine E-Mail geschickt. Erst wenn Sie den Link darin bestätigen, erhalten Sie den "
                "Newsletter (Double-Opt-in). Kommt keine E-Mail, prüfen Sie bitte den Spam-Ordner."
            ),
        },
    )


def _subscriber_or_message(request, token):
    try:
        return newsletter.subscriber_by_token(token), None
    except CommunicationError as error:
        return None, render(
            request,
            "communication/newsletter_message.html",
            {"title": _("Link ungültig"), "text": str(error)},
            status=404,
        )


def newsletter_confirm(request, token: str):
    """GET shows a button (mail scanners open links, they do not press buttons); POST confirms."""
    subscriber, failure = _subscriber_or_message(request, token)
    if failure:
        return failure
    if request.method == "POST":
        try:
            newsletter.subscriber_confirm(token=token)
        except CommunicationError as error:
            return render(
                request,
                "communication/newsletter_message.html",
                {"title": _("Nicht möglich"), "text": str(error)},
                status=409,
            )
        return render(
            request,
            "communication/newsletter_message.html",
            {
                "title": _("Anmeldung bestätigt"),
                "text": _(
                    "Danke! Sie erhalten den Newsletter ab der nächsten Ausgabe. Jede Ausgabe enthält einen Link "
                    "zum Abmelden und zu Ihren Einstellungen."
                ),
                "preferences_token": token,
            },
        )
    return render(request, "communication/newsletter_confirm.html", {"subscriber": subscriber})


@csrf_exempt  # RFC 8058 one-click unsubscribe comes from the mail program, without a CSRF token
def newsletter_unsubscribe(request, token: str):
    subscriber, failure = _subscriber_or_message(request, token)
    if failure:
        return failure
    if request.method == "POST":
        newsletter.subscriber_unsubscribe(token=token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=200)
        return render(
            request,
            "communication/newsletter_message.html",
            {
                "title": _("Sie sind abgemeldet"),
                "text": _("Sie erhalten keinen Newsletter mehr. Ihre Abmeldung ist protokolliert."),
            },
        )
    return render(request, "communication/newsletter_unsubscribe.html", {"subscriber": subscriber})


def newsletter_preferences(request, token: str):
    subscriber, failure = _subscriber_or_message(request, token)
    if failure:
        return failure
    initial = {
        "language": subscriber.language,
        "regions": list(subscriber.regions.all()),
        "topics": list(subscriber.topics.all()),
    }
    form = forms.PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            newsletter.subscriber_change(
                token=token,
                language=form.cleaned_data["language"],
                regions=form.cleaned_data["regions"],
                topics=form.cleaned_data["topics"],
            )
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ihre Auswahl ist gespeichert."))
            return redirect("communication:newsletter_preferences", token=token)
    return render(
        request,
        "communication/newsletter_preferences.html",
        {"form": form, "subscriber": subscriber, "token": token},
        status=400 if form.errors else 200,
    )


@newsletter_manager_required
def newsletter_manage(request):
    if request.method == "POST":
        newsletter.digest_create(actor=request.user)
        messages.success(request, _("Der Newsletter ist beauftragt; der Hintergrunddienst versendet ihn."))
        return redirect("communication:newsletter_manage")
    return render(request, "communication/newsletter_manage.html", selectors.newsletter_overview())
