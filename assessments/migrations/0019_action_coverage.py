"""What each generated roadmap action covers, filled in for the actions already saved.

An activity-gap action covered only its first activity as stored; its title names the rest
(the first three, past four), so they are read back from it. A conversation's title quotes
its statement."""

import django.db.models.deletion
from django.db import migrations, models

TALK = "Talk through why people answered differently on: “"


def _named(title, names, templates):
    """Activity ids a gap action's title names: the list between its template's words."""
    title = title.casefold()
    for template in templates:
        before, _, after = template.casefold().partition("{activity}")
        if title.startswith(before) and title.endswith(after) and len(title) > len(before + after):
            listed = title[len(before) : len(title) - len(after)]
            break
    else:
        return set()
    padded = f", {listed.replace(' and ', ', ')},"
    found = set()
    for name in sorted(names, key=len, reverse=True):  # "market research" before "research"
        listed_as = f", {name.replace(' and ', ', ')},"  # a name may hold an "and" itself
        if listed_as in padded:
            found.add(names[name])
            padded = padded.replace(listed_as, ",")
    return found


def fill_coverage(apps, schema_editor):
    RoadmapAction = apps.get_model("assessments", "RoadmapAction")
    Activity = apps.get_model("frameworks", "Activity")
    GapAction = apps.get_model("frameworks", "GapAction")
    Statement = apps.get_model("frameworks", "Statement")
    by_version = {}
    generated = RoadmapAction.objects.exclude(key="").select_related("roadmap__assessment")
    for action in generated.iterator():
        version = action.roadmap.assessment.framework_version_id
        if version not in by_version:
            by_version[version] = (
                {a.name.casefold(): a.pk for a in Activity.objects.filter(version_id=version)},
                list(GapAction.objects.filter(version_id=version).values_list("title", flat=True)),
                dict(Statement.objects.filter(version_id=version).values_list("text", "pk")),
            )
        names, templates, statements = by_version[version]
        if action.key.startswith("gap-"):
            covered = _named(action.title, names, templates)
            if action.activity_id:
                covered.add(action.activity_id)
            action.activities.set(covered)
        elif action.key.startswith("align-") and action.title.startswith(TALK):
            quoted = action.title.removeprefix(TALK).removesuffix("”")
            action.statement_id = statements.get(quoted)
            if action.statement_id is not None:
                action.save(update_fields=["statement"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0018_exportjob_filters"),
        ("frameworks", "0008_firm_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="roadmapaction",
            name="activities",
            field=models.ManyToManyField(
                blank=True,
                help_text="Every activity an activity-gap action is about.",
                related_name="+",
                to="frameworks.activity",
            ),
        ),
        migrations.AddField(
            model_name="roadmapaction",
            name="statement",
            field=models.ForeignKey(
                blank=True,
                help_text="The split statement a conversation is about.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="frameworks.statement",
            ),
        ),
        migrations.RunPython(fill_coverage, migrations.RunPython.noop),
    ]
