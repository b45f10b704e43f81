"""Companies (employers): list, creation with duplicate check, profile."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.models import Organisation
from lotse.cases import forms, selectors, services
from lotse.cases.models import Case, CompanyProfile
from lotse.cases.views.common import _form_errors
from lotse.core.permissions import adviser_required, is_adviser


@adviser_required
@require_GET
def company_list(request):
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


@adviser_required
@require_http_methods(["GET", "POST"])
def company_new(request):
    form = forms.CompanyForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gemeinde = services.company_place(
                postcode=data["postcode"], chosen_ags=request.POST.get("gemeinde_ags") or None
            )
            organisation = services.company_create(
                actor=request.user,
                name=data["name"],
                gemeinde=gemeinde,
                street=data["street"],
                postcode=data["postcode"],
                city=data["city"],
                wz_code=data["wz_code"],
                size_class=data["size_class"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                allow_duplicate=data["allow_duplicate"],
            )
        except services.UnclearPlace as error:
            form.add_error("postcode", str(error))
        except services.DuplicateCompany as error:
            duplicates = error.matches
        else:
            messages.success(request, _("Unternehmen angelegt."))
            return redirect("cases:company", pk=organisation.pk)
    return render(request, "cases/company_new.html", {"form": form, "duplicates": duplicates})


@adviser_required
@require_GET
def company_detail(request, pk: int):
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


@adviser_required
@require_POST
def company_edit(request, pk: int):
    company = get_object_or_404(Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN), pk=pk)
    form = forms.CompanyProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.company_profile_save(
            actor=request.user,
            organisation=company,
            wz_code=data["wz_code"],
            size_class=data["size_class"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        )
        messages.success(request, _("Unternehmensprofil gespeichert."))
    else:
        _form_errors(request, form)
    return redirect("cases:company", pk=company.pk)
