"""Text templates with placeholders, in German and English: write, edit, fill and copy."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.communication import forms, selectors
from lotse.communication.models import TextTemplate
from lotse.communication.services import templates as template_services
from lotse.communication.views.common import _url
from lotse.core import permissions
from lotse.core.permissions import editor_required


@editor_required
def templates_list(request):
    category = request.GET.get("art", "")[:30]
    return render(
        request,
        "communication/templates_list.html",
        {
            "templates": selectors.templates_list(category=category),
            "categories": TextTemplate.Category.choices,
            "category": category,
            "own": {team.pk for team in permissions.editor_teams(request.user)},
            "can_write": bool(permissions.editor_teams(request.user)),
        },
    )


@editor_required
def template_create(request):
    teams = permissions.editor_teams(request.user)
    permissions.require(bool(teams))
    form = forms.TemplateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        template = template_services.template_create(
            actor=request.user, organisation=form.team(), content=form.content()
        )
        messages.success(request, _("Die Vorlage ist gespeichert."))
        return redirect("communication:template_use", pk=template.pk)
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Neue Textvorlage"),
            "back": _url("communication:templates"),
        },
        status=400 if form.errors else 200,
    )


def _template_or_404(pk: int) -> TextTemplate:
    try:
        return TextTemplate.objects.select_related("organisation").get(pk=pk)
    except TextTemplate.DoesNotExist as error:
        raise Http404 from error


@editor_required
def template_edit(request, pk: int):
    template = _template_or_404(pk)
    permissions.require(permissions.can_edit_template(request.user, template))
    initial = template_services.TemplateContent.from_instance(template).values()
    form = forms.TemplateForm(request.POST or None, teams=[template.organisation], initial=initial)
    if request.method == "POST" and form.is_valid():
        template_services.template_update(actor=request.user, template=template, content=form.content())
        messages.success(request, _("Gespeichert."))
        return redirect("communication:template_use", pk=template.pk)
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Textvorlage bearbeiten"),
            "back": _url("communication:templates"),
        },
        status=400 if form.errors else 200,
    )


@editor_required
def template_use(request, pk: int):
    """Fill the placeholders and copy the text: nothing is stored or sent from here."""
    template = _template_or_404(pk)
    form = forms.TemplateUseForm(request.GET or None, placeholders=template.placeholders())
    language = "de"
    values: dict[str, str] = {}
    if form.is_bound and form.is_valid():
        language, values = form.cleaned_data["language"], form.values()
    subject, body = template.texts(language)
    return render(
        request,
        "communication/template_use.html",
        {
            "template": template,
            "form": form,
            "subject": template_services.fill(subject, values),
            "body": template_services.fill(body, values),
            "may_edit": permissions.can_edit_template(request.user, template),
            "missing_english": language == "en" and not template.body_en,
        },
    )
