"""People who answered two rounds through personal links: what the store keeps of them
(totals per group and enabler, never a person), and how a comparison uses it."""

from __future__ import annotations

import json
import random

import pytest

from assessments.comparisons.builder import Filters, comparison_for
from assessments.models import StoredResult
from assessments.reports import pairs, store
from assessments.reports.scoring.pairs import correlation
from assessments.rounds import services
from frameworks import models as fm
from tests.comparisons.test_compare import make_round
from tests.factories import DepartmentFactory, TeamFactory

pytestmark = pytest.mark.django_db

# Where each person sits, in points of evidence; in the later round each rises by one step
# of the scale (25 points) on about half of the statements, picked by chance: some more,
# some less, about 12 points on average.
LEVELS = (0, 25, 50, 75, 25, 50, 0, 75)


def _statements(version):
    """The statements everyone is asked (not those for product people), in order."""
    return list(
        fm.Statement.objects.filter(version=version)
        .filter(audience="everyone")
        .select_related("enabler")
        .order_by("enabler__order", "order")
    )


def evidence_of(person: int, round_no: int, index: int) -> float:
    """What person ``person`` says of statement ``index`` in round 0 or 1, as evidence."""
    rise = round_no == 1 and random.Random(person * 1000 + index).random() < 0.5
    return min(100.0, LEVELS[person % len(LEVELS)] + (25.0 if rise else 0.0))


def answer_as(assessment, team, email, person, round_no, *, link="personal"):
    """One person answers every statement as ``evidence_of`` says, and submits."""
    version = assessment.framework_version
    options = {
        o.score: o.pk
        for o in fm.ScaleOption.objects.filter(version=version, scale__key="agreement")
        if o.score is not None
    }
    if link == "personal":
        invitation = services.invitation_create_personal(
            assessment=assessment, team=team, email=email
        )
        respondent = services.respondent_for_personal_link(invitation=invitation)
    else:
        invitation = services.invitation_create_team_link(assessment=assessment, team=team)
        respondent = services.respondent_start_from_team_link(invitation=invitation)
    services.respondent_set_profile(respondent=respondent, role="engineer")
    chosen = {}
    for i, s in enumerate(_statements(version)):
        evidence = evidence_of(person, round_no, i)
        chosen[s.pk] = {"option_id": options[100 - evidence if s.reverse_scored else evidence]}
    services.answers_save(respondent=respondent, statements=chosen, activities={})
    services.respondent_submit(respondent=respondent)
    return respondent


def person_mean(version, person: int, round_no: int, enabler: str) -> float:
    marks = [
        evidence_of(person, round_no, i)
        for i, s in enumerate(_statements(version))
        if s.enabler.key == enabler
    ]
    return sum(marks) / len(marks)


@pytest.fixture
def world(organisation, shipped_version, owner):
    """Platform's three teams answer twice through personal links (emails written otherwise
    the second time). Alpha's ten people answer both times; so do Bravo's three; Charlie's
    first answerer moved to Bravo, and a newcomer joined Charlie."""
    platform = DepartmentFactory(organisation=organisation, name="Platform")
    alpha, bravo, charlie = (
        TeamFactory(organisation=organisation, department=platform, name=name)
        for name in ("Alpha", "Bravo", "Charlie")
    )
    teams = [alpha, bravo, charlie]
    first = make_round(
        organisation, teams, shipped_version, "Spring", 200, owner, anonymity="named"
    )
    second = make_round(
        organisation, teams, shipped_version, "Autumn", 10, owner, anonymity="named"
    )
    then = {**dict.fromkeys(range(10), alpha), 10: bravo, 11: bravo, 12: bravo}
    then |= {13: charlie, 14: charlie, 15: charlie}
    now = {**then, 13: bravo, 16: charlie}
    for person, team in then.items():
        answer_as(first, team, f"person{person}@example.com", person, 0)
    for person, team in now.items():
        answer_as(second, team, f"Person{person}@Example.com", person, 1)
    store.refresh(first)
    store.refresh(second)
    return {
        "first": first,
        "second": second,
        "alpha": alpha,
        "bravo": bravo,
        "charlie": charlie,
        "dept": platform,
    }


def _stored_pairs(world) -> StoredResult:
    return StoredResult.objects.get(
        assessment=world["second"], scope_kind=pairs.PAIRS_KIND, scope_pk=world["first"].pk
    )


def test_a_later_round_stores_how_the_same_people_moved_per_group_and_enabler(
    world, shipped_version
):
    table = pairs.decode_pairs(_stored_pairs(world).data)
    enablers = sorted({s.enabler.key for s in _statements(shipped_version)})
    alpha = table.of_scope(("team", world["alpha"].pk))
    assert sorted(alpha) == enablers
    for enabler in enablers:
        then = [person_mean(shipped_version, p, 0, enabler) for p in range(10)]
        now = [person_mean(shipped_version, p, 1, enabler) for p in range(10)]
        assert alpha[enabler].pairs == 10
        assert alpha[enabler].correlation == pytest.approx(correlation(then, now))
    # The one who moved from Charlie to Bravo is followed where they were both times: the
    # department and the round; Bravo keeps its own three, Charlie the two who stayed.
    for key, followed in [
        (store.ROUND_KEY, 16),
        (("department", world["dept"].pk), 16),
        (("team", world["bravo"].pk), 3),
        (("team", world["charlie"].pk), 2),
    ]:
        assert {p.pairs for p in table.of_scope(key).values()} == {followed}


def test_nothing_about_any_one_person_is_stored(world):
    row = _stored_pairs(world)
    data = json.loads(row.data)
    assert set(data) == {"scopes", "enablers", "pairs", "correlation"}
    entries = len(data["scopes"])
    assert all(len(column) == entries for column in data.values())
    assert set(data["scopes"]) == {
        "round:0",
        f"department:{world['dept'].pk}",
        *(f"team:{world[team].pk}" for team in ("alpha", "bravo", "charlie")),
    }
    assert row.respondents == 16  # how many people were followed: a total
    every_row = " ".join(StoredResult.objects.values_list("data", flat=True))
    assert "@example.com" not in every_row.lower()
    # The earlier round keeps nothing about a later one.
    assert not StoredResult.objects.filter(
        assessment=world["first"], scope_kind=pairs.PAIRS_KIND
    ).exists()


def test_team_links_and_a_shared_email_follow_nobody(organisation, shipped_version, owner):
    team = TeamFactory(organisation=organisation, name="Solo")
    first = make_round(
        organisation, [team], shipped_version, "Spring", 200, owner, anonymity="named"
    )
    second = make_round(
        organisation, [team], shipped_version, "Autumn", 10, owner, anonymity="named"
    )
    for person in range(4):
        answer_as(first, team, "", person, 0, link="team")
        answer_as(second, team, "", person, 1, link="team")
    for person in (4, 5):  # two people answered from one address in the later round
        answer_as(first, team, f"p{person}@example.com", person, 0)
        answer_as(second, team, "shared@example.com", person, 1)
    answer_as(first, team, "shared@example.com", 6, 0)
    answer_as(first, team, "p7@example.com", 7, 0)  # the only one followed: too few
    answer_as(second, team, "p7@example.com", 7, 1)
    store.refresh(second)
    assert not StoredResult.objects.filter(scope_kind=pairs.PAIRS_KIND).exists()


def test_an_anonymous_round_keeps_no_group_with_fewer_pairs_than_its_threshold(
    organisation, shipped_version, owner
):
    alpha = TeamFactory(organisation=organisation, name="Alpha")
    bravo = TeamFactory(organisation=organisation, name="Bravo")
    kwargs = {"anonymity": "anonymous"}
    first = make_round(
        organisation, [alpha, bravo], shipped_version, "Spring", 200, owner, **kwargs
    )
    second = make_round(
        organisation, [alpha, bravo], shipped_version, "Autumn", 10, owner, **kwargs
    )
    for person in range(5):  # Alpha: five people followed; Bravo: two of its four
        answer_as(first, alpha, f"a{person}@example.com", person, 0)
        answer_as(second, alpha, f"a{person}@example.com", person, 1)
    for person in range(4):
        answer_as(first, bravo, f"b{person}@example.com", person, 0)
        email = f"b{person}@example.com" if person < 2 else f"new{person}@example.com"
        answer_as(second, bravo, email, person, 1)
    store.refresh(second)
    table = pairs.decode_pairs(_stored_pairs({"first": first, "second": second}).data)
    assert {p.pairs for p in table.of_scope(("team", alpha.pk)).values()} == {5}
    assert table.of_scope(("team", bravo.pk)) == {}  # two: under the threshold of three
    assert {p.pairs for p in table.of_scope(store.ROUND_KEY).values()} == {7}


def _alpha_changes(world, role=""):
    comparison = comparison_for(world["second"], Filters(department=world["dept"].pk, role=role))
    assert comparison.trend is not None
    return next(row for row in comparison.trend.rows if row.name == "Alpha").changes


def test_a_rise_welch_calls_noise_is_beyond_noise_when_the_same_people_rose(world):
    paired = _alpha_changes(world)
    rises = [c for c in paired if c is not None]
    assert rises
    assert all(0 < (c.delta or 0) < 15 for c in rises)  # everyone rose a little
    assert all(c.direction == "up" for c in rises)
    # The same page without the totals (Welch's, two separate groups): all within noise.
    _stored_pairs(world).delete()
    unpaired = [c for c in _alpha_changes(world) if c is not None]
    assert [c.delta for c in unpaired] == [c.delta for c in rises]
    assert all(c.direction == "steady" for c in unpaired)
    assert all((u.margin or 0) > (p.margin or 0) for u, p in zip(unpaired, rises, strict=True))


def test_a_role_filter_compares_unpaired(world):
    # Everyone here is an engineer: the same people, but a role's subgroup has no totals.
    engineers = [c for c in _alpha_changes(world, role="engineer") if c is not None]
    assert engineers
    assert all(c.direction == "steady" for c in engineers)
