"""Thin views: read through selectors (scoped), write through services, show German messages next to fields."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core import numbers, permissions
from lotse.core.confirm import confirmation_page, confirmed
from lotse.core.http import attach, client_ip
from lotse.core.permissions import event_organiser_required
from lotse.events import documents, selectors, services
from lotse.events.forms import (
    EventCreateForm,
    EventForm,
    FilterForm,
    MailRuleForm,
    MessageForm,
    RegistrationForm,
    SessionForm,
)
from lotse.events.ical import calendar_for_sessions
from lotse.events.models import Event, Registration, Session
from lotse.events.services import ratelimit


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    attach(response, filename)
    return response


def _filters(request):
    choices = selectors.filter_choices()
    form = FilterForm(request.GET or None, choices=choices)
    filters = selectors.EventFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.EventFilter(region=data["region"], topic=data["topic"], format=data["format"],
                                        date_from=data["date_from"], date_to=data["date_to"])
    return form, filters


def event_list(request):
    form, filters = _filters(request)
    events = selectors.event_list_public(filters=filters)
    query = urlencode({k: v for k, v in request.GET.items() if k in form.fields and v})
    feed_url = reverse("events:feed") + (f"?{query}" if query else "")
    return render(request, "events/list.html", {"form": form, "events": events, "feed_url": feed_url,
                                                "can_create": permissions.can_create_events(request.user)})


def event_feed(request):
    _form, filters = _filters(request)
    sessions = [s for event in selectors.event_list_public(filters=filters) for s in event.sessions.all()]
    return _ics_response(calendar_for_sessions(sessions, name="Workshops – Fachkräfte-Lotse NRW"), "workshops.ics")


def _event_or_404(pk: int) -> Event:
    try:
        return selectors.event_get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error


def event_detail(request, pk: int):
    event = _event_or_404(pk)
    return render(request, "events/detail.html", {
        "event": event, "sessions": list(event.sessions.all()),
        "can_manage": permissions.can_manage_event(request.user, event),
        "registration_open": event.registration_open(),
    })


def event_ics(request, pk: int):
    event = _event_or_404(pk)
    return _ics_response(calendar_for_sessions(event.sessions.all()), f"veranstaltung-{event.pk}.ics")


def register(request, pk: int):
    event = _event_or_404(pk)
    sessions = [s for s in event.sessions.all() if not s.is_past]
    if not event.registration_open() or not sessions:
        messages.error(request, _("Für diese Veranstaltung ist keine Anmeldung (mehr) möglich."))
        return redirect("events:detail", pk=event.pk)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
        membership = request.user.memberships.select_related("organisation").first()
        if membership:
            initial.update(company=membership.organisation.name, region=membership.organisation.region_id)
    if numbers.parse_id(request.GET.get("termin")) is not None:
        initial["session"] = numbers.parse_id(request.GET["termin"])
    form = RegistrationForm(request.POST or None, event=event, sessions=sessions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if ratelimit.register_attempt_refused(ip=client_ip(request), email=data["email"]):
            form.add_error(None, _("Von Ihrem Anschluss oder für diese E-Mail-Adresse gab es in der letzten Stunde "
                                   "zu viele Anmeldeversuche. Bitte versuchen Sie es später noch einmal."))
            return render(request, "events/register.html", {"event": event, "form": form}, status=429)
        try:
            result = services.registration_create(
                session_id=data["session"], name=data["name"], email=data["email"], company=data["company"],
                places=data["places"], answers=form.answers(), accessibility_needs=data["accessibility_needs"],
                language=(get_language() or "de")[:2], user=request.user if request.user.is_authenticated else None,
                region=data["region"], sector=data["sector"],
            )
        except services.EventError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            response = redirect("events:registration", token=result.registration.token)
            response["Lotse-Registration-Status"] = str(result.status)
            return response
    return render(request, "events/register.html", {"event": event, "form": form}, status=400 if form.errors else 200)


def _registration_or_404(token: str) -> Registration:
    try:
        return selectors.registration_by_token(token=token)
    except Registration.DoesNotExist as error:
        raise Http404 from error


def registration_detail(request, token: str):
    registration = _registration_or_404(token)
    return render(request, "events/registration.html", {"registration": registration,
                                                        "event": registration.event,
                                                        "session": registration.session})


def registration_confirm(request, token: str):
    """GET shows a button (mail scanners must not confirm); POST confirms."""
    registration = _registration_or_404(token)
    if request.method == "POST":
        try:
            registration = services.registration_confirm_email(token=token)
        except services.EventError as error:
            messages.error(request, error.message)
        else:
            response = redirect("events:registration", token=token)
            response["Lotse-Registration-Status"] = str(registration.status)
            return response
        return redirect("events:registration", token=token)
    return render(request, "events/confirm.html", {"registration": registration, "event": registration.event,
                                                   "session": registration.session})


@require_POST
def registration_cancel(request, token: str):
    registration = _registration_or_404(token)
    if not confirmed(request):
        return _cancel_confirmation(request, registration)
    try:
        services.registration_cancel(token=token)
    except services.EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sie haben die Warteliste verlassen.") if request.POST.get("waitlist")
                         else _("Ihre Anmeldung ist storniert."))
    return redirect("events:registration", token=token)


def _cancel_confirmation(request, registration: Registration):
    """Cancelling, leaving the waiting list or declining an offered place asks first and says what happens."""
    event = registration.event
    Status = Registration.Status
    if registration.status == Status.WAITLISTED:
        title, button = _("Warteliste für „%(title)s“ verlassen?"), _("Ja, Warteliste verlassen")
        consequences = [_("Sie verlieren Ihren Platz auf der Warteliste; Nachrückende rücken vor.")]
    elif registration.status == Status.OFFERED:
        title, button = _("Angebotenen Platz für „%(title)s“ ablehnen?"), _("Ja, Platz ablehnen")
        consequences = [_("Der Platz wird der nächsten Person auf der Warteliste angeboten.")]
    else:
        title, button = _("Anmeldung zu „%(title)s“ stornieren?"), _("Ja, Anmeldung stornieren")
        consequences = [
            _("Ihr Platz wird frei und kann an die Warteliste gehen; Sie erhalten keine Erinnerungen mehr.")
        ]
    consequences.append(
        _("Möchten Sie später doch teilnehmen, müssen Sie sich neu anmelden – nur solange Plätze frei sind.")
    )
    return confirmation_page(
        request,
        title=title % {"title": event.title},
        consequences=consequences,
        button=button,
        cancel_url=reverse("events:registration", args=[registration.token]),
    )


@require_POST
def offer_accept(request, token: str):
    _registration_or_404(token)
    try:
        services.offer_accept(token=token)
    except services.EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Sie haben den Platz angenommen."))
    return redirect("events:registration", token=token)


def registration_ics(request, token: str):
    registration = _registration_or_404(token)
    return _ics_response(services.registration_ics(registration), "termin.ics")


def certificate(request, token: str):
    registration = _registration_or_404(token)
    if registration.status != Registration.Status.CONFIRMED or not registration.attended:
        raise Http404  # attendees only; cancelled after check-in (or rejected) means no certificate
    pdf = documents.certificate_pdf(registration=registration)
    response = HttpResponse(pdf, content_type="application/pdf")
    attach(response, "teilnahmebescheinigung.pdf", inline=True)
    return response


# ---------------------------------------------------------------------------------------------------------------
# Back office


def _managed_event(request, pk: int) -> Event:
    event = _event_or_404(pk)
    permissions.require_event_manager(request.user, event)
    return event


@event_organiser_required
def manage_list(request):
    return render(request, "events/manage_list.html", {"events": selectors.events_managed(user=request.user)})


@event_organiser_required
def manage_statistics(request):
    return render(request, "events/manage_statistics.html",
                  {"stats": selectors.organiser_statistics(user=request.user)})


def _form_error(form, error: services.EventError):
    form.add_error(error.field if error.field in form.fields else None, error.message)


@event_organiser_required
def manage_create(request):
    organisers = selectors.organiser_choices(user=request.user)
    initial = {"organisers": permissions.organisations_managed_by(request.user)[:1], "format": Event.Format.IN_PERSON,
               "max_places_per_company": 3, "offer_hours": 24, "confirmation_minutes": 60,
               "retention_days": 90}
    form = EventCreateForm(request.POST or None, organiser_queryset=organisers, initial=initial)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            event = services.event_create(
                actor=request.user, organisers=list(cd["organisers"]), tags=cd["tags"], regions=cd["regions"],
                sessions=[{"starts_at": cd["starts_at"], "ends_at": cd["ends_at"], "capacity": cd["capacity"]}],
                title_de=cd["title_de"], title_en=cd["title_en"], description_de=cd["description_de"],
                description_en=cd["description_en"], statewide=cd["statewide"], format=cd["format"],
                language=cd["language"], venue=cd["venue"], street=cd["street"], postcode=cd["postcode"],
                city=cd["city"], online_url=cd["online_url"], registration_opens_at=cd["registration_opens_at"],
                registration_closes_at=cd["registration_closes_at"], requires_approval=cd["requires_approval"],
                max_places_per_company=cd["max_places_per_company"], questions=form.questions(),
                offer_hours=cd["offer_hours"], confirmation_minutes=cd["confirmation_minutes"],
                retention_days=cd["retention_days"],
            )
        except services.EventError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Die Veranstaltung ist als Entwurf angelegt."))
            return redirect("events:manage_event", pk=event.pk)
    return render(request, "events/manage_form.html", {"form": form, "create": True},
                  status=400 if form.errors else 200)


@event_organiser_required
def manage_edit(request, pk: int):
    event = _managed_event(request, pk)
    form = EventForm(request.POST or None, instance=event,
                     organiser_queryset=selectors.organiser_choices(user=request.user))
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.event_update(
                actor=request.user, event=event, organisers=list(cd["organisers"]), tags=cd["tags"],
                regions=cd["regions"],
                title_de=cd["title_de"], title_en=cd["title_en"], description_de=cd["description_de"],
                description_en=cd["description_en"], statewide=cd["statewide"], format=cd["format"],
                language=cd["language"], venue=cd["venue"], street=cd["street"], postcode=cd["postcode"],
                city=cd["city"], online_url=cd["online_url"], registration_opens_at=cd["registration_opens_at"],
                registration_closes_at=cd["registration_closes_at"], requires_approval=cd["requires_approval"],
                max_places_per_company=cd["max_places_per_company"], questions=form.questions(),
                offer_hours=cd["offer_hours"], confirmation_minutes=cd["confirmation_minutes"],
                retention_days=cd["retention_days"],
            )
        except services.EventError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Änderungen gespeichert."))
            return redirect("events:manage_event", pk=event.pk)
    return render(request, "events/manage_form.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@event_organiser_required
def manage_event(request, pk: int):
    event = _managed_event(request, pk)
    registrations = list(selectors.registrations_of(event=event))
    return render(request, "events/manage_event.html", {
        "event": event,
        "sessions": list(event.sessions.all()),
        "registrations": [r for r in registrations if r.status != Registration.Status.WAITLISTED],
        "waitlist": [r for r in registrations if r.status == Registration.Status.WAITLISTED],
        "stats": selectors.event_statistics(event=event),
        "rules": list(event.mail_rules.all()),
        "rule_form": MailRuleForm(),
        "session_form": SessionForm(),
        "message_form": MessageForm(sessions=list(event.sessions.all())),
    })


@event_organiser_required
@require_POST
def manage_copy(request, pk: int):
    event = _managed_event(request, pk)
    copy = services.event_copy(actor=request.user, event=event)
    messages.success(request, _("Kopie angelegt. Bitte legen Sie die Termine fest."))
    return redirect("events:manage_event", pk=copy.pk)


@event_organiser_required
@require_POST
def manage_publish(request, pk: int):
    event = _managed_event(request, pk)
    try:
        services.event_publish(actor=request.user, event=event)
    except services.EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Die Veranstaltung ist veröffentlicht."))
    return redirect("events:manage_event", pk=event.pk)


@event_organiser_required
def manage_session_create(request, pk: int):
    event = _managed_event(request, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.session_create(actor=request.user, event=event, starts_at=data["starts_at"],
                                    ends_at=data["ends_at"], capacity=data["capacity"])
        except services.EventError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Termin angelegt."))
            return redirect("events:manage_event", pk=event.pk)
    return render(request, "events/manage_session.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


def _managed_session(request, session_pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_pk)
    permissions.require_event_manager(request.user, session.event)
    return session


@event_organiser_required
def manage_session_edit(request, session_pk: int):
    session = _managed_session(request, session_pk)
    form = SessionForm(request.POST or None, initial={"starts_at": session.starts_at, "ends_at": session.ends_at,
                                                      "capacity": session.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.session_update(actor=request.user, session=session, starts_at=data["starts_at"],
                                    ends_at=data["ends_at"], capacity=data["capacity"])
        except services.EventError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Termin gespeichert."))
            return redirect("events:manage_event", pk=session.event_id)
    return render(request, "events/manage_session.html", {"form": form, "event": session.event,
                                                          "session": session}, status=400 if form.errors else 200)


@event_organiser_required
def manage_rule_create(request, pk: int):
    event = _managed_event(request, pk)
    form = MailRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.mail_rule_create(actor=request.user, event=event, anchor=data["anchor"],
                                  offset_hours=data["offset_hours"], audience=data["audience"],
                                  subject=data["subject"], body=data["body"], subject_en=data["subject_en"],
                                  body_en=data["body_en"], attach_ics=data["attach_ics"])
        messages.success(request, _("E-Mail-Regel angelegt."))
        return redirect("events:manage_event", pk=event.pk)
    return render(request, "events/manage_rule.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@event_organiser_required
def manage_message(request, pk: int):
    event = _managed_event(request, pk)
    form = MessageForm(request.POST or None, sessions=list(event.sessions.all()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = services.participants_message(actor=request.user, event=event, session=data["session"],
                                             subject=data["subject"], body=data["body"],
                                             subject_en=data["subject_en"], body_en=data["body_en"])
        messages.success(request, _("Nachricht an %(count)s Teilnehmende gesendet.") % {"count": sent})
        return redirect("events:manage_event", pk=event.pk)
    return render(request, "events/manage_message.html", {"form": form, "event": event},
                  status=400 if form.errors else 200)


@event_organiser_required
def manage_export(request, pk: int, fmt: str):
    event = _managed_event(request, pk)
    registrations = selectors.registrations_of(event=event)
    if fmt == "csv":
        response = HttpResponse(documents.registrations_csv(registrations), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            documents.registrations_xlsx(registrations),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    attach(response, f"anmeldungen-{event.pk}.{fmt}")
    return response


@event_organiser_required
def manage_attendance(request, session_pk: int):
    session = _managed_session(request, session_pk)
    search = request.GET.get("q", "").strip()
    registrations = selectors.registrations_of(event=session.event, session=session, search=search).filter(
        status=Registration.Status.CONFIRMED)
    return render(request, "events/manage_attendance.html", {
        "session": session, "event": session.event, "registrations": registrations, "search": search,
    })


@event_organiser_required
def manage_attendance_pdf(request, session_pk: int):
    session = _managed_session(request, session_pk)
    registrations = selectors.registrations_of(event=session.event, session=session).filter(
        status=Registration.Status.CONFIRMED)
    response = HttpResponse(documents.attendance_list_pdf(session=session, registrations=registrations),
                            content_type="application/pdf")
    attach(response, f"teilnehmerliste-{session.pk}.pdf", inline=True)
    return response


@event_organiser_required
@require_POST
def manage_registration_action(request, registration_pk: int, action: str):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=registration_pk)
    permissions.require_event_manager(request.user, registration.event)
    if action == "cancel" and not confirmed(request):
        back = request.POST.get("next", "")
        return confirmation_page(
            request,
            title=_("Anmeldung von %(name)s stornieren?") % {"name": registration.name},
            consequences=[
                _("Der Platz wird frei und kann an die Warteliste gehen."),
                _("Die angemeldete Person erhält keine Erinnerungen mehr."),
            ],
            button=_("Ja, Anmeldung stornieren"),
            cancel_url=back if back.startswith("/workshops/") else reverse("events:manage_event",
                                                                          args=[registration.event_id]),
        )
    try:
        if action == "checkin":
            services.registration_check_in(actor=request.user, registration=registration, present=True)
        elif action == "checkout":
            services.registration_check_in(actor=request.user, registration=registration, present=False)
        elif action in ("approve", "reject"):
            services.registration_approve(actor=request.user, registration=registration,
                                          approve=action == "approve")
        elif action == "cancel":
            services.registration_cancel(registration=registration, actor=request.user)
        else:
            raise Http404
    except services.EventError as error:
        messages.error(request, error.message)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/workshops/"):
        return redirect(next_url)
    return redirect("events:manage_event", pk=registration.event_id)
