"""Reads of the welcome plan: the plan ready to show (tasks by phase, due dates, contacts), saved plans and the
summary for the company page. Contacts come from the reference data (Ausländerbehörde) and the reviewed contact
list (Welcome Center, MBE, Faire Integration)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.utils import formats

from lotse.reference.lookup import local_office
from lotse.reference.models import Authority, Gemeinde
from lotse.rules.localized import pick
from lotse.rules.welcome import notice as notice_rules
from lotse.rules.welcome import plan as rules
from lotse.welcome.models import Notice, WelcomePlan


def gemeinde(ags: str | None) -> Gemeinde | None:
    if not ags:
        return None
    return Gemeinde.objects.select_related("kreis", "arbeitsmarktregion").filter(ags=ags).first()


def _coords(place: Gemeinde | None) -> tuple[float | None, float | None]:
    if place is None or place.latitude is None or place.longitude is None:
        return None, None
    return float(place.latitude), float(place.longitude)


def office_view(office: dict, distance: float | None, lang: str) -> dict:
    return {
        "id": office["id"],
        "name": pick(office["name"], lang),
        "city": office["city"],
        "address": office.get("address", ""),
        "phone": office.get("phone", ""),
        "email": office.get("email", ""),
        "contact_verified": office.get("contact_verified", False),
        "distance_km": distance,
        "directory_url": notice_rules.contacts()["faire_integration"]["directory_url"],
    }


def nearest_faire_integration(place: Gemeinde | None, lang: str) -> dict:
    office, distance = notice_rules.nearest_office(*_coords(place))
    return office_view(office, distance, lang)


def contacts(*, residence: Gemeinde | None, lang: str) -> dict:
    """Local contacts for the place of residence."""
    data = notice_rules.contacts()
    abh = local_office(residence, Authority.Kind.AUSLAENDERBEHOERDE) if residence else None
    centers = notice_rules.welcome_centers_for_kreis(residence.kreis.ags) if residence else []
    return {
        "auslaenderbehoerde": abh,
        "welcome_centers": [
            {
                "name": pick(c["name"], lang),
                "url": c.get("url", ""),
                "address": c.get("address", ""),
                "verified": c["verified"],
            }
            for c in centers
        ],
        "mbe": {"name": pick(data["mbe"]["name"], lang), "url": data["mbe"]["url"]},
        "faire_integration": nearest_faire_integration(residence, lang),
    }


def plan_view(
    situation: rules.Situation,
    *,
    work: Gemeinde | None,
    residence: Gemeinde | None,
    lang: str,
    done: set[str] | None = None,
    today: date | None = None,
) -> dict:
    """Everything the plan page and both PDFs show."""
    today = today or date.today()
    done = done or set()
    plan = rules.build(situation, lang=lang)
    data = rules.content()
    phases = []
    for phase_id in data["phases"]:
        tasks = []
        for task in plan.phase(phase_id):
            tasks.append(
                {
                    "task": task,
                    "who": rules.label("roles", task.who, lang),
                    "done": task.id in done,
                    "overdue": task.id not in done and task.due < today,
                    "sources": [
                        {
                            "title": pick(data["sources"][key]["title"], lang),
                            "url": data["sources"][key].get("url", ""),
                            "verified": data["sources"][key]["verified"],
                        }
                        for key in task.sources
                    ],
                }
            )
        phases.append({"id": phase_id, "title": rules.label("phases", phase_id, lang), "tasks": tasks})
    return {
        "plan": plan,
        "phases": phases,
        "situation": situation,
        "work": work,
        "residence": residence,
        "pathway_label": rules.label("pathways", situation.pathway, lang),
        "family_label": rules.label("family", situation.family, lang),
        "contacts": contacts(residence=residence, lang=lang),
        "notice_office": nearest_faire_integration(work, lang),
        "done_count": sum(1 for p in phases for t in p["tasks"] if t["done"]),
        "task_count": len(plan.tasks),
        "content_version": plan.version,
    }


def saved_situation(plan: WelcomePlan) -> rules.Situation:
    return rules.Situation(
        pathway=plan.pathway, arrival=plan.arrival, start=plan.start, family=plan.family, german=plan.german
    )


def plans_summary(*, organisation_id: int | None = None, case_id: int | None = None) -> list[dict]:
    """The employer's (or a case's) plans for the company or case page: ticks done of tasks in the plan, § 45c
    hand-over."""
    plans = WelcomePlan.objects.filter(
        **({"case_id": case_id} if case_id is not None else {"organisation_id": organisation_id})
    )
    plans = (
        plans.annotate(done_count=Count("done", distinct=True), handed_over=Max("notices__handed_over_on"))
        .order_by("-created_at")[:20]
    )
    rows = []
    for plan in plans:
        total = len(rules.build(saved_situation(plan), lang="de").tasks)
        rows.append(
            {
                "pk": plan.pk,
                "title": plan.title or formats.date_format(plan.arrival, "SHORT_DATE_FORMAT"),
                "done": plan.done_count,
                "total": total,
                "notice_handed_over": plan.handed_over,
                "case_id": plan.case_id,
            }
        )
    return rows


def notices_for(plan: WelcomePlan) -> list[Notice]:
    return list(Notice.objects.filter(plan=plan).order_by("-created_at"))


def case_welcome(case) -> dict:
    """The welcome plans and § 45c notices of a case, for its page (adviser's and employer's); none read for a case
    that has none (`Case.welcome_items`, counted when they are made)."""
    if not case.welcome_items:
        return {"plans": [], "notices": []}
    return {
        "plans": plans_summary(case_id=case.pk),
        "notices": list(
            Notice.objects.filter(case=case)
            .order_by("-created_at")
            .only("pk", "created_at", "handed_over_on", "handed_over_how", "case_id")
        ),
    }
