"""The pages every German public service has, linked in the footer: Impressum (§ 5 DDG), Datenschutzerklärung
(Art. 13 DSGVO), Erklärung zur Barrierefreiheit (BITV 2.0 / BITV NRW) with its feedback form, and contact."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from lotse.cases import config as case_config
from lotse.core.mail import send_mail

logger = logging.getLogger(__name__)


def _operator() -> dict:
    return dict(settings.LOTSE_OPERATOR)


def imprint(request):
    return render(request, "core/legal/imprint.html", {"operator": _operator()})


def privacy(request):
    retention = case_config.retention_months()
    return render(
        request,
        "core/legal/privacy.html",
        {
            "operator": _operator(),
            "retention": retention,
            "request_retention_months": case_config.request_retention_months(),
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        },
    )


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Welche Barriere ist Ihnen begegnet?"),
        help_text=_("Auf welcher Seite, und was hat nicht funktioniert?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Bitte beschreiben Sie, welche Barriere Ihnen begegnet ist.")},
    )
    page = forms.CharField(label=_("Adresse der Seite"), max_length=500, required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse für eine Antwort"),
        required=False,
        help_text=_("Nur wenn Sie eine Antwort möchten. Wir verwenden sie nur dafür."),
    )


@require_http_methods(["GET", "POST"])
def accessibility(request):
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("seite", "")})
    operator = _operator()
    if request.method == "POST" and form.is_valid():
        recipient = operator["email"]
        if recipient:
            send_mail(
                to=[recipient],
                template="core/mail/accessibility_feedback",
                context={**form.cleaned_data},
                reply_to=[form.cleaned_data["email"]] if form.cleaned_data["email"] else (),
            )
        else:
            logger.warning("accessibility feedback received but LOTSE_CONTACT_EMAIL is not set")
        messages.success(request, _("Vielen Dank. Ihre Rückmeldung ist eingegangen."))
        return redirect(reverse("accessibility") + "#feedback")
    return render(request, "core/legal/accessibility.html", {"operator": operator, "form": form})


def favicon(request):
    """/favicon.ico for browsers and tools that ask for it without reading the page's icon link."""
    return redirect(static("lotse/favicon.svg"), permanent=True)


def contact(request):
    return render(request, "core/legal/contact.html", {"operator": _operator()})
