from django.db import migrations, models
from django.db.models.functions import Coalesce


def count_case_items(apps, schema_editor):
    """Case.welcome_items: the plans and § 45c notices made for each case so far."""
    Case = apps.get_model("cases", "Case")

    def counted(model_name):
        rows = (
            apps.get_model("welcome", model_name)
            .objects.filter(case=models.OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return Coalesce(models.Subquery(rows), 0)

    Case.objects.update(welcome_items=counted("WelcomePlan") + counted("Notice"))


class Migration(migrations.Migration):
    dependencies = [("welcome", "0002_case_link"), ("cases", "0015_case_overview_counters")]

    operations = [migrations.RunPython(count_case_items, migrations.RunPython.noop)]
