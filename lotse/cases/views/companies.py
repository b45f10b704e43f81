"""Companies (employers): list, creation with duplicate check, profile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.models import Organisation
from lotse.cases import forms, selectors, services
from lotse.cases.models import Case, CompanyProfile
from lotse.cases.permissions import is_adviser, require_adviser
from lotse.cases.views.common import _form_errors


@login_required
@require_GET
def company_list(request):
    require_adviser(request.user)
    q = request.GET.get("q", "").strip()
    return render(
        request,
        "cases/company_list.html",
        {
            "page": selectors.companies(q=q, page=request.GET.get("page") or 1),
            "q": q,
            "query": urlencode({"q": q}) if q else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_new(request):
    require_adviser(request.user)
    form = forms.CompanyForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        from lotse.reference.lookup import find_place

        data = dict(form.cleaned_data)
        place = find_place(data["postcode"], chosen_ags=request.POST.get("gemeinde_ags") or None)
        if place.error or place.placement is None:
            form.add_error(
                "postcode",
                place.error or _("Die PLZ gehört zu mehreren Gemeinden; bitte Gemeinde auswählen."),
            )
        else:
            gemeinde = place.placement.gemeinde
            allow = data.pop("allow_duplicate")
            try:
                organisation = services.company_create(
                    actor=request.user, gemeinde=gemeinde, allow_duplicate=allow, **data
                )
            except services.DuplicateCompany as error:
                duplicates = error.matches
            else:
                messages.success(request, _("Unternehmen angelegt."))
                return redirect("cases:company", pk=organisation.pk)
    return render(request, "cases/company_new.html", {"form": form, "duplicates": duplicates})


@login_required
@require_GET
def company_detail(request, pk: int):
    require_adviser(request.user)
    company = get_object_or_404(
        Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN).select_related("region", "gemeinde"),
        pk=pk,
    )
    profile = CompanyProfile.objects.filter(organisation=company).first()
    initial = {}
    if profile is not None:
        initial = {k: getattr(profile, k) for k in ("wz_code", "size_class", "contact_name", "contact_email")}
        initial["contact_phone"] = profile.contact_phone
    return render(
        request,
        "cases/company_detail.html",
        {
            "company": company,
            "profile": profile,
            "profile_form": forms.CompanyProfileForm(initial=initial),
            "cases": Case.objects.filter(employer=company).select_related("team")[:50],
            "is_adviser": is_adviser(request.user),
        },
    )


@login_required
@require_POST
def company_edit(request, pk: int):
    require_adviser(request.user)
    company = get_object_or_404(Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN), pk=pk)
    form = forms.CompanyProfileForm(request.POST)
    if form.is_valid():
        services.company_profile_save(actor=request.user, organisation=company, **form.cleaned_data)
        messages.success(request, _("Unternehmensprofil gespeichert."))
    else:
        _form_errors(request, form)
    return redirect("cases:company", pk=company.pk)
