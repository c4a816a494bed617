from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_result_comments"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportjob",
            name="filters",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
