"""The employer navigator: one question per step, the result, the PDF and the hand-off to the Regionalagentur."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts import registration
from lotse.core.http import attach
from lotse.core.pdf import render_pdf
from lotse.navigator import selectors, services
from lotse.navigator.forms import AdviceRequestForm, AnswerForm, RegisterForm
from lotse.navigator.presentation import result_context
from lotse.reference.lookup import local_authority_for_ags
from lotse.reference.models import Gemeinde
from lotse.rules import InputError, ParameterNotInForce, validate
from lotse.rules import validation as rules_validation
from lotse.rules.interview import DONT_KNOW, build_input, has_job, question, questions, replay
from lotse.workspace import services as workspace_services


def _lang() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def _today() -> date:
    return rules_validation.today()  # the rules' clock: one place to freeze it


def _state(request):
    data = services.interview_session(request.session)
    state = replay(data["answers"], as_of=_today(), lang=_lang(), local_authority_resolver=local_authority_for_ags)
    return state, data


def _rules_out_of_date(request, error: ParameterNotInForce):
    """More than 24 months after the last published value the rules do not answer: say so, never a 500 (and not
    a 5xx at all: the session, with every answer typed so far, is only saved on a successful response)."""
    return render(request, "navigator/out_of_date.html", {"error": error, "day": _today()})


def _step_url(question_id: str | None) -> str:
    if question_id is None:
        return reverse("navigator:result")
    return reverse("navigator:question", args=[question_id])


@require_GET
def start(request):
    try:
        state, _data = _state(request)
    except ParameterNotInForce as error:
        return _rules_out_of_date(request, error)
    return render(
        request,
        "navigator/start.html",
        {
            "state": state,
            "started": bool(state.path),
            "next_url": _step_url(state.current.id if state.current else None),
        },
    )


@require_POST
def reset(request):
    services.interview_reset(request.session)
    return redirect("navigator:question", "candidate.citizenship")


def _engine_errors(state, q, value, lang: str) -> list[tuple[str | None, str]]:
    """Messages of the engine's validation for this answer (e.g. more experience in 5 than in 7 years), each with
    the input path it belongs to (None: it belongs to another question and is named)."""
    answers = {qid: state.answers[qid] for qid in state.path if qid != q.id}
    answers[q.id] = value
    try:
        validate(build_input(answers, as_of=_today()), as_of=_today())
    except InputError as error:
        own = set(q.fields) | ({"candidate.citizenships"} if q.id == "candidate.citizenship" else set())
        problems = []
        for path, message in error.messages(lang):
            if path in own:
                problems.append((path, message))
            else:
                label = question(path).label(lang) if path in questions() else path
                problems.append((None, f"{label}: {message}"))
        return problems
    return []


def _step_context(request, state, q, form, stored, lang: str) -> dict:
    step = state.path.index(q.id) + 1 if q.id in state.path else len(state.path) + 1
    previous = state.previous(q.id) if q.id in state.path else (state.path[-1] if state.path else None)
    back_to_result = request.GET.get("next") == "result" or request.POST.get("return_to") == "result"
    return {
        "q": q,
        "title": q.label(lang),
        "help": q.help_text(lang),
        "example": q.example_text(lang),
        "form": form,
        "step": step,
        "state": state,
        "previous_url": reverse("navigator:result")
        if back_to_result
        else (_step_url(previous) if previous else reverse("navigator:start")),
        "back_to_result": back_to_result,
        "decisive": state.decisive,
        "dont_know_stored": stored == DONT_KNOW,
        "job_options": selectors.job_options(lang) if q.kind in ("job", "qualification") else [],
        "percent": round(100 * state.decided / state.total) if state.total else 0,
        "provisional": bool(state.assessment and state.assessment.get("provisional")),
    }


@require_http_methods(["GET", "POST"])
def question_step(request, question_id: str):
    if question_id not in questions():
        raise Http404
    lang = _lang()
    try:
        state, data = _state(request)
    except ParameterNotInForce as error:
        return _rules_out_of_date(request, error)
    reachable = question_id in state.path or (state.current is not None and state.current.id == question_id)
    # The place of work only routes to the offices: it may be given from the result page at any time.
    reachable = reachable or (question(question_id).routing and has_job(state.answers) and "job" in state.answers)
    if not reachable:
        return redirect(_step_url(state.current.id if state.current else None))
    q = question(question_id)
    stored = state.stored.get(question_id)
    back_to_result = request.POST.get("return_to") == "result"
    form = None
    if request.method == "POST":
        if "dont_know" in request.POST:
            services.interview_answer_store(request.session, question_id=question_id, value=DONT_KNOW)
            return _after_answer(request, question_id, back_to_result=back_to_result)
        form = AnswerForm(request.POST, question=q, lang=lang, today=_today(), answers=state.answers)
        if form.is_valid():
            value = form.cleaned_data["value"]
            problems = _engine_errors(state, q, value, lang)
            if not problems:
                services.interview_answer_store(request.session, question_id=question_id, value=value, place=form.place)
                return _after_answer(request, question_id, back_to_result=back_to_result)
            for path, problem in problems:
                form.add_error(form.field_for(path) if path else "answer", problem)
    if form is None:
        initial = None if stored == DONT_KNOW else stored
        if q.kind == "place" and stored not in (None, DONT_KNOW):
            initial = data["place"].get("query") or data["place"].get("label") or stored
        form = AnswerForm(question=q, lang=lang, stored=initial, today=_today(), answers=state.answers)
    response = render(request, "navigator/question.html", _step_context(request, state, q, form, stored, lang))
    if request.htmx:
        response["HX-Push-Url"] = request.get_full_path()
    return response


def _after_answer(request, question_id: str, *, back_to_result: bool = False):
    """Where to go after an answer: back to the result when the answer was changed from there; to the result the
    first time the answers are decisive (with the option to go on); else to the next question."""
    try:
        state, _data = _state(request)
    except ParameterNotInForce as error:
        return _rules_out_of_date(request, error)
    if back_to_result:
        target = reverse("navigator:result")
    elif state.decisive and not services.result_shown(request.session) and not state.complete:
        services.result_shown_mark(request.session)
        target = reverse("navigator:result")
    else:
        target = _step_url(state.following(question_id))
    if request.htmx and target == reverse("navigator:result"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target  # the result is a whole page, not a step to swap in
        return response
    return redirect(target)


@require_GET
def job_search(request):
    """Suggestions while typing (htmx); without JavaScript the question form searches on submit."""
    query = request.GET.get("answer") or request.GET.get("other") or request.GET.get("q") or ""
    hits = selectors.job_search(query, _lang())
    return render(request, "navigator/_job_suggestions.html", {"hits": hits, "query": query})


@require_GET
def result(request):
    lang = _lang()
    try:
        state, data = _state(request)
    except ParameterNotInForce as error:
        return _rules_out_of_date(request, error)
    if state.answers.get("candidate.citizenship") == DONT_KNOW:
        # Honour "I don't know yet": nothing can be assessed without a citizenship, so say why and what to do.
        return render(request, "navigator/no_citizenship.html", {"question_url": _step_url("candidate.citizenship")})
    if state.assessment is None:
        return redirect("navigator:question", "candidate.citizenship")
    context = result_context(state.assessment, lang=lang, answers=state.answers, path=state.path, place=data["place"])
    context.update(
        {
            "state": state,
            "saved": None,
            "editable": True,
            "complete": state.complete,
            "next_url": _step_url(state.current.id if state.current else None),
            "open_questions": state.total - state.decided,
            "place_url": reverse("navigator:question", args=["job.municipality_ags"]) + "?next=result"
            if has_job(state.answers) and "job" in state.answers
            else None,
        }
    )
    return render(request, "navigator/result.html", context)


@require_POST
def save(request):
    """Freeze the session's result under an unguessable link; then show it, its PDF or the advice form."""
    try:
        state, data = _state(request)
    except ParameterNotInForce as error:
        return _rules_out_of_date(request, error)
    if state.assessment is None:
        return redirect("navigator:start")
    saved = services.saved_result_create(
        state=state, place=data["place"], user=request.user, lang=_lang(), as_of=_today()
    )
    then = request.POST.get("then")
    if then == "pdf":
        return redirect("navigator:saved_pdf", saved.token)
    if then == "advice":
        return redirect("navigator:advice", saved.token)
    messages.success(
        request,
        _("Ihr Ergebnis ist gespeichert. Bewahren Sie den Link gut auf – nur wer ihn kennt, kann das Ergebnis öffnen."),
    )
    return redirect("navigator:saved", saved.token)


def _saved_or_404(token: str):
    saved = selectors.saved_result_get(token)
    if saved is None:
        raise Http404
    return saved


@require_GET
def saved_result(request, token: str):
    saved = _saved_or_404(token)
    lang = saved.lang
    context = result_context(
        saved.assessment_output, lang=lang, answers=saved.answers, path=list(saved.answers), place=saved.place
    )
    context.update({"saved": saved, "editable": False, "complete": True, "share_url": request.build_absolute_uri()})
    return render(request, "navigator/result.html", context)


@require_GET
def saved_pdf(request, token: str):
    saved = _saved_or_404(token)
    context = result_context(
        saved.assessment_output, lang=saved.lang, answers=saved.answers, path=list(saved.answers), place=saved.place
    )
    context.update({"saved": saved, "created": saved.created_at})
    pdf = render_pdf("navigator/result_pdf.html", context, lang=saved.lang, forms=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    attach(response, f"lotse-ergebnis-{saved.as_of:%Y-%m-%d}.pdf")
    return response


def _draft_key(token: str) -> str:
    return f"navigator.advice_draft.{token}"


@require_http_methods(["GET", "POST"])
def advice(request, token: str):
    """ "Beratung anfragen": the employer (logged in, or registering here) sends the saved result to its
    Regionalagentur. Only the employer's contact data is stored – nothing about the candidate."""
    saved = _saved_or_404(token)
    employer = services.employer_of(request.user)
    region = selectors.region_by_slug((saved.place or {}).get("region"))
    if region is None and employer is not None:
        region = employer.region
    needs_account = not request.user.is_authenticated
    initial = {}
    if request.user.is_authenticated:
        initial = {"contact_name": request.user.full_name, "contact_email": request.user.email}
        initial.update(request.session.pop(_draft_key(token), None) or {})
    form = AdviceRequestForm(request.POST or None, initial=initial)
    register = RegisterForm(request.POST or None, prefix="register") if needs_account else None
    if request.method == "POST":
        valid = form.is_valid() and (register is None or register.is_valid())
        if valid:
            actor = request.user
            if register is not None:
                # Register, verify the address, then send: nothing reaches the agency before the link is clicked,
                # and the page is the same whether the address already had an account (ADR 0145).
                gemeinde = Gemeinde.objects.filter(ags=(saved.place or {}).get("ags")).first()
                registration.register(
                    email=register.cleaned_data["email"],
                    password=register.cleaned_data["password"],
                    full_name=form.cleaned_data["contact_name"],
                    language=_lang(),
                    next_path=request.path,
                    create_organisation=lambda user: services.employer_organisation_create(
                        user=user, company=register.cleaned_data["company"], gemeinde=gemeinde
                    ),
                )
                request.session[_draft_key(token)] = {
                    key: form.cleaned_data[key] for key in ("contact_name", "contact_email", "message")
                }
                return render(
                    request,
                    "navigator/advice_verify.html",
                    {
                        "saved": saved,
                        "email": register.cleaned_data["email"],
                        "days": registration.VERIFY_MAX_AGE // 86400,
                    },
                )
            advice_request = services.advice_request_send(
                actor=actor,
                employer=employer,
                saved=saved,
                region=region,
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
                message=form.cleaned_data["message"],
            )
            return render(
                request,
                "navigator/advice_sent.html",
                {"saved": saved, "region": region, **workspace_services.advice_request_sent(advice_request, _lang())},
            )
    login_url = f"{reverse('login')}?next={request.path}"
    return render(
        request,
        "navigator/advice.html",
        {
            "saved": saved,
            "form": form,
            "register": register,
            "region": region,
            "employer": employer,
            "login_url": login_url,
        },
    )
