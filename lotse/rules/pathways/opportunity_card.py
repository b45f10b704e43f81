"""Chancenkarte, § 20a AufenthG: job search card, as recognised skilled worker or via the points system."""

from __future__ import annotations

from lotse.rules.conditions import MET, NOT_MET, UNKNOWN, Check, Context
from lotse.rules.pathways import common
from lotse.rules.pathways.common import Outcome
from lotse.rules.validation import LEVEL_RANK

ID = "opportunity_card"
BASIS = "§ 20a AufenthG"
POINTS_BASIS = "§ 20a AufenthG i.V.m. § 20b AufenthG"


def _recognised_skilled_worker(ctx: Context) -> Check:
    return Check(
        "recognised_skilled_worker",
        ctx.t("Fachkraft (anerkannte Qualifikation)", "Skilled worker (recognised)"),
        "§ 20a Abs. 1 AufenthG i.V.m. § 18 Abs. 3 AufenthG",
        MET,
        ctx.t(
            "Qualifikation in Deutschland anerkannt – keine Punkte nötig.",
            "Qualification recognised – no points.",
        ),
    )


def _language_basic(ctx: Context) -> Check:
    label = ctx.t("Deutsch A1 oder Englisch B2", "German A1 or English B2")
    german = ctx.language_at_least("german", "A1")
    english = ctx.language_at_least("english", "B2")
    if german or english:
        return Check("language_basic", label, BASIS, MET, ctx.t("Sprachvoraussetzung erfüllt.", "Language met."))
    if german is None or english is None:
        missing = [
            p
            for p, v in (("candidate.languages.german", german), ("candidate.languages.english", english))
            if v is None
        ]
        return Check(
            "language_basic",
            label,
            BASIS,
            UNKNOWN,
            ctx.t("Sprachniveau unbekannt.", "Level unknown."),
            missing=missing,
        )
    return Check(
        "language_basic",
        label,
        BASIS,
        NOT_MET,
        ctx.t("Weder Deutsch A1 noch Englisch B2.", "Neither German A1 nor English B2."),
        fix=[
            {
                "field": "candidate.languages.german",
                "minimum": "A1",
                "hint": ctx.t("oder Englisch B2", "or English B2"),
            }
        ],
    )


def _german_points(table: dict, level: str | None) -> int:
    return 0 if level is None else table["german"].get(level, 0)


def score(ctx: Context) -> tuple[int, int, list[str], list[dict]]:
    """(known points, maximum reachable with unknown inputs, missing paths, improvement options)."""
    table = ctx.params.get("opportunity_card_points")
    age_band_upper = ctx.params.get("opportunity_card_age_band")
    candidate, q = ctx.candidate, ctx.qualification
    known = potential = 0
    missing: list[str] = []
    options: list[dict] = []

    recognition = q["german_recognition"]
    if recognition == "partial":
        known += table["partial_recognition"]
    elif recognition in (None, "pending", "not_applied"):
        if recognition is None:
            missing.append("candidate.qualification.german_recognition")
            potential += table["partial_recognition"]
        options.append(
            {
                "field": "candidate.qualification.german_recognition",
                "value": "partial",
                "points": table["partial_recognition"],
                "hint": ctx.t(
                    "Anerkennungsverfahren: schon teilweise Gleichwertigkeit zählt",
                    "Recognition procedure: partial equivalence already counts",
                ),
            }
        )

    if ctx.profession is None:
        missing.append("candidate.qualification.profession")
        potential += table["shortage_occupation"]
    elif ctx.profession["bottleneck_occupation"]:
        known += table["shortage_occupation"]

    y5, y7 = candidate["experience"]["years_last_5"], candidate["experience"]["years_last_7"]
    experience = (
        table["experience_5_of_7"]
        if y7 is not None and y7 >= 5
        else (table["experience_2_of_5"] if y5 is not None and y5 >= 2 else 0)
    )
    known += experience
    if y7 is None and experience < table["experience_5_of_7"]:
        missing.append("candidate.experience.years_last_7")
        potential += table["experience_5_of_7"] - experience
    elif y5 is None and experience == 0:
        missing.append("candidate.experience.years_last_5")
        potential += table["experience_2_of_5"]

    german = candidate["languages"]["german"]
    german_points = _german_points(table, german)
    known += german_points
    best_german = max(table["german"].values())
    if german is None:
        missing.append("candidate.languages.german")
        potential += best_german
    for level in ("A2", "B1", "B2"):
        gain = table["german"][level] - german_points
        if german is not None and gain > 0:
            options.append({"field": "candidate.languages.german", "minimum": level, "points": gain})

    english = candidate["languages"]["english"]
    if english is None:
        missing.append("candidate.languages.english")
        potential += table["english_c1"]
    elif LEVEL_RANK[english] >= LEVEL_RANK["C1"]:
        known += table["english_c1"]
    else:
        options.append({"field": "candidate.languages.english", "minimum": "C1", "points": table["english_c1"]})

    age = candidate["age"]
    if age is None:
        missing.append("candidate.age")
        potential += table["age_under_35"]
    elif age < 35:
        known += table["age_under_35"]
    elif age <= age_band_upper:
        known += table["age_35_to_40"]

    stay = candidate["previous_stay_germany_months"]
    if stay is None:
        missing.append("candidate.previous_stay_germany_months")
        potential += table["previous_stay"]
    elif stay >= table["previous_stay_months"]:
        known += table["previous_stay"]

    partner = candidate["partner_meets_opportunity_card"]
    if partner is None:
        missing.append("candidate.partner_meets_opportunity_card")
        potential += table["partner"]
    elif partner:
        known += table["partner"]
    return known, known + potential, missing, options


def _points(ctx: Context) -> Check:
    label = ctx.t("Mindestens 6 Punkte", "At least 6 points")
    minimum = ctx.params.get("opportunity_card_points")["minimum"]
    known, reachable, missing, options = score(ctx)
    age = ctx.candidate["age"]
    # The 35–40 band's upper end is disputed (35–39 in one source): flag results that hinge on age 40.
    unverified = age == ctx.params.get("opportunity_card_age_band") and not ctx.params.verified(
        "opportunity_card_age_band"
    )
    if known >= minimum:
        return Check(
            "points",
            label,
            POINTS_BASIS,
            MET,
            ctx.t(f"{known} Punkte.", f"{known} points."),
            unverified=unverified,
        )
    if reachable >= minimum:
        return Check(
            "points",
            label,
            POINTS_BASIS,
            UNKNOWN,
            ctx.t(
                f"Bisher {known} Punkte, mit fehlenden Angaben bis zu {reachable}.",
                f"{known} points so far, up to {reachable} with missing data.",
            ),
            missing=missing,
            unverified=unverified,
        )
    gap = minimum - known
    # Cheapest combination: take the best gain per field until the gap is closed.
    best: dict[str, dict] = {}
    for option in options:
        if option["field"] not in best or option["points"] > best[option["field"]]["points"]:
            best[option["field"]] = option
    fix = None
    if sum(option["points"] for option in best.values()) >= gap:
        fix = [
            {
                "field": "opportunity_card.points",
                "minimum": minimum,
                "current": known,
                "missing_points": gap,
                "options": sorted(options, key=lambda o: -o["points"]),
            }
        ]
    return Check(
        "points",
        label,
        POINTS_BASIS,
        NOT_MET,
        ctx.t(
            f"Nur {known} von {minimum} Punkten; es fehlen {gap}.",
            f"Only {known} of {minimum} points; {gap} missing.",
        ),
        fix=fix,
        unverified=unverified,
    )


def _funds(ctx: Context) -> Check:
    monthly = ctx.params.get("opportunity_card_living_costs")
    verified = ctx.params.verified("opportunity_card_living_costs")
    label = ctx.t("Lebensunterhalt gesichert", "Living costs secured")
    basis = "§ 20a AufenthG i.V.m. § 5 Abs. 1 Nr. 1 AufenthG"
    amount = ctx.t(f"{ctx.eur(monthly)} je Monat", f"{ctx.eur(monthly)} per month")
    note = ctx.provisional_note("opportunity_card_living_costs")
    provisional = ctx.provisional("opportunity_card_living_costs")
    value = ctx.candidate["funds_secured"]
    if value is None:
        return Check(
            "funds_secured",
            label,
            basis,
            UNKNOWN,
            ctx.t(
                f"Nachweis nötig ({amount}, z. B. Sperrkonto).",
                f"Proof needed ({amount}, e.g. blocked account).",
            )
            + note,
            missing=("candidate.funds_secured",),
            unverified=not verified,
            provisional=provisional,
        )
    if value:
        return Check(
            "funds_secured",
            label,
            basis,
            MET,
            ctx.t(f"Gesichert ({amount}).", f"Secured ({amount}).") + note,
            unverified=not verified,
            provisional=provisional,
        )
    return Check(
        "funds_secured",
        label,
        basis,
        NOT_MET,
        ctx.t(f"Nicht gesichert – nötig sind {amount}.", f"Not secured – {amount} required.") + note,
        provisional=provisional,
        fix=[
            {
                "field": "candidate.funds_secured",
                "value": True,
                "hint": ctx.t(
                    "Sperrkonto, Verpflichtungserklärung oder Teilzeitvertrag",
                    "Blocked account, declaration of commitment or part-time contract",
                ),
            }
        ],
        unverified=not verified,
    )


def _residence_abroad(ctx: Context) -> Check:
    label = ctx.t("Antrag aus dem Ausland", "Application from abroad")
    residence = ctx.candidate["residence"]
    if residence == "abroad":
        return Check("residence_abroad", label, BASIS, MET, ctx.t("Wohnsitz im Ausland.", "Living abroad."))
    return Check(
        "residence_abroad",
        label,
        BASIS,
        UNKNOWN,
        ctx.t(
            "Im Inland nur aus einem Titel nach Abschnitt 3 oder 4 AufenthG möglich.",
            "Inside Germany only from a title under Part 3 or 4 AufenthG.",
        ),
        missing=("candidate.residence",),
    )


def evaluate(ctx: Context) -> Outcome:
    title = ctx.t("Chancenkarte", "Opportunity card")
    not_in_force = common.in_force(ctx, ID, BASIS)
    if not_in_force:
        return Outcome(ID, title, [BASIS], None, [not_in_force], [], False)
    q = ctx.qualification
    if q["german_recognition"] == "full" and q["level"] in ("academic", "vocational"):
        variant = "skilled_worker"
        checks = [_recognised_skilled_worker(ctx), _funds(ctx), _residence_abroad(ctx)]
    else:
        variant = "points"
        checks = [
            common.foreign_qualification(ctx, BASIS),
            _language_basic(ctx),
            _points(ctx),
            _funds(ctx),
            _residence_abroad(ctx),
        ]
    return Outcome(ID, title, [BASIS, "§ 20b AufenthG"], variant, checks, [], False)
