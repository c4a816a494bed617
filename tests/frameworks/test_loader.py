"""load_frameworks / export_framework: checking, idempotence, atomicity, freezing, round trip."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks import services
from frameworks.loader import (
    CONTENT_DIR,
    ContentError,
    content_files,
    dump_content,
    export_version,
    load_content_files,
    parse_content,
    read_content_file,
)
from frameworks.models import (
    Activity,
    Dial,
    DialInput,
    Enabler,
    FrameworkVersion,
    FrozenVersionError,
    LevelDescriptor,
    Statement,
)
from tests.content_samples import as_yaml, minimal_content

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, data: dict, name: str = "sample.yaml") -> Path:
    path = tmp_path / name
    path.write_text(as_yaml(data))
    return path


def content_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            FrameworkVersion,
            Enabler,
            LevelDescriptor,
            Statement,
            Activity,
            Dial,
            DialInput,
        )
    }


def test_it_loads_every_part_of_a_content_file(tmp_path):
    [result] = load_content_files([write(tmp_path, minimal_content())])

    assert result.outcome == "created"
    version = FrameworkVersion.objects.get(framework__slug="sample", label="0.1")
    assert version.status == "draft"
    assert list(version.framework.versions.all()) == [version]
    statement = Statement.objects.get(version=version, key="p-fire")
    assert statement.reverse_scored is True
    assert statement.level.key == "immature"
    assert Statement.objects.get(version=version, key="p-lead").audience == "product"
    assert LevelDescriptor.objects.filter(version=version).count() == 3
    research = Activity.objects.get(version=version, key="market-research")
    assert (research.group.name, research.ownership.key) == ("Getting insight", "owns")
    assert Activity.objects.get(version=version, key="design-build").group is None
    role_inputs = {
        i.statement.key: (i.weight, i.direction) for i in DialInput.objects.filter(version=version)
    }
    assert role_inputs == {"p-fire": (2, "symptom"), "p-lead": (1, "positive")}


def test_statements_name_their_audience_as_a_group_a_role_or_a_list(tmp_path):
    data = minimal_content()
    fire, charter, lead = data["enablers"][0]["statements"]
    fire["audience"] = "leadership"
    charter["audience"] = ["engineer", "designer", "product"]
    lead["audience"] = ["leadership", "product"]
    path = write(tmp_path, data)
    load_content_files([path])

    version = FrameworkVersion.objects.get(framework__slug="sample")
    stored = dict(Statement.objects.filter(version=version).values_list("key", "audience"))
    assert stored == {
        "p-fire": "leadership",
        "p-charter": "product,designer,engineer",
        "p-lead": "product,leadership",
    }
    exported = yaml.safe_load(dump_content(export_version(version)))
    written = {s["key"]: s.get("audience") for s in exported["enablers"][0]["statements"]}
    assert written == {
        "p-fire": "leadership",
        "p-charter": ["product", "designer", "engineer"],
        "p-lead": ["product", "leadership"],
    }
    assert parse_content(dump_content(export_version(version)), "x") == parse_content(
        path.read_text(), "y"
    )
    [again] = load_content_files([write(tmp_path, exported, "again.yaml")])
    assert (again.outcome, again.changes) == ("unchanged", 0)


def test_a_second_load_changes_nothing(tmp_path):
    path = write(tmp_path, minimal_content())
    load_content_files([path])
    stamps = list(Statement.objects.order_by("pk").values_list("pk", "text"))

    with CaptureQueriesContext(connection) as queries:
        [result] = load_content_files([path])

    assert (result.outcome, result.changes) == ("unchanged", 0)
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert list(Statement.objects.order_by("pk").values_list("pk", "text")) == stamps


@pytest.mark.usefixtures("no_content")
def test_editing_a_draft_updates_in_place_and_keeps_ids(tmp_path):
    data = minimal_content()
    load_content_files([write(tmp_path, data)])
    charter_pk = Statement.objects.get(key="p-charter").pk

    statements = data["enablers"][0]["statements"]
    statements[1]["text"] = "We have a one-page charter."
    del statements[2]  # p-lead goes, and with it its dial input
    data["dashboard"]["groups"][0]["dials"][0]["inputs"] = [
        {"statement": "p-fire", "direction": "symptom"},
        {"statement": "p-charter", "weight": 3},
    ]
    [result] = load_content_files([write(tmp_path, data)])

    assert result.outcome == "updated"
    charter = Statement.objects.get(key="p-charter")
    assert (charter.pk, charter.text) == (charter_pk, "We have a one-page charter.")
    assert not Statement.objects.filter(key="p-lead").exists()
    assert sorted(DialInput.objects.values_list("statement__key", "weight")) == [
        ("p-charter", 3),
        ("p-fire", 1),
    ]


@pytest.mark.usefixtures("no_content")
def test_an_invalid_file_loads_nothing_and_says_where(tmp_path):
    good = write(tmp_path, minimal_content(), "a-good.yaml")
    bad_data = minimal_content()
    bad_data["framework"]["slug"] = "other"
    bad_data["enablers"][0]["statements"][1]["level"] = "manged"
    bad = write(tmp_path, bad_data, "b-bad.yaml")

    with pytest.raises(ContentError) as caught:
        load_content_files([good, bad])

    message = str(caught.value)
    line = next(
        n for n, text in enumerate(bad.read_text().splitlines(), 1) if "level: manged" in text
    )
    assert "b-bad.yaml" in message
    assert f"line {line} (enablers[0].statements[1].level)" in message
    assert "'manged' is not one of: immature, managed, leading" in message
    assert content_counts()["FrameworkVersion"] == 0  # the good file did not load either


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["enablers"][0].pop("name"), "enablers[0].name): Field required"),
        (
            lambda d: d["enablers"][0].update(colour="red"),
            "enablers[0].colour): Extra inputs are not permitted",
        ),
        (
            lambda d: d["dashboard"]["groups"][0]["dials"][0]["inputs"].append(
                {"statement": "nope"}
            ),
            "'nope' is not the key of any statement in this file",
        ),
        (
            lambda d: d["activities"]["areas"][1]["activities"][0].update(ownership="leads"),
            "'leads' is not one of: owns, supports",
        ),
        (
            lambda d: d["enablers"][0]["statements"].append(
                dict(d["enablers"][0]["statements"][0])
            ),
            "duplicate statement key 'p-fire'",
        ),
        (
            lambda d: d["enablers"][0]["descriptors"].pop("leading"),
            "needs exactly one descriptor per level",
        ),
        (
            lambda d: d["dashboard"]["groups"][0]["dials"][0].update(red_below=80),
            "red_below must not be above green_from",
        ),
        (
            lambda d: d["scales"]["agreement"]["options"][0].update(score=140),
            "less than or equal to 100",
        ),
        (lambda d: d.update(version="1 0"), "(version): String should match pattern"),
        (
            lambda d: d["enablers"][0]["statements"][2].update(audience=["product", "bosses"]),
            "enablers[0].statements[2].audience): unknown audience 'bosses'; use everyone, "
            "a group (product, leadership) or a list of groups and roles (product_manager,",
        ),
        (
            lambda d: d["enablers"][0]["statements"][2].update(audience=[]),
            "enablers[0].statements[2].audience): an audience must name someone",
        ),
        (
            lambda d: d["enablers"][0]["statements"][2].update(audience={"product": 1}),
            "enablers[0].statements[2].audience): an audience is a name or a list of names",
        ),
        (
            lambda d: d.update(
                recommendations=[
                    {
                        "key": "a1",
                        "enabler": "purpose",
                        "step": "immature-managed",
                        "title": "Write a charter",
                        "why": "Why",
                        "done": "Done",
                        "effort": "S",
                        "moves": {"statements": ["p-nope"]},
                        "requires": ["a2"],
                    }
                ]
            ),
            "recommendations[0].moves.statements[0]): 'p-nope' is not a known key",
        ),
    ],
)
def test_each_kind_of_mistake_gets_a_precise_message(edit, expected):
    data = minimal_content()
    edit(data)
    with pytest.raises(ContentError) as caught:
        parse_content(as_yaml(data), "sample.yaml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("sample.yaml: line ")


def test_broken_yaml_names_the_line():
    with pytest.raises(
        ContentError, match=r"sample.yaml: line 4: not valid YAML: expected .,. or .\]."
    ):
        parse_content("framework:\n  slug: x\n  name: [unclosed\nversion: 1\n", "sample.yaml")


@pytest.mark.usefixtures("no_content")
def test_a_frozen_version_is_never_changed_by_a_file(tmp_path):
    data = minimal_content()
    path = write(tmp_path, data)
    load_content_files([path])
    version = FrameworkVersion.objects.get()
    services.version_freeze(version=version)

    [again] = load_content_files([path])  # identical file: fine
    assert again.outcome == "unchanged"

    data["enablers"][0]["statements"][0]["text"] = "Something else."
    with pytest.raises(ContentError, match="frozen because it has answers"):
        load_content_files([write(tmp_path, data)])
    assert Statement.objects.get(key="p-fire").text == "We spend most days on urgent requests."


@pytest.mark.usefixtures("no_content")
def test_status_only_moves_forward(tmp_path):
    data = minimal_content()
    path = write(tmp_path, data)
    load_content_files([path])
    version = FrameworkVersion.objects.get()
    services.version_publish(version=version)
    services.version_retire(version=version)

    [result] = load_content_files([path])  # the file still says draft

    version.refresh_from_db()
    assert version.status == "retired"
    assert "kept status retired" in str(result)


def test_export_round_trips_the_shipped_content(shipped_version, tmp_path):
    newest = content_files(Path("frameworks/content"))[-1]  # a draft, or shipped_version
    original = parse_content(newest.read_text(), "shipped")
    version = FrameworkVersion.objects.get(
        framework__slug=original.framework.slug, label=original.version
    )

    exported_text = dump_content(export_version(version))
    reparsed = parse_content(exported_text, "exported")

    assert reparsed == original
    # And loading the export back changes nothing.
    [result] = load_content_files([write(tmp_path, yaml.safe_load(exported_text))])
    assert (result.outcome, result.changes) == ("unchanged", 0)


def test_load_frameworks_command_reports_per_file(tmp_path):
    path = write(tmp_path, minimal_content())
    out = StringIO()
    call_command("load_frameworks", str(path), stdout=out)
    call_command("load_frameworks", str(path), stdout=out)
    assert out.getvalue().splitlines() == ["sample 0.1: created", "sample 0.1: unchanged"]


def test_load_frameworks_command_fails_clearly(tmp_path):
    data = minimal_content()
    data["levels"][0]["key"] = "beginner"
    with pytest.raises(
        CommandError, match=r"Nothing was loaded.\n.*sample.yaml: line \d+ \(levels\[0\]\.key\)"
    ):
        call_command("load_frameworks", str(write(tmp_path, data)))


@pytest.mark.usefixtures("no_content")
def test_load_frameworks_loads_the_shipped_files_by_default():
    out = StringIO()
    call_command("load_frameworks", stdout=out)
    assert "pm-maturity 1.0: created" in out.getvalue()
    assert "pm-maturity 1.0.1: created" in out.getvalue()
    assert "pm-maturity 1.1: created" in out.getvalue()
    assert "pm-maturity 1.2: created" in out.getvalue()
    versions = FrameworkVersion.objects.filter(framework__slug="pm-maturity")
    # Each version has the status its file gives it (a draft waits unpublished, offered to
    # no round); 1.2 is published since issue 28 (see its file's header).
    declared = {
        doc.version: doc.status
        for doc in (read_content_file(path) for path in content_files(CONTENT_DIR))
    }
    assert {v.label: v.status for v in versions} == declared
    assert declared["1.1"] == declared["1.2"] == "published"
    # Loaded oldest first, so the newest published one is offered first to new rounds.
    newest_published = max(
        (label for label, status in declared.items() if status == "published"),
        key=lambda label: tuple(int(x) for x in label.split(".")),
    )
    offered = versions.filter(status="published").order_by("-published_at", "-pk").first()
    assert offered.label == newest_published


def test_export_framework_command_writes_the_file_format(shipped_version, tmp_path):
    target = tmp_path / "out.yaml"
    call_command(
        "export_framework",
        "pm-maturity",
        shipped_version.label,
        "-o",
        str(target),
        stdout=StringIO(),
    )
    assert parse_content(target.read_text(), "out.yaml") == export_version(shipped_version)
    with pytest.raises(
        CommandError, match=re.escape("No version pm-maturity 9.9. Known: pm-maturity 1.")
    ):
        call_command("export_framework", "pm-maturity", "9.9")


@pytest.mark.usefixtures("no_content")
def test_frozen_content_refuses_direct_edits(tmp_path):
    load_content_files([write(tmp_path, minimal_content())])
    version = FrameworkVersion.objects.get()
    services.version_freeze(version=version)
    statement = Statement.objects.get(key="p-fire")
    statement.text = "Changed"
    with pytest.raises(FrozenVersionError, match="Fork the version"):
        statement.save()
    with pytest.raises(FrozenVersionError):
        statement.delete()
