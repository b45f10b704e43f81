"""Data protection: information (Art. 15 GDPR) and erasure for a candidate or a contact person."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.cases import forms, selectors, services
from lotse.cases.models import Candidate
from lotse.cases.views.common import _export, _form_errors
from lotse.core.confirm import confirmation_page, confirmed
from lotse.core.links import url_for
from lotse.core.permissions import adviser_required


@adviser_required
@require_GET
def candidate_export(request, pk: int, fmt: str):
    if fmt not in ("json", "pdf"):
        raise Http404
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    data = selectors.person_export(candidate=candidate)
    services.person_export_record(actor=request.user, candidate=candidate, fmt=fmt)
    return _export(request, data, fmt, "cases/person_export.html", f"auskunft-{candidate.pk}")


@adviser_required
@require_POST
def candidate_erase(request, pk: int):
    candidate = get_object_or_404(Candidate.objects, pk=pk)
    form = forms.EraseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("cases:candidate", pk=pk)
    if not confirmed(request):
        delete = form.cleaned_data["mode"] == "delete"
        return confirmation_page(
            request,
            title=(_("Daten von %(name)s löschen?") if delete else _("Daten von %(name)s anonymisieren?"))
            % {"name": candidate},
            consequences=[
                _("Name, E-Mail, Staatsangehörigkeit, Qualifikation, Sprachkenntnisse und Einwilligungen der Person "
                  "werden entfernt; ihre Unterlagen-Dateien werden gelöscht."),
                _("Die Person wird aus ihren Fällen entfernt; nur eine anonyme Zählung für die Statistik bleibt.")
                if delete
                else _("Die Fälle bleiben ohne Personenbezug für die Statistik erhalten."),
                _("Freie Texte ihrer Fälle – Notizen, Nachrichten mit dem Unternehmen, Hinweise zu Unterlagen – "
                  "werden ersetzt."),
                _("Die Löschung wird im Protokoll vermerkt (ohne die gelöschten Daten)."),
            ],
            button=_("Ja, endgültig löschen") if delete else _("Ja, anonymisieren"),
            cancel_url=url_for("cases:candidate", candidate.pk),
        )
    services.person_erase(actor=request.user, candidate=candidate, mode=form.cleaned_data["mode"])
    messages.success(request, _("Die personenbezogenen Daten wurden entfernt."))
    if form.cleaned_data["mode"] == "delete":
        return redirect("cases:list")
    return redirect("cases:candidate", pk=pk)


@adviser_required
@require_GET
def contact_privacy(request):
    """Information and erasure for a contact person of a company or an advice request, found by e-mail."""
    form = forms.ContactLookupForm(request.GET or None)
    records = selectors.contact_records(email=form.cleaned_data["email"]) if form.is_valid() else None
    return render(
        request,
        "cases/contact_privacy.html",
        {
            "form": form,
            "records": records,
            "erase_form": forms.ContactEraseForm(initial={"email": form.cleaned_data["email"]}) if records else None,
        },
    )


@adviser_required
@require_GET
def contact_export(request, fmt: str):
    form = forms.ContactLookupForm(request.GET)
    if fmt not in ("json", "pdf") or not form.is_valid():
        raise Http404
    data = selectors.contact_export(email=form.cleaned_data["email"])
    services.contact_export_record(actor=request.user, export=data, fmt=fmt)
    return _export(request, data, fmt, "cases/contact_export.html", "auskunft-kontaktperson")


@adviser_required
@require_POST
def contact_erase(request):
    form = forms.ContactEraseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(f"{url_for('cases:contact_privacy')}?{urlencode({'email': request.POST.get('email', '')})}")
    if not confirmed(request):
        email = form.cleaned_data["email"]
        return confirmation_page(
            request,
            title=_("Kontaktdaten von %(email)s entfernen?") % {"email": email},
            consequences=[
                _("Name, E-Mail und Telefon dieser Person werden aus den Unternehmensprofilen Ihres Bereichs "
                  "entfernt."),
                _("Ihre Beratungsanfragen werden anonymisiert (Kontaktdaten, Nachricht, Angaben zur Fachkraft)."),
                _("Die Löschung wird im Protokoll vermerkt (ohne die gelöschten Daten)."),
            ],
            button=_("Ja, Kontaktdaten entfernen"),
            cancel_url=f"{url_for('cases:contact_privacy')}?{urlencode({'email': email})}",
        )
    counts = services.contact_erase(actor=request.user, email=form.cleaned_data["email"])
    messages.success(
        request,
        _("Kontaktdaten entfernt: %(profiles)s Unternehmensprofil(e), %(requests)s Beratungsanfrage(n).")
        % {"profiles": counts["company_profiles"], "requests": counts["advice_requests"]},
    )
    return redirect("cases:contact_privacy")
