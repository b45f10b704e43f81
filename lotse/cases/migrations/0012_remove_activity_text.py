from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_activity_text_to_code"),
    ]

    operations = [
        # A default first, so that migrating back can add the column to existing rows (0010 then fills it).
        migrations.AlterField(model_name="activity", name="text", field=models.TextField(blank=True, default="")),
        migrations.RemoveField(model_name="activity", name="text"),
    ]
