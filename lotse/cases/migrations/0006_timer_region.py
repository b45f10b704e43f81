import django.db.models.deletion
from django.db import migrations, models


def copy_region_from_case(apps, schema_editor):
    DeadlineTimer = apps.get_model("cases", "DeadlineTimer")
    Case = apps.get_model("cases", "Case")
    DeadlineTimer.objects.update(
        region_id=models.Subquery(Case.objects.filter(pk=models.OuterRef("case_id")).values("region_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_list_order_indexes"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinetimer",
            name="region",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.arbeitsmarktregion",
            ),
        ),
        migrations.RunPython(copy_region_from_case, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="deadlinetimer",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.arbeitsmarktregion",
            ),
        ),
        migrations.AddIndex(
            model_name="deadlinetimer",
            index=models.Index(
                condition=models.Q(("paused_since__isnull", True), ("stopped_on__isnull", True)),
                fields=["region", "due_on"],
                name="timer_running_region_due_idx",
            ),
        ),
    ]
