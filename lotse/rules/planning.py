"""Documents, timeline, costs and authorities for the eligible pathways, with § 81a as an option."""

from __future__ import annotations

from lotse.rules.authorities import authority_ref
from lotse.rules.conditions import Context
from lotse.rules.errors import ParameterNotInForce
from lotse.rules.professions import recognition_authority_id
from lotse.rules.recognition import qualification_country

# Pathways the accelerated procedure covers: the statutory list of § 81a (16a, 16d, 18a, 18b, 18g)
# plus § 19c(2) with § 6 BeschV, which ZFE-type offices accept in practice (radolfzell.de, IHK Köln).
ACCELERATED = (
    "eu_blue_card",
    "skilled_worker_vocational",
    "skilled_worker_academic",
    "experience_based",
    "recognition_partnership",
    "recognition_measures",
    "vocational_training",
)
EMPLOYMENT = (
    "eu_blue_card",
    "skilled_worker_vocational",
    "skilled_worker_academic",
    "experience_based",
    "western_balkans",
    "privileged_nationals",
    "recognition_partnership",
)

DOCUMENTS: dict[str, tuple[str, str]] = {
    "passport": ("Reisepass (gültig, max. 10 Jahre alt, 2 freie Seiten)", "Passport"),
    "visa_application": ("Visumantrag über das Auslandsportal", "Visa application via the Auslandsportal"),
    "photos": ("2 biometrische Passfotos", "2 biometric photos"),
    "cv": ("Tabellarischer Lebenslauf", "Tabular CV"),
    "health_insurance": (
        "Krankenversicherungsnachweis bis zum Beginn der Pflichtversicherung",
        "Health insurance until statutory cover starts",
    ),
    "employment_contract": (
        "Arbeitsvertrag oder verbindliches Arbeitsplatzangebot",
        "Employment contract or binding job offer",
    ),
    "employment_declaration": (
        "„Erklärung zum Beschäftigungsverhältnis“ (vom Arbeitgeber; entfällt bei § 81a)",
        "'Erklärung zum Beschäftigungsverhältnis' (by the employer; not needed with § 81a)",
    ),
    "degree_proof": (
        "Hochschulzeugnis mit anabin-Ausdruck (H+ / entspricht) oder ZAB-Zeugnisbewertung",
        "Degree certificate with anabin printout (H+ / entspricht) or ZAB statement",
    ),
    "recognition_notice": (
        "Anerkennungsbescheid (volle Gleichwertigkeit)",
        "Recognition notice (full equivalence)",
    ),
    "licence": ("Berufsausübungserlaubnis oder deren Zusage", "Licence to practise or its promise"),
    "salary_or_pension_proof": (
        "Ab 45: Gehaltsnachweis oder Nachweis angemessener Altersversorgung",
        "Age 45+: salary proof or proof of an adequate pension",
    ),
    "experience_proof": (
        "Arbeitszeugnisse und Verträge als Nachweis der Berufserfahrung",
        "References and contracts proving the experience",
    ),
    "state_recognition_proof": (
        "ZAB-DAB (Berufsausbildung) bzw. ZAB-Zeugnisbewertung (Hochschule)",
        "ZAB DAB (vocational) or ZAB statement (degree)",
    ),
    "collective_agreement_proof": (
        "Nachweis der Tarifbindung des Arbeitgebers",
        "Proof of the collective agreement",
    ),
    "ba_preapproval": (
        "Vorabzustimmung der BA (vom Arbeitgeber online beantragt)",
        "BA pre-approval (requested online by the employer)",
    ),
    "german_a2_certificate": ("Deutsch-Zertifikat A2", "German certificate A2"),
    "partnership_agreement": (
        "Schriftliche Vereinbarung zur Anerkennungspartnerschaft",
        "Written recognition-partnership agreement",
    ),
    "employer_suitability": (
        "Nachweis der Eignung des Arbeitgebers zur Qualifizierung",
        "Proof that the employer is suitable for training",
    ),
    "deficit_notice": ("Defizitbescheid der Anerkennungsstelle", "Deficit notice of the recognition body"),
    "measure_confirmation": (
        "Bestätigung des Platzes in der Anpassungs- bzw. Ausgleichsmaßnahme",
        "Confirmation of the place in the measure",
    ),
    "language_certificate": (
        "Sprachzertifikat Deutsch A1 oder Englisch B2",
        "Certificate German A1 or English B2",
    ),
    "points_evidence": (
        "Nachweise für die Punkte (Erfahrung, Sprache, Voraufenthalt, Partner)",
        "Evidence for the points (experience, language, previous stay, partner)",
    ),
    "funds_proof": (
        "Nachweis Lebensunterhalt (Sperrkonto, Verpflichtungserklärung oder Teilzeitvertrag)",
        "Proof of funds (blocked account, declaration of commitment or part-time contract)",
    ),
    "training_contract": ("Ausbildungsvertrag", "Training contract"),
    "german_b1_certificate": (
        "Deutsch-Zertifikat B1 (außer Prüfung durch den Betrieb / Vorbereitungskurs)",
        "German certificate B1 (unless checked by the provider / preparatory course)",
    ),
    "registration": (
        "Nach der Einreise: Meldebescheinigung für die Ausländerbehörde",
        "After entry: registration certificate for the foreigners' authority",
    ),
    "power_of_attorney": (
        "§ 81a: Vollmacht der Fachkraft für den Arbeitgeber",
        "§ 81a: worker's power of attorney",
    ),
    "fast_track_agreement": (
        "§ 81a: Vereinbarung zwischen Arbeitgeber und ZFE NRW",
        "§ 81a: agreement between employer and ZFE NRW",
    ),
}
_BASE = ("passport", "visa_application", "photos", "cv", "health_insurance")


def _documents_for(pathway: dict, ctx: Context) -> list[str]:
    pid, variant = pathway["id"], pathway["variant"]
    docs = list(_BASE)
    if pid in EMPLOYMENT:
        docs.append("employment_contract")
    if pathway["ba_approval_required"] and pid != "vocational_training":
        docs.append("employment_declaration")
    if pid == "eu_blue_card":
        docs.append("experience_proof" if variant == "it_specialist" else "degree_proof")
    elif pid == "skilled_worker_academic":
        docs.append("degree_proof")
    elif pid == "skilled_worker_vocational":
        docs.append("recognition_notice")
    elif pid == "experience_based":
        docs += ["state_recognition_proof", "experience_proof"]
        if variant == "collective_agreement":
            docs.append("collective_agreement_proof")
    elif pid == "western_balkans":
        docs.append("ba_preapproval")
    elif pid == "recognition_partnership":
        docs += [
            "state_recognition_proof",
            "german_a2_certificate",
            "partnership_agreement",
            "employer_suitability",
        ]
    elif pid == "recognition_measures":
        docs += ["deficit_notice", "measure_confirmation", "german_a2_certificate"]
    elif pid == "opportunity_card":
        docs += ["recognition_notice" if variant == "skilled_worker" else "state_recognition_proof"]
        if variant == "points":
            docs += ["language_certificate", "points_evidence"]
        docs.append("funds_proof")
    elif pid == "vocational_training":
        docs.append("training_contract")
        if not ctx.language_at_least("german", "B1"):
            docs.append("german_b1_certificate")
    if ctx.regulated and pid in EMPLOYMENT and pid != "recognition_partnership":
        docs.append("licence")
    if (ctx.candidate["age"] or 0) >= 45 and pid in (
        "skilled_worker_vocational",
        "skilled_worker_academic",
        "western_balkans",
    ):
        docs.append("salary_or_pension_proof")
    if pid in ACCELERATED:
        docs += ["power_of_attorney", "fast_track_agreement"]
    docs.append("registration")
    return docs


def documents(eligible: list[dict], ctx: Context) -> list[dict]:
    by_doc: dict[str, list[str]] = {}
    for pathway in eligible:
        for doc in _documents_for(pathway, ctx):
            by_doc.setdefault(doc, []).append(pathway["id"])
    lang_index = 1 if ctx.lang == "en" else 0
    return [{"id": doc, "label": DOCUMENTS[doc][lang_index], "pathways": ids} for doc, ids in by_doc.items()]


def _step(ctx, de, en, min_weeks, max_weeks, deadline, procedure, pathways) -> dict:
    return {
        "step": ctx.t(de, en),
        "min_weeks": min_weeks,
        "max_weeks": max_weeks,
        "legal_deadline": deadline,
        "procedure": procedure,
        "pathways": pathways,
    }


def timeline(eligible: list[dict], ctx: Context) -> list[dict]:
    if not eligible:
        return []
    params = ctx.params
    ids = [p["id"] for p in eligible]
    ba = [p["id"] for p in eligible if p["ba_approval_required"]]
    fast = [i for i in ids if i in ACCELERATED]
    proof = [
        p["id"]
        for p in eligible
        if p["id"] in ("experience_based", "recognition_partnership")
        or (p["id"] == "opportunity_card" and p["variant"] == "points")
    ]
    steps = []
    if proof:
        if ctx.qualification["level"] == "academic":
            steps.append(
                _step(
                    ctx,
                    "ZAB-Zeugnisbewertung (Nachweis staatliche Anerkennung)",
                    "ZAB statement",
                    12,
                    16,
                    None,
                    "regular",
                    proof,
                )
            )
        else:
            steps.append(
                _step(
                    ctx,
                    "ZAB-DAB (Nachweis staatliche Anerkennung)",
                    "ZAB DAB",
                    None,
                    None,
                    None,
                    "regular",
                    proof,
                )
            )
    if ba:
        weeks = params.get("ba_approval_regular")
        steps.append(
            _step(
                ctx,
                "Zustimmung der BA",
                "BA approval",
                0,
                weeks,
                ctx.t(
                    f"§ 36 Abs. 2 BeschV: {weeks} Wochen (Zustimmungsfiktion)",
                    f"§ 36(2) BeschV: {weeks} weeks (deemed approval)",
                ),
                "regular",
                ba,
            )
        )
    steps.append(
        _step(
            ctx,
            "Visumverfahren bei der Auslandsvertretung",
            "Visa procedure at the mission",
            8,
            13,
            None,
            "regular",
            ids,
        )
    )
    if fast:
        months = params.get("recognition_accelerated")
        ba_weeks = params.get("ba_approval_accelerated")
        appointment = params.get("visa_appointment_accelerated")
        decision = params.get("visa_decision_accelerated")
        if ctx.qualification["german_recognition"] == "full":
            # Recognition is already there: the ZFE only concludes the agreement and issues the
            # Vorabzustimmung, for which the law sets no number of weeks, only "without delay".
            agreement = _step(
                ctx,
                "§ 81a: Vereinbarung mit der ZFE NRW und Vorabzustimmung",
                "§ 81a: agreement with ZFE NRW and pre-approval",
                None,
                None,
                ctx.t(
                    "§ 31 Abs. 3 AufenthV: Vorabzustimmung unverzüglich", "§ 31(3) AufenthV: pre-approval without delay"
                ),
                "accelerated",
                fast,
            )
        else:
            agreement = _step(
                ctx,
                "§ 81a: Vereinbarung mit der ZFE NRW, Anerkennungsverfahren",
                "§ 81a: agreement with ZFE NRW, recognition procedure",
                0,
                months * 4 + 1,
                ctx.t(f"§ 14a BQFG: {months} Monate für die Anerkennung", f"§ 14a BQFG: {months} months"),
                "accelerated",
                fast,
            )
        steps += [
            agreement,
            _step(
                ctx,
                "§ 81a: Zustimmung der BA",
                "§ 81a: BA approval",
                0,
                ba_weeks,
                ctx.t(f"§ 36 Abs. 2 BeschV: {ba_weeks} Woche", f"§ 36(2) BeschV: {ba_weeks} week"),
                "accelerated",
                [i for i in fast if i in ba],
            ),
            _step(
                ctx,
                "§ 81a: Termin bei der Auslandsvertretung",
                "§ 81a: visa appointment",
                0,
                appointment,
                ctx.t(f"§ 31a Abs. 1 AufenthV: {appointment} Wochen", f"§ 31a(1) AufenthV: {appointment} weeks"),
                "accelerated",
                fast,
            ),
            _step(
                ctx,
                "§ 81a: Entscheidung über das Visum",
                "§ 81a: visa decision",
                0,
                decision,
                ctx.t(
                    f"§ 31a Abs. 2 AufenthV: in der Regel {decision} Wochen",
                    f"§ 31a(2) AufenthV: as a rule {decision} weeks",
                ),
                "accelerated",
                fast,
            ),
        ]
    if "recognition_partnership" in ids:
        months = params.get("recognition_regular")
        steps.append(
            _step(
                ctx,
                "Nach der Einreise: Anerkennungsverfahren unverzüglich beantragen",
                "After entry: apply for recognition without delay",
                months * 4,
                months * 4 + 4,
                ctx.t(f"§ 6 Abs. 3 BQFG: {months} Monate", f"§ 6(3) BQFG: {months} months"),
                "regular",
                ["recognition_partnership"],
            )
        )
    steps.append(
        _step(
            ctx,
            "Nach der Einreise: Aufenthaltstitel bei der Ausländerbehörde",
            "After entry: residence title at the foreigners' authority",
            None,
            None,
            None,
            "regular",
            ids,
        )
    )
    return steps


def _cost(ctx, key, de, en, amount, pathways, *, optional=False) -> dict:
    low, high = (amount["min"], amount["max"]) if isinstance(amount, dict) else (amount, amount)
    return {
        "id": key,
        "item": ctx.t(de, en),
        "eur_min": low,
        "eur_max": high,
        "optional": optional,
        "pathways": pathways,
    }


def costs(eligible: list[dict], ctx: Context) -> list[dict]:
    if not eligible:
        return []
    params = ctx.params
    ids = [p["id"] for p in eligible]
    items = [
        _cost(
            ctx,
            "visa",
            "Nationales Visum (§ 46 AufenthV)",
            "National visa (§ 46 AufenthV)",
            params.get("visa_national"),
            ids,
        ),
        _cost(
            ctx,
            "residence_permit",
            "Aufenthaltstitel, erstmalige Erteilung (§ 45 AufenthV)",
            "Residence title, first issue (§ 45 AufenthV)",
            params.get("residence_permit_first"),
            ids,
        ),
    ]
    fast = [i for i in ids if i in ACCELERATED]
    if fast:
        items.append(
            _cost(
                ctx,
                "accelerated_procedure",
                "Beschleunigtes Fachkräfteverfahren (§ 81a AufenthG)",
                "Fast-track procedure (§ 81a AufenthG)",
                params.get("accelerated_procedure"),
                fast,
                optional=True,
            )
        )
    proof = [
        p["id"]
        for p in eligible
        if p["id"] in ("experience_based", "recognition_partnership")
        or (p["id"] == "opportunity_card" and p["variant"] == "points")
    ]
    if proof:
        if ctx.qualification["level"] == "academic":
            items.append(
                _cost(
                    ctx,
                    "zab_statement",
                    "ZAB-Zeugnisbewertung",
                    "ZAB statement of comparability",
                    params.get("zab_statement"),
                    proof,
                )
            )
        else:
            try:
                dab_fee = params.get("zab_dab")
            except ParameterNotInForce:
                dab_fee = None  # the DAB exists only since 19.06.2024; before, no fixed-fee proof existed
            if dab_fee is not None:
                items.append(_cost(ctx, "zab_dab", "ZAB-DAB", "ZAB DAB", dab_fee, proof))
    if "recognition_partnership" in ids and ctx.profession and ctx.profession["fee"]:
        items.append(
            _cost(
                ctx,
                "recognition",
                "Anerkennungsverfahren nach der Einreise",
                "Recognition procedure after entry",
                params.get(ctx.profession["fee"]),
                ["recognition_partnership"],
            )
        )
    if ctx.profession_key == "physician":
        items.append(
            _cost(
                ctx,
                "medical_language_exam",
                "Fachsprachprüfung (ÄKWL)",
                "Medical language exam",
                params.get("medical_language_exam"),
                ids,
            )
        )
    return items


def accelerated_procedure(eligible: list[dict], ctx: Context) -> dict | None:
    fast = [p["id"] for p in eligible if p["id"] in ACCELERATED]
    if not fast:
        return None
    params = ctx.params
    return {
        "legal_basis": "§ 81a AufenthG",
        "pathways": fast,
        "applicant": ctx.t(
            "Arbeitgeber mit Vollmacht der Fachkraft (Dritte können beauftragt werden)",
            "Employer with the worker's power of attorney (third parties may be appointed)",
        ),
        "agreement_with": authority_ref("zfe_nrw"),
        "fee_eur": params.get("accelerated_procedure"),
        "deadlines": [
            {
                "step": ctx.t("Zustimmung der BA", "BA approval"),
                "weeks": params.get("ba_approval_accelerated"),
                "legal_basis": "§ 36 Abs. 2 BeschV",
            },
            {
                "step": ctx.t("Anerkennung", "Recognition"),
                "months": params.get("recognition_accelerated"),
                "legal_basis": "§ 14a BQFG",
            },
            {
                "step": ctx.t("Visumtermin", "Visa appointment"),
                "weeks": params.get("visa_appointment_accelerated"),
                "legal_basis": "§ 31a Abs. 1 AufenthV",
            },
            {
                "step": ctx.t("Visumentscheidung", "Visa decision"),
                "weeks": params.get("visa_decision_accelerated"),
                "legal_basis": "§ 31a Abs. 2 AufenthV",
            },
        ],
    }


def authorities(eligible: list[dict], ctx: Context, local_authority_resolver) -> list[dict]:
    out: list[dict] = []

    def add(ref: dict, role_de: str, role_en: str, pathways: list[str]) -> None:
        out.append({**ref, "role": ctx.t(role_de, role_en), "pathways": pathways})

    ids = [p["id"] for p in eligible]
    fast = [i for i in ids if i in ACCELERATED]
    if fast:
        add(
            authority_ref("zfe_nrw"),
            "Beschleunigtes Fachkräfteverfahren (§ 81a) und Visumbeteiligung für NRW",
            "Fast-track procedure (§ 81a) and visa participation for NRW",
            fast,
        )
    ba = [p["id"] for p in eligible if p["ba_approval_required"]]
    if ba:
        add(authority_ref("ba_zav"), "Zustimmung zur Beschäftigung", "Approval of the employment", ba)
    if ids:
        add(authority_ref("auslandsvertretung"), "Visum", "Visa", ids)
    ags = ctx.job_value("municipality_ags")
    local = local_authority_resolver(ags) if (local_authority_resolver and ags) else None
    if local:
        ref = {key: local.get(key) for key in ("id", "name", "url", "verified")}
    else:
        ref = authority_ref("abh_local")
    add(ref, "Aufenthaltstitel nach der Einreise", "Residence title after entry", ids)
    authority_id = recognition_authority_id(
        ctx.profession_key,
        level=ctx.qualification["level"],
        qualification_country=qualification_country(ctx),
        municipality_ags=ags,
    )
    if authority_id:
        add(
            authority_ref(authority_id),
            "Anerkennung der Berufsqualifikation",
            "Recognition of the qualification",
            ids,
        )
    return out
