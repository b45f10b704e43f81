"""Communication: public news, RSS and regional offers, the newsletter's public steps, and the back office of FAI
NRW and the Regionalagenturen (news with review, calendar, offers, text templates, newsletter)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lotse.communication import forms, permissions, selectors
from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, TextTemplate
from lotse.communication.services import CommunicationError, newsletter
from lotse.communication.services import calendar as calendar_services
from lotse.communication.services import news as news_services
from lotse.communication.services import offers as offer_services
from lotse.communication.services import templates as template_services
from lotse.core.http import client_ip


def _pick(data: dict, names) -> dict:
    """The cleaned values a service takes (the form may hold more, e.g. the organisation)."""
    return {key: data[key] for key in names}


def _language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


# ---------------------------------------------------------------------------------------------- public


def news_list(request):
    from lotse.events.models import Tag  # noqa: PLC0415
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    region, topic = request.GET.get("region", "")[:60], request.GET.get("thema", "")[:60]
    page = Paginator(selectors.news_public(region_slug=region, topic_slug=topic), selectors.PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "communication/news_list.html",
        {
            "page": page,
            "regions": Arbeitsmarktregion.objects.order_by("name"),
            "topics": Tag.objects.all(),
            "region": region,
            "topic": topic,
            "query": urlencode({"region": region, "thema": topic}),
        },
    )


def news_detail(request, pk: int):
    try:
        item = selectors.news_get_public(pk=pk)
    except NewsItem.DoesNotExist as error:
        raise Http404 from error
    return render(request, "communication/news_detail.html", {"item": item})


def offers_public(request):
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    region, kind = request.GET.get("region", "")[:60], request.GET.get("art", "")[:30]
    return render(
        request,
        "communication/offers_public.html",
        {
            "offers": selectors.offers_public(region_slug=region, kind=kind),
            "regions": Arbeitsmarktregion.objects.order_by("name"),
            "kinds": RegionalOffer.Kind.choices,
            "region": region,
            "kind": kind,
        },
    )


# ---------------------------------------------------------------------------------------------- newsletter


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
            newsletter.subscriber_change(token=token, **form.cleaned_data)
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


# ---------------------------------------------------------------------------------------------- back office


def _require_team(user):
    if not (permissions.planner_teams(user) or permissions.is_editor(user)):
        raise PermissionDenied


@login_required
def hub(request):
    _require_team(request.user)
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


@login_required
def news_manage(request):
    permissions.require(permissions.is_editor(request.user))
    return render(
        request,
        "communication/news_manage.html",
        {
            **selectors.news_backoffice(user=request.user),
            "can_write": bool(permissions.editor_teams(request.user)),
        },
    )


@login_required
def news_create(request):
    teams = permissions.editor_teams(request.user)
    permissions.require(bool(teams))
    initial = {
        "scope": NewsItem.Scope.STATEWIDE if teams[0].kind == "fai" else NewsItem.Scope.REGIONAL,
        "region": teams[0].region_id,
    }
    form = forms.NewsForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = news_services.news_create(
                actor=request.user,
                organisation=form.team(),
                scope=data["scope"],
                region=data["region"],
                topics=data["topics"],
                **_pick(data, news_services.FIELDS),
            )
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


@login_required
def news_edit(request, pk: int):
    permissions.require(permissions.is_editor(request.user))
    item = _news_or_404(pk)
    may_edit = permissions.can_edit_news(request.user, item)
    reviewer = item.scope == NewsItem.Scope.STATEWIDE and permissions.is_statewide_reviewer(request.user)
    if not may_edit and not reviewer:
        raise PermissionDenied
    initial = {
        **{key: getattr(item, key) for key in news_services.FIELDS},
        "scope": item.scope,
        "region": item.region_id,
        "topics": list(item.topics.all()),
    }
    teams = [item.organisation]
    form = forms.NewsForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST":
        permissions.require(may_edit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                news_services.news_update(
                    actor=request.user,
                    item=item,
                    scope=data["scope"],
                    region=data["region"],
                    topics=data["topics"],
                    **_pick(data, news_services.FIELDS),
                )
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


@login_required
@require_POST
def news_action(request, pk: int, action: str):
    permissions.require(permissions.is_editor(request.user))
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


def _month(value: str) -> dt.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return timezone.localdate().replace(day=1)


@login_required
def calendar(request):
    permissions.require(bool(permissions.planner_teams(request.user)) or request.user.is_superuser)
    first = _month(request.GET.get("monat", ""))
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(
        request,
        "communication/calendar.html",
        {
            "weeks": selectors.calendar_weeks(first=first, last=last),
            "month": first,
            "previous": f"{previous:%Y-%m}",
            "next": f"{following:%Y-%m}",
            "own": {team.pk for team in permissions.planner_teams(request.user)},
        },
    )


def _warn_conflicts(request, entry) -> None:
    clashes = selectors.entry_conflicts(entry)
    if clashes:
        names = "; ".join(f"{other.organisation.name}: {other.title} ({other.starts_on:%d.%m.%Y})" for other in clashes)
        messages.warning(
            request,
            _(
                "Achtung: In derselben Woche plant auch jemand anderes „%(format)s“ – %(names)s. "
                "Bitte stimmen Sie sich ab."
            )
            % {"format": entry.get_format_display(), "names": names},
        )


@login_required
def entry_create(request):
    teams = permissions.planner_teams(request.user)
    permissions.require(bool(teams))
    form = forms.EntryForm(request.POST or None, teams=teams, initial={"starts_on": request.GET.get("datum")})
    if request.method == "POST" and form.is_valid():
        try:
            entry = calendar_services.entry_create(
                actor=request.user, organisation=form.team(), **_pick(form.cleaned_data, calendar_services.FIELDS)
            )
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Im Kalender eingetragen."))
            _warn_conflicts(request, entry)
            return redirect(f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Neuer Kalendereintrag"),
            "back": _url("communication:calendar"),
        },
        status=400 if form.errors else 200,
    )


def _url(name, *args) -> str:
    from django.urls import reverse  # noqa: PLC0415

    return reverse(name, args=args)


@login_required
def entry_edit(request, pk: int):
    try:
        entry = EditorialEntry.objects.select_related("organisation").get(pk=pk)
    except EditorialEntry.DoesNotExist as error:
        raise Http404 from error
    permissions.require(permissions.can_edit_entry(request.user, entry))
    initial = {key: getattr(entry, key) for key in calendar_services.FIELDS}
    form = forms.EntryForm(request.POST or None, teams=[entry.organisation], initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = calendar_services.entry_update(
                actor=request.user, entry=entry, **_pick(form.cleaned_data, calendar_services.FIELDS)
            )
        except CommunicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Gespeichert."))
            _warn_conflicts(request, entry)
            return redirect(f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Kalendereintrag bearbeiten"),
            "back": f"{_url('communication:calendar')}?monat={entry.starts_on:%Y-%m}",
            "conflicts": selectors.entry_conflicts(entry),
        },
        status=400 if form.errors else 200,
    )


@login_required
def offers_manage(request):
    permissions.require(permissions.is_editor(request.user))
    return render(request, "communication/offers_manage.html", {"offers": selectors.offers_managed(user=request.user)})


@login_required
def offer_create(request):
    permissions.require(permissions.is_editor(request.user))
    regions = permissions.offer_regions(request.user)
    form = forms.OfferForm(request.POST or None, regions=regions, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        offer_services.offer_create(
            actor=request.user, region=form.cleaned_data["region"], **_pick(form.cleaned_data, offer_services.FIELDS)
        )
        messages.success(request, _("Das Angebot ist gespeichert."))
        return redirect("communication:offers_manage")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Neues regionales Angebot"),
            "back": _url("communication:offers_manage"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def offer_edit(request, pk: int):
    try:
        offer = RegionalOffer.objects.get(pk=pk)
    except RegionalOffer.DoesNotExist as error:
        raise Http404 from error
    permissions.require(permissions.can_manage_offer(request.user, offer.region_id))
    initial = {**{key: getattr(offer, key) for key in offer_services.FIELDS}, "region": offer.region_id}
    form = forms.OfferForm(request.POST or None, regions=[offer.region_id], initial=initial)
    if request.method == "POST" and form.is_valid():
        offer_services.offer_update(actor=request.user, offer=offer, **_pick(form.cleaned_data, offer_services.FIELDS))
        messages.success(request, _("Gespeichert."))
        return redirect("communication:offers_manage")
    return render(
        request,
        "communication/form.html",
        {
            "form": form,
            "title": _("Regionales Angebot bearbeiten"),
            "back": _url("communication:offers_manage"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def templates_list(request):
    permissions.require(permissions.is_editor(request.user))
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


@login_required
def template_create(request):
    teams = permissions.editor_teams(request.user)
    permissions.require(bool(teams))
    form = forms.TemplateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        template = template_services.template_create(
            actor=request.user, organisation=form.team(), **_pick(form.cleaned_data, template_services.FIELDS)
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


@login_required
def template_edit(request, pk: int):
    template = _template_or_404(pk)
    permissions.require(permissions.can_edit_template(request.user, template))
    initial = {key: getattr(template, key) for key in template_services.FIELDS}
    form = forms.TemplateForm(request.POST or None, teams=[template.organisation], initial=initial)
    if request.method == "POST" and form.is_valid():
        template_services.template_update(
            actor=request.user, template=template, **_pick(form.cleaned_data, template_services.FIELDS)
        )
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


@login_required
def template_use(request, pk: int):
    """Fill the placeholders and copy the text: nothing is stored or sent from here."""
    permissions.require(permissions.is_editor(request.user))
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


@login_required
def newsletter_manage(request):
    permissions.require(permissions.can_manage_newsletter(request.user))
    if request.method == "POST":
        newsletter.digest_create(actor=request.user)
        messages.success(request, _("Der Newsletter ist beauftragt; der Hintergrunddienst versendet ihn."))
        return redirect("communication:newsletter_manage")
    return render(request, "communication/newsletter_manage.html", selectors.newsletter_overview())
