import django.db.models.deletion
from django.db import migrations, models


def set_last_reassessment(apps, schema_editor):
    """Each case's last re-assessment that changed a pathway's status, as the overview read it until now."""
    Case = apps.get_model("cases", "Case")
    CaseReassessment = apps.get_model("cases", "CaseReassessment")
    last_changed = (
        CaseReassessment.objects.filter(case=models.OuterRef("pk"))
        .exclude(changes=[])
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    Case.objects.update(last_reassessment=models.Subquery(last_changed))


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_document_candidate")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="last_reassessment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="cases.casereassessment",
            ),
        ),
        migrations.AddField(model_name="case", name="welcome_items", field=models.PositiveIntegerField(default=0)),
        migrations.RunPython(set_last_reassessment, migrations.RunPython.noop),
    ]
