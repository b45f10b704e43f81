from django.db import migrations, models


class Migration(migrations.Migration):
    """Timeline entries as data (docs/decisions/0100): a code and its parameters beside the old text, filled from
    the text by 0011; 0012 removes the text."""

    dependencies = [
        ("cases", "0009_reassessment"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="code",
            field=models.CharField(default="legacy", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="activity",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
