from django.db import migrations, models
from django.db.models.functions import Coalesce


def count_documents(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Document = apps.get_model("cases", "Document")

    def counted(**filters):
        rows = (
            Document.objects.filter(case=models.OuterRef("pk"), **filters)
            .order_by()
            .values("case")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows), 0)

    Case.objects.update(
        documents_total=counted(), documents_open=counted(status__in=["required", "rejected"])
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_timer_region")]

    operations = [
        migrations.AddField(
            model_name="case", name="documents_open", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="case", name="documents_total", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.RunPython(count_documents, migrations.RunPython.noop),
    ]
