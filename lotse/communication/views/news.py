"""The back office's start page and the news: writing, four-eyes review of statewide news, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.communication import forms, selectors
from lotse.communication.models import NewsItem
from lotse.communication.services import CommunicationError
from lotse.communication.services import news as news_services
from lotse.core import permissions
from lotse.core.permissions import (
    communication_team_required,
    editor_required,
)


@communication_team_required
def hub(request):
    return render(
        request,
        "communication/hub.html",
        {
            "is_editor": permissions.is_editor(request.user),
            "is_reviewer": permissions.is_statewide_reviewer(request.user),
            "review_count": NewsItem.objects.filter(status=NewsItem.Status.IN_REVIEW)
            .exclude(created_by=request.user)
            .count()
            if permissions.is_statewide_reviewer(request.user)
            else 0,
            "newsletter": permissions.can_manage_newsletter(request.user),
        },
    )


@editor_required
def news_manage(request):
    return render(
        request,
        "communication/news_manage.html",
        {
            **selectors.news_backoffice(user=request.user),
            "can_write": bool(permissions.editor_teams(request.user)),
        },
    )


@editor_required
def news_create(request):
    teams = permissions.editor_teams(request.user)
    permissions.require(bool(teams))
    initial = {
        "scope": NewsItem.Scope.STATEWIDE if teams[0].kind == "fai" else NewsItem.Scope.REGIONAL,
        "region": teams[0].region_id,
    }
    form = forms.NewsForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = news_services.news_create(actor=request.user, organisation=form.team(), content=form.content())
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Der Entwurf ist gespeichert."))
            return redirect("communication:news_edit", pk=item.pk)
    return render(
        request, "communication/news_form.html", {"form": form, "create": True}, status=400 if form.errors else 200
    )


def _news_or_404(pk: int) -> NewsItem:
    try:
        return selectors.news_get(pk=pk)
    except NewsItem.DoesNotExist as error:
        raise Http404 from error


@editor_required
def news_edit(request, pk: int):
    item = _news_or_404(pk)
    may_edit = permissions.can_edit_news(request.user, item)
    reviewer = item.scope == NewsItem.Scope.STATEWIDE and permissions.is_statewide_reviewer(request.user)
    permissions.require(may_edit or reviewer)
    initial = news_services.NewsContent.from_instance(item).values()
    teams = [item.organisation]
    form = forms.NewsForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST":
        permissions.require(may_edit)
        if form.is_valid():
            try:
                news_services.news_update(actor=request.user, item=item, content=form.content())
            except CommunicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Gespeichert."))
                return redirect("communication:news_edit", pk=item.pk)
    return render(
        request,
        "communication/news_form.html",
        {
            "form": form,
            "item": item,
            "may_edit": may_edit and item.status == NewsItem.Status.DRAFT,
            "may_review": permissions.can_review(request.user, item) and item.status == NewsItem.Status.IN_REVIEW,
            "may_publish": permissions.can_publish(request.user, item),
            "may_submit": may_edit and item.scope == NewsItem.Scope.STATEWIDE and item.status == NewsItem.Status.DRAFT,
            "may_withdraw": item.status != NewsItem.Status.DRAFT
            and (may_edit or (reviewer and item.status == NewsItem.Status.PUBLISHED)),
            "review_form": forms.ReviewForm(),
        },
        status=400 if form.errors else 200,
    )


@editor_required
@require_POST
def news_action(request, pk: int, action: str):
    item = _news_or_404(pk)
    try:
        if action == "submit":
            news_services.news_submit(actor=request.user, item=item)
            messages.success(request, _("Die Nachricht liegt jetzt FAI NRW zur Freigabe vor."))
        elif action in ("approve", "return"):
            review = forms.ReviewForm(request.POST)
            review.is_valid()
            news_services.news_review(
                actor=request.user, item=item, approve=action == "approve", note=review.cleaned_data.get("note", "")
            )
            messages.success(request, _("Freigegeben.") if action == "approve" else _("Zur Überarbeitung zurück."))
        elif action == "publish":
            news_services.news_publish(actor=request.user, item=item)
            messages.success(request, _("Die Nachricht ist veröffentlicht."))
        elif action == "withdraw":
            news_services.news_withdraw(actor=request.user, item=item)
            messages.success(request, _("Die Nachricht ist zurückgezogen und wieder ein Entwurf."))
        else:
            raise Http404
    except CommunicationError as error:
        messages.error(request, str(error))
    return redirect("communication:news_edit", pk=item.pk)
