from django.db import migrations, models

HELP = (
    "Remind people who haven't submitted, automatically, this many days before the round "
    "closes. Empty: no automatic reminder."
)


class Migration(migrations.Migration):
    """Automatic reminders: on for new rounds, off for the rounds there were (nobody running
    them chose to send more email), so the field is added empty and only then given its
    default."""

    dependencies = [
        ("assessments", "0021_round_follows"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="auto_remind_days_before_close",
            field=models.PositiveSmallIntegerField(blank=True, null=True, help_text=HELP),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="auto_remind_days_before_close",
            field=models.PositiveSmallIntegerField(
                blank=True, default=2, null=True, help_text=HELP
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="auto_reminded_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
