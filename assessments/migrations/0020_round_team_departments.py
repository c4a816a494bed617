"""A round's teams keep the department each was in when it joined the round.

The many-to-many table of ``Assessment.teams`` becomes the explicit ``RoundTeam`` (same
table, same rows) with a ``department`` column, filled from each team's department now:
the best record there is of where the teams stood when their rounds ran.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_departments(apps, schema_editor):
    RoundTeam = apps.get_model("assessments", "RoundTeam")
    Team = apps.get_model("assessments", "Team")
    for team_id, department_id in Team.objects.filter(department__isnull=False).values_list(
        "pk", "department_id"
    ):
        RoundTeam.objects.filter(team_id=team_id).update(department_id=department_id)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0019_action_coverage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RoundTeam",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "assessment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="round_teams",
                                to="assessments.assessment",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="round_teams",
                                to="assessments.team",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "assessments_assessment_teams",
                        "unique_together": {("assessment", "team")},
                    },
                ),
                migrations.AlterField(
                    model_name="assessment",
                    name="teams",
                    field=models.ManyToManyField(
                        related_name="assessments",
                        through="assessments.RoundTeam",
                        to="assessments.team",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="roundteam",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="round_teams",
                to="assessments.department",
            ),
        ),
        migrations.RunPython(fill_departments, migrations.RunPython.noop),
    ]
