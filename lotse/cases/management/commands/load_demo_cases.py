"""Demo advice requests and cases for the demo organisations (run after `lotse load-demo`). Idempotent."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from lotse.accounts.models import Organisation, User
from lotse.cases import services
from lotse.cases.models import AdviceRequest, Case
from lotse.core.scoping import system_access

INPUT = {
    "candidate": {
        "citizenship": "IN",
        "age": 29,
        "residence": "abroad",
        "qualification": {
            "level": "academic",
            "duration_years": 4,
            "state_recognised_abroad": True,
            "german_recognition": "full",
            "profession": "software_developer",
        },
        "languages": {"german": "A2", "english": "B2"},
    },
    "job": {
        "kind": "employment",
        "isco": "2512",
        "annual_gross_salary_eur": 52000,
        "weekly_hours": 40,
        "qualified": True,
        "matches_qualification": True,
        "municipality_ags": "05158024",
    },
}


class Command(BaseCommand):
    help = "Load demo advice requests and cases (needs `lotse load-demo` first)."

    @transaction.atomic
    def handle(self, *args, **options):
        from lotse.reference.lookup import local_authority_for_ags
        from lotse.rules import assess

        output = assess(INPUT, local_authority_resolver=local_authority_for_ags)
        with system_access("demo cases"):
            if Case.objects.exists() or AdviceRequest.objects.exists():
                self.stdout.write("demo cases already loaded")
                return
            employers = list(Organisation.objects.filter(kind="unternehmen").order_by("pk"))
            if not employers:
                self.stderr.write("no employers: run `lotse load-demo` first")
                return
            for index, employer in enumerate(employers):
                request = services.advice_request_create(
                    actor="demo",
                    employer=employer,
                    region=None,
                    assessment_input=INPUT,
                    assessment_output=output,
                    contact_name="Personalabteilung",
                    contact_email=f"personal{index}@example.org",
                    message="Bitte um Beratung (Demo)",
                    candidate_consent=True,
                )
                team = request.team
                adviser = User.objects.filter(
                    memberships__organisation=team, memberships__role="adviser"
                ).first()
                if index == len(employers) - 1:
                    continue  # the last one stays in the inbox
                case = services.advice_request_accept(
                    actor=adviser or "demo",
                    request=request,
                    employer=employer,
                    pathway="eu_blue_card",
                    case_type="fast_track_81a",
                    team=team,
                    candidate_first_name="Priya",
                    candidate_last_name=f"Demo {index + 1}",
                    opened_on=dt.date.today() - dt.timedelta(days=20),
                )
                services.case_record_event(
                    actor=adviser or "demo",
                    case=case,
                    kind="ba_request_submitted",
                    occurred_on=dt.date.today() - dt.timedelta(days=3),
                )
                if adviser is not None:  # the employer's side in "Mein Bereich": a document asked for, a message
                    from lotse.workspace import services as workspace  # noqa: PLC0415  (builds on case work)

                    workspace.document_request(
                        actor=adviser,
                        case=case,
                        label="Arbeitsvertrag (unterschrieben)",
                        note="Bitte alle Seiten als ein PDF (Demo).",
                        due_on=dt.date.today() + dt.timedelta(days=7),
                    )
                    workspace.message_send(
                        actor=adviser,
                        case=case,
                        side="adviser",
                        text="Guten Tag, die Zustimmung der BA ist angefragt. Bitte laden Sie noch den "
                        "unterschriebenen Arbeitsvertrag hoch. (Demo)",
                    )
        self.stdout.write(self.style.SUCCESS("demo cases loaded"))
